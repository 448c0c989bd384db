"""What the first page of the panel counts: work waiting for staff. No personal data."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from backend.models import Application, Broadcast, Event, Survey


@dataclass(frozen=True)
class Work:
    applications: int  # new, nobody has contacted the person yet
    events: int  # published, starting within a week
    broadcasts: int  # sending or scheduled
    surveys: int  # published


async def work_waiting(now: datetime) -> Work:
    """What is waiting for staff today: links from the dashboard."""
    return Work(
        applications=await Application.filter(status="new").count(),
        events=await Event.filter(status="published", starts_at__gt=now,
                                  starts_at__lte=now + timedelta(days=7)).count(),
        broadcasts=await Broadcast.filter(status__in=("sending", "scheduled")).count(),
        surveys=await Survey.filter(status="published").count(),
    )
