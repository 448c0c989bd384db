"""Telegram update → engine input."""

from __future__ import annotations

from aiogram.types import CallbackQuery, Message

from backend.untrusted import MAX_BIG, whole
from dialogs.engine import Account
from dialogs.model import Click, Contact, Input, Text

PLATFORM = "telegram"


def update_key(update: dict) -> str | None:
    """The update's id, the inbox's key for it; None if it has none."""
    update_id = whole(update.get("update_id"), 0, MAX_BIG)
    return None if update_id is None else str(update_id)


def user_key(update: dict) -> str:
    """Whose update this is, from the raw JSON (the inbox orders updates per user)."""
    for kind in ("message", "callback_query", "my_chat_member", "edited_message"):
        part = update.get(kind)
        sender = part.get("from") if isinstance(part, dict) else None
        if isinstance(sender, dict) and whole(sender.get("id"), 1, MAX_BIG) is not None:
            return f"tg:{sender['id']}"
    return "tg:-"


def from_message(message: Message, update_id: int) -> tuple[Account, Input]:
    account = Account(PLATFORM, str(message.from_user.id), f"tg:{update_id}")
    if message.contact and message.contact.user_id == message.from_user.id:
        return account, Contact(message.contact.phone_number)
    return account, Text(message.text or message.caption or "")


def from_callback(callback: CallbackQuery, update_id: int) -> tuple[Account, Input]:
    return Account(PLATFORM, str(callback.from_user.id), f"tg:{update_id}"), Click(
        callback.data or ""
    )
