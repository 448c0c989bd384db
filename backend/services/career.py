"""The career test as the platform keeps it: versions, items, results."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from statistics import median

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from backend.career.psychometrics import corrected_item_total, cronbach_alpha
from backend.career.scoring import TYPES, Item, Result, score
from backend.errors import ServiceError
from backend.models import (
    CareerAttempt,
    CareerItem,
    CareerResult,
    CareerTest,
    CareerTestVersion,
    CareerTypeCompetency,
    CareerTypeText,
    Competency,
    Event,
    Municipality,
    Program,
    User,
)
from backend.services import audit
from backend.services.users import AGE_GROUPS


def localized(record: object, field: str, locale: str) -> str:
    """The `field_ru` or `field_en` column of a test's data, by the resident's language."""
    return getattr(record, f"{field}_{'ru' if locale == 'ru' else 'en'}")


async def current_version(slug: str = "compass") -> int:
    version = await CareerTestVersion.filter(test__slug=slug).order_by("-number").first()
    if version is None:
        raise ServiceError("test_unavailable")
    return version.id


async def items(version_id: int) -> list[CareerItem]:
    return list(await CareerItem.filter(version_id=version_id).order_by("position"))


async def type_texts(version_id: int) -> dict[str, CareerTypeText]:
    return {t.type: t for t in await CareerTypeText.filter(version_id=version_id)}


async def start_attempt(user_id: int, version_id: int, now: datetime) -> int:
    attempt = await CareerAttempt.create(user_id=user_id, version_id=version_id, started_at=now)
    return attempt.id


async def record_progress(attempt_id: int, reached: int) -> None:
    """How far the resident got (going back does not lower it)."""
    await CareerAttempt.filter(id=attempt_id, reached__lt=reached).update(reached=reached)


async def finish(user_id: int, version_id: int, answers: dict[int, int],
                 started_at: datetime, now: datetime,
                 attempt_id: int | None = None) -> tuple[CareerResult, Result]:
    """Score and keep a finished test; answers are personal data, so consent is checked."""
    bank = [Item(i.position, i.type, i.sector) for i in await items(version_id)]
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
    return saved, result


async def list_results(user_id: int) -> list[CareerResult]:
    return list(await CareerResult.filter(user_id=user_id).order_by("-id"))


@dataclass(frozen=True)
class ScaleStatistics:
    type: str
    results: int
    alpha: float | None
    item_total: dict[int, float | None]  # item position → corrected item-total correlation


async def scale_statistics(version_id: int) -> list[ScaleStatistics]:
    """The pilot validation figures for each scale, from the stored results of a version."""
    bank = await items(version_id)
    answers = await CareerResult.filter(version_id=version_id).values_list("answers", flat=True)
    statistics = []
    for kind in TYPES:
        positions = [item.position for item in bank if item.type == kind]
        rows = [[row[str(p)] for p in positions] for row in answers]
        correlations = corrected_item_total(rows) if len(rows) >= 2 else [None] * len(positions)
        statistics.append(ScaleStatistics(kind, len(rows), cronbach_alpha(rows),
                                          dict(zip(positions, correlations, strict=True))))
    return statistics


@dataclass(frozen=True)
class Statistics:
    results: int
    by_type: dict[str, int]  # leading types (a tie counts for each)
    by_municipality: list[tuple[str | None, int]]
    by_age_group: list[tuple[str | None, int]]  # in the order of users.AGE_GROUPS, then unknown
    attempts: int
    finished: int
    median_minutes: float | None
    stopped_at: dict[int, int]  # item reached → unfinished attempts that stopped there

    @property
    def completion(self) -> float | None:
        return self.finished / self.attempts if self.attempts else None


async def statistics() -> Statistics:
    """Counts over all versions: no personal data leaves this function."""
    results = await CareerResult.all().values("code", "user_id", "started_at", "finished_at")
    by_type = {t: 0 for t in TYPES}
    for row in results:
        for kind in row["code"].split("-")[0]:
            by_type[kind] += 1
    people = {row["id"]: row for row in await User.filter(
        id__in={r["user_id"] for r in results}).values("id", "municipality_id", "age_group")}
    names = dict(await Municipality.all().values_list("id", "name"))
    counted: dict[str | None, int] = {}
    ages: dict[str | None, int] = {}
    for row in results:
        person = people.get(row["user_id"], {})
        name = names.get(person.get("municipality_id"))
        counted[name] = counted.get(name, 0) + 1
        ages[person.get("age_group")] = ages.get(person.get("age_group"), 0) + 1
    durations = sorted((r["finished_at"] - r["started_at"]).total_seconds() / 60 for r in results)
    attempts = await CareerAttempt.all().values("reached", "result_id")
    stopped: dict[int, int] = {}
    for attempt in attempts:
        if attempt["result_id"] is None:
            stopped[attempt["reached"]] = stopped.get(attempt["reached"], 0) + 1
    return Statistics(
        len(results), by_type,
        sorted(counted.items(), key=lambda item: (-item[1], item[0] is None, item[0] or "")),
        [(group, ages[group]) for group in (*AGE_GROUPS, None) if group in ages],
        len(attempts), sum(1 for a in attempts if a["result_id"] is not None),
        round(median(durations), 1) if durations else None, dict(sorted(stopped.items())))


ITEM_FIELDS = ("type", "sector", "text_ru", "text_en")
TYPE_FIELDS = ("name_ru", "name_en", "about_ru", "about_en", "professions_ru", "professions_en")


async def publish_version(actor: str, items_data: list[dict], types_data: dict[str, dict],
                          slug: str = "compass") -> int:
    """Save an edited test as a new version; earlier results keep theirs. Returns its id."""
    errors = {}
    for position, item in enumerate(items_data, start=1):
        if item.get("type") not in TYPES:
            errors[f"item{position}"] = "type"
        for field_name in ("sector", "text_ru", "text_en"):
            if not (item.get(field_name) or "").strip() or len(item[field_name]) > 300:
                errors[f"item{position}"] = field_name
    for kind in TYPES:
        for field_name in TYPE_FIELDS:
            if not (types_data.get(kind, {}).get(field_name) or "").strip():
                errors[f"type{kind}"] = field_name
    if errors or not items_data:
        raise ServiceError("test_invalid", fields=", ".join(sorted(errors)) or "items")
    async with in_transaction():
        latest = await CareerTestVersion.filter(test__slug=slug).order_by("-number") \
            .first().select_for_update()
        version = await CareerTestVersion.create(test_id=latest.test_id, number=latest.number + 1)
        for position, item in enumerate(items_data, start=1):
            await CareerItem.create(version_id=version.id, position=position,
                                    **{k: item[k].strip() for k in ITEM_FIELDS})
        for kind in TYPES:
            await CareerTypeText.create(version_id=version.id, type=kind,
                                        **{k: types_data[kind][k].strip() for k in TYPE_FIELDS})
        await audit.log(actor, "career.version_published", "career_test_version", version.id)
    return version.id


# ---- type → competency weights, and what they recommend -----------------------------------

WEIGHTS = range(0, 4)  # 0 none … 3 strongly
GOOD_FIT = 0.6  # competencies within this share of the best fit count as matching


async def weights(slug: str = "compass") -> dict[tuple[str, int], int]:
    """{(type, competency id): weight} of a test."""
    rows = await CareerTypeCompetency.filter(test__slug=slug).values_list(
        "type", "competency_id", "weight")
    return {(kind, competency): weight for kind, competency, weight in rows}


async def set_weights(actor: str, values: dict[tuple[str, int], int],
                      slug: str = "compass") -> None:
    """Replace a test's weights; zero means "no link". Journaled."""
    if any(kind not in TYPES or weight not in WEIGHTS for (kind, _), weight in values.items()):
        raise ServiceError("weights_invalid")
    known = set(await Competency.filter(id__in={c for _, c in values}).values_list("id",
                                                                                     flat=True))
    async with in_transaction():
        test = await CareerTest.get(slug=slug)
        await CareerTypeCompetency.filter(test_id=test.id).delete()
        for (kind, competency), weight in sorted(values.items()):
            if weight and competency in known:
                await CareerTypeCompetency.create(test_id=test.id, type=kind,
                                                  competency_id=competency, weight=weight)
        await audit.log(actor, "career.weights_changed", "career_test", test.id)


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


async def recommend_programs(scores: dict[str, int], municipality_id: int | None, today: date,
                             limit: int = 3) -> list[Program]:
    """Programs for the matching competencies: nearby or distance first, one per competency."""
    order = {c: rank for rank, c in enumerate(await matching_competencies(scores))}
    programs = await Program.filter(status="published", competency_id__in=list(order)).filter(
        Q(start_date__isnull=True) | Q(start_date__gte=today)).prefetch_related(
        "organization", "municipality")

    def key(program: Program) -> tuple:
        near = program.municipality_id == municipality_id or program.distance
        return (not near, order[program.competency_id], program.start_date or date.max,
                program.id)

    chosen, seen = [], set()
    for program in sorted(programs, key=key):
        if program.competency_id not in seen:
            chosen.append(program)
            seen.add(program.competency_id)
    return chosen[:limit]


async def recommend_event(scores: dict[str, int], municipality_id: int | None,
                          now: datetime) -> Event | None:
    """One coming event to try a matching competency in practice: nearby or online first."""
    order = {c: rank for rank, c in enumerate(await matching_competencies(scores))}
    found = await Event.filter(status="published", competency_id__in=list(order),
                               registration_deadline__gt=now)
    if not found:
        return None
    return min(found, key=lambda e: (e.municipality_id not in (municipality_id, None),
                                     order[e.competency_id], e.starts_at, e.id))
