"""Survey results without identities: counts per choice, answers as written, the export."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from backend.models import Municipality, Survey, SurveyResponse
from backend.services import audit
from backend.services.surveys import questions_of
from backend.surveys.questions import CHOICE_KINDS, Question, choices


@dataclass(frozen=True)
class Slice:
    """Which responses the results count."""

    municipality_id: int | None = None
    age_group: str = ""
    channel: str = ""


@dataclass(frozen=True)
class QuestionResult:
    question: Question
    counts: list[tuple[str, int]] = field(default_factory=list)  # choices, in order
    texts: list[str] = field(default_factory=list)  # free text, numbers, dates
    answered: int = 0


@dataclass(frozen=True)
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


def _result(question: Question, responses: list[SurveyResponse]) -> QuestionResult:
    key = str(question.position)
    given = [r.answers[key] for r in responses if r.answers.get(key) is not None]
    if question.kind not in CHOICE_KINDS:
        return QuestionResult(question, texts=[str(v) for v in given], answered=len(given))
    counter = Counter(v for answer in given
                      for v in (answer if isinstance(answer, list) else [answer]))
    return QuestionResult(question, [(choice, counter.get(choice, 0))
                                     for choice in choices(question)], answered=len(given))


async def results(survey_id: int, slice_: Slice = Slice()) -> Results:
    questions = await questions_of(survey_id)
    responses = await _responses(survey_id, slice_)
    stopped = Counter(max((int(k) for k in r.answers), default=0) for r in responses
                      if r.status == "partial")
    return Results(sum(r.status == "complete" for r in responses),
                   sum(r.status == "partial" for r in responses),
                   [_result(question, responses) for question in questions],
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
