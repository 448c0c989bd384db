"""Events and residents for the tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.models import Event, User

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)


async def make_event(capacity: int = 10, **values) -> Event:
    starts = values.pop("starts_at", NOW + timedelta(days=3))
    defaults = {
        "kind": "career_trial", "title": "Профпроба «Сварщик» (демо)", "capacity": capacity,
        "starts_at": starts, "ends_at": starts + timedelta(hours=2),
        "registration_deadline": starts - timedelta(hours=3),
        "cancellation_deadline": starts - timedelta(hours=12),
        "venue": "Котлас, ул. Ленина, 1 (демо)", "status": "published",
    }
    return await Event.create(**{**defaults, **values})


async def make_residents(count: int, platform: str = "telegram", **values) -> list[User]:
    people = [User(platform=platform, external_id=str(7000 + n), pd_consent=True,
                   full_name=f"Житель {n}", phone=f"+7911000{n:04d}", locale="ru", **values)
              for n in range(count)]
    await User.bulk_create(people)
    return list(await User.filter(external_id__in=[p.external_id for p in people])
                .order_by("id"))
