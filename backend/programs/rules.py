"""What a program must be under 273-FZ, as checks that name the field and the reason.

Kinds (DOMAIN.md §2): профессиональное обучение (art. 73: подготовка, переподготовка,
повышение квалификации рабочих), ДПО (art. 76: повышение квалификации ≥ 16 h,
профессиональная переподготовка ≥ 250 h), дополнительные общеразвивающие (art. 75).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

KINDS = {
    "prof_training": "профессиональная подготовка",
    "prof_retraining": "профессиональная переподготовка рабочих",
    "prof_upskilling": "повышение квалификации рабочих",
    "dpo_upskilling": "повышение квалификации",
    "dpo_retraining": "профессиональная переподготовка",
    "general": "общеразвивающая программа",
}
FORMS = {"ochnaya": "очная", "ochno_zaochnaya": "очно-заочная", "zaochnaya": "заочная"}
STATUSES = ("draft", "published")
MIN_HOURS = {"dpo_upskilling": 16, "dpo_retraining": 250}
DOCUMENTS = {  # what a graduate receives, when the row does not say
    "prof_training": "свидетельство о профессии рабочего, должности служащего",
    "prof_retraining": "свидетельство о профессии рабочего, должности служащего",
    "prof_upskilling": "свидетельство о профессии рабочего, должности служащего",
    "dpo_upskilling": "удостоверение о повышении квалификации",
    "dpo_retraining": "диплом о профессиональной переподготовке",
    "general": "сертификат организации",
}
URL = re.compile(r"^https?://[^\s/$.?#].[^\s]*$")



# (field, its column's length, required): the database refuses a longer value outright.
LIMITS = (("code", 64, True), ("title", 300, True), ("organization", 200, True),
          ("competency", 200, False), ("document", 200, False), ("url", 500, False))


Problems = dict[str, tuple[str, dict]]  # {field: (a key of errors.PROBLEMS, its parameters)}


@dataclass(frozen=True)
class Candidate:
    """A program as read from a file or a form, before it is saved."""

    code: str
    title: str
    type: str
    form: str
    distance: bool
    hours: int
    price: int
    free_for: list[str] = field(default_factory=list)
    start_date: date | None = None
    document: str = ""
    description: str = ""
    requirements: str = ""
    url: str = ""
    status: str = "draft"
    competency: str = ""
    municipality: str = ""
    organization: str = ""


def check(program: Candidate) -> Problems:
    """Problems by field; empty when the program is lawful."""
    problems: Problems = {}
    for name, limit, required in LIMITS:
        value = getattr(program, name)
        if required and not value:
            problems[name] = ("required", {})
        elif len(value) > limit:
            problems[name] = ("too_long", {"limit": limit})
    if program.type not in KINDS:
        problems["type"] = ("unknown_type", {})
    if program.form not in FORMS:
        problems["form"] = ("unknown_form", {})
    if program.status not in STATUSES:
        problems["status"] = ("unknown_status", {})
    if program.hours <= 0:
        problems["hours"] = ("hours_positive", {})
    elif program.hours < MIN_HOURS.get(program.type, 0):
        problems["hours"] = ("min_hours", {"hours": MIN_HOURS[program.type]})
    if program.price < 0:
        problems["price"] = ("price_negative", {})
    elif program.price == 0 and not program.free_for:
        problems["free_for"] = ("free_needs_categories", {})
    if program.url and not URL.match(program.url):
        problems["url"] = ("bad_url", {})
    return problems


# Professional training is for those without a trade yet, and general programs for anyone;
# retraining and upskilling build on a trade one has (273-FZ art. 73), ДПО on a diploma (art. 76).
FOR_MINORS = ("prof_training", "general")
# What a program's title or requirements say that a pupil under 18 cannot meet.
_ADULTS_ONLY = re.compile(r"(с|от)\s*18|18\s*\+|18\s*лет|совершеннолет|среднее профессиональное|"
                          r"высшее|образование не ниже|работающ|удостоверени|50\s*\+|пенсион")


def open_to_minors(kind: str, requirements: str, title: str = "") -> bool:
    """Whether a pupil of 14–17 may enrol: a first trade or a general program, unless it says
    it is for adults (18 or more, a licence, people at work, 50+)."""
    return kind in FOR_MINORS and not _ADULTS_ONLY.search(f"{title} {requirements}".lower())
