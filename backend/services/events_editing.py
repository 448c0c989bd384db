"""Staff create and edit events: the domain's rules for a draft, and the events they may see."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from tortoise.transactions import in_transaction

from backend.events.values import Choice, EventDraft, EventInfo, event_info
from backend.models import Competency, Event, Municipality
from backend.programs.rules import URL
from backend.services import audit, events

STATUSES = ("draft", "published", "cancelled")
Problems = dict[str, tuple[str, dict]]
NEEDED = ("starts_at", "ends_at", "registration_deadline", "cancellation_deadline", "capacity",
          "offer_hours")


async def get_event(event_id: int, organization_id: int | None = None) -> EventInfo | None:
    """The event, if staff of this organization may see it (None: every event)."""
    found = Event.filter(id=event_id)
    if organization_id is not None:
        found = found.filter(organization_id=organization_id)
    event = await found.first()
    return event_info(event) if event else None


async def list_events(organization_id: int | None, *, now: datetime, past: bool
                      ) -> list[EventInfo]:
    """Events by their start; without `past`, only those that have not ended."""
    found = Event.all()
    if organization_id is not None:
        found = found.filter(organization_id=organization_id)
    if not past:
        found = found.filter(ends_at__gt=now)
    return [event_info(e) for e in await found.order_by("starts_at")]


async def list_competencies() -> list[Choice]:
    return [Choice(c.id, c.name) for c in await Competency.all().order_by("name")]


async def check(draft: EventDraft, event_id: int | None = None) -> Problems:
    """What breaks the rules, by field (nothing is saved)."""
    event = await Event.get_or_none(id=event_id) if event_id is not None else None
    return await _problems(draft, event.taken if event else 0)


async def save(draft: EventDraft, *, actor: str, event_id: int | None = None,
               organization_id: int | None = None) -> tuple[EventInfo | None, Problems]:
    """Create or update the event if the draft keeps the rules; journaled."""
    async with in_transaction():
        event = None
        if event_id is not None:
            event = await Event.filter(id=event_id).select_for_update().first()
        problems = await _problems(draft, event.taken if event else 0)
        problems.update({name: ("required", {}) for name in NEEDED
                         if getattr(draft, name) is None and name not in problems})
        if problems:
            return None, problems
        values = {**asdict(draft), "questions": list(draft.questions),
                  "questions_en": list(draft.questions_en),
                  "reminder_hours": sorted(set(draft.reminder_hours), reverse=True)}
        if event is None:
            event = await Event.create(organization_id=organization_id, **values)
        else:
            await Event.filter(id=event.id).update(**values)
        await audit.log(actor, "event.saved", "event", event.id)
    return event_info(await Event.get(id=event.id)), {}


async def _problems(draft: EventDraft, taken: int) -> Problems:
    problems: Problems = {}
    if draft.kind not in events.KINDS:
        problems["kind"] = ("unknown", {})
    if draft.status not in STATUSES:
        problems["status"] = ("unknown", {})
    if not draft.title:
        problems["title"] = ("required", {})
    for name in ("online_url", "survey_url"):
        if getattr(draft, name) and not URL.match(getattr(draft, name)):
            problems[name] = ("bad_url", {})
    if draft.municipality_id and not await Municipality.exists(id=draft.municipality_id):
        problems["municipality"] = ("unknown", {})
    if draft.competency_id and not await Competency.exists(id=draft.competency_id):
        problems["competency"] = ("unknown", {})
    if draft.municipality_id is None and not draft.online_url:
        problems["municipality"] = ("place", {})
    return {**problems, **_time_problems(draft), **_number_problems(draft, taken)}


def _time_problems(draft: EventDraft) -> Problems:
    problems: Problems = {}
    starts, ends = draft.starts_at, draft.ends_at
    if starts and ends and ends <= starts:
        problems["ends_at"] = ("ends_before", {})
    for name in ("registration_deadline", "cancellation_deadline"):
        if starts and getattr(draft, name) and getattr(draft, name) > starts:
            problems[name] = ("after_start", {})
    return problems


def _number_problems(draft: EventDraft, taken: int) -> Problems:
    problems: Problems = {}
    if draft.capacity is not None and draft.capacity < max(taken, 1):
        problems["capacity"] = ("capacity", {"taken": taken})
    if not 14 <= (draft.min_age or 14) <= (draft.max_age or 99) <= 99:
        problems["min_age"] = ("ages", {})
    if draft.offer_hours is not None and not 1 <= draft.offer_hours <= 168:
        problems["offer_hours"] = ("hours", {})
    if any(not 1 <= h <= 168 for h in draft.reminder_hours):
        problems["reminder_hours"] = ("hours", {})
    if len(draft.questions) > 10 or any(len(q) > 200 for q in draft.questions):
        problems["questions"] = ("questions", {})
    if draft.questions_en and (len(draft.questions_en) != len(draft.questions)
                               or any(len(q) > 200 for q in draft.questions_en)):
        problems["questions_en"] = ("questions_en", {})
    return problems
