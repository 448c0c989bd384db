"""Telegram update → engine input, read from the raw JSON as the inbox keeps it.

No aiogram models and no dispatcher on the way in: building the models and running the
dispatcher's middlewares cost about a tenth of the CPU of a dialog step (README, Benchmarks).
Anything unexpected in the JSON reads as "not for us", never as an error.
"""

from __future__ import annotations

from dataclasses import dataclass

from backend.untrusted import MAX_BIG, whole
from dialogs.engine import Account
from dialogs.model import Click, Contact, Input, Text

PLATFORM = "telegram"


@dataclass(frozen=True)
class Incoming:
    """A resident's message or press, and where its answer goes."""

    account: Account
    event: Input
    chat_id: int
    pressed_message_id: int | None = None  # a press: the message that carried the button
    callback_id: str | None = None  # a press: answered to stop the client's spinner


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


def _part(parent: dict, name: str) -> dict | None:
    value = parent.get(name)
    return value if isinstance(value, dict) else None


def _sender(part: dict) -> int | None:
    sender = _part(part, "from")
    return whole(sender.get("id"), 1, MAX_BIG) if sender else None


def _private_chat(message: dict) -> int | None:
    chat = _part(message, "chat")
    if chat is None or chat.get("type") != "private":
        return None
    return whole(chat.get("id"), 1, MAX_BIG)


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def incoming(update: dict) -> Incoming | None:
    """A person's message in a private chat with the bot, or their press of one of our
    buttons; None for anything else (groups, channels, edits, malformed JSON)."""
    evidence = f"tg:{update_key(update)}"
    message = _part(update, "message")
    if message is not None:
        sender, chat_id = _sender(message), _private_chat(message)
        if sender is None or chat_id is None:
            return None
        account = Account(PLATFORM, str(sender), evidence)
        contact = _part(message, "contact")
        if contact is not None and whole(contact.get("user_id"), 1, MAX_BIG) == sender:
            return Incoming(account, Contact(_string(contact.get("phone_number"))), chat_id)
        text = _string(message.get("text")) or _string(message.get("caption"))
        return Incoming(account, Text(text), chat_id)
    callback = _part(update, "callback_query")
    pressed = _part(callback, "message") if callback is not None else None
    if callback is None or pressed is None:
        return None
    sender, chat = _sender(callback), _part(pressed, "chat")
    chat_id = whole(chat.get("id"), -MAX_BIG, MAX_BIG) if chat else None
    message_id = whole(pressed.get("message_id"), 1, MAX_BIG)
    if sender is None or chat_id is None or message_id is None:
        return None
    return Incoming(Account(PLATFORM, str(sender), evidence),
                    Click(_string(callback.get("data"))), chat_id, message_id,
                    _string(callback.get("id")) or None)


def membership(update: dict) -> tuple[str, bool] | None:
    """(the resident's id, blocked?) when a person stopped (blocked) the bot or started it
    again; None for anything else."""
    change = _part(update, "my_chat_member")
    if change is None:
        return None
    sender, new = _sender(change), _part(change, "new_chat_member")
    status = new.get("status") if new else None
    if sender is None or _private_chat(change) is None or status not in ("kicked", "member"):
        return None
    return str(sender), status == "kicked"
