"""The event form: its fields read into an EventDraft, and an event shown in them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime

from backend.events.values import EventDraft, EventInfo
from backend.i18n import TIMEZONE
from backend.untrusted import lines, whole

FIELDS = ("kind", "title", "description", "audience", "municipality", "competency", "venue",
          "online_url", "starts_at", "ends_at", "capacity", "registration_deadline",
          "cancellation_deadline", "min_age", "max_age", "approval_required", "questions",
          "questions_en", "reminder_hours", "offer_hours", "survey_url", "status")
MOMENTS = ("starts_at", "ends_at", "registration_deadline", "cancellation_deadline")
LOCAL = "%Y-%m-%dT%H:%M"  # a datetime-local field's value, Arkhangelsk time
BLANK = {"kind": "career_trial", "status": "draft", "capacity": "20", "offer_hours": "24",
         "reminder_hours": "24, 2"}  # a new event's form

Problems = dict[str, tuple[str, dict]]


def local_input(moment: datetime | None) -> str:
    return moment.astimezone(TIMEZONE).strftime(LOCAL) if moment else ""


def shown(event: EventInfo) -> dict[str, str]:
    """The form's fields filled with a saved event."""
    values = {name: getattr(event, name) for name in FIELDS if hasattr(event, name)}
    values.update({name: local_input(getattr(event, name)) for name in MOMENTS})
    values.update(municipality=str(event.municipality_id or ""),
                  competency=str(event.competency_id or ""),
                  min_age=str(event.min_age or ""), max_age=str(event.max_age or ""),
                  questions="\n".join(event.questions),
                  questions_en="\n".join(event.questions_en),
                  reminder_hours=", ".join(str(h) for h in event.reminder_hours),
                  approval_required="yes" if event.approval_required else "")
    return {k: "" if v is None else str(v) for k, v in values.items()}


def read(form: Mapping[str, str]) -> tuple[EventDraft, Problems]:
    """The draft, and the fields that could not be read (the service checks the rules)."""
    problems: Problems = {}

    def text(name: str, limit: int) -> str:
        return form.get(name, "").strip()[:limit]

    def moment(name: str) -> datetime | None:
        try:
            return datetime.strptime(form.get(name, ""), LOCAL).replace(tzinfo=TIMEZONE)
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

    draft = EventDraft(
        kind=form.get("kind", ""), status=form.get("status", "draft"),
        title=text("title", 200), description=text("description", 4000),
        audience=text("audience", 200), venue=text("venue", 300),
        online_url=text("online_url", 500), survey_url=text("survey_url", 500),
        municipality_id=whole(form.get("municipality", "")),
        competency_id=whole(form.get("competency", "")),
        **{name: moment(name) for name in MOMENTS},
        capacity=number("capacity"), min_age=number("min_age", False),
        max_age=number("max_age", False), offer_hours=number("offer_hours"),
        reminder_hours=_hours(form.get("reminder_hours", ""), problems),
        questions=lines(form.get("questions", "")),
        questions_en=lines(form.get("questions_en", "")),
        approval_required=form.get("approval_required") == "yes")
    return draft, problems


def _hours(raw: str, problems: Problems) -> tuple[int, ...]:
    """"24, 2" → (24, 2); three digits at most, the service checks the range."""
    hours = [whole(part, 0, 999) for part in re.split(r"[,\s]+", raw) if part.strip()]
    if None in hours:
        problems["reminder_hours"] = ("hours", {})
    return tuple(h for h in hours if h is not None)
