"""Staff build surveys: the rules a draft must meet. Questions are fixed once answers come in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from backend.models import Survey, SurveyQuestion
from backend.services import audit
from backend.services.broadcasts_audience import Audience
from backend.services.surveys import SurveyInfo, find_survey, is_answered
from backend.surveys.questions import CHOICE_KINDS, scale

STATUSES = ("draft", "published", "closed")
MAX_QUESTIONS = 50


@dataclass(frozen=True)
class QuestionDraft:
    kind: str
    text: str
    options: tuple[str, ...] = ()
    required: bool = False
    show_if: int | None = None  # the number of an earlier question (0: not a number) …
    show_if_answer: str = ""  # … and the answer it must have had
    text_en: str = ""  # English versions, optional
    options_en: tuple[str, ...] = ()
    subscribes: bool = False  # its first option («Да») turns mailings on


@dataclass(frozen=True)
class SurveyDraft:
    title: str
    intro: str = ""
    anonymous: bool = False
    allow_many: bool = False
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    status: str = "draft"
    questions: tuple[QuestionDraft, ...] = ()
    audience: Audience = Audience()
    title_en: str = ""
    intro_en: str = ""


def _choices(question: QuestionDraft) -> tuple[str, ...] | list[str] | None:
    if question.kind in ("single", "multiple"):
        return question.options
    return scale(question.kind) if question.kind in CHOICE_KINDS else None


def _question_problem(questions: tuple[QuestionDraft, ...], position: int) -> str | None:
    question = questions[position - 1]
    if question.kind in ("single", "multiple") and not 2 <= len(question.options) <= 20:
        return "options"
    if problem := _english_problem(question):
        return problem
    if question.show_if is None:
        return None
    if not 1 <= question.show_if < position:
        return "condition"
    choices = _choices(questions[question.show_if - 1])
    return "condition" if choices is not None and question.show_if_answer not in choices \
        else None


def _english_problem(question: QuestionDraft) -> str | None:
    """What may change after answers came in: the English versions and the mailings offer."""
    if question.options_en and len(question.options_en) != len(question.options):
        return "options_en"
    return "subscribes" if question.subscribes and question.kind != "single" else None


def check(draft: SurveyDraft, *, answered: bool) -> dict[str, str]:
    """Problem codes (keys of errors.PROBLEMS) by field; an answered survey's questions are not
    checked, since they stay as they were."""
    problems: dict[str, str] = {}
    if not draft.title:
        problems["title"] = "required"
    if draft.opens_at and draft.closes_at and draft.closes_at <= draft.opens_at:
        problems["closes_at"] = "closes_first"
    if answered:
        for position, question in enumerate(draft.questions, start=1):
            if problem := _english_problem(question):
                problems[f"q{position}"] = problem
        return problems
    if not draft.questions or len(draft.questions) > MAX_QUESTIONS:
        problems["questions"] = "no_questions"
    for position in range(1, len(draft.questions) + 1):
        if problem := _question_problem(draft.questions, position):
            problems[f"q{position}"] = problem
    return problems


async def save(draft: SurveyDraft, *, actor: str,
               survey_id: int | None) -> tuple[SurveyInfo | None, dict[str, str]]:
    """Create or change a survey; nothing is saved while a rule is broken."""
    answered = survey_id is not None and await is_answered(survey_id)
    problems = check(draft, answered=answered)
    if problems:
        return None, problems
    values = {"title": draft.title, "intro": draft.intro, "title_en": draft.title_en,
              "intro_en": draft.intro_en, "anonymous": draft.anonymous,
              "allow_many": draft.allow_many, "opens_at": draft.opens_at,
              "closes_at": draft.closes_at, "status": draft.status,
              "audience": draft.audience.as_json()}
    async with in_transaction():
        if survey_id is None:
            survey_id = (await Survey.create(created_by=actor, **values)).id
        else:
            await Survey.filter(id=survey_id).update(**values)
        if answered:
            await _translate_questions(survey_id, draft.questions)
        else:
            await _replace_questions(survey_id, draft.questions)
        await audit.log(actor, "survey.saved", "survey", survey_id)
    return await find_survey(survey_id), {}


async def _replace_questions(survey_id: int, questions: tuple[QuestionDraft, ...]) -> None:
    await SurveyQuestion.filter(survey_id=survey_id).delete()
    for position, question in enumerate(questions, start=1):
        await SurveyQuestion.create(
            survey_id=survey_id, position=position, kind=question.kind, text=question.text,
            options=list(question.options) if question.kind in ("single", "multiple") else [],
            required=question.required, show_if_position=question.show_if,
            show_if_answer=question.show_if_answer if question.show_if is not None else None,
            **_english(question))


def _english(question: QuestionDraft) -> dict:
    return {"text_en": question.text_en, "options_en": list(question.options_en),
            "subscribes": question.subscribes}


async def _translate_questions(survey_id: int, questions: tuple[QuestionDraft, ...]) -> None:
    """An answered survey keeps its questions; their English versions may still change."""
    for position, question in enumerate(questions, start=1):
        await SurveyQuestion.filter(survey_id=survey_id, position=position).update(
            **_english(question))
