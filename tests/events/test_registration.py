"""Registration rules: capacity under concurrency, one per person, the waiting list, offers."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from backend.errors import ServiceError
from backend.models import AuditEvent, Event, OutboxMessage, Registration
from backend.services import events, events_notices
from tests.events.helpers import NOW, make_event, make_residents


async def test_two_hundred_at_once_for_fifty_seats(pg):
    event = await make_event(capacity=50)
    people = await make_residents(200)
    outcomes = await asyncio.gather(*(
        events.register(event.id, person.id, channel="telegram", now=NOW) for person in people))
    statuses = [o.registration.status for o in outcomes]
    assert statuses.count("confirmed") == 50 and statuses.count("waiting") == 150
    assert (await Event.get(id=event.id)).taken == 50
    assert await Registration.filter(event_id=event.id, status="confirmed").count() == 50
    positions = [o.position for o in outcomes if o.registration.status == "waiting"]
    assert positions == [1] * 150  # all joined at the same moment: nobody is ahead
    tickets = {o.registration.ticket for o in outcomes}
    assert len(tickets) == 200 and all(len(t) == 16 for t in tickets)


async def test_the_same_person_twice_at_once_holds_one_registration(pg):
    event = await make_event(capacity=5)
    (person,) = await make_residents(1)
    outcomes = await asyncio.gather(*(
        events.register(event.id, person.id, channel="vk", now=NOW) for _ in range(10)))
    assert sum(o.new for o in outcomes) == 1
    assert await Registration.filter(event_id=event.id).count() == 1
    assert (await Event.get(id=event.id)).taken == 1


async def test_a_freed_seat_is_offered_in_turn_and_expires_to_the_next(mode):
    event = await make_event(capacity=1, offer_hours=24)
    first, second, third = await make_residents(3)
    holder = (await events.register(event.id, first.id, channel="telegram", now=NOW))
    await events.register(event.id, second.id, channel="telegram", now=NOW)
    waiting = await events.register(event.id, third.id, channel="telegram",
                                    now=NOW + timedelta(minutes=1))
    assert waiting.position == 2
    await events.cancel(holder.registration.id, first.id, now=NOW + timedelta(hours=1))
    offered = await Registration.get(event_id=event.id, user_id=second.id)
    assert offered.status == "offered"
    assert offered.offer_until == NOW + timedelta(hours=25)
    notice = await OutboxMessage.get(user_id=second.id)
    assert "место" in notice.text and notice.button["link"] == f"myevents-r{offered.id}"
    assert await events.expire_offers(NOW + timedelta(hours=24)) == 0  # not yet
    assert await events.expire_offers(NOW + timedelta(hours=26)) == 1
    assert await events.expire_offers(NOW + timedelta(hours=26)) == 0  # once
    assert (await Registration.get(id=offered.id)).status == "expired"
    third_row = await Registration.get(event_id=event.id, user_id=third.id)
    assert third_row.status == "offered"
    confirmed = await events.confirm_offer(third_row.id, third.id, now=NOW + timedelta(hours=27))
    assert confirmed.status == "confirmed" and (await Event.get(id=event.id)).taken == 1


async def test_cancellation_deadline_and_an_offer_too_late(mode):
    event = await make_event(capacity=1)
    first, second = await make_residents(2)
    held = await events.register(event.id, first.id, channel="telegram", now=NOW)
    with pytest.raises(ServiceError) as late:
        await events.cancel(held.registration.id, first.id,
                            now=event.cancellation_deadline + timedelta(minutes=1))
    assert late.value.code == "cancellation_closed"
    waiting = await events.register(event.id, second.id, channel="telegram", now=NOW)
    await events.cancel(held.registration.id, first.id, now=NOW)
    with pytest.raises(ServiceError) as expired:
        await events.confirm_offer(waiting.registration.id, second.id,
                                   now=NOW + timedelta(days=2))
    assert expired.value.code == "offer_expired"


async def test_deadlines_age_and_approval(mode):
    closed = await make_event(registration_deadline=NOW - timedelta(minutes=1))
    adults = await make_event(min_age=18)
    approved = await make_event(capacity=1, approval_required=True)
    pupil, adult, other = await make_residents(3)
    await pupil.__class__.filter(id=pupil.id).update(age_group="14-17")
    with pytest.raises(ServiceError) as too_late:
        await events.register(closed.id, adult.id, channel="vk", now=NOW)
    assert too_late.value.code == "registration_closed"
    with pytest.raises(ServiceError) as too_young:
        await events.register(adults.id, pupil.id, channel="vk", now=NOW)
    assert too_young.value.code == "event_age" and too_young.value.params["ages"] == "18+"
    pending = await events.register(approved.id, adult.id, channel="vk", now=NOW)
    assert pending.registration.status == "pending"
    waiting = await events.register(approved.id, other.id, channel="vk", now=NOW)
    await events.decide(pending.registration.id, False, actor="staff:1", now=NOW)
    assert (await Registration.get(id=waiting.registration.id)).status == "offered"
    assert await AuditEvent.filter(action="event.declined").count() == 1


async def test_check_in_once_and_a_second_scan_says_so(mode):
    event = await make_event()
    (person,) = await make_residents(1)
    ticket = (await events.register(event.id, person.id, channel="vk", now=NOW)).registration
    first = await events.check_in(ticket.ticket, event_id=event.id, actor="staff:1",
                                  now=event.starts_at)
    again = await events.check_in(ticket.ticket, event_id=event.id, actor="staff:1",
                                  now=event.starts_at + timedelta(minutes=5))
    assert not first.already and again.already
    assert again.registration.checked_in_at == event.starts_at
    other = await make_event()
    with pytest.raises(ServiceError):
        await events.check_in(ticket.ticket, event_id=other.id, actor="staff:1", now=NOW)
    with pytest.raises(ServiceError):
        await events.check_in("guessed-code", event_id=event.id, actor="staff:1", now=NOW)
    assert await AuditEvent.filter(action="event.checked_in").count() == 1


async def test_reminders_once_and_after_the_event_respecting_stop(mode):
    event = await make_event(reminder_hours=[24, 2], survey_url="https://example.org/s")
    came, missed, stopped = await make_residents(3)
    await stopped.__class__.filter(id=stopped.id).update(subscribed=False)
    for person in (came, missed, stopped):
        await events.register(event.id, person.id, channel="telegram", now=NOW)
    day_before = event.starts_at - timedelta(hours=23)
    assert await events_notices.send_reminders(day_before) == 3  # reminders are essential
    assert await events_notices.send_reminders(day_before + timedelta(minutes=10)) == 0
    assert await events_notices.send_reminders(event.starts_at - timedelta(hours=1)) == 3
    registration = await Registration.get(user_id=came.id)
    await events.check_in(registration.ticket, event_id=event.id, actor="staff:1",
                          now=event.starts_at)
    after = event.ends_at + timedelta(hours=1)
    assert await events_notices.after_events(after) == 2  # not to the one who sent /stop
    assert await events_notices.after_events(after) == 0
    thanks = await OutboxMessage.get(key=f"after:{registration.id}")
    assert "https://example.org/s" in thanks.text
    missed_row = await Registration.get(user_id=missed.id)
    assert "/events" in (await OutboxMessage.get(key=f"after:{missed_row.id}")).text
