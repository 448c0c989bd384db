"""The journals' hash chains: sealed after commit, in id order, and clean when untouched."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest
from tortoise.exceptions import OperationalError
from tortoise.transactions import in_transaction

from backend.integrity import chain
from backend.integrity.verify import verify
from backend.models import AuditEvent, JournalSeal, SignInEvent
from backend.services import audit
from tests.integrity.helpers import concurrent_journal, execute, last_id

NOW = timedelta(0)


def test_every_column_of_each_journal_is_hashed():
    for journal in chain.JOURNALS:
        assert set(journal.columns) == set(journal.model._meta.fields_db_projection.values())


def test_any_change_of_a_value_changes_the_link():
    journal = chain.JOURNALS[0]
    row = (1, "a", "b", "c", "1", None, None, datetime(2026, 1, 1, tzinfo=UTC))
    assert chain.link("x", journal, row) != chain.link("y", journal, row)
    for i in range(1, len(row)):
        edited = list(row)
        edited[i] = "" if edited[i] is None else None
        assert chain.link("x", journal, row) != chain.link("x", journal, tuple(edited))


async def test_a_journal_written_by_concurrent_tasks_verifies_clean(mode, tmp_path):
    await concurrent_journal()
    sealed = await chain.seal_all(margin=NOW)
    assert sealed == {"audit_events": 45, "sign_in_events": 10}
    report = await verify([tmp_path])
    assert report.findings == []
    assert [(j.sealed, j.unsealed) for j in report.journals] == [(45, 0), (10, 0)]
    assert report.heads["audit_events"][0] == await last_id()
    await concurrent_journal(8)  # more rows, sealed onto the same chain
    assert await chain.seal_all(margin=NOW) == {"audit_events": 13, "sign_in_events": 2}
    assert (await verify([tmp_path])).findings == []


async def test_rows_younger_than_the_margin_wait_for_the_next_run(mode, tmp_path):
    await audit.log("a", "x.done", "user", 1)
    await audit.log("a", "x.done", "user", 2)
    rows = await AuditEvent.all().order_by("id")
    between = rows[0].created_at + (rows[1].created_at - rows[0].created_at) / 2
    assert await chain.seal(chain.JOURNALS[0], now=between + chain.MARGIN) == 1
    report = await verify([tmp_path])
    assert report.findings == [] and (report.journals[0].sealed, report.journals[0].unsealed) \
        == (1, 1)
    assert await chain.seal(chain.JOURNALS[0]) == 0  # both are younger than ten minutes
    assert await chain.seal(chain.JOURNALS[0], margin=NOW) == 1


async def test_seals_are_append_only(mode):
    await audit.log("a", "x.done", "user", 1)
    await chain.seal_all(margin=NOW)
    for statement in ("UPDATE journal_seals SET digest = 'x'", "DELETE FROM journal_seals"):
        with pytest.raises((OperationalError, asyncpg.exceptions.RaiseError),
                           match="append-only"):
            await execute(statement)
    assert await JournalSeal.all().count() == 1


async def test_two_sealers_at_once_make_one_chain(pg, tmp_path):
    await concurrent_journal()
    await asyncio.gather(*(chain.seal_all(margin=NOW) for _ in range(3)))
    assert await JournalSeal.filter(journal="audit_events").count() == 45
    assert (await verify([tmp_path])).findings == []


async def test_a_row_that_commits_after_later_rows_were_sealed_is_named(pg, tmp_path):
    """A transaction holds its journal row uncommitted past the margin: the row's id is below
    the sealed mark when it appears, and it is never sealed (a forged row looks the same)."""
    written, commit = asyncio.Event(), asyncio.Event()

    async def slow() -> None:
        async with in_transaction():
            await audit.log("slow", "x.done", "user", 1)
            written.set()
            await commit.wait()

    task = asyncio.create_task(slow())
    await written.wait()
    await audit.log("quick", "x.done", "user", 2)
    await SignInEvent.create(login="x", kind="login_ok")
    assert (await chain.seal_all(margin=NOW))["audit_events"] == 1
    commit.set()
    await task
    slow_row = await AuditEvent.get(actor="slow")
    assert [str(f) for f in (await verify([tmp_path])).findings] == [
        f"audit_events {slow_row.id}: inserted out of order"]
    assert (await chain.seal_all(margin=NOW))["audit_events"] == 0  # the late row stays unsealed
