"""Programs as plain values: what dialogs, the panel and the API read of the catalog."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from backend.models import Competency, Program
from backend.programs.places import place_label

RELATED = ("competency", "organization", "municipality")  # what `info` reads of a row


@dataclass(frozen=True)
class ProgramInfo:
    """A program with the names of its organization, place and competency ("" when none)."""

    id: int
    code: str
    title: str
    type: str
    form: str
    distance: bool
    hours: int
    price: int
    free_for: tuple[str, ...]
    start_date: date | None
    document: str
    description: str
    requirements: str
    url: str
    status: str
    organization: str
    municipality: str = ""
    competency: str = ""
    place: str = ""  # the municipality as people say it: «Каргопольский округ»


EVERYONE = frozenset({"все", "всем", "для всех", "все желающие", "everyone", "anyone", "all"})


def free_for_everyone(program: ProgramInfo) -> bool:
    """Free, and not only for some groups (an empty list, or a group such as «все желающие»)."""
    return not program.price and (not program.free_for or any(
        group.strip().lower() in EVERYONE for group in program.free_for))


def enrolment_open(program: ProgramInfo, today: date) -> bool:
    """A program takes applications until it starts (the catalog keeps no separate deadline)."""
    return program.start_date is None or program.start_date >= today


@dataclass(frozen=True)
class Area:
    """A competency a resident can browse."""

    id: int
    name: str


def info(program: Program) -> ProgramInfo:
    """The row's values; its RELATED rows must be loaded."""
    return ProgramInfo(
        id=program.id, code=program.code, title=program.title, type=program.type,
        form=program.form, distance=program.distance, hours=program.hours,
        price=program.price, free_for=tuple(program.free_for), start_date=program.start_date,
        document=program.document, description=program.description,
        requirements=program.requirements, url=program.url, status=program.status,
        organization=program.organization.name,
        municipality=program.municipality.name if program.municipality else "",
        competency=program.competency.name if program.competency else "",
        place=place_label(program.municipality.name, program.municipality.kind)
        if program.municipality else "")


async def areas() -> list[Area]:
    """Competencies that have published programs: the areas a resident can browse."""
    found = await Competency.filter(programs__status="published").distinct().order_by("name")
    return [Area(c.id, c.name) for c in found]


async def find_published(program_id: int) -> ProgramInfo | None:
    program = await Program.get_or_none(id=program_id, status="published").select_related(
        *RELATED)
    return info(program) if program else None


async def find_published_by_code(code: str) -> ProgramInfo | None:
    program = await Program.get_or_none(code=code, status="published").select_related(*RELATED)
    return info(program) if program else None


async def find_published_by_code_any_case(code: str) -> ProgramInfo | None:
    """The published program whose code is this one in other letters' case (demo-069 for
    DEMO-069), when it is the only one: codes that differ by case alone stay apart."""
    found = await Program.filter(code__iexact=code, status="published").limit(2) \
        .select_related(*RELATED)
    return info(found[0]) if len(found) == 1 else None
