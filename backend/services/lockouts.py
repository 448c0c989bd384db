"""Lock-out of password guessing: failures per login and per address within a window.

A failure counts whether it was typed at sign-in or as the current password when changing it.
Counting the failures and journaling an attempt happen in one short transaction that takes a
lock per login and per address first (PostgreSQL advisory locks, any number of processes;
SQLite runs one transaction at a time), so attempts arriving together are counted one after
another: the sixth failure is refused however they arrive. The slow password check runs
before that transaction, outside the lock.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise import connections
from tortoise.transactions import in_transaction

from backend.db import dialect
from backend.models import SignInEvent

IP_FAILURES = 20  # failed attempts from one address in the window, any login
FAILURES = ("login_failed", "password_failed")


@dataclass(frozen=True)
class Lockout:
    attempts: int = 5
    window: timedelta = timedelta(minutes=15)


async def _failures(since: datetime, **where) -> int:
    return await SignInEvent.filter(kind__in=FAILURES, created_at__gte=since, **where).count()


async def is_locked(login: str, address: str | None, lockout: Lockout) -> bool:
    since = datetime.now(UTC) - lockout.window
    return (await _failures(since, login=login) >= lockout.attempts
            or bool(address) and await _failures(since, address=address) >= IP_FAILURES)


async def _take_turn(login: str, address: str | None) -> None:
    """Wait for other attempts on this login or from this address, until commit."""
    if dialect() != "postgres":
        return  # SQLite: the transaction already holds the one connection
    connection = connections.get("default")  # the transaction's, inside in_transaction
    keys = {f"login:{login}"} | ({f"address:{address}"} if address else set())
    for key in sorted(keys):  # one order for everyone: no deadlock
        await connection.execute_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
                                       [key])


async def attempt(login: str, account_id: int | None, address: str | None, lockout: Lockout,
                  check: Callable[[], Awaitable[bool]], *, via: str) -> str:
    """Run `check` (a password check) unless locked, and journal the outcome as `<via>_ok`,
    `<via>_failed` or `<via>_locked`. Returns "ok", "failed", or "locked": refused, or this
    failure reached the limit."""

    async def journal(kind: str) -> None:
        await SignInEvent.create(login=login, account_id=account_id, kind=f"{via}_{kind}",
                                 address=address)

    if await is_locked(login, address, lockout):  # refused without hashing: guessing is cheap
        await journal("locked")
        return "locked"
    ok = await check()
    async with in_transaction():
        await _take_turn(login, address)
        if await is_locked(login, address, lockout):
            await journal("locked")
            return "locked"
        await journal("ok" if ok else "failed")
        if ok:
            return "ok"
        return "locked" if await is_locked(login, address, lockout) else "failed"
