"""Catalog files in and out: a dry run lists every problem, a real run writes all or nothing."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.models import Competency, Municipality, Organization, Program
from backend.programs import files, rules
from backend.programs.places import place_key
from backend.services import audit, programs_search


@dataclass(frozen=True)
class Problem:
    row: int  # the line in the file, header = 1
    column: str
    code: str  # a key of errors.PROBLEMS
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
            values = program_values(candidate, known.organizations[candidate.organization],
                             known.competencies.get(candidate.competency),
                             known.places.get(place_key(candidate.municipality)))
            if candidate.status == "published" and candidate.code not in published:
                values["published_at"] = now
            await Program.update_or_create(code=candidate.code, defaults=values)
        await audit.log(actor, "catalog.imported", "catalog", filename[:64])
    programs_search.invalidate()
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


def program_values(candidate: rules.Candidate, organization_id: int, competency_id: int | None,
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
        # set here because a queryset's update() leaves auto_now alone, and other processes
        # notice a changed catalog by its latest updated_at
        "updated_at": datetime.now(UTC),
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


