"""Staff edit the career test: a new version of its texts, and the type → competency weights."""

from __future__ import annotations

from dataclasses import astuple, dataclass

from tortoise.transactions import in_transaction

from backend.career.scoring import TYPES
from backend.errors import ServiceError
from backend.models import (
    CareerItem,
    CareerTest,
    CareerTestVersion,
    CareerTypeCompetency,
    CareerTypeText,
    Competency,
)
from backend.services import audit
from backend.services.career import ITEM_FIELDS, TYPE_FIELDS, ItemText, TypeText

WEIGHTS = range(0, 4)  # 0 none … 3 strongly
MAX_ITEM_TEXT = 300


@dataclass(frozen=True)
class CompetencyRef:
    id: int
    name: str


def _item_problems(items: list[ItemText]) -> dict[str, str]:
    problems = {}
    for item in items:
        if item.type not in TYPES:
            problems[f"item{item.position}"] = "type"
        for field_name in ("sector", "text_ru", "text_en"):
            value = getattr(item, field_name)
            if not value.strip() or len(value) > MAX_ITEM_TEXT:
                problems[f"item{item.position}"] = field_name
        if len(item.topics) > MAX_ITEM_TEXT:
            problems[f"item{item.position}"] = "topics"
    return problems


def _type_problems(texts: dict[str, TypeText]) -> dict[str, str]:
    problems = {}
    for kind in TYPES:
        text = texts.get(kind)
        for field_name in TYPE_FIELDS:
            if text is None or not getattr(text, field_name).strip():
                problems[f"type{kind}"] = field_name
    return problems


async def publish_version(actor: str, items: list[ItemText], texts: dict[str, TypeText],
                          slug: str = "compass") -> int:
    """Save an edited test as a new version; earlier results keep theirs. Returns its id."""
    problems = _item_problems(items) | _type_problems(texts)
    if problems or not items:
        raise ServiceError("test_invalid", fields=", ".join(sorted(problems)) or "items")
    async with in_transaction():
        latest = await CareerTestVersion.filter(test__slug=slug).order_by("-number") \
            .first().select_for_update()
        version = await CareerTestVersion.create(test_id=latest.test_id, number=latest.number + 1)
        for position, item in enumerate(items, start=1):
            await CareerItem.create(version_id=version.id, position=position,
                                    **{k: getattr(item, k).strip() for k in ITEM_FIELDS})
        for kind in TYPES:
            values = dict(zip(TYPE_FIELDS, astuple(texts[kind]), strict=True))
            await CareerTypeText.create(version_id=version.id, type=kind,
                                        **{k: v.strip() for k, v in values.items()})
        await audit.log(actor, "career.version_published", "career_test_version", version.id)
    return version.id


async def list_competencies() -> list[CompetencyRef]:
    """Every competency a type can point to, by name."""
    rows = await Competency.all().order_by("name").values_list("id", "name")
    return [CompetencyRef(*row) for row in rows]


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
