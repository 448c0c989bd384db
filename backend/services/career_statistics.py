"""Career test statistics for staff: counts over all versions, and the scales' reliability."""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from backend.career.psychometrics import corrected_item_total, cronbach_alpha
from backend.career.scoring import TYPES
from backend.models import CareerAttempt, CareerResult, Municipality, User
from backend.services.career import items
from backend.services.users import AGE_GROUPS


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


