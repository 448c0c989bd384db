"""The dashboard shows the last backup and the last verification: red when either is missing,
older than 26 hours or failed; green otherwise. Their results survive a restart (the database)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from backend import tasks
from backend.backups import Backup, CopyResult, DailyResult
from backend.backups.manifest import Manifest
from backend.integrity import status
from backend.integrity.verify import Finding, JournalReport, Report
from backend.models import Organization
from backend.settings import Settings
from tests.panel import make_account, panel, sign_in, signed_in, url


def backup_result(copy: CopyResult | None = None, problem: str | None = None) -> DailyResult:
    if problem:
        return DailyResult(None, problem)
    manifest = Manifest(file="copp-20261130T000000Z.dump", sha256="0" * 64, size=2_900_000,
                        created_at="2026-11-30T00:00:00Z", backend="postgres",
                        schema="0018_journal_chain", encrypted=False, tables={})
    return DailyResult(Backup(Path("/b/copp-20261130T000000Z.dump"), manifest), None, copy)


def report(*findings: Finding) -> Report:
    journal = JournalReport("audit_events", sealed=3, head=(3, "ab" * 32),
                            findings=list(findings))
    return Report([journal], backups=1, backup_findings=[])


async def upkeep(client) -> tuple[str, str, str]:
    async with client.get(url("dashboard")) as page:
        html = await page.text()
    cells = {name: re.search(rf'<dd id="{name}" class="(\w+)">(.*?)</dd>', html, re.S)
             for name in ("last-backup", "last-verification")}
    text = " ".join(re.sub(r"<[^>]+>", " ", html[html.index('id="upkeep"'):]).split())
    return cells["last-backup"][1], cells["last-verification"][1], text


async def test_red_until_there_is_a_backup_and_a_verification(mode):
    client = await signed_in(mode.store, "anna", "staff")
    backup, verification, text = await upkeep(client)
    assert (backup, verification) == ("bad", "bad")
    assert "Последняя резервная копия ещё не было" in text

    await status.record_backup(backup_result(CopyResult(True)))
    await status.record_verification(report())
    backup, verification, text = await upkeep(client)
    assert (backup, verification) == ("good", "good")
    assert "2.9 МБ · скопирована на носитель и проверена" in text
    assert "нарушений нет" in text and f"audit_events 3 {'ab' * 32}" in text
    await client.close()


async def test_red_when_failed_copied_nowhere_found_something_or_too_old(mode):
    client = await signed_in(mode.store, "anna", "admin")
    await status.record_backup(backup_result(CopyResult(False, "the medium /m is full")))
    await status.record_verification(report(Finding("audit_events", "7", "changed")))
    backup, verification, text = await upkeep(client)
    assert (backup, verification) == ("bad", "bad")
    assert "не скопирована на носитель: the medium /m is full" in text
    assert "1 нарушение audit_events 7: changed" in text

    await status.record_backup(backup_result(problem="pg_dump failed: no space"))
    backup, _, text = await upkeep(client)
    assert backup == "bad" and "не удалась: pg_dump failed: no space" in text

    await status.record_backup(backup_result())  # no medium configured
    await status.record_verification(report())
    backup, verification, text = await upkeep(client)
    assert (backup, verification) == ("good", "good")
    assert "носитель не настроен" in text

    await status.record_backup(backup_result(), one_off_dir=Path("/media/usb/copp"))
    backup, _, text = await upkeep(client)  # `copp backup --to /media/usb/copp`
    assert backup == "good" and "2.9 МБ · разовая копия в /media/usb/copp" in text
    await client.close()


async def test_red_when_none_in_the_last_26_hours(mode):
    client = await signed_in(mode.store, "anna", "admin")
    long_ago = datetime.now(UTC) - timedelta(hours=27)
    await status.record_backup(backup_result(CopyResult(True)), now=long_ago)
    await status.record_verification(report(), now=long_ago)
    backup, verification, text = await upkeep(client)
    assert (backup, verification) == ("bad", "bad")
    assert text.count("ни одной за последние 26 часов") == 2
    await client.close()


async def test_a_teacher_sees_no_upkeep(mode):
    college = await Organization.create(name="Колледж", kind="college")
    await make_account("tom", "teacher", organization_id=college.id)
    client = await panel(mode.store)
    await sign_in(client, "tom")
    async with client.get(url("dashboard")) as page:
        assert 'id="upkeep"' not in await page.text()
    await client.close()


def test_the_worker_seals_every_five_minutes_and_verifies_after_the_backup(tmp_path):
    config = Settings.from_env(database_url=f"sqlite://{tmp_path / 'x.sqlite3'}",
                               data_dir=tmp_path, backup_hour=23)
    registered = tasks.register(tasks.make_broker(None), config)
    assert registered["journals.seal"].labels["schedule"] == [{"cron": "*/5 * * * *"}]
    assert registered["integrity.verify"].labels["schedule"] == [
        {"cron": "0 0 * * *", "cron_offset": "Europe/Moscow"}]


async def test_the_worker_records_the_backup_and_the_verification(mode, tmp_path):
    config = Settings.from_env(database_url=mode.db_url, data_dir=tmp_path)
    broker = tasks.make_broker(None)
    registered = tasks.register(broker, config)
    async with tasks.running_worker(broker, scheduler=False):
        made = await (await registered["backups.daily"].kiq()).wait_result(timeout=60)
        checked = await (await registered["integrity.verify"].kiq()).wait_result(timeout=60)
    assert made.return_value["problem"] is None
    assert checked.return_value == {"findings": [], "backups": 1}
    now = datetime.now(UTC)
    assert not (await status.state(status.BACKUP, now)).red
    assert not (await status.state(status.VERIFY, now)).red
