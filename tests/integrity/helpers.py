"""A journal written as the platform writes it, and a DBA who tampers with it."""

from __future__ import annotations

import asyncio
import contextlib
import importlib

from tortoise import connections
from tortoise.transactions import in_transaction

from backend.models import AuditEvent, SignInEvent
from backend.services import audit

APPEND_ONLY = importlib.import_module("migrations.0005_journals_append_only")
SEALS_APPEND_ONLY = importlib.import_module("migrations.0018_journal_chain")


async def _one_action(n: int) -> None:
    async with in_transaction():
        await audit.log(f"staff-{n % 3}", "resident.viewed", "user", n, channel="panel")
        await asyncio.sleep(0)  # let the other writers interleave
        if n % 4 == 0:
            await SignInEvent.create(login=f"login{n}", account_id=n, kind="login_ok",
                                     address="10.0.0.1")


async def concurrent_journal(writers: int = 40) -> None:
    """Writers in transactions of their own, all at once, as a registration burst is."""
    await asyncio.gather(*(_one_action(n) for n in range(writers)))
    await audit.log_each("staff-1", "residents.listed", "user", range(5))


async def execute(sql: str) -> None:
    await connections.get("default").execute_script(sql)


def _postgres() -> bool:
    return connections.get("default").capabilities.dialect == "postgres"


@contextlib.asynccontextmanager
async def triggers_dropped():
    """As a superuser would: drop the append-only triggers (of the journals and the seals), do
    as you like, put them back."""
    if _postgres():
        await execute("DROP TRIGGER audit_events_append_only ON audit_events; "
                      "DROP TRIGGER sign_in_events_append_only ON sign_in_events;"
                      + SEALS_APPEND_ONLY.POSTGRES_DOWN)
    else:
        await execute(APPEND_ONLY.SQLITE_DOWN + SEALS_APPEND_ONLY.SQLITE_DOWN)
    try:
        yield
    finally:
        if _postgres():
            await execute(APPEND_ONLY.POSTGRES_UP + SEALS_APPEND_ONLY.POSTGRES_UP)
        else:
            await execute(APPEND_ONLY.SQLITE_UP + SEALS_APPEND_ONLY.SQLITE_UP)


async def last_id(model=AuditEvent) -> int:
    return (await model.all().order_by("-id").first()).id
