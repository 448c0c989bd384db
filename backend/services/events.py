"""Events and registrations: seats never overbooked, a waiting list, offers, check-in.

The seat count lives on the event row and moves only by conditional UPDATEs inside the
registration's transaction (`taken < capacity`): on PostgreSQL concurrent registrations queue
on the row and each re-checks the condition, so no interleaving can pass the capacity. One
row per resident and event (a unique pair) keeps a person to one registration.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.events import rules
from backend.events.values import (
    EventInfo,
    RegistrationInfo,
    event_info,
    registration_info,
)
from backend.models import Event, Registration, User
from backend.services import audit
from backend.services.events_notices import APPROVED, DECLINED, OFFER, TAKE_SEAT, notify
from backend.services.users import AGE_GROUPS

KINDS, HOLDING, ACTIVE = rules.KINDS, rules.HOLDING, rules.ACTIVE  # dialogs read them here


def new_ticket() -> str:
    return secrets.token_urlsafe(12)  # 96 random bits: not guessable


def age_fits(group: str | None, event: Event | EventInfo) -> bool:
    """Whether an age group can be in the event's age range (unknown: the range decides)."""
    if group is None or group not in AGE_GROUPS:
        return True
    low, _, high = group.replace("+", "-200").partition("-")
    return not ((event.min_age and int(high) < event.min_age)
                or (event.max_age and int(low) > event.max_age))


def ages(event: Event | EventInfo) -> str:
    """"14–17", "18+" or "" for an event's age range."""
    if event.min_age and event.max_age:
        return f"{event.min_age}–{event.max_age}"
    if event.min_age:
        return f"{event.min_age}+"
    return f"0–{event.max_age}" if event.max_age else ""


async def upcoming(now: datetime, municipality_id: int | None = None, kind: str = "",
                   online: bool = False) -> list[EventInfo]:
    """Published events that have not started, soonest first."""
    found = Event.filter(status="published", starts_at__gt=now)
    if online:
        found = found.filter(municipality_id__isnull=True)
    elif municipality_id is not None:
        found = found.filter(municipality_id=municipality_id)
    if kind:
        found = found.filter(kind=kind)
    return [event_info(e) for e in await found.order_by("starts_at", "id")]


async def published_or_cancelled_event(event_id: int) -> EventInfo | None:
    """An event residents may be shown (a cancelled one says so), never a draft."""
    event = await Event.get_or_none(id=event_id, status__in=("published", "cancelled"))
    return event_info(event) if event else None


@dataclass(frozen=True)
class Outcome:
    registration: RegistrationInfo
    new: bool
    position: int | None = None  # in the waiting list


async def register(event_id: int, user_id: int, *, channel: str, now: datetime,
                   answers: list[str] | None = None) -> Outcome:
    """A seat if one is free (or approval is awaited), else the waiting list."""
    try:
        async with in_transaction():
            return await _register(event_id, user_id, channel, now, answers or [])
    except IntegrityError:  # the same resident's second attempt raced the first
        existing = await Registration.get(event_id=event_id, user_id=user_id)
        return Outcome(registration_info(existing), False, await position(existing))


async def _register(event_id: int, user_id: int, channel: str, now: datetime,
                    answers: list[str]) -> Outcome:
    user = await User.get(id=user_id)
    if not user.pd_consent:
        raise ServiceError("consent_required")
    if not (user.full_name and user.phone):
        raise ServiceError("contact_required")
    event = await Event.get_or_none(id=event_id, status="published")
    if event is None or event.starts_at <= now:
        raise ServiceError("event_unavailable")
    if now > event.registration_deadline:
        raise ServiceError("registration_closed")
    if not age_fits(user.age_group, event):
        raise ServiceError("event_age", ages=ages(event))
    existing = await Registration.get_or_none(event_id=event_id, user_id=user_id)
    if existing and existing.status in ACTIVE:
        return Outcome(registration_info(existing), False, await position(existing))
    seat = await Event.filter(id=event_id, taken__lt=F("capacity")).update(
        taken=F("taken") + 1)
    if seat:
        status, waiting_since = ("pending" if event.approval_required else "confirmed"), None
    else:
        status, waiting_since = "waiting", now
    values = {"status": status, "answers": answers, "channel": channel,
              "waiting_since": waiting_since, "offer_until": None, "checked_in_at": None}
    if existing:  # cancelled or declined before: the same row again, with a new ticket
        await Registration.filter(id=existing.id).update(ticket=new_ticket(), **values)
        registration = await Registration.get(id=existing.id)
    else:
        registration = await Registration.create(event_id=event_id, user_id=user_id,
                                                 ticket=new_ticket(), **values)
    await audit.log(f"user:{user_id}", f"event.{status}", "registration", registration.id,
                    channel=channel)
    return Outcome(registration_info(registration), True, await position(registration))


async def position(registration: Registration | RegistrationInfo) -> int | None:
    """The place in the waiting list (from 1), or None if not waiting."""
    if registration.status != "waiting":
        return None
    ahead = await Registration.filter(event_id=registration.event_id, status="waiting",
                                      waiting_since__lt=registration.waiting_since).count()
    return ahead + 1


def _with_event(registration: Registration) -> RegistrationInfo:
    return registration_info(registration, event_info(registration.event))


async def coming_registrations(user_id: int, now: datetime) -> list[RegistrationInfo]:
    """The resident's active registrations for events that have not ended, soonest first."""
    return [_with_event(r) for r in await Registration.filter(
        user_id=user_id, status__in=ACTIVE, event__ends_at__gt=now).order_by(
        "event__starts_at").prefetch_related("event")]


async def active_registration(event_id: int, user_id: int) -> RegistrationInfo | None:
    registration = await Registration.get_or_none(event_id=event_id, user_id=user_id,
                                                  status__in=ACTIVE)
    return registration_info(registration) if registration else None


async def registration_of(registration_id: int, user_id: int) -> RegistrationInfo | None:
    """The resident's own registration with its event, whatever its status."""
    registration = await Registration.get_or_none(id=registration_id, user_id=user_id) \
        .prefetch_related("event")
    return _with_event(registration) if registration else None


async def cancel(registration_id: int, user_id: int, *, now: datetime) -> None:
    async with in_transaction():
        registration = await Registration.filter(id=registration_id, user_id=user_id) \
            .select_for_update().first()
        if registration is None or registration.status not in ACTIVE:
            raise ServiceError("registration_not_active")
        event = await Event.get(id=registration.event_id)
        if now > event.cancellation_deadline:
            raise ServiceError("cancellation_closed")
        await Registration.filter(id=registration_id).update(status="cancelled")
        await audit.log(f"user:{user_id}", "event.cancelled", "registration", registration_id)
        if registration.status in HOLDING:
            await _free_seat(event, now)


async def _free_seat(event: Event, now: datetime) -> None:
    """A seat came free: offer it to the first in line, or give it back to the pool."""
    if event.starts_at <= now:
        await Event.filter(id=event.id).update(taken=F("taken") - 1)
        return
    first = await Registration.filter(event_id=event.id, status="waiting").order_by(
        "waiting_since", "id").select_for_update().first()
    if first is None:
        await Event.filter(id=event.id).update(taken=F("taken") - 1)
        return
    until = min(now + timedelta(hours=event.offer_hours), event.starts_at)
    await Registration.filter(id=first.id).update(status="offered", offer_until=until)
    await audit.log("system", "event.offered", "registration", first.id)
    await notify(first.user_id, OFFER, f"offer:{first.id}:{int(until.timestamp())}",
                  {"title": event.title}, until=until,
                  button=(TAKE_SEAT, f"myevents-r{first.id}"))


async def confirm_offer(registration_id: int, user_id: int, *, now: datetime
                        ) -> RegistrationInfo:
    """The resident takes the seat offered to them, while the offer lasts."""
    async with in_transaction():
        changed = await Registration.filter(
            id=registration_id, user_id=user_id, status="offered", offer_until__gt=now
        ).update(status="confirmed", offer_until=None)
        if not changed:
            raise ServiceError("offer_expired")
        await audit.log(f"user:{user_id}", "event.confirmed", "registration", registration_id)
    return _with_event(await Registration.get(id=registration_id).prefetch_related("event"))


async def expire_offers(now: datetime) -> int:
    """Offers not taken in time pass to the next in line. Safe with two workers."""
    expired = 0
    for registration in await Registration.filter(status="offered", offer_until__lte=now):
        async with in_transaction():
            changed = await Registration.filter(id=registration.id, status="offered") \
                .update(status="expired", offer_until=None)
            if not changed:
                continue  # another worker took it
            await audit.log("system", "event.offer_expired", "registration", registration.id)
            await _free_seat(await Event.get(id=registration.event_id), now)
            expired += 1
    return expired


async def decide(registration_id: int, approve: bool, *, actor: str, now: datetime) -> None:
    """Staff approve or decline a registration awaiting approval."""
    async with in_transaction():
        registration = await Registration.filter(id=registration_id, status="pending") \
            .select_for_update().first()
        if registration is None:
            raise ServiceError("registration_not_pending")
        status = "confirmed" if approve else "declined"
        await Registration.filter(id=registration_id).update(status=status)
        await audit.log(actor, f"event.{status}", "registration", registration_id)
        event = await Event.get(id=registration.event_id)
        message = APPROVED if approve else DECLINED
        await notify(registration.user_id, message, f"decided:{registration_id}",
                      {"title": event.title})
        if not approve:
            await _free_seat(event, now)


@dataclass(frozen=True)
class CheckIn:
    registration: RegistrationInfo
    full_name: str | None  # whom staff greet at the door
    already: bool  # a second scan


async def check_in(code: str, *, event_id: int, actor: str, now: datetime,
                   address: str | None = None) -> CheckIn:
    """Mark a ticket as come in; a second scan says when it was first. Both show the person's
    name, so both are journaled."""
    async with in_transaction():
        registration = await Registration.get_or_none(ticket=code.strip(), event_id=event_id)
        if registration is None or registration.status != "confirmed":
            raise ServiceError("ticket_not_valid")
        marked = await Registration.filter(id=registration.id, checked_in_at__isnull=True) \
            .update(checked_in_at=now)
        await audit.log(actor, "event.checked_in" if marked else "event.checked_in_again",
                        "registration", registration.id, address=address)
    registration = await Registration.get(id=registration.id).prefetch_related("user")
    return CheckIn(registration_info(registration), registration.user.full_name, not marked)
