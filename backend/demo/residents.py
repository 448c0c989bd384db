"""Demo residents: 60 fictional accounts in both channels, most of them with consent."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from backend import consent
from backend.models import Consent, Municipality, User
from backend.services.users import AGE_GROUPS

RESIDENTS = 60


async def seed(now: datetime) -> dict[str, int]:
    rng = random.Random(29)  # Arkhangelsk region code: the same data on every machine
    created = 0
    places = await Municipality.filter(in_public_filters=True).values_list("id", flat=True)
    for number in range(1, RESIDENTS + 1):
        platform = "telegram" if rng.random() < 0.6 else "vk"
        locale = "ru" if rng.random() < 0.9 else "en"
        agreed = rng.random() < 0.85
        since = now - timedelta(days=rng.randint(0, 120), minutes=rng.randint(0, 1439))
        # Bigger towns first in the list, so weight them: most residents live there.
        place = places[min(int(rng.expovariate(0.25)), len(places) - 1)] if places else None
        user, fresh = await User.get_or_create(
            platform=platform, external_id=f"demo-{number:03d}",
            defaults={"locale": locale, "pd_consent": agreed, "is_demo": True,
                      "municipality_id": place if agreed else None,
                      "subscribed": rng.random() < 0.9,
                      "age_group": rng.choice(AGE_GROUPS) if agreed else None},
        )
        if not fresh:
            continue
        created += 1
        await User.filter(id=user.id).update(created_at=since, last_seen_at=since)
        await Consent.create(
            user_id=user.id, purpose=consent.PROCESSING,
            version=consent.VERSIONS[consent.PROCESSING],
            text_hash=consent.text_hash(consent.PROCESSING, locale), locale=locale,
            granted=agreed, channel=platform, evidence="demo",
        )
    return {"residents_created": created, "residents_total": RESIDENTS}


async def reset() -> int:
    """Delete demo rows only."""
    return await User.filter(is_demo=True).delete()
