"""Residents as staff see them: search, card, export on request, anonymization. Journaled."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.models import (
    Application,
    Consent,
    Consultation,
    Municipality,
    ProgramSubscription,
    Registration,
    User,
)
from backend.services import audit, consultations, users
from backend.untrusted import whole

PAGE = 25


@dataclass(frozen=True)
class Resident:
    """A resident as staff see them on a list or a card; name and phone stay out."""

    id: int
    platform: str
    external_id: str
    locale: str | None
    pd_consent: bool | None
    subscribed: bool
    created_at: datetime
    last_seen_at: datetime
    anonymized_at: datetime | None


def _resident(user: User) -> Resident:
    return Resident(user.id, user.platform, user.external_id, user.locale, user.pd_consent,
                    user.subscribed, user.created_at, user.last_seen_at, user.anonymized_at)


@dataclass(frozen=True)
class Card:
    user: Resident
    municipality: str | None
    consents: list[users.ConsentInfo]
    journal: list[audit.Entry]  # on the resident, their applications and their registrations
    events: dict[str, int]  # registration id (as the journal has it) → its event
    consultations: list[int] = ()  # the numbers of their conversations with consultants


async def exists(resident_id: int) -> bool:
    return await User.exists(id=resident_id)


async def find_residents(query: str = "", page: int = 0) -> tuple[int, list[Resident]]:
    """By internal number, or by messenger account id. Newest first."""
    found = User.all()
    query = query.strip()
    if (number := whole(query)) is not None:
        found = found.filter(Q(id=number) | Q(external_id=query))
    elif query:
        found = found.filter(external_id=query)
    total = await found.count()
    rows = await found.order_by("-id").offset(page * PAGE).limit(PAGE)
    return total, [_resident(user) for user in rows]


async def view_card(resident_id: int, *, actor: str, address: str | None) -> Card:
    """A staff member opens a resident's card; the read is journaled in the same transaction."""
    async with in_transaction():
        user = await User.get(id=resident_id)
        consents = await Consent.filter(user_id=resident_id).order_by("-id")
        await audit.log(actor, "pd.viewed", "user", resident_id, address=address)
    # Reads through an application card or an event's list are journaled on the resident's
    # own records there; the card gathers them, so it shows who saw the person, and where.
    applications = await Application.filter(user_id=resident_id).values_list("id", flat=True)
    events = {str(r): e for r, e in await Registration.filter(user_id=resident_id)
              .values_list("id", "event_id")}
    conversations = await Consultation.filter(user_id=resident_id).order_by("-id") \
        .values_list("id", flat=True)
    journal = await audit.list_for_any({"user": [resident_id], "application": applications,
                                        "registration": list(events),
                                        "consultation": conversations})
    return Card(_resident(user), await users.municipality_name(user.municipality_id),
                [users.consent_info(c) for c in consents], journal, events, list(conversations))


async def export(resident_id: int, *, actor: str, address: str | None) -> dict:
    """Everything held about one resident, for their access request (152-FZ art. 14)."""
    async with in_transaction():
        user = await User.get(id=resident_id)
        consents = await Consent.filter(user_id=resident_id).order_by("id")
        applications = await Application.filter(user_id=resident_id).order_by("id") \
            .prefetch_related("program")
        subscriptions = await ProgramSubscription.filter(user_id=resident_id).order_by("id")
        conversations = await consultations.export_of(resident_id)
        await audit.log(actor, "pd.exported", "user", resident_id, address=address)
    return {
        "resident": {
            "id": user.id, "platform": user.platform, "account_id": user.external_id,
            "language": user.locale, "consent_to_processing": user.pd_consent,
            "municipality": await users.municipality_name(user.municipality_id),
            "name": user.full_name, "phone": user.phone, "age_group": user.age_group,
            "mailings": user.subscribed, "first_contact": user.created_at.isoformat(),
            "last_seen": user.last_seen_at.isoformat(),
            "anonymized_at": user.anonymized_at.isoformat() if user.anonymized_at else None,
        },
        "consents": [
            {"purpose": c.purpose, "version": c.version, "text_sha256": c.text_hash,
             "language": c.locale, "granted": c.granted, "channel": c.channel,
             "at": c.created_at.isoformat()}
            for c in consents
        ],
        "applications": [
            {"number": a.id, "kind": a.kind, "program": a.program.code if a.program else None,
             "status": a.status, "at": a.created_at.isoformat()}
            for a in applications
        ],
        "program_subscriptions": [
            {"label": s.label, "query": s.query, "filters": s.filters,
             "since": s.created_at.isoformat()}
            for s in subscriptions
        ],
        "consultations": conversations,
        "exported_at": datetime.now(UTC).isoformat(),
    }


async def anonymize(resident_id: int, *, actor: str, address: str | None) -> None:
    """Forget who the resident is; their answers stay in statistics without an identity."""
    async with in_transaction():
        user = await User.get(id=resident_id).select_for_update()
        if user.anonymized_at:
            raise ServiceError("resident_anonymized")
        await User.filter(id=resident_id).update(
            external_id=f"anonymized-{uuid.uuid4().hex}", anonymized_at=datetime.now(UTC),
            subscribed=False, pd_consent=False, **dict.fromkeys(users.PROFILE_FIELDS))
        await ProgramSubscription.filter(user_id=resident_id).delete()
        await consultations.erase(resident_id)
        await audit.log(actor, "pd.anonymized", "user", resident_id, address=address)


RETENTION_AFTER_WITHDRAWAL = timedelta(days=30)  # 152-FZ art. 21 p. 5


async def destroy_after_withdrawal(now: datetime | None = None) -> list[int]:
    """Anonymize residents who withdrew consent 30 days ago or more. Idempotent; journaled."""
    now = now or datetime.now(UTC)
    withdrawn = await User.filter(pd_consent=False, anonymized_at__isnull=True,
                                  consents__granted=True).distinct().values_list("id", flat=True)
    done = []
    for resident_id in withdrawn:
        latest = await Consent.filter(user_id=resident_id).order_by("-id").first()
        if latest and not latest.granted and latest.created_at <= now - RETENTION_AFTER_WITHDRAWAL:
            await anonymize(resident_id, actor="system:retention", address=None)
            done.append(resident_id)
    return done


@dataclass(frozen=True)
class Overview:
    total: int
    by_channel: dict[str, int]
    by_municipality: list[tuple[str, int]]  # most residents first; None = not given
    by_consent: dict[str, int]
    new_per_week: list[tuple[datetime, int]]


async def overview(now: datetime | None = None, weeks: int = 12) -> Overview:
    """Counts for the dashboard; no personal data."""
    now = now or datetime.now(UTC)
    people = User.filter(anonymized_at__isnull=True)
    by_channel = {row["platform"]: row["n"] for row in
                  await people.annotate(n=Count("id")).group_by("platform")
                  .values("platform", "n")}
    names = dict(await Municipality.all().values_list("id", "name"))
    by_place = await people.annotate(n=Count("id")).group_by("municipality_id") \
        .values("municipality_id", "n")
    by_municipality = sorted(((names.get(row["municipality_id"]), row["n"]) for row in by_place),
                             key=lambda item: (-item[1], item[0] is None, item[0] or ""))
    by_consent = {"given": await people.filter(pd_consent=True).count(),
                  "refused": await people.filter(pd_consent=False).count(),
                  "not_asked": await people.filter(pd_consent__isnull=True).count()}
    start = (now - timedelta(days=now.weekday())).replace(hour=0, minute=0, second=0,
                                                           microsecond=0)
    starts = [start - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]
    created = await people.filter(created_at__gte=starts[0]).values_list("created_at", flat=True)
    counts = [sum(1 for c in created if s <= c < s + timedelta(weeks=1)) for s in starts]
    weekly = list(zip(starts, counts, strict=True))
    return Overview(sum(by_channel.values()), by_channel, by_municipality, by_consent, weekly)
