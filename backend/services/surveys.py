"""Surveys: questions with conditions, answers kept as they come, results without identities.

An anonymous survey's responses carry no user id; that a person has answered is kept apart
(SurveyParticipation), so one response per person still holds. Results and exports never
show who answered an anonymous survey.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.models import (
    Municipality,
    Survey,
    SurveyParticipation,
    SurveyQuestion,
    SurveyResponse,
    User,
)
from backend.services import audit
from backend.services.broadcasts_audience import Audience, admits

KINDS = ("single", "multiple", "scale5", "scale10", "text", "number", "date")
CHOICE_KINDS = ("single", "multiple", "scale5", "scale10")
SKIPPED = None  # the answer of an optional question passed over


def scale(kind: str) -> list[str]:
    return [str(n) for n in (range(1, 6) if kind == "scale5" else range(0, 11))]


def shown(question: SurveyQuestion, answers: dict) -> bool:
    """A question is shown unless its condition on an earlier answer is not met."""
    if question.show_if_position is None:
        return True
    given = answers.get(str(question.show_if_position))
    wanted = question.show_if_answer or ""
    return wanted in given if isinstance(given, list) else given == wanted


def next_question(questions: list[SurveyQuestion], answers: dict) -> SurveyQuestion | None:
    """The first shown question not answered (or skipped) yet."""
    for question in questions:
        if str(question.position) not in answers and shown(question, answers):
            return question
    return None


def parse(question: SurveyQuestion, text: str) -> object:
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


async def questions_of(survey_id: int) -> list[SurveyQuestion]:
    return list(await SurveyQuestion.filter(survey_id=survey_id).order_by("position"))


async def open_for(user_id: int, now: datetime) -> list[Survey]:
    """Published, open surveys this resident may answer and has not finished."""
    found = await Survey.filter(status="published").filter(
        Q(opens_at__isnull=True) | Q(opens_at__lte=now)).filter(
        Q(closes_at__isnull=True) | Q(closes_at__gt=now)).order_by("id")
    done = dict(await SurveyParticipation.filter(user_id=user_id, completed__gt=0)
                .values_list("survey_id", "completed"))
    return [s for s in found if (s.allow_many or s.id not in done)
            and await admits(Audience.from_json(s.audience), user_id)]


@dataclass
class Filling:
    survey: Survey
    response_id: int
    answers: dict = field(default_factory=dict)


async def begin(survey_id: int, user_id: int, *, channel: str, now: datetime,
                response_id: int | None = None) -> Filling:
    """Start a response, or go on with the unfinished one (an anonymous survey's is
    remembered by the dialog, `response_id`)."""
    async with in_transaction():
        survey = await Survey.get_or_none(id=survey_id, status="published")
        if survey is None or (survey.closes_at and survey.closes_at <= now):
            raise ServiceError("survey_closed")
        if not await admits(Audience.from_json(survey.audience), user_id):
            raise ServiceError("survey_not_for_you")
        taking, _ = await SurveyParticipation.get_or_create(survey_id=survey_id,
                                                            user_id=user_id)
        if taking.completed and not survey.allow_many:
            raise ServiceError("survey_done")
        unfinished = response_id if survey.anonymous else taking.response_id
        if unfinished:
            response = await SurveyResponse.get_or_none(id=unfinished, survey_id=survey_id,
                                                        status="partial")
            if response:
                return Filling(survey, response.id, dict(response.answers))
        user = await User.get(id=user_id)
        response = await SurveyResponse.create(
            survey_id=survey_id, user_id=None if survey.anonymous else user_id,
            channel=channel, municipality_id=user.municipality_id, age_group=user.age_group,
            started_at=now, updated_at=now)
        if not survey.anonymous:
            await SurveyParticipation.filter(id=taking.id).update(response_id=response.id)
    return Filling(survey, response.id)


async def save(response_id: int, answers: dict, now: datetime) -> None:
    await SurveyResponse.filter(id=response_id, status="partial").update(answers=answers,
                                                                          updated_at=now)


async def complete(survey_id: int, response_id: int, user_id: int, answers: dict,
                   now: datetime) -> None:
    async with in_transaction():
        changed = await SurveyResponse.filter(id=response_id, survey_id=survey_id,
                                              status="partial").update(
            answers=answers, status="complete", updated_at=now, completed_at=now)
        if changed:
            taking = await SurveyParticipation.get(survey_id=survey_id, user_id=user_id)
            await SurveyParticipation.filter(id=taking.id).update(
                completed=taking.completed + 1, response_id=None)
            # The journal says a survey was answered, not by whom when it is anonymous.
            survey = await Survey.get(id=survey_id)
            who = "anonymous" if survey.anonymous else f"user:{user_id}"
            await audit.log(who, "survey.completed", "survey", survey_id)


# ---- results ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Slice:
    """Which responses the results count."""

    municipality_id: int | None = None
    age_group: str = ""
    channel: str = ""


@dataclass
class QuestionResult:
    question: SurveyQuestion
    counts: list[tuple[str, int]] = field(default_factory=list)  # choices, in order
    texts: list[str] = field(default_factory=list)  # free text, numbers, dates
    answered: int = 0


@dataclass
class Results:
    complete: int
    partial: int
    questions: list[QuestionResult]
    stopped_after: list[tuple[int, int]]  # (last question answered, unfinished responses)


async def _responses(survey_id: int, slice_: Slice):
    found = SurveyResponse.filter(survey_id=survey_id)
    if slice_.municipality_id:
        found = found.filter(municipality_id=slice_.municipality_id)
    if slice_.age_group:
        found = found.filter(age_group=slice_.age_group)
    if slice_.channel:
        found = found.filter(channel=slice_.channel)
    return await found.order_by("id")


async def results(survey_id: int, slice_: Slice = Slice()) -> Results:
    questions = await questions_of(survey_id)
    responses = await _responses(survey_id, slice_)
    per_question = []
    for question in questions:
        result = QuestionResult(question)
        key = str(question.position)
        given = [r.answers[key] for r in responses if r.answers.get(key) is not None]
        result.answered = len(given)
        if question.kind in CHOICE_KINDS:
            counter = Counter(v for answer in given
                              for v in (answer if isinstance(answer, list) else [answer]))
            choices = question.options if question.kind in ("single", "multiple") else scale(
                question.kind)
            result.counts = [(choice, counter.get(choice, 0)) for choice in choices]
        else:
            result.texts = [str(v) for v in given]
        per_question.append(result)
    stopped = Counter(max((int(k) for k in r.answers), default=0) for r in responses
                      if r.status == "partial")
    return Results(sum(r.status == "complete" for r in responses),
                   sum(r.status == "partial" for r in responses), per_question,
                   sorted(stopped.items()))


async def export_rows(survey_id: int, *, actor: str, address: str | None) -> list[list]:
    """One row per response; an anonymous survey's rows carry no resident number."""
    survey = await Survey.get(id=survey_id)
    questions = await questions_of(survey_id)
    places = dict(await Municipality.all().values_list("id", "name"))
    header = ["response", *([] if survey.anonymous else ["resident"]), "status", "channel",
              "municipality", "age_group", "started_at", "completed_at",
              *[f"{q.position}. {q.text}" for q in questions]]
    rows = [header]
    for response in await _responses(survey_id, Slice()):
        values = []
        for question in questions:
            answer = response.answers.get(str(question.position))
            values.append("; ".join(answer) if isinstance(answer, list) else
                          "" if answer is None else str(answer))
        rows.append([response.id, *([] if survey.anonymous else [response.user_id]),
                     response.status, response.channel,
                     places.get(response.municipality_id, ""), response.age_group or "",
                     response.started_at.isoformat(timespec="minutes"),
                     response.completed_at.isoformat(timespec="minutes")
                     if response.completed_at else "", *values])
    # With resident numbers in it, the file is personal data leaving the system (152-FZ).
    await audit.log(actor, "survey.exported" if survey.anonymous else "pd.exported", "survey",
                    survey_id, address=address)
    return rows
