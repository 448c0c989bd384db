"""A DBA with SQL access drops the append-only triggers, edits, deletes and forges journal rows,
and puts the triggers back: `copp verify` names each (journal, row id, what) and exits 1.
A backup file changed or removed on disk is named too."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
from datetime import timedelta

import asyncpg
import pytest
from tortoise.exceptions import OperationalError

from backend.backups import make_backup
from backend.backups.files import manifest_path
from backend.integrity import chain
from backend.models import AuditEvent, MaintenanceRun, SignInEvent
from tests.backups.test_cli_backups import copp
from tests.integrity.helpers import concurrent_journal, execute, last_id, triggers_dropped


async def run_verify(mode, tmp_path) -> subprocess.CompletedProcess:
    return await asyncio.to_thread(copp, "verify", cwd=tmp_path, COPP_DATABASE_URL=mode.db_url)


async def test_verify_names_each_edit_deletion_and_forged_row(mode, tmp_path):
    await concurrent_journal()
    gap = await last_id() + 3  # ids have gaps where a transaction rolled back
    await AuditEvent.create(id=gap + 2, actor="staff-1", action="resident.viewed",
                            object_type="user", object_id="7")
    await chain.seal_all(margin=timedelta(0))
    clean = await run_verify(mode, tmp_path)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert clean.stdout.splitlines()[-1] == "all well"

    sign_in = (await SignInEvent.all().order_by("id"))[1].id
    async with triggers_dropped():
        await execute("UPDATE audit_events SET action = 'resident.exported' WHERE id = 7")
        await execute("DELETE FROM audit_events WHERE id = 12")
        await execute(f"UPDATE sign_in_events SET kind = 'login_failed' WHERE id = {sign_in}")
        await execute("INSERT INTO audit_events (id, actor, action, object_type, object_id, "
                      f"created_at) VALUES ({gap}, 'staff-2', 'resident.viewed', 'user', '9', "
                      "'2026-01-01 10:00:00+00:00')")
    found = await run_verify(mode, tmp_path)
    assert found.returncode == 1
    lines = found.stdout.splitlines()
    assert lines[:4] == ["audit_events 7: changed", "audit_events 12: deleted",
                         f"audit_events {gap}: inserted out of order",
                         f"sign_in_events {sign_in}: changed"]
    assert lines[-1] == "4 findings"
    assert "resident.exported" not in found.stdout + found.stderr  # ids only, never content
    last = await MaintenanceRun.filter(kind="verify").order_by("-id").first()
    assert not last.ok and last.details["findings"] == 4

    for table in ("audit_events", "sign_in_events", "journal_seals"):  # the triggers are back
        for statement in (f"UPDATE {table} SET id = id", f"DELETE FROM {table}"):  # noqa: S608
            with pytest.raises((OperationalError, asyncpg.exceptions.RaiseError),
                               match="append-only"):
                await execute(statement)


async def test_a_chain_cut_back_with_its_seals_is_named(mode, tmp_path):
    await concurrent_journal(8)
    await chain.seal_all(margin=timedelta(0))
    assert (await run_verify(mode, tmp_path)).returncode == 0
    newest = await last_id()
    async with triggers_dropped():
        await execute(f"DELETE FROM journal_seals WHERE journal = 'audit_events' AND "
                      f"row_id = {newest}")
        await execute(f"DELETE FROM audit_events WHERE id = {newest}")
    found = await run_verify(mode, tmp_path)
    assert found.returncode == 1
    assert found.stdout.splitlines()[0] == (
        f"audit_events {newest}: seal of the last verification is gone (chain cut or "
        "rewritten)")


async def test_verify_names_a_changed_and_a_removed_backup(mode, tmp_path):
    backups = tmp_path / "data" / "backups"
    first = await make_backup(mode.db_url, backups)
    shown = f"data/backups/{first.path.name}"  # as configured: COPP_DATA_DIR is ./data
    clean = await run_verify(mode, tmp_path)
    assert clean.returncode == 0 and "backups: 1 checked" in clean.stdout, clean.stdout
    with first.path.open("r+b") as file:
        file.seek(100)
        byte = file.read(1)
        file.seek(100)
        file.write(bytes([byte[0] ^ 1]))
    found = await run_verify(mode, tmp_path)
    assert found.returncode == 1
    assert found.stdout.splitlines()[0] == (
        f"backup {shown}: changed (sha256 differs from its manifest)")
    first.path.unlink()
    assert manifest_path(first.path).exists()
    found = await run_verify(mode, tmp_path)
    assert found.stdout.splitlines()[0] == f"backup {shown}: deleted (its manifest is left)"


def test_copp_backup_and_copp_verify_keep_their_results(tmp_path):
    """What the dashboard reads survives the process: it is in the database."""
    assert copp("migrate", cwd=tmp_path).returncode == 0
    assert copp("backup", cwd=tmp_path).returncode == 0
    checked = copp("verify", cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.splitlines()[-2:] == ["backups: 1 checked", "all well"]
    with sqlite3.connect(tmp_path / "data" / "copp.sqlite3") as conn:
        runs = conn.execute("SELECT kind, ok FROM maintenance_runs ORDER BY id").fetchall()
    assert runs == [("backup", 1), ("verify", 1)]
