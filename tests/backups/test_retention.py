"""Which backups the 7 daily, 4 weekly, 12 monthly rule keeps, by their times."""

from datetime import UTC, datetime, timedelta

from backend.backups.files import data_name
from backend.backups.retention import choose_kept, prune


def at(day: str, hour: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=UTC)


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_12_months():
    last = at("2026-11-29", 0)  # a Sunday, 03:00 in Moscow
    stamps = [last - timedelta(days=n) for n in range(400)]
    kept = choose_kept(stamps)
    days = {stamp.date().isoformat() for stamp in kept}
    assert {f"2026-11-{d}" for d in range(23, 30)} <= days  # the last 7 days
    assert {"2026-11-22", "2026-11-15", "2026-11-08"} <= days  # Sundays of the 3 weeks before
    # the newest of each month: November's is today, then the last day of each month before
    assert {"2026-10-31", "2026-09-30", "2026-01-31", "2025-12-31"} <= days
    assert "2025-11-30" not in days  # the 13th month back
    assert len(kept) == 7 + 3 + 11  # the weeks and months overlap with the days


def test_several_a_day_keep_the_newest_of_the_day():
    stamps = [at("2026-11-29", 0), at("2026-11-29", 9), at("2026-11-29", 15)]
    assert choose_kept(stamps) == {at("2026-11-29", 15)}


def test_days_are_moscow_days():
    late_evening_utc = at("2026-11-28", 22)  # 01:00 on the 29th in Moscow
    morning = at("2026-11-29", 6)
    assert choose_kept([late_evening_utc, morning]) == {morning}


def test_a_gap_does_not_prune_the_old_backups():
    """Backups stopped for three weeks: the last seven that exist are kept, however old."""
    stamps = [at("2026-10-01") + timedelta(days=n) for n in range(10)]
    kept = choose_kept(stamps, weekly=0, monthly=0)
    assert kept == set(stamps[-7:])


def test_prune_removes_data_and_manifest_and_leaves_other_files(tmp_path):
    stamps = [at("2026-11-29", 0) - timedelta(days=n) for n in range(10)]
    for stamp in stamps:
        name = data_name(stamp, "postgres", encrypted=False)
        (tmp_path / name).write_bytes(b"x")
        (tmp_path / f"{name}.json").write_bytes(b"{}")
    (tmp_path / "notes.txt").write_text("mine")
    removed = prune(tmp_path)
    assert len(removed) == 10 - 7 - 1  # the 7 days, and the newest of the week before
    names = {p.name for p in tmp_path.iterdir()}
    assert "notes.txt" in names
    assert len(names) == 1 + 2 * 8
    for name in removed:
        assert name not in names and f"{name}.json" not in names
