"""The catalog edited in the panel: programs one by one, and competencies."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.models import Competency, Municipality, Organization, Program
from backend.programs import rules
from backend.programs.places import place_key
from backend.services import audit, programs_search
from backend.services.programs import RELATED, ProgramInfo, info
from backend.services.programs_files import program_values

PAGE = 25


async def list_programs(query: str = "", status: str = "", page: int = 0
                        ) -> tuple[int, list[ProgramInfo]]:
    """Every program, drafts too, for staff: by code or words of the title."""
    found = Program.all()
    if status in rules.STATUSES:
        found = found.filter(status=status)
    if query:
        found = found.filter(Q(code__icontains=query) | Q(title__icontains=query))
    total = await found.count()
    rows = await found.order_by("title", "code").offset(page * PAGE).limit(PAGE) \
        .select_related(*RELATED)
    return total, [info(row) for row in rows]


async def find_program(program_id: int) -> ProgramInfo | None:
    """A program whatever its status, for its form."""
    program = await Program.get_or_none(id=program_id).select_related(*RELATED)
    return info(program) if program else None


@dataclass(frozen=True)
class Choices:
    """The names a program's form offers."""

    organizations: tuple[str, ...]
    competencies: tuple[str, ...]
    municipalities: tuple[str, ...]


async def choices() -> Choices:
    return Choices(
        tuple(await Organization.all().order_by("name").values_list("name", flat=True)),
        tuple(await Competency.all().order_by("name").values_list("name", flat=True)),
        tuple(await Municipality.all().values_list("name", flat=True)))


@dataclass(frozen=True)
class _References:
    organization_id: int | None
    competency_id: int | None
    municipality_id: int | None


async def _check(draft: rules.Candidate, program_id: int | None
                 ) -> tuple[rules.Problems, _References]:
    """The law's rules, then the names and the code against the database."""
    problems = rules.check(draft)
    place = await _municipality_id(draft.municipality)
    if draft.municipality and place is None:
        problems["municipality"] = ("unknown_municipality", {})
    # Look up only what passed the rules: the ORM refuses a value longer than its column.
    organization = competency = None
    if "organization" not in problems:
        organization = await Organization.get_or_none(name=draft.organization)
        if organization is None:
            problems["organization"] = ("unknown_organization", {})
    if draft.competency and "competency" not in problems:
        competency = await Competency.get_or_none(name=draft.competency)
        if competency is None:
            problems["competency"] = ("unknown_competency", {})
    if "code" not in problems and await Program.filter(code=draft.code).exclude(
            id=program_id or 0).exists():
        problems["code"] = ("code_taken", {})
    return problems, _References(organization.id if organization else None,
                                 competency.id if competency else None, place)


async def check_program(draft: rules.Candidate, program_id: int | None = None
                        ) -> rules.Problems:
    """What would keep this program from being saved; empty when nothing would."""
    problems, _ = await _check(draft, program_id)
    return problems


async def save_program(draft: rules.Candidate, *, actor: str, program_id: int | None = None
                       ) -> tuple[ProgramInfo | None, rules.Problems]:
    """Create or change one program from the panel: the import's rules, one program."""
    problems, refs = await _check(draft, program_id)
    if problems:
        return None, problems
    values = program_values(draft, refs.organization_id, refs.competency_id,
                            refs.municipality_id)
    async with in_transaction():
        if program_id is None:
            program = await Program.create(code=draft.code, **values)
        else:
            program = await Program.get(id=program_id).select_for_update()
            await Program.filter(id=program_id).update(code=draft.code, **values)
        if draft.status == "published" and program.published_at is None:
            await Program.filter(id=program.id).update(published_at=datetime.now(UTC))
        await audit.log(actor, "catalog.program_saved", "program", program.id)
    programs_search.invalidate()
    return await find_program(program.id), {}


async def _municipality_id(name: str) -> int | None:
    if not name:
        return None
    for municipality in await Municipality.all():
        if place_key(municipality.name) == place_key(name):
            return municipality.id
    return None


async def add_competency(name: str, *, actor: str) -> int:
    """A new competency's id."""
    name = " ".join(name.split())
    if not 2 <= len(name) <= 200:
        raise ServiceError("competency_name")
    if await Competency.exists(name=name):
        raise ServiceError("competency_exists")
    async with in_transaction():
        competency = await Competency.create(name=name)
        await audit.log(actor, "catalog.competency_added", "competency", competency.id)
    return competency.id


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


@dataclass(frozen=True)
class CompetencyCount:
    id: int
    name: str
    programs: int


async def competencies_with_counts() -> list[CompetencyCount]:
    counted = dict(await Program.all().annotate(n=Count("id")).group_by("competency_id")
                   .values_list("competency_id", "n"))
    return [CompetencyCount(c.id, c.name, counted.get(c.id, 0))
            for c in await Competency.all().order_by("name")]
