"""Staff create and run events: the form's rules, the registrations list, its export."""

from __future__ import annotations

import re
from datetime import datetime

from tortoise.transactions import in_transaction

from backend.i18n import N_, TIMEZONE
from backend.models import Competency, Event, Municipality, Registration
from backend.programs.rules import URL
from backend.services import audit, events
from backend.untrusted import whole

STATUSES = ("draft", "published", "cancelled")
FIELDS = ("kind", "title", "description", "audience", "municipality", "competency", "venue",
          "online_url",
          "starts_at", "ends_at", "capacity", "registration_deadline", "cancellation_deadline",
          "min_age", "max_age", "approval_required", "questions", "reminder_hours",
          "offer_hours", "survey_url", "status")
MESSAGES = {
    "required": N_("this field is required"),
    "bad_moment": N_("a date and time are expected"),
    "bad_number": N_("a whole number is expected"),
    "ends_before": N_("the end is before the start"),
    "after_start": N_("this deadline is after the start"),
    "capacity": N_("at least one seat, and not fewer than are taken ({taken})"),
    "ages": N_("ages are from 14 to 99, the lowest first"),
    "place": N_("choose a municipality, or give an online link"),
    "bad_url": N_("a link starts with http:// or https://"),
    "hours": N_("whole hours from 1 to 168, separated by commas"),
    "questions": N_("at most 10 questions of up to 200 characters, one per line"),
    "unknown": N_("choose one of the options"),
}


def local_input(moment: datetime | None) -> str:
    """A moment as the form's datetime-local field shows it (Arkhangelsk time)."""
    return moment.astimezone(TIMEZONE).strftime("%Y-%m-%dT%H:%M") if moment else ""


def form_of(event: Event) -> dict[str, str]:
    values = {name: getattr(event, name) for name in FIELDS if hasattr(event, name)}
    for name in ("starts_at", "ends_at", "registration_deadline", "cancellation_deadline"):
        values[name] = local_input(getattr(event, name))
    values.update(municipality=str(event.municipality_id or ""),
                  competency=str(event.competency_id or ""),
                  min_age=str(event.min_age or ""), max_age=str(event.max_age or ""),
                  questions="\n".join(event.questions),
                  reminder_hours=", ".join(str(h) for h in event.reminder_hours),
                  approval_required="yes" if event.approval_required else "")
    return {k: "" if v is None else str(v) for k, v in values.items()}


async def parse(form: dict[str, str], taken: int = 0) -> tuple[dict, dict[str, tuple[str, dict]]]:
    """Model values from the form, and the problems by field."""
    problems: dict[str, tuple[str, dict]] = {}
    values: dict = {}

    def text(name: str, limit: int, required: bool = False) -> str:
        value = form.get(name, "").strip()[:limit]
        if required and not value:
            problems[name] = ("required", {})
        return value

    def moment(name: str) -> datetime | None:
        try:
            return datetime.strptime(form.get(name, ""), "%Y-%m-%dT%H:%M").replace(
                tzinfo=TIMEZONE)
        except ValueError:
            problems[name] = ("bad_moment", {})
            return None

    def number(name: str, required: bool = True) -> int | None:
        raw = form.get(name, "").strip()
        if not raw and not required:
            return None
        if (value := whole(raw)) is None:
            problems[name] = ("bad_number", {})
        return value

    values["kind"] = form.get("kind", "")
    if values["kind"] not in events.KINDS:
        problems["kind"] = ("unknown", {})
    values["status"] = form.get("status", "draft")
    if values["status"] not in STATUSES:
        problems["status"] = ("unknown", {})
    values["title"] = text("title", 200, required=True)
    values["description"] = text("description", 4000)
    values["audience"] = text("audience", 200)
    values["venue"] = text("venue", 300)
    values["online_url"] = text("online_url", 500)
    values["survey_url"] = text("survey_url", 500)
    for name in ("online_url", "survey_url"):
        if values[name] and not URL.match(values[name]):
            problems[name] = ("bad_url", {})
    values["municipality_id"] = whole(form.get("municipality", ""))
    if values["municipality_id"] and not await Municipality.exists(id=values["municipality_id"]):
        problems["municipality"] = ("unknown", {})
    values["competency_id"] = whole(form.get("competency", ""))
    if values["competency_id"] and not await Competency.exists(id=values["competency_id"]):
        problems["competency"] = ("unknown", {})
    if values["municipality_id"] is None and not values["online_url"]:
        problems["municipality"] = ("place", {})
    for name in ("starts_at", "ends_at", "registration_deadline", "cancellation_deadline"):
        values[name] = moment(name)
    starts, ends = values["starts_at"], values["ends_at"]
    if starts and ends and ends <= starts:
        problems["ends_at"] = ("ends_before", {})
    for name in ("registration_deadline", "cancellation_deadline"):
        if starts and values[name] and values[name] > starts:
            problems[name] = ("after_start", {})
    values["capacity"] = number("capacity")
    if values["capacity"] is not None and values["capacity"] < max(taken, 1):
        problems["capacity"] = ("capacity", {"taken": taken})
    values["min_age"], values["max_age"] = number("min_age", False), number("max_age", False)
    low, high = values["min_age"] or 14, values["max_age"] or 99
    if not 14 <= low <= high <= 99:
        problems["min_age"] = ("ages", {})
    values["offer_hours"] = number("offer_hours")
    if values["offer_hours"] is not None and not 1 <= values["offer_hours"] <= 168:
        problems["offer_hours"] = ("hours", {})
    hours = [part.strip() for part in re.split(r"[,\s]+", form.get("reminder_hours", ""))
             if part.strip()]
    hours = [whole(h, 1, 168) for h in hours]
    if None in hours:
        problems["reminder_hours"] = ("hours", {})
    values["reminder_hours"] = sorted({h for h in hours if h is not None}, reverse=True)
    questions = [line.strip() for line in form.get("questions", "").splitlines() if line.strip()]
    if len(questions) > 10 or any(len(q) > 200 for q in questions):
        problems["questions"] = ("questions", {})
    values["questions"] = questions
    values["approval_required"] = form.get("approval_required") == "yes"
    return values, problems


async def save(form: dict[str, str], *, actor: str, event_id: int | None = None,
               organization_id: int | None = None
               ) -> tuple[Event | None, dict[str, tuple[str, dict]]]:
    async with in_transaction():
        event = None
        if event_id is not None:
            event = await Event.filter(id=event_id).select_for_update().first()
        values, problems = await parse(form, event.taken if event else 0)
        if problems:
            return None, problems
        if event is None:
            event = await Event.create(organization_id=organization_id, **values)
        else:
            await Event.filter(id=event.id).update(**values)
        await audit.log(actor, "event.saved", "event", event.id)
    return await Event.get(id=event.id), {}


async def registrations(event_id: int, *, actor: str, address: str | None
                        ) -> list[Registration]:
    """Everyone on the list, seats first, then the waiting list in its order; journaled."""
    return await _read(event_id, "pd.viewed", actor, address)


async def _read(event_id: int, action: str, actor: str, address: str | None
                ) -> list[Registration]:
    """The list with names and phones, journaled for the event and for each person on it:
    their card shows who saw them, and where (their registration)."""
    async with in_transaction():
        rows = await Registration.filter(event_id=event_id).prefetch_related("user")
        await audit.log(actor, action, "event", event_id, address=address)
        await audit.log_each(actor, action, "registration", [r.id for r in rows],
                             address=address)
    order = {"confirmed": 0, "pending": 1, "offered": 2, "waiting": 3}
    return sorted(rows, key=lambda r: (order.get(r.status, 4), r.waiting_since or r.created_at,
                                       r.id))


COLUMNS = (N_("No."), N_("Full name"), N_("Phone"), N_("Age"), N_("Status"), N_("Ticket"),
           N_("Checked in"), N_("Registered"), N_("Answers"))


async def export_rows(event_id: int, *, actor: str, address: str | None) -> list[list]:
    rows = await _read(event_id, "pd.exported", actor, address)
    return [[r.id, r.user.full_name or "", r.user.phone or "", r.user.age_group or "",
             r.status, r.ticket if r.status == "confirmed" else "",
             local_input(r.checked_in_at).replace("T", " "),
             local_input(r.created_at).replace("T", " "), " | ".join(r.answers)]
            for r in rows]
