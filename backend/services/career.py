"""The career test as the platform keeps it: versions, items, attempts, results, advice."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from backend.career.scoring import Item, Result, score
from backend.career.topics import about, topics_of
from backend.errors import ServiceError
from backend.models import (
    CareerAttempt,
    CareerItem,
    CareerResult,
    CareerTestVersion,
    CareerTypeCompetency,
    CareerTypeText,
    Event,
    Program,
    User,
)
from backend.programs.rules import open_to_minors
from backend.services import audit

ITEM_FIELDS = ("type", "sector", "text_ru", "text_en", "topics")
TYPE_FIELDS = ("name_ru", "name_en", "about_ru", "about_en", "professions_ru", "professions_en")
GOOD_FIT = 0.6  # competencies within this share of the best fit count as matching


@dataclass(frozen=True)
class ItemText:
    """One activity of the test; `position` counts from 1."""

    position: int
    type: str
    sector: str
    text_ru: str
    text_en: str
    topics: str = ""  # words of programs it is about, separated by commas


@dataclass(frozen=True)
class TypeText:
    """What the test says about one interest type."""

    name_ru: str
    name_en: str
    about_ru: str
    about_en: str
    professions_ru: str
    professions_en: str


@dataclass(frozen=True)
class ResultInfo:
    """A finished test as the resident and other services see it."""

    id: int
    version_id: int
    code: str
    scores: dict[str, int]
    flags: list[str]
    finished_at: datetime


@dataclass(frozen=True)
class Recommendation:
    """A program the test points to."""

    id: int
    title: str
    organization: str
    municipality: str | None
    municipality_id: int | None
    distance: bool
    competency_id: int | None


def localized(record: object, field: str, locale: str) -> str:
    """The `field_ru` or `field_en` of a test's text, by the resident's language."""
    return getattr(record, f"{field}_{'ru' if locale == 'ru' else 'en'}")


async def current_version(slug: str = "compass") -> int:
    version = await CareerTestVersion.filter(test__slug=slug).order_by("-number").first()
    if version is None:
        raise ServiceError("test_unavailable")
    return version.id


async def version_number(version_id: int) -> int:
    """The number staff know a version by (1, 2, …)."""
    return (await CareerTestVersion.get(id=version_id)).number


async def items(version_id: int) -> list[ItemText]:
    rows = await CareerItem.filter(version_id=version_id).order_by("position")
    return [ItemText(i.position, i.type, i.sector, i.text_ru, i.text_en, i.topics)
            for i in rows]


async def type_texts(version_id: int) -> dict[str, TypeText]:
    return {t.type: TypeText(*(getattr(t, name) for name in TYPE_FIELDS))
            for t in await CareerTypeText.filter(version_id=version_id)}


async def start_attempt(user_id: int, version_id: int, now: datetime) -> int:
    attempt = await CareerAttempt.create(user_id=user_id, version_id=version_id, started_at=now)
    return attempt.id


async def record_progress(attempt_id: int, reached: int) -> None:
    """How far the resident got (going back does not lower it)."""
    await CareerAttempt.filter(id=attempt_id, reached__lt=reached).update(reached=reached)


def _result(row: CareerResult) -> ResultInfo:
    return ResultInfo(row.id, row.version_id, row.code, row.scores, list(row.flags),
                      row.finished_at)


async def finish(user_id: int, version_id: int, answers: dict[int, int],
                 started_at: datetime, now: datetime,
                 attempt_id: int | None = None) -> tuple[ResultInfo, Result]:
    """Score and keep a finished test; answers are personal data, so consent is checked."""
    bank = [Item(i.position, i.type, i.sector, topics_of(i.topics))
            for i in await items(version_id)]
    result = score(bank, answers, seconds=(now - started_at).total_seconds())
    async with in_transaction():
        user = await User.get(id=user_id)
        if not user.pd_consent:
            raise ServiceError("consent_required")
        saved = await CareerResult.create(
            user_id=user_id, version_id=version_id, started_at=started_at, finished_at=now,
            answers={str(k): v for k, v in sorted(answers.items())}, scores=result.scores,
            code=result.code, flags=list(result.flags))
        if attempt_id is not None:
            await CareerAttempt.filter(id=attempt_id, user_id=user_id).update(result_id=saved.id)
        await audit.log(f"user:{user_id}", "career.result_saved", "career_result", saved.id)
    return _result(saved), result


async def list_results(user_id: int) -> list[ResultInfo]:
    """A resident's finished tests, newest first."""
    return [_result(row) for row in await CareerResult.filter(user_id=user_id).order_by("-id")]


async def weights(slug: str = "compass") -> dict[tuple[str, int], int]:
    """{(type, competency id): weight} of a test."""
    rows = await CareerTypeCompetency.filter(test__slug=slug).values_list(
        "type", "competency_id", "weight")
    return {(kind, competency): weight for kind, competency, weight in rows}


async def matching_competencies(scores: dict[str, int], slug: str = "compass") -> list[int]:
    """Competencies that fit an interest profile, best first: Σ score × weight over types."""
    fit: dict[int, float] = defaultdict(float)
    for (kind, competency), weight in (await weights(slug)).items():
        fit[competency] += scores.get(kind, 0) * weight
    best = max(fit.values(), default=0)
    if best <= 0:
        return []
    good = [c for c, value in fit.items() if value >= GOOD_FIT * best]
    return sorted(good, key=lambda c: (-fit[c], c))


def _recommendation(program: Program) -> Recommendation:
    return Recommendation(program.id, program.title, program.organization.name,
                          program.municipality.name if program.municipality else None,
                          program.municipality_id, program.distance, program.competency_id)


async def recommend_programs(scores: dict[str, int], municipality_id: int | None, today: date,
                             limit: int = 3, age_group: str | None = None,
                             declined: Sequence[str] = ()) -> list[Recommendation]:
    """Programs for the matching competencies that the resident may enrol in (a pupil under 18
    is not offered programs for adults) and did not say no to (`declined` topics): nearby or
    distance first, one per competency."""
    order = {c: rank for rank, c in enumerate(await matching_competencies(scores))}
    programs = await Program.filter(status="published", competency_id__in=list(order)).filter(
        Q(start_date__isnull=True) | Q(start_date__gte=today)).prefetch_related(
        "organization", "municipality")

    def key(program: Program) -> tuple:
        near = program.municipality_id == municipality_id or program.distance
        return (not near, order[program.competency_id], program.start_date or date.max,
                program.id)

    if age_group == "14-17":
        programs = [p for p in programs if open_to_minors(p.type, p.requirements, p.title)]
    programs = [p for p in programs if not about(p.title, declined)]
    chosen, seen = [], set()
    for program in sorted(programs, key=key):
        if program.competency_id not in seen:
            chosen.append(_recommendation(program))
            seen.add(program.competency_id)
    return chosen[:limit]


async def recommend_event(scores: dict[str, int], municipality_id: int | None,
                          now: datetime, declined: Sequence[str] = ()) -> int | None:
    """The id of one coming event to try the best-fitting competency in practice (of a mixed
    profile, the leading part's): nearby or online first among equals."""
    order = {c: rank for rank, c in enumerate(await matching_competencies(scores))}
    found = [e for e in await Event.filter(status="published", competency_id__in=list(order),
                                           registration_deadline__gt=now)
             if not about(e.title, declined)]
    if not found:
        return None
    return min(found, key=lambda e: (order[e.competency_id],
                                     e.municipality_id not in (municipality_id, None),
                                     e.starts_at, e.id)).id
