"""The panel's program form reads its fields into a typed draft; the law is checked elsewhere."""

from datetime import date

from admin_web.forms import programs as program_form
from backend.programs.rules import Candidate

FIELDS = {"code": " COOK-1 ", "title": "Повар", "type": "dpo_upskilling", "form": "ochnaya",
          "hours": "1 200", "price": "0", "free_for": "безработные; ; 50+",
          "organization": "Колледж", "start_date": "01.02.2027", "status": ""}


def test_fields_become_a_typed_draft():
    draft, problems = program_form.read({**FIELDS, "distance": "yes"})
    assert problems == {}
    assert isinstance(draft, Candidate)
    assert (draft.code, draft.hours, draft.price, draft.distance) == ("COOK-1", 1200, 0, True)
    assert draft.free_for == ["безработные", "50+"]
    assert draft.start_date == date(2027, 2, 1) and draft.status == "draft"


def test_an_unchecked_box_is_false_and_bad_numbers_and_dates_are_named():
    draft, problems = program_form.read({**FIELDS, "hours": "много", "start_date": "завтра"})
    assert draft.distance is False and draft.hours == 0 and draft.start_date is None
    assert problems == {"hours": ("bad_number", {}), "start_date": ("bad_date", {})}


def test_a_rejected_form_shows_what_was_sent():
    shown = program_form.posted_values({**FIELDS, "hours": "много"})
    assert shown["hours"] == "много" and shown["distance"] is False
