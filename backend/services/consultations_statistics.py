"""Consultations' statistics: per day, consultant and hour of the question (Moscow time) —
conversations, first-response and resolution time (median, p90), ratings. No personal data."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from backend.consultations.statistics import Figures, figures
from backend.i18n import TIMEZONE
from backend.models import Consultation, StaffAccount


@dataclass(frozen=True)
class Report:
    total: Figures
    by_day: list[tuple[date, Figures]]
    by_consultant: list[tuple[str, Figures]]  # login, "" for unassigned
    by_hour: list[tuple[int, Figures]]
    ratings: dict[int, int]  # 1–5 → how many


def _minutes(start: datetime, end: datetime | None) -> float | None:
    return None if end is None else round((end - start).total_seconds() / 60, 1)


async def report(start: datetime, end: datetime) -> Report:
    """Conversations begun in [start, end)."""
    found = await Consultation.filter(created_at__gte=start, created_at__lt=end) \
        .values_list("created_at", "first_reply_at", "closed_at", "rating", "assignee_id")
    logins = dict(await StaffAccount.all().values_list("id", "login"))
    days, people, hours = defaultdict(list), defaultdict(list), defaultdict(list)
    everything, ratings = [], dict.fromkeys(range(1, 6), 0)
    for created, replied, closed, rating, assignee in found:
        row = (_minutes(created, replied), _minutes(created, closed), rating)
        local = created.astimezone(TIMEZONE)
        everything.append(row)
        days[local.date()].append(row)
        hours[local.hour].append(row)
        people[logins.get(assignee, "")].append(row)
        if rating in ratings:
            ratings[rating] += 1
    return Report(figures(everything),
                  [(day, figures(rows)) for day, rows in sorted(days.items())],
                  [(login, figures(rows)) for login, rows in sorted(people.items())],
                  [(hour, figures(rows)) for hour, rows in sorted(hours.items())],
                  ratings)


HEADER = ("group", "value", "conversations", "first response median, min",
          "first response p90, min", "resolution median, min", "resolution p90, min",
          "rating average", "ratings")


def rows(found: Report) -> list[tuple]:
    """The report as one table for CSV: a row per day, consultant, hour and the total."""
    def row(group: str, value: object, f: Figures) -> tuple:
        return (group, value, f.conversations, f.first_response_median, f.first_response_p90,
                f.resolution_median, f.resolution_p90, f.rating_average, f.ratings)

    table = [HEADER, row("total", "", found.total)]
    table += [row("day", day.isoformat(), f) for day, f in found.by_day]
    table += [row("consultant", login or "-", f) for login, f in found.by_consultant]
    table += [row("hour", f"{hour:02d}:00", f) for hour, f in found.by_hour]
    table += [("rating", score, count, "", "", "", "", "", "")
              for score, count in found.ratings.items()]
    return table
