"""Catalog import and export: a dry run lists every problem, a real run writes all or nothing."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.expressions import Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

from backend.catalog import files, rules
from backend.catalog.places import place_key
from backend.errors import ServiceError
from backend.models import Competency, Municipality, Organization, Program
from backend.services import audit, finder


@dataclass(frozen=True)
class Problem:
    row: int  # the line in the file, header = 1
    column: str
    code: str  # a key of rules.MESSAGES
    params: dict = field(default_factory=dict)


@dataclass
class Report:
    rows: int = 0
    created: int = 0
    updated: int = 0
    new_organizations: list[str] = field(default_factory=list)
    new_competencies: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # the first PROBLEMS_LISTED
    problem_count: int = 0

    @property
    def unlisted(self) -> int:
        """Problems counted but not listed."""
        return self.problem_count - len(self.problems)


PROBLEMS_LISTED = 100  # a file of thousands of bad rows must not make a page of megabytes


@dataclass(frozen=True)
class _Known:
    """What rows may refer to, loaded before the file is read in a worker thread."""

    places: dict[str, int]
    organizations: dict[str, int]
    competencies: dict[str, int]


async def import_programs(data: bytes, filename: str, *, actor: str, dry_run: bool = False,
                          create_missing: bool = False) -> Report:
    """Check every row of a catalog file and, unless dry or faulty, write them all at once.

    The file is read and checked in a worker thread: a big one must not hold the event loop
    (webhooks, /healthz) while it is parsed.
    """
    known = _Known({place_key(m.name): m.id for m in await Municipality.all()},
                   {o.name: o.id for o in await Organization.all()},
                   {c.name: c.id for c in await Competency.all()})
    try:
        report, ready = await asyncio.to_thread(_check_file, data, filename, known,
                                                create_missing)
    except files.FileError as exc:
        raise ServiceError(exc.code, **exc.params) from None
    existing = set(await Program.filter(code__in=[c.code for c in ready])
                   .values_list("code", flat=True))
    report.updated = sum(1 for candidate in ready if candidate.code in existing)
    report.created = len(ready) - report.updated
    if report.problem_count or dry_run:
        return report
    async with in_transaction():
        for name in report.new_organizations:
            known.organizations[name] = (await Organization.create(name=name)).id
        for name in report.new_competencies:
            known.competencies[name] = (await Competency.create(name=name)).id
        now = datetime.now(UTC)
        published = set(await Program.filter(code__in=[c.code for c in ready],
                                             published_at__isnull=False)
                        .values_list("code", flat=True))
        for candidate in ready:
            values = _values(candidate, known.organizations[candidate.organization],
                             known.competencies.get(candidate.competency),
                             known.places.get(place_key(candidate.municipality)))
            if candidate.status == "published" and candidate.code not in published:
                values["published_at"] = now
            await Program.update_or_create(code=candidate.code, defaults=values)
        await audit.log(actor, "catalog.imported", "catalog", filename[:64])
    finder.invalidate()
    return report


def _check_file(data: bytes, filename: str, known: _Known, create_missing: bool
                ) -> tuple[Report, list[rules.Candidate]]:
    """Every row of the file against the rules and the known references (no database)."""
    rows = files.read_rows(data, filename)
    report, seen, ready = Report(rows=len(rows)), set(), []
    for line, row in enumerate(rows, start=2):
        candidate, problems = files.parse(row)
        problems = {**rules.check(candidate), **problems}
        if candidate.code in seen:
            problems["code"] = ("duplicate_code", {})
        seen.add(candidate.code)
        if candidate.municipality and place_key(candidate.municipality) not in known.places:
            problems["municipality"] = ("unknown_municipality", {})
        for column, names, new in (
                ("organization", known.organizations, report.new_organizations),
                ("competency", known.competencies, report.new_competencies)):
            name = getattr(candidate, column)
            if name and name not in names and name not in new:
                if create_missing:
                    new.append(name)
                else:
                    problems[column] = (f"unknown_{column}", {})
        for column, (code, params) in sorted(problems.items()):
            report.problem_count += 1
            if len(report.problems) < PROBLEMS_LISTED:
                report.problems.append(Problem(line, column, code, params))
        ready.append(candidate)
    return report, ready


def _values(candidate: rules.Candidate, organization_id: int, competency_id: int | None,
            municipality_id: int | None) -> dict:
    """A program's columns from a checked candidate (an imported row or the panel's form)."""
    return {
        "title": candidate.title, "type": candidate.type, "form": candidate.form,
        "distance": candidate.distance, "hours": candidate.hours, "price": candidate.price,
        "free_for": candidate.free_for, "start_date": candidate.start_date,
        "document": candidate.document or rules.DOCUMENTS[candidate.type],
        "description": candidate.description, "requirements": candidate.requirements,
        "url": candidate.url, "status": candidate.status, "organization_id": organization_id,
        "competency_id": competency_id, "municipality_id": municipality_id,
    }


def row_of(p: Program) -> dict[str, object]:
    """A program as a file row and as the panel's form: the columns an import reads."""
    return {
        "code": p.code, "title": p.title, "type": p.type, "form": p.form,
        "competency": p.competency.name if p.competency else "",
        "distance": "да" if p.distance else "нет", "hours": p.hours, "price": p.price,
        "free_for": "; ".join(p.free_for), "organization": p.organization.name,
        "municipality": p.municipality.name if p.municipality else "",
        "start_date": p.start_date.isoformat() if p.start_date else "",
        "document": p.document, "description": p.description,
        "requirements": p.requirements, "url": p.url, "status": p.status,
    }


async def export_programs(filename: str) -> bytes:
    programs = await Program.all().order_by("code").prefetch_related(
        "organization", "competency", "municipality")
    # Written in a worker thread: thousands of programs take seconds to write as XLSX.
    return await asyncio.to_thread(files.write, [row_of(p) for p in programs], filename)


# ---- editing in the panel -----------------------------------------------------------------------

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
    values = _values(candidate, organization.id, competency.id if competency else None, place)
    async with in_transaction():
        if program_id is None:
            program = await Program.create(code=candidate.code, **values)
        else:
            program = await Program.get(id=program_id).select_for_update()
            await Program.filter(id=program_id).update(code=candidate.code, **values)
        if candidate.status == "published" and program.published_at is None:
            await Program.filter(id=program.id).update(published_at=datetime.now(UTC))
        await audit.log(actor, "catalog.program_saved", "program", program.id)
    finder.invalidate()
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
    finder.invalidate()


async def competencies_with_counts() -> list[tuple[Competency, int]]:
    counted = dict(await Program.all().annotate(n=Count("id")).group_by("competency_id")
                   .values_list("competency_id", "n"))
    return [(c, counted.get(c.id, 0)) for c in await Competency.all().order_by("name")]
