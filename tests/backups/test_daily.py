"""The worker's daily backup: scheduled at the configured Moscow hour; backs up, prunes and
copies, and reports a failed copy instead of raising."""

from datetime import UTC, datetime, timedelta

from backend import tasks
from backend.backups import run_daily
from backend.backups.files import data_name
from backend.settings import Settings


def settings(tmp_path, sqlite_url, **extra) -> Settings:
    return Settings.from_env(database_url=sqlite_url, data_dir=tmp_path / "data", **extra)


def test_the_daily_backup_is_scheduled_at_the_configured_moscow_hour(tmp_path, sqlite_url):
    registered = tasks.register(tasks.make_broker(None),
                                settings(tmp_path, sqlite_url, backup_hour=2))
    assert registered["backups.daily"].labels["schedule"] == [
        {"cron": "0 2 * * *", "cron_offset": "Europe/Moscow"}]
    assert "backups.daily" not in tasks.register(tasks.make_broker(None))


async def test_a_daily_run_backs_up_prunes_and_copies(tmp_path, sqlite_url):
    usb = tmp_path / "usb"
    usb.mkdir()
    config = settings(tmp_path, sqlite_url, backup_copy_dir=usb)
    config.backups.mkdir(parents=True)
    for minutes in range(3):  # three backups of one day two days ago: the newest stays
        stamp = datetime.now(UTC) - timedelta(days=2, minutes=minutes)
        (config.backups / data_name(stamp, "sqlite", False)).write_bytes(b"x")
    result = await run_daily(config)
    assert result.problem is None and result.backup.path.parent == tmp_path / "data" / "backups"
    assert len(result.removed) == 2
    assert result.copy.ok
    assert (usb / result.backup.path.name).is_file()


async def test_a_daily_run_reports_a_missing_medium(tmp_path, sqlite_url):
    config = settings(tmp_path, sqlite_url, backup_copy_dir=tmp_path / "usb")
    result = await run_daily(config)
    assert result.backup is not None and result.backup.path.is_file()
    assert not result.copy.ok and "missing" in result.copy.problem


async def test_a_failed_backup_is_reported_not_raised(tmp_path):
    config = Settings.from_env(database_url=f"sqlite://{tmp_path / 'none.sqlite3'}",
                               data_dir=tmp_path)
    result = await run_daily(config)
    assert result.backup is None and "no database at" in result.problem


async def test_the_worker_runs_the_daily_backup(tmp_path, sqlite_url):
    broker = tasks.make_broker(None)
    registered = tasks.register(broker, settings(tmp_path, sqlite_url))
    async with tasks.running_worker(broker, scheduler=False):
        task = await registered["backups.daily"].kiq()
        result = await task.wait_result(timeout=30)
    assert result.return_value["problem"] is None
    assert (tmp_path / "data" / "backups" / result.return_value["file"]).is_file()
