"""A survey's questions as plain values: kinds, conditions, typed answers, choices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

KINDS = ("single", "multiple", "scale5", "scale10", "text", "number", "date")
CHOICE_KINDS = ("single", "multiple", "scale5", "scale10")


@dataclass(frozen=True)
class Question:
    position: int
    kind: str
    text: str
    options: tuple[str, ...] = ()
    required: bool = True
    show_if_position: int | None = None  # shown only if that question …
    show_if_answer: str | None = None  # … was answered this


def scale(kind: str) -> list[str]:
    return [str(n) for n in (range(1, 6) if kind == "scale5" else range(0, 11))]


def shown(question: Question, answers: dict) -> bool:
    """A question is shown unless its condition on an earlier answer is not met."""
    if question.show_if_position is None:
        return True
    given = answers.get(str(question.show_if_position))
    wanted = question.show_if_answer or ""
    return wanted in given if isinstance(given, list) else given == wanted


def next_question(questions: list[Question], answers: dict) -> Question | None:
    """The first shown question not answered (or skipped) yet."""
    for question in questions:
        if str(question.position) not in answers and shown(question, answers):
            return question
    return None


def parse(question: Question, text: str) -> object:
    """A typed answer to a number or date question; ValueError with a reason if not one."""
    text = text.strip()
    if question.kind == "number":
        value = float(text.replace(",", ".").replace(" ", ""))
        return int(value) if value.is_integer() else value
    if question.kind == "date":
        for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
            try:
                return datetime.strptime(text, pattern).date().isoformat()
            except ValueError:
                continue
        raise ValueError("date")
    return text


def choices(question: Question) -> tuple[str, ...] | list[str]:
    """What a choice question offers: the options staff wrote, or its scale."""
    return question.options if question.kind in ("single", "multiple") else scale(question.kind)


# «Рассказать вам о новых курсах …?» answered «Да» asks for mailings, and gets them.
MAILING_OFFER = re.compile(r"рассказать\b.*\bо новых курсах|tell you about new courses", re.I)
YES = ("да", "yes")


def asks_for_mailings(questions: list[Question], answers: dict) -> bool:
    return any(question.kind == "single" and MAILING_OFFER.search(question.text)
               and str(answers.get(str(question.position), "")).strip().lower() in YES
               for question in questions)
