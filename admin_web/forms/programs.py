"""The catalog's forms: a program's fields read into a draft (and a program shown in them),
a file sent for import, and a search synonym."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from backend.programs.files import read_date, whole_number
from backend.programs.rules import Candidate, Problems
from backend.services.programs import ProgramInfo

TEXTS = ("code", "title", "type", "competency", "form", "hours", "price", "free_for",
         "municipality", "organization", "start_date", "document", "description",
         "requirements", "url", "status")
NEW = {"status": "draft", "form": "ochnaya", "distance": False}  # a new program's form


def read(form: Mapping) -> tuple[Candidate, Problems]:
    """The posted fields as a draft, and the problems of their format (a number, a date)."""
    text = {name: str(form.get(name, "")).strip() for name in TEXTS}
    problems: Problems = {}
    numbers = {name: whole_number(text[name]) for name in ("hours", "price")}
    for name, number in numbers.items():
        if number is None:
            problems[name] = ("bad_number", {})
    start = read_date(text["start_date"])
    if start is False:
        problems["start_date"] = ("bad_date", {})
    draft = Candidate(
        code=text["code"], title=text["title"], type=text["type"], form=text["form"],
        distance=form.get("distance") == "yes", hours=numbers["hours"] or 0,
        price=numbers["price"] or 0,
        free_for=[part.strip() for part in text["free_for"].split(";") if part.strip()],
        start_date=start or None, document=text["document"], description=text["description"],
        requirements=text["requirements"], url=text["url"], status=text["status"] or "draft",
        competency=text["competency"], municipality=text["municipality"],
        organization=text["organization"])
    return draft, problems


def posted_values(form: Mapping) -> dict[str, object]:
    """The fields as sent, to show them again beside their problems."""
    return {**{name: str(form.get(name, "")).strip() for name in TEXTS},
            "distance": form.get("distance") == "yes"}


def values_of(program: ProgramInfo) -> dict[str, object]:
    return {
        "code": program.code, "title": program.title, "type": program.type,
        "competency": program.competency, "form": program.form, "distance": program.distance,
        "hours": program.hours, "price": program.price, "free_for": "; ".join(program.free_for),
        "municipality": program.municipality, "organization": program.organization,
        "start_date": program.start_date.isoformat() if program.start_date else "",
        "document": program.document, "description": program.description,
        "requirements": program.requirements, "url": program.url, "status": program.status,
    }


@dataclass(frozen=True)
class Upload:
    """A catalog file sent for import, and how to import it."""

    data: bytes
    filename: str
    dry_run: bool
    create_missing: bool


def read_upload(form: Mapping) -> Upload | None:
    """The posted file and the two boxes; None when no file was chosen."""
    upload = form.get("file")
    if not hasattr(upload, "file"):
        return None
    return Upload(upload.file.read(), upload.filename or "catalog.csv",
                  dry_run=form.get("dry_run") == "yes",
                  create_missing=form.get("create_missing") == "yes")


SYNONYM = ("phrase", "competency", "words")


def synonym_values(form: Mapping) -> dict[str, str]:
    """A search synonym's fields as sent: read by the service, shown again beside a problem."""
    return {name: str(form.get(name, "")).strip() for name in SYNONYM}
