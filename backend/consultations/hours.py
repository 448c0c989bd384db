"""When the Center's consultants work: 09:00–17:00 Arkhangelsk (Moscow) time on working days of
the production calendar (a JSON file of holidays and working weekend days, per year)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from backend.i18n import TIMEZONE

SHIPPED = Path(__file__).resolve().parent / "calendar.json"
OPENS, CLOSES = time(9, 0), time(17, 0)


@dataclass(frozen=True)
class Calendar:
    holidays: frozenset[date]
    workdays: frozenset[date]  # Saturdays or Sundays worked in exchange for a day off

    def working(self, day: date) -> bool:
        if day in self.workdays:
            return True
        return day.weekday() < 5 and day not in self.holidays

    def is_open(self, moment: datetime) -> bool:
        local = moment.astimezone(TIMEZONE)
        return self.working(local.date()) and OPENS <= local.time() < CLOSES

    def next_opening(self, moment: datetime) -> datetime:
        """The start of the next working hours after `moment` (UTC)."""
        local = moment.astimezone(TIMEZONE)
        day = local.date() if local.time() < OPENS else local.date() + timedelta(days=1)
        for _ in range(60):  # the longest run of days off is under two weeks
            if self.working(day):
                return datetime.combine(day, OPENS, TIMEZONE).astimezone(UTC)
            day += timedelta(days=1)
        raise ValueError("no working day within 60 days: check the calendar file")


def load(path: Path = SHIPPED) -> Calendar:
    """A calendar file: {"holidays": ["2026-01-01", …], "workdays": ["2027-11-13", …]}."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return Calendar(frozenset(date.fromisoformat(d) for d in data.get("holidays", [])),
                    frozenset(date.fromisoformat(d) for d in data.get("workdays", [])))
