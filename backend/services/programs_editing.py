"""The catalog edited in the panel: programs one by one, and competencies."""

from __future__ import annotations

from datetime import UTC, datetime

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.models import Competency, Municipality, Organization, Program
from backend.programs import files, rules
from backend.programs.places import place_key
from backend.services import audit, programs_search
from backend.services.programs_files import program_values

PAGE = 25


async def list_programs(query: str = "", status: str = "", page: int = 0
                        ) -> tuple[int, list[Program]]:
    """Every program, drafts too, for staff: by code or words of the title."""
    found = Program.all()
    if status in rules.STATUSES:
        found = found.filter(status=status)
    if query:
        found = found.filter(Q(code__icontains=query) | Q(title__icontains=query))
    total = await found.count()
    rows = await found.order_by("title", "code").offset(page * PAGE).limit(PAGE) \
        .prefetch_related("organization", "municipality")
    return total, list(rows)


async def save_program(row: dict[str, str], *, actor: str, program_id: int | None = None
                       ) -> tuple[Program | None, dict[str, tuple[str, dict]]]:
    """Create or change one program from the panel's form: the import's rules, one row."""
    candidate, problems = files.parse(row)
    problems = {**rules.check(candidate), **problems}
    place = await _municipality_id(candidate.municipality)
    if candidate.municipality and place is None:
        problems["municipality"] = ("unknown_municipality", {})
    # Look up only what passed the rules: the ORM refuses a value longer than its column.
    organization = competency = None
    if "organization" not in problems:
        organization = await Organization.get_or_none(name=candidate.organization)
        if organization is None:
            problems["organization"] = ("unknown_organization", {})
    if candidate.competency and "competency" not in problems:
        competency = await Competency.get_or_none(name=candidate.competency)
        if competency is None:
            problems["competency"] = ("unknown_competency", {})
    if "code" not in problems and await Program.filter(code=candidate.code).exclude(
            id=program_id or 0).exists():
        problems["code"] = ("code_taken", {})
    if problems:
        return None, problems
    values = program_values(candidate, organization.id,
                            competency.id if competency else None, place)
    async with in_transaction():
        if program_id is None:
            program = await Program.create(code=candidate.code, **values)
        else:
            program = await Program.get(id=program_id).select_for_update()
            await Program.filter(id=program_id).update(code=candidate.code, **values)
        if candidate.status == "published" and program.published_at is None:
            await Program.filter(id=program.id).update(published_at=datetime.now(UTC))
        await audit.log(actor, "catalog.program_saved", "program", program.id)
    programs_search.invalidate()
    return await Program.get(id=program.id), {}


async def _municipality_id(name: str) -> int | None:
    if not name:
        return None
    for municipality in await Municipality.all():
        if place_key(municipality.name) == place_key(name):
            return municipality.id
    return None


async def add_competency(name: str, *, actor: str) -> Competency:
    name = " ".join(name.split())
    if not 2 <= len(name) <= 200:
        raise ServiceError("competency_name")
    if await Competency.exists(name=name):
        raise ServiceError("competency_exists")
    async with in_transaction():
        competency = await Competency.create(name=name)
        await audit.log(actor, "catalog.competency_added", "competency", competency.id)
    return competency


async def rename_competency(competency_id: int, name: str, *, actor: str) -> None:
    name = " ".join(name.split())
    if not 2 <= len(name) <= 200:
        raise ServiceError("competency_name")
    if await Competency.filter(name=name).exclude(id=competency_id).exists():
        raise ServiceError("competency_exists")
    async with in_transaction():
        await Competency.filter(id=competency_id).update(name=name)
        # Programs carry the name in other processes' search snapshots: mark them changed.
        await Program.filter(competency_id=competency_id).update(updated_at=datetime.now(UTC))
        await audit.log(actor, "catalog.competency_renamed", "competency", competency_id)
    programs_search.invalidate()


async def competencies_with_counts() -> list[tuple[Competency, int]]:
    counted = dict(await Program.all().annotate(n=Count("id")).group_by("competency_id")
                   .values_list("competency_id", "n"))
    return [(c, counted.get(c.id, 0)) for c in await Competency.all().order_by("name")]
