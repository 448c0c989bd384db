"""Which backups to keep: the newest of each of the last 7 days, 4 weeks and 12 months that
have a backup (days, ISO weeks and months in Moscow time). Periods without a backup do not count,
so when backups stop, the old ones are not pruned away."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from backend.backups.files import manifest_path, stamp_of

log = logging.getLogger(__name__)
MOSCOW = ZoneInfo("Europe/Moscow")


def choose_kept(stamps: Iterable[datetime], *, daily: int = 7, weekly: int = 4,
                monthly: int = 12, tz: ZoneInfo = MOSCOW) -> set[datetime]:
    newest_first = sorted(set(stamps), reverse=True)
    kept: set[datetime] = set()
    periods: list[tuple[int, Callable[[datetime], tuple]]] = [
        (daily, lambda t: t.date().timetuple()[:3]),
        (weekly, lambda t: t.isocalendar()[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ]
    for count, period in periods:
        seen: set[tuple] = set()
        for stamp in newest_first:
            key = period(stamp.astimezone(tz))
            if key in seen:
                continue
            if len(seen) == count:
                break
            seen.add(key)
            kept.add(stamp)
    return kept


def prune(directory: Path) -> list[str]:
    """Delete the backups (data file and manifest) the rule does not keep; returns their names.
    Files not named like our backups are never touched."""
    backups = {stamp: path for path in directory.iterdir()
               if (stamp := stamp_of(path.name)) is not None}
    kept = choose_kept(backups)
    removed = []
    for stamp, path in sorted(backups.items()):
        if stamp not in kept:
            path.unlink(missing_ok=True)
            manifest_path(path).unlink(missing_ok=True)
            removed.append(path.name)
    if removed:
        log.info("backups: %d old backups removed from %s", len(removed), directory)
    return removed
