"""Asking what an application or a registration needs: name, phone, place, age group.
Only what is not known yet."""

from __future__ import annotations

import re
from collections.abc import Callable

from backend.i18n import N_
from backend.services import users
from dialogs.context import Ctx
from dialogs.model import Ask, Choose, Do, InvalidInput, Option
from dialogs.places import places

_NAME = re.compile(r"^[^\W\d_]+(?:[ '’\-][^\W\d_]+)*$")


def parse_name(text: str) -> str:
    name = " ".join(text.split())
    if not (2 <= len(name) <= 100 and _NAME.match(name)):
        raise InvalidInput(N_("Please write your name in letters, for example «Анна Иванова»."))
    return name


def parse_phone(text: str) -> str:
    """A Russian number as +7XXXXXXXXXX (8 and 7 prefixes, spaces, brackets and dashes
    allowed), or another country's with its code: «+44 7700 900123», «0044…» (E.164)."""
    digits = re.sub(r"[\s()\-.]", "", text)
    international = digits.startswith(("+", "00"))
    digits = digits.removeprefix("+").removeprefix("00") if international else digits
    if digits.isdigit() and len(digits) == 11 and digits[0] in "78":
        return "+7" + digits[1:]
    if digits.isdigit() and len(digits) == 10 and digits[0] == "9":
        return "+7" + digits
    if international and digits.isdigit() and 8 <= len(digits) <= 15 and digits[0] != "0":
        return "+" + digits
    raise InvalidInput(N_("That does not look like a phone number. Please write it like "
                          "+7 911 123-45-67 (or with your country's code), or tap the button."))


def contact_steps() -> list:
    known = lambda ctx: ctx.user.has_contact  # noqa: E731
    return [
        Ask("name", N_("How shall we address you? Please write your first and last name."),
            save_as="full_name", parse=parse_name, skip_if=known, max_length=100),
        Ask("phone", N_("Your phone number, so that they can call you back. Tap the button "
                        "below or type it."), save_as="phone", parse=parse_phone,
            request_contact=N_("📱 Share my phone"), skip_if=known, max_length=30),
        Choose("place", N_("Where do you live? Choose your town or district."),
               options=places, save_as="place",
               skip_if=lambda ctx: ctx.user.municipality_id is not None),
    ]


AGE_LABELS = {"14-17": N_("14–17"), "18-24": N_("18–24"), "25-34": N_("25–34"),
              "35-49": N_("35–49"), "50+": N_("50 and over")}


async def _save_age(ctx: Ctx) -> None:
    ctx.user = await users.set_profile(ctx.user.id, age_group=ctx.data["age"],
                                       channel=ctx.channel)


def _ages(group: str) -> tuple[str, ...]:
    """The ages a resident may type for a group: "14-17" → "14" … "17"."""
    low, _, high = group.rstrip("+").partition("-")
    return tuple(str(age) for age in range(int(low), int(high or 99) + 1))


AGE_OPTIONS = tuple(Option(k, v, aliases=_ages(k)) for k, v in AGE_LABELS.items())


def age_steps(question: str, needed: Callable[[Ctx], bool] = lambda ctx: True) -> list:
    """The age group, asked once (a group, not a birth date) and kept on the record, where
    `needed`; an age typed as a number picks its group."""
    return [
        Choose("age", question, options=AGE_OPTIONS, save_as="age",
               skip_if=lambda ctx: ctx.user.age_group is not None or not needed(ctx)),
        Do("save_age", _save_age, skip_if=lambda ctx: "age" not in ctx.data),
    ]


async def save_contact(ctx: Ctx) -> None:
    """Keep what was asked on the resident's record (journaled), for the next application."""
    values = {key: ctx.data[key] for key in ("full_name", "phone") if key in ctx.data}
    if "place" in ctx.data:
        values["municipality_id"] = int(ctx.data["place"])
    if values:
        ctx.user = await users.set_profile(ctx.user.id, channel=ctx.channel, **values)
