"""The survey form: its fields (q<n>_text, q<n>_options, …) read into a SurveyDraft, and a
saved survey shown in them."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from backend.i18n import TIMEZONE
from backend.services.broadcasts_audience import Audience
from backend.services.surveys import SurveyInfo
from backend.services.surveys_editing import MAX_QUESTIONS, STATUSES, QuestionDraft, SurveyDraft
from backend.surveys.questions import KINDS, Question
from backend.untrusted import lines, whole

MAX_FORM_ROWS = MAX_QUESTIONS + 10  # the form's rows come from the form: never trust their count
LOCAL = "%Y-%m-%dT%H:%M"  # a datetime-local field's value, Arkhangelsk time
BLANK = {"status": "draft"}  # a new survey's form


def _local_input(moment: datetime | None) -> str:
    return moment.astimezone(TIMEZONE).strftime(LOCAL) if moment else ""


def shown(survey: SurveyInfo, questions: list[Question]) -> dict[str, str]:
    """The form's fields filled with a saved survey."""
    values = {"title": survey.title, "intro": survey.intro, "status": survey.status,
              "title_en": survey.title_en, "intro_en": survey.intro_en,
              "anonymous": "yes" if survey.anonymous else "",
              "allow_many": "yes" if survey.allow_many else "",
              "opens_at": _local_input(survey.opens_at),
              "closes_at": _local_input(survey.closes_at)}
    for question in questions:
        n = question.position
        values |= {f"q{n}_kind": question.kind, f"q{n}_text": question.text,
                   f"q{n}_options": "\n".join(question.options),
                   f"q{n}_required": "yes" if question.required else "",
                   f"q{n}_if": str(question.show_if_position or ""),
                   f"q{n}_answer": question.show_if_answer or "",
                   f"q{n}_text_en": question.text_en,
                   f"q{n}_options_en": "\n".join(question.options_en),
                   f"q{n}_subscribes": "yes" if question.subscribes else ""}
    return values


def rows_of(form: Mapping[str, str], default: int) -> int:
    """How many question rows the form had (at most MAX_FORM_ROWS)."""
    return min(whole(form.get("rows")) or default, MAX_FORM_ROWS)


def _question(form: Mapping[str, str], n: int) -> QuestionDraft | None:
    text = form.get(f"q{n}_text", "").strip()
    if not text:
        return None
    kind = form.get(f"q{n}_kind", "single")
    condition = form.get(f"q{n}_if", "").strip()
    return QuestionDraft(
        kind=kind if kind in KINDS else "single", text=text[:500],
        options=lines(form.get(f"q{n}_options"), 200),
        required=form.get(f"q{n}_required") == "yes",
        show_if=(whole(condition) or 0) if condition else None,
        show_if_answer=form.get(f"q{n}_answer", "").strip()[:200],
        text_en=form.get(f"q{n}_text_en", "").strip()[:500],
        options_en=lines(form.get(f"q{n}_options_en"), 200),
        subscribes=form.get(f"q{n}_subscribes") == "yes")


def read(form: Mapping[str, str], rows: int,
         audience: Audience) -> tuple[SurveyDraft, dict[str, str]]:
    """The draft from the form's first `rows` question rows, and the fields that could not be
    read (problem codes; the service checks the rules)."""
    problems: dict[str, str] = {}

    def moment(name: str) -> datetime | None:
        if not (value := form.get(name, "")):
            return None
        try:
            return datetime.strptime(value, LOCAL).replace(tzinfo=TIMEZONE)
        except ValueError:
            problems[name] = "bad_moment"
            return None

    status = form.get("status", "draft")
    questions = (_question(form, n) for n in range(1, min(rows, MAX_FORM_ROWS) + 1))
    draft = SurveyDraft(
        title=form.get("title", "").strip()[:200], intro=form.get("intro", "").strip()[:2000],
        title_en=form.get("title_en", "").strip()[:200],
        intro_en=form.get("intro_en", "").strip()[:2000],
        anonymous=form.get("anonymous") == "yes", allow_many=form.get("allow_many") == "yes",
        opens_at=moment("opens_at"), closes_at=moment("closes_at"),
        status=status if status in STATUSES else "draft",
        questions=tuple(q for q in questions if q is not None), audience=audience)
    return draft, problems
