"""The sign-up form's fields, read with the dialogs' own rules: what was typed is kept for the
page, and each field that needs fixing says how."""

from __future__ import annotations

from dataclasses import dataclass, field

from backend.i18n import N_
from backend.services.users import AGE_GROUPS
from backend.untrusted import text, whole
from dialogs.applications import parse_name, parse_phone
from dialogs.model import InvalidInput

LIMITS = {"full_name": 100, "phone": 30, "answer": 500}  # as the dialogs' max_length
TYPED = 2000  # what is kept of a field to show again: more is never worth echoing
TOO_LONG = N_("Please make it shorter: at most %(limit)s characters.")
PHONE = N_("That does not look like a phone number. Please write it like +7 911 123-45-67, "
           "or with your country's code.")


@dataclass
class SignUp:
    """What a sign-up form sent: `typed` as it came (for the page), `values` as read, and
    an error (a msgid with its params) per field that needs fixing."""

    typed: dict[str, str]
    values: dict = field(default_factory=dict)
    errors: dict[str, tuple[str, dict]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def _required(form: SignUp, name: str, missing: str) -> str | None:
    value = form.typed.get(name, "").strip()
    if not value:
        form.errors[name] = (missing, {})
        return None
    limit = LIMITS.get(name.rstrip("0123456789"), 0)
    if limit and len(value) > limit:
        form.errors[name] = (TOO_LONG, {"limit": limit})
        return None
    return value


def kept(posted, questions: int = 0) -> SignUp:
    """What was typed, nothing read yet: to show the form again as it was."""
    names = ["full_name", "phone", "place", "consent", "age",
             *(f"answer{n}" for n in range(1, questions + 1))]
    return SignUp({name: text(posted.get(name, ""), TYPED) if isinstance(
        posted.get(name, ""), str) else "" for name in names})


def read(posted, *, places: set[int], needs_consent: bool, ages: bool = False,
         questions: int = 0) -> SignUp:
    """Name, phone and place always; the age group and the event's questions where asked;
    the consent box when the resident has not consented yet."""
    form = kept(posted, questions)
    if (name := _required(form, "full_name", N_("Please write your name."))) is not None:
        try:
            form.values["full_name"] = parse_name(name)
        except InvalidInput as exc:
            form.errors["full_name"] = (exc.message, {})
    if (phone := _required(form, "phone", N_("Please write your phone number."))) is not None:
        try:
            form.values["phone"] = parse_phone(phone)
        except InvalidInput:
            form.errors["phone"] = (PHONE, {})
    place = whole(form.typed["place"], 1)
    if place is None or place not in places:
        form.errors["place"] = (N_("Please choose your town or district."), {})
    else:
        form.values["municipality_id"] = place
    if ages:
        if form.typed["age"] not in AGE_GROUPS:
            form.errors["age"] = (N_("Please choose your age."), {})
        else:
            form.values["age_group"] = form.typed["age"]
    answers = []
    for number in range(1, questions + 1):
        answers.append(_required(form, f"answer{number}", N_("Please answer this question.")))
    form.values["answers"] = answers
    if needs_consent and form.typed["consent"] != "yes":
        form.errors["consent"] = (N_("Without your consent we cannot take your name and "
                                     "phone. Please tick the box to go on."), {})
    return form
