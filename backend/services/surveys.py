"""Surveys: questions with conditions, answers kept as they come, results without identities.

An anonymous survey's responses carry no user id; that a person has answered is kept apart
(SurveyParticipation), so one response per person still holds. Results and exports never
show who answered an anonymous survey.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.models import Survey, SurveyParticipation, SurveyQuestion, SurveyResponse, User
from backend.services import audit, users
from backend.services.broadcasts_audience import Audience, admits
from backend.surveys.questions import Question, asks_for_mailings


@dataclass(frozen=True)
class SurveyInfo:
    id: int
    title: str
    intro: str
    status: str
    anonymous: bool
    allow_many: bool
    opens_at: datetime | None
    closes_at: datetime | None
    audience: Audience
    title_en: str = ""
    intro_en: str = ""


@dataclass(frozen=True)
class Listed:
    """A survey in the panel's list, with how many responses it has."""

    survey: SurveyInfo
    complete: int
    partial: int


def _question(row: SurveyQuestion) -> Question:
    return Question(row.position, row.kind, row.text, tuple(row.options), row.required,
                    row.show_if_position, row.show_if_answer, row.text_en,
                    tuple(row.options_en), row.subscribes)


def _info(row: Survey) -> SurveyInfo:
    return SurveyInfo(row.id, row.title, row.intro, row.status, row.anonymous, row.allow_many,
                      row.opens_at, row.closes_at, Audience.from_json(row.audience),
                      row.title_en, row.intro_en)


async def questions_of(survey_id: int) -> list[Question]:
    return [_question(row) for row in
            await SurveyQuestion.filter(survey_id=survey_id).order_by("position")]


async def find_survey(survey_id: int) -> SurveyInfo | None:
    row = await Survey.get_or_none(id=survey_id)
    return _info(row) if row else None


async def is_answered(survey_id: int) -> bool:
    """Whether any response came in: from then on its questions stay as they are."""
    return await SurveyResponse.exists(survey_id=survey_id)


async def list_surveys() -> list[Listed]:
    """Every survey, newest first, with its complete and partial responses (one query)."""
    rows = await Survey.all().order_by("-id").annotate(
        complete=Count("responses", _filter=Q(responses__status="complete")),
        partial=Count("responses", _filter=Q(responses__status="partial")))
    return [Listed(_info(row), row.complete, row.partial) for row in rows]


async def open_for(user_id: int, now: datetime) -> list[SurveyInfo]:
    """Published, open surveys this resident may answer and has not finished."""
    found = await Survey.filter(status="published").filter(
        Q(opens_at__isnull=True) | Q(opens_at__lte=now)).filter(
        Q(closes_at__isnull=True) | Q(closes_at__gt=now)).order_by("id")
    done = dict(await SurveyParticipation.filter(user_id=user_id, completed__gt=0)
                .values_list("survey_id", "completed"))
    return [_info(s) for s in found if (s.allow_many or s.id not in done)
            and await admits(Audience.from_json(s.audience), user_id)]


@dataclass(frozen=True)
class Filling:
    survey: SurveyInfo
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
                return Filling(_info(survey), response.id, dict(response.answers))
        user = await User.get(id=user_id)
        response = await SurveyResponse.create(
            survey_id=survey_id, user_id=None if survey.anonymous else user_id,
            channel=channel, municipality_id=user.municipality_id, age_group=user.age_group,
            started_at=now, updated_at=now)
        if not survey.anonymous:
            await SurveyParticipation.filter(id=taking.id).update(response_id=response.id)
    return Filling(_info(survey), response.id)


async def save(response_id: int, answers: dict, now: datetime) -> None:
    await SurveyResponse.filter(id=response_id, status="partial").update(answers=answers,
                                                                          updated_at=now)


async def complete(survey_id: int, response_id: int, user_id: int, answers: dict,
                   now: datetime) -> bool:
    """Store the answers for good. True if they asked for mailings and get them: the question
    staff marked as the offer (its first option, «Да») in a named survey, with consent."""
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
    if not changed or survey.anonymous:  # acting on an anonymous answer would say who gave it
        return False
    user = await User.get(id=user_id)
    if not user.pd_consent or not asks_for_mailings(await questions_of(survey_id), answers):
        return False
    if not user.subscribed:
        await users.set_subscribed(user_id, True)
    return True
