"""Staff accounts: creation, sign-in with lock-out, passwords, blocking. Journaled."""

from __future__ import annotations

import asyncio
import re
import secrets
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from tortoise.transactions import in_transaction

from backend import roles
from backend.errors import ServiceError
from backend.models import Organization, PasswordHistory, SignInEvent, StaffAccount
from backend.services import audit, lockouts
from backend.services.lockouts import Lockout

HASHER = PasswordHasher()  # argon2id with the library's defaults (RFC 9106 low-memory profile)
# A real hash to verify against when the login is unknown, so both cases take the same time.
_DUMMY_HASH = HASHER.hash(secrets.token_urlsafe(16))
# argon2 takes tens of milliseconds of CPU and 64 MiB a hash: off the event loop, two at a time.
_HASHING = ThreadPoolExecutor(max_workers=2, thread_name_prefix="argon2")
LOGIN_RE = re.compile(r"^[a-z0-9._-]{3,64}$")
MAX_PASSWORD = 128


@dataclass(frozen=True)
class Account:
    """A staff account as the panel sees it: no password hash, no link code."""

    id: int
    login: str
    full_name: str
    role: str
    organization_id: int | None
    organization: str | None  # its name
    is_blocked: bool
    must_change_password: bool
    session_epoch: int
    locale: str
    password_changed_at: datetime


def _account(row: StaffAccount) -> Account:
    """`row` with its organization selected."""
    return Account(row.id, row.login, row.full_name, row.role, row.organization_id,
                   row.organization.name if row.organization_id else None, row.is_blocked,
                   row.must_change_password, row.session_epoch, row.locale,
                   row.password_changed_at)


async def find_account(account_id: int) -> Account | None:
    row = await StaffAccount.filter(id=account_id).select_related("organization").first()
    return _account(row) if row else None


async def _get(account_id: int) -> Account:
    return _account(await StaffAccount.filter(id=account_id).select_related("organization").get())


async def list_accounts() -> list[Account]:
    """Every account, by login."""
    rows = await StaffAccount.all().order_by("login").select_related("organization")
    return [_account(row) for row in rows]


async def set_locale(account_id: int, locale: str) -> None:
    """The panel's language for this account; `locale` is one of settings.LOCALES."""
    await StaffAccount.filter(id=account_id).update(locale=locale)


@dataclass(frozen=True)
class PasswordRules:
    min_length: int = 12
    history: int = 5


def _now() -> datetime:
    return datetime.now(UTC)


def check_password(password: str, rules: PasswordRules) -> None:
    if len(password) < rules.min_length:
        raise ServiceError("password_too_short", length=rules.min_length)
    if len(password) > MAX_PASSWORD:
        raise ServiceError("password_too_long", length=MAX_PASSWORD)
    if len(set(password)) < 4:
        raise ServiceError("password_too_simple")


def _verify_now(password_hash: str, password: str) -> bool:
    try:
        return HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def _verify(password_hash: str, password: str) -> bool:
    return await asyncio.get_running_loop().run_in_executor(
        _HASHING, _verify_now, password_hash, password)


async def _hash(password: str) -> str:
    return await asyncio.get_running_loop().run_in_executor(_HASHING, HASHER.hash, password)


def generate_password() -> str:
    """A one-time password an admin hands over; it must be changed at first sign-in."""
    return secrets.token_urlsafe(12)


async def _check_role(role: str, organization_id: int | None) -> None:
    if role not in roles.ROLES:
        raise ServiceError("role_unknown")
    if role in roles.ORGANIZATION_ROLES and organization_id is None:
        raise ServiceError("organization_required")
    if organization_id is not None and not await Organization.exists(id=organization_id):
        raise ServiceError("organization_unknown")


async def create_account(actor: str, login: str, role: str, password: str, *,
                         full_name: str = "", organization_id: int | None = None,
                         rules: PasswordRules = PasswordRules(),
                         must_change_password: bool = True) -> Account:
    login = login.strip().lower()
    if not LOGIN_RE.match(login):
        raise ServiceError("login_invalid")
    await _check_role(role, organization_id)
    check_password(password, rules)
    password_hash = await _hash(password)
    async with in_transaction():
        if await StaffAccount.exists(login=login):
            raise ServiceError("login_taken")
        account = await StaffAccount.create(
            login=login, role=role, full_name=full_name.strip()[:200],
            organization_id=organization_id, password_hash=password_hash,
            must_change_password=must_change_password)
        await audit.log(actor, "account.created", "staff_account", account.id)
    return await _get(account.id)


async def authenticate(login: str, password: str, address: str | None,
                       lockout: Lockout = Lockout()) -> Account:
    """The account, or ServiceError("sign_in_failed") whatever went wrong (no user enumeration)."""
    login = login.strip().lower()[:64]
    account = await StaffAccount.filter(login=login).select_related("organization").first()

    async def check() -> bool:
        ok = await _verify(account.password_hash if account else _DUMMY_HASH, password)
        return ok and account is not None and not account.is_blocked

    outcome = await lockouts.attempt(login, account.id if account else None, address, lockout,
                                     check, via="login")
    if outcome != "ok":
        raise ServiceError("sign_in_failed")
    return _account(account)


async def record_sign_out(account: Account, address: str | None, kind: str = "logout"):
    await SignInEvent.create(login=account.login, account_id=account.id, kind=kind,
                             address=address)


async def change_password(account_id: int, current: str | None, new: str, *,
                          rules: PasswordRules = PasswordRules(), actor: str,
                          address: str | None = None,
                          lockout: Lockout = Lockout()) -> Account:
    """`current` is None when an admin resets someone else's password. A wrong current password
    counts as a failed sign-in: "password_attempts" once that locks the account."""
    check_password(new, rules)
    if current is not None:
        account = await StaffAccount.get(id=account_id)
        outcome = await lockouts.attempt(
            account.login, account.id, address, lockout,
            lambda: _verify(account.password_hash, current), via="password")
        if outcome != "ok":
            raise ServiceError("password_wrong" if outcome == "failed" else "password_attempts")
    new_hash = await _hash(new)
    async with in_transaction():
        account = await StaffAccount.get(id=account_id).select_for_update()
        recent = await PasswordHistory.filter(account_id=account_id).order_by("-id").limit(
            max(rules.history - 1, 0)).values_list("password_hash", flat=True)
        if rules.history:
            for old in [account.password_hash, *recent]:
                if await _verify(old, new):
                    raise ServiceError("password_reused", count=rules.history)
        await PasswordHistory.create(account_id=account_id, password_hash=account.password_hash)
        await StaffAccount.filter(id=account_id).update(
            password_hash=new_hash, password_changed_at=_now(),
            must_change_password=current is None, session_epoch=account.session_epoch + 1)
        await audit.log(actor, "account.password_changed" if current is not None
                        else "account.password_reset", "staff_account", account_id)
    return await _get(account_id)


async def set_blocked(actor: str, account_id: int, blocked: bool) -> Account:
    async with in_transaction():
        account = await StaffAccount.get(id=account_id).select_for_update()
        await StaffAccount.filter(id=account_id).update(
            is_blocked=blocked, session_epoch=account.session_epoch + 1)
        await audit.log(actor, "account.blocked" if blocked else "account.unblocked",
                        "staff_account", account_id)
    return await _get(account_id)


async def set_role(actor: str, account_id: int, role: str,
                   organization_id: int | None) -> Account:
    await _check_role(role, organization_id)
    async with in_transaction():
        account = await StaffAccount.get(id=account_id).select_for_update()
        await StaffAccount.filter(id=account_id).update(
            role=role, organization_id=organization_id, session_epoch=account.session_epoch + 1)
        await audit.log(actor, "account.role_changed", "staff_account", account_id)
    return await _get(account_id)


async def end_all_sessions(actor: str, account_id: int) -> None:
    async with in_transaction():
        account = await StaffAccount.get(id=account_id).select_for_update()
        await StaffAccount.filter(id=account_id).update(session_epoch=account.session_epoch + 1)
        await audit.log(actor, "account.sessions_ended", "staff_account", account_id)
