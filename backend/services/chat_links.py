"""Staff link their own Telegram or VK chat to their account; test broadcasts go only there.

The panel shows a one-time code: random, valid ten minutes, one pending per account (a new one
replaces it), kept only as its SHA-256. Sent to the bot from the chat to link (`/link CODE`),
it links that chat and is spent. Journaled, ids only.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.models import StaffAccount, User
from backend.services import audit

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
LENGTH = 8  # 40 bits: guessing through the bot for ten minutes finds nothing
LIFETIME = timedelta(minutes=10)
COLUMNS = {"telegram": "telegram_id", "vk": "vk_id"}  # platform → its column on the account
NAMES = {"telegram": "Telegram", "vk": "VK"}


def _digest(code: str) -> str | None:
    cleaned = "".join(ch for ch in code.upper() if ch.isalnum())
    return hashlib.sha256(cleaned.encode()).hexdigest() if len(cleaned) == LENGTH else None


async def issue_code(account_id: int, *, actor: str, now: datetime) -> str:
    """A new code for the account, to show once; an earlier one stops working."""
    code = "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))
    async with in_transaction():
        await StaffAccount.filter(id=account_id).update(link_code=_digest(code),
                                                        link_code_until=now + LIFETIME)
        await audit.log(actor, "account.link_code_issued", "staff_account", account_id)
    return code


async def redeem(code: str, user_id: int, *, now: datetime) -> str:
    """Link the chat of resident record `user_id` (where the code came from); the staff login.
    ServiceError("link_code_wrong") for a wrong, expired or spent code."""
    digest = _digest(code)
    user = await User.get(id=user_id)
    if digest is None or user.platform not in COLUMNS:  # the terminal has no chat to send to
        raise ServiceError("link_code_wrong")
    async with in_transaction():
        account = await StaffAccount.filter(link_code=digest, link_code_until__gt=now,
                                            is_blocked=False).select_for_update().first()
        if account is None:
            raise ServiceError("link_code_wrong")
        await StaffAccount.filter(id=account.id).update(
            link_code=None, link_code_until=None, **{COLUMNS[user.platform]: user.external_id})
        await audit.log(f"staff:{account.id}", "account.chat_linked", "staff_account",
                        account.id, channel=user.platform)
    return account.login


async def unlink(account_id: int, platform: str, *, actor: str) -> None:
    if platform not in COLUMNS:
        return
    async with in_transaction():
        await StaffAccount.filter(id=account_id).update(**{COLUMNS[platform]: None})
        await audit.log(actor, "account.chat_unlinked", "staff_account", account_id,
                        channel=platform)


async def linked(account_id: int) -> dict[str, str]:
    """platform → the id of the account's linked chat there."""
    account = await StaffAccount.get(id=account_id)
    return {platform: getattr(account, column) for platform, column in COLUMNS.items()
            if getattr(account, column)}
