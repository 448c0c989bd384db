"""Demo data: fictional, marked is_demo, loaded idempotently (`copp seed-demo`)."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from backend.demo import activity, events, programs, residents, surveys
from backend.services import programs_search


async def seed(now: datetime | None = None) -> dict[str, int]:
    """Create what is missing; running it again changes nothing."""
    now = now or datetime.now(UTC)
    async with in_transaction():
        figures = {**await residents.seed(now), **await programs.seed(now),
                   **await events.seed(now), **await surveys.seed(now)}
        figures |= await activity.seed(now)
    programs_search.invalidate()
    return figures


async def reset() -> int:
    """Delete demo rows only."""
    async with in_transaction():
        deleted = (await residents.reset() + await events.reset() + await surveys.reset()
                   + await programs.reset())
    programs_search.invalidate()
    return deleted
