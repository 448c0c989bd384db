"""The panel's event form read into a draft: formats here, the rules in the service."""

from __future__ import annotations

from datetime import datetime

from admin_web.forms import events as form
from backend.i18n import TIMEZONE
from backend.services import events_editing
from tests.events.helpers import make_event

FILLED = {"title": "  Ярмарка вакансий (демо) ", "kind": "job_fair", "municipality": "",
          "online_url": "https://example.org/fair", "starts_at": "2027-03-01T12:00",
          "ends_at": "2027-03-01T14:00", "registration_deadline": "2027-03-01T10:00",
          "cancellation_deadline": "2027-02-28T12:00", "capacity": "30", "min_age": "",
          "max_age": "17", "questions": "Ваш класс?\n\n  Откуда узнали? ",
          "reminder_hours": "24, 2 24", "offer_hours": "24", "approval_required": "yes",
          "status": "published"}


def test_a_filled_form_reads_into_typed_values():
    draft, unread = form.read(FILLED)
    assert unread == {}
    assert draft.title == "Ярмарка вакансий (демо)" and draft.municipality_id is None
    assert draft.starts_at == datetime(2027, 3, 1, 12, 0, tzinfo=TIMEZONE)
    assert (draft.capacity, draft.min_age, draft.max_age) == (30, None, 17)
    assert draft.questions == ("Ваш класс?", "Откуда узнали?")
    assert draft.reminder_hours == (24, 2, 24) and draft.approval_required is True


def test_what_cannot_be_read_is_named_by_field():
    draft, unread = form.read({**FILLED, "starts_at": "1 марта", "capacity": "тридцать",
                               "reminder_hours": "24, завтра", "approval_required": ""})
    assert unread == {"starts_at": ("bad_moment", {}), "capacity": ("bad_number", {}),
                      "reminder_hours": ("hours", {})}
    assert draft.starts_at is None and draft.capacity is None
    assert draft.reminder_hours == (24,) and draft.approval_required is False


async def test_the_rules_are_the_services_and_a_saved_event_fills_the_form(mode):
    draft, _ = form.read({**FILLED, "online_url": "", "reminder_hours": "200",
                          "ends_at": "2027-03-01T11:00"})
    assert await events_editing.check(draft) == {
        "municipality": ("place", {}), "ends_at": ("ends_before", {}),
        "reminder_hours": ("hours", {})}
    saved, problems = await events_editing.save(form.read(FILLED)[0], actor="staff:1")
    assert problems == {} and saved.reminder_hours == (24, 2)
    shown = form.shown(saved)
    assert shown["starts_at"] == "2027-03-01T12:00" and shown["reminder_hours"] == "24, 2"
    assert shown["questions"] == "Ваш класс?\nОткуда узнали?"
    assert shown["approval_required"] == "yes" and shown["min_age"] == ""
    event = await make_event(capacity=5, taken=3)
    _, problems = await events_editing.save(form.read({**FILLED, "capacity": "2"})[0],
                                            actor="staff:1", event_id=event.id)
    assert problems == {"capacity": ("capacity", {"taken": 3})}
