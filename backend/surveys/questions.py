"""A survey's questions as plain values: kinds, conditions, typed answers, choices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from backend.i18n import written

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
    text_en: str = ""  # English versions, where staff wrote them
    options_en: tuple[str, ...] = ()
    subscribes: bool = False  # its first option («Да») turns mailings on


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


def labels(question: Question, locale: str) -> tuple[str, ...] | list[str]:
    """What the choice buttons say: the English options when there is one for each."""
    if locale == "en" and question.kind in ("single", "multiple") \
            and len(question.options_en) == len(question.options):
        return question.options_en
    return choices(question)


def wording(question: Question, locale: str) -> str:
    return written(question.text, question.text_en, locale)


def has_english(question: Question) -> bool:
    return bool(question.text_en) and (question.kind not in ("single", "multiple")
                                       or len(question.options_en) == len(question.options))


def asks_for_mailings(questions: list[Question], answers: dict) -> bool:
    """Whether the question offering mailings got its first option («Да») as the answer."""
    return any(question.subscribes and question.options
               and answers.get(str(question.position)) == question.options[0]
               for question in questions)
