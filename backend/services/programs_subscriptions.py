"""Residents subscribe to a search and hear of new programs that match it.

A scheduled task looks at programs first published since each subscription was last
checked; the notices and the new check time are written in one transaction, and each notice
has a key, so a second worker or a rerun cannot send one twice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from backend import i18n
from backend.errors import ServiceError
from backend.models import Program, ProgramSubscription, User
from backend.services import audit, outbox
from backend.services.programs import ProgramInfo
from backend.services.programs_search import Filters, find_programs

MAX_PER_USER = 10
PER_NOTICE = 3
DEFAULT_LOCALE = "ru"
NOTICE = i18n.N_("New program for your alert «{label}»: {title}")
OPEN = i18n.N_("Open")


async def subscribe(user_id: int, query: str, filters: Filters, *, label: str, channel: str,
                    now: datetime | None = None) -> bool:
    """True if new; False if the resident already follows this search."""
    query = " ".join(query.split())[:200]
    async with in_transaction():
        user = await User.get(id=user_id).select_for_update()
        if not user.pd_consent:
            raise ServiceError("consent_required")
        followed = await ProgramSubscription.filter(user_id=user_id)
        if any(s.query == query and s.filters == filters.as_json() for s in followed):
            return False
        if len(followed) >= MAX_PER_USER:
            raise ServiceError("too_many_subscriptions", limit=MAX_PER_USER)
        subscription = await ProgramSubscription.create(
            user_id=user_id, query=query, label=label[:200], filters=filters.as_json(),
            checked_until=now or datetime.now(UTC))
        await audit.log(f"user:{user_id}", "subscription.created", "program_subscription",
                        subscription.id, channel=channel)
    return True


@dataclass(frozen=True)
class Subscription:
    """A search a resident follows, by the label they saw it under."""

    id: int
    label: str
    filters: dict = field(default_factory=dict)  # as Filters.as_json gives them


async def of_user(user_id: int) -> list[Subscription]:
    found = await ProgramSubscription.filter(user_id=user_id).order_by("id")
    return [Subscription(s.id, s.label, dict(s.filters or {})) for s in found]


async def unsubscribe(user_id: int, subscription_id: int, *, channel: str) -> None:
    async with in_transaction():
        deleted = await ProgramSubscription.filter(id=subscription_id, user_id=user_id).delete()
        if deleted:
            await audit.log(f"user:{user_id}", "subscription.deleted", "program_subscription",
                            subscription_id, channel=channel)


async def notify(now: datetime | None = None) -> int:
    """Queue a notice for each subscription with new matching programs; returns how many."""
    now = now or datetime.now(UTC)
    queued = 0
    subscriptions = await ProgramSubscription.filter(checked_until__lt=now) \
        .prefetch_related("user")
    for subscription in subscriptions:
        fresh = await Program.filter(
            status="published", published_at__gt=subscription.checked_until,
            published_at__lte=now).values_list("id", flat=True)
        user = subscription.user
        found: list[ProgramInfo] = []
        if fresh and user.subscribed and user.pd_consent and user.platform in outbox.MESSENGERS:
            _, found = await find_programs(subscription.query,
                                           Filters.from_json(subscription.filters),
                                           limit=PER_NOTICE, within=list(fresh),
                                           today=now.date())
        locale = user.locale or DEFAULT_LOCALE
        async with in_transaction():
            for program in found:
                text = i18n.gettext(locale, NOTICE).format(label=subscription.label,
                                                           title=program.title)
                queued += await outbox.enqueue(
                    user.platform, user.external_id, text,
                    f"subscription:{subscription.id}:{program.id}", user_id=user.id,
                    button={"label": i18n.gettext(locale, OPEN), "link": f"courses-p{program.id}"})
            await ProgramSubscription.filter(id=subscription.id).update(checked_until=now)
    return queued
