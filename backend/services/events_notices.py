"""What events tell residents: a freed seat, a decision, reminders, after the event, and
staff's message to everyone registered. Each notice is queued once (its outbox key)."""

from __future__ import annotations

from datetime import datetime, timedelta

from tortoise.transactions import in_transaction

from backend import i18n
from backend.errors import ServiceError
from backend.events.rules import ACTIVE
from backend.models import Event, Registration, User
from backend.services import audit, outbox

AFTER_WINDOW = timedelta(days=3)  # past events still get their after-message this long
REMINDER_HORIZON = timedelta(hours=168)  # the earliest reminder an event may ask for
DEFAULT_LOCALE = "ru"

OFFER = i18n.N_("A seat has come free for you at «{title}». It is yours if you confirm by "
                "{until}.")
TAKE_SEAT = i18n.N_("✅ Take the seat")
APPROVED = i18n.N_("Your registration for «{title}» is approved. See you there!")
DECLINED = i18n.N_("Sorry, your registration for «{title}» was not approved.")
REMINDER = i18n.N_("Reminder: «{title}» starts {when}. {place}")
THANKS = i18n.N_("Thank you for coming to «{title}»! We hope it was useful.")
THANKS_SURVEY = i18n.N_("Thank you for coming to «{title}»! Tell us how it went: {url}")
MISSED = i18n.N_("We missed you at «{title}». Other events are in /events — come next time!")
MY_TICKET = i18n.N_("🎟 My ticket")


async def notify(user_id: int, message: str, key: str, params: dict, *,
                 until: datetime | None = None, button: tuple[str, str] | None = None,
                 essential: bool = True) -> bool:
    """Queue a notice in the resident's language, if they can and may be written to."""
    user = await User.get(id=user_id)
    if user.platform not in outbox.MESSENGERS or user.anonymized_at or not user.pd_consent:
        return False
    if not essential and not user.subscribed:  # /stop: only what the resident must know
        return False
    locale = user.locale or DEFAULT_LOCALE
    if until is not None:
        params = {**params, "until": i18n.local_datetime(until, locale)}
    text = i18n.gettext(locale, message).format(**params)
    link = {"label": i18n.gettext(locale, button[0]), "link": button[1]} if button else None
    return await outbox.enqueue(user.platform, user.external_id, text, key, user_id=user.id,
                                button=link)


async def send_reminders(now: datetime) -> int:
    """For each coming event, the latest reminder that is due, once per registration."""
    queued = 0
    for event in await Event.filter(status="published", starts_at__gt=now,
                                    starts_at__lte=now + REMINDER_HORIZON):
        due = [h for h in event.reminder_hours if now >= event.starts_at - timedelta(hours=h)]
        if not due:
            continue
        hours = min(due)
        for registration in await Registration.filter(event_id=event.id, status="confirmed"):
            user = await User.get(id=registration.user_id)
            locale = user.locale or DEFAULT_LOCALE
            place = event.venue or event.online_url
            queued += await notify(
                registration.user_id, REMINDER, f"reminder:{registration.id}:{hours}",
                {"title": event.title, "when": i18n.local_datetime(event.starts_at, locale),
                 "place": place}, button=(MY_TICKET, f"myevents-r{registration.id}"))
    return queued


async def after_events(now: datetime) -> int:
    """A thank-you to those who came (with the survey), a kind word to those who did not."""
    queued = 0
    for event in await Event.filter(status="published", ends_at__lte=now,
                                    ends_at__gt=now - AFTER_WINDOW):
        for registration in await Registration.filter(event_id=event.id, status="confirmed"):
            if registration.checked_in_at:
                message = THANKS_SURVEY if event.survey_url else THANKS
            else:
                message = MISSED
            queued += await notify(registration.user_id, message, f"after:{registration.id}",
                                    {"title": event.title, "url": event.survey_url},
                                    essential=False)
    return queued


async def message_registrants(event_id: int, text: str, *, actor: str, now: datetime) -> int:
    """Staff write to everyone registered or waiting (an essential message, e.g. a change)."""
    text = text.strip()
    if not 1 <= len(text) <= 2000:
        raise ServiceError("message_length")
    queued = 0
    stamp = int(now.timestamp())
    async with in_transaction():
        for registration in await Registration.filter(event_id=event_id, status__in=ACTIVE) \
                .prefetch_related("user"):
            user = registration.user
            if user.platform in outbox.MESSENGERS and user.pd_consent and not user.anonymized_at:
                queued += await outbox.enqueue(user.platform, user.external_id, text,
                                               f"event-message:{event_id}:{stamp}:{user.id}",
                                               user_id=user.id)
        await audit.log(actor, "event.messaged", "event", event_id)
    return queued
