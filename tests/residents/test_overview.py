"""Dashboard figures on a known set of residents."""

from datetime import UTC, datetime, timedelta

from backend.models import Municipality, User
from backend.services import residents


async def test_overview_counts_channels_consents_places_and_weeks(mode):
    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)  # a Thursday
    kotlas = await Municipality.get(name="Котлас")
    velsk = await Municipality.get(name="Вельский")
    rows = [("telegram", True, kotlas.id, 0), ("telegram", True, kotlas.id, 8),
            ("vk", False, None, 1), ("vk", None, velsk.id, 15), ("telegram", True, None, 100)]
    for n, (platform, consent, place, days_ago) in enumerate(rows):
        user = await User.create(platform=platform, external_id=str(n), pd_consent=consent,
                                 municipality_id=place)
        await User.filter(id=user.id).update(created_at=now - timedelta(days=days_ago))
    gone = await User.create(platform="vk", external_id="x", anonymized_at=now)
    assert gone.id
    overview = await residents.overview(now, weeks=4)
    assert overview.total == 5
    assert overview.by_channel == {"telegram": 3, "vk": 2}
    assert overview.by_consent == {"given": 3, "refused": 1, "not_asked": 1}
    assert overview.by_municipality == [("Котлас", 2), (None, 2), ("Вельский", 1)]
    assert [count for _, count in overview.new_per_week] == [0, 1, 1, 2]


async def test_data_is_destroyed_30_days_after_consent_is_withdrawn(mode):
    from backend.models import AuditEvent, Consent
    from backend.services import users

    now = datetime.now(UTC)
    withdrew_long_ago = await User.create(platform="vk", external_id="a")
    withdrew_recently = await User.create(platform="vk", external_id="b")
    refused_at_once = await User.create(platform="vk", external_id="c")
    for person in (withdrew_long_ago, withdrew_recently):
        await users.record_consent(person.id, "processing", True, locale="ru", channel="vk",
                                   evidence=None)
        await users.record_consent(person.id, "processing", False, locale="ru", channel="vk",
                                   evidence=None)
    await users.record_consent(refused_at_once.id, "processing", False, locale="ru",
                               channel="vk", evidence=None)
    await Consent.filter(user_id=withdrew_long_ago.id).update(
        created_at=now - timedelta(days=31))
    assert await residents.destroy_after_withdrawal(now) == [withdrew_long_ago.id]
    assert await residents.destroy_after_withdrawal(now) == []  # once is enough
    assert (await User.get(id=withdrew_long_ago.id)).external_id.startswith("anonymized-")
    assert (await User.get(id=withdrew_recently.id)).external_id == "b"
    assert (await User.get(id=refused_at_once.id)).external_id == "c"
    assert await AuditEvent.filter(actor="system:retention", action="pd.anonymized").count() == 1
