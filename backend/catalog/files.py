"""Catalog files: UTF-8 CSV (comma or semicolon) or XLSX (first sheet), one format both ways."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

from openpyxl import Workbook, load_workbook

from backend.catalog.rules import FORMS, TYPES, Candidate

COLUMNS = ("code", "title", "type", "competency", "form", "distance", "hours", "price",
           "free_for", "municipality", "organization", "start_date", "document", "description",
           "requirements", "url", "status")
YES, NO = {"да", "yes", "true", "1"}, {"нет", "no", "false", "0", ""}
TYPE_NAMES = {name: key for key, name in TYPES.items()} | {key: key for key in TYPES}
FORM_NAMES = {name: key for key, name in FORMS.items()} | {key: key for key in FORMS}
FORMULA_START = ("=", "+", "-", "@")


class FileError(Exception):
    """The file as a whole cannot be read; `code` is a key of backend.errors.ERRORS."""

    def __init__(self, code: str, **params: str) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def read_rows(data: bytes, filename: str) -> list[dict[str, str]]:
    """Rows as {column: text}; raises FileError if the file is not a catalog table."""
    if filename.lower().endswith(".xlsx"):
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # openpyxl raises many kinds for a broken file
            raise FileError("catalog_not_xlsx") from exc
        table = [["" if v is None else _cell_text(v) for v in row]
                 for row in sheet.iter_rows(values_only=True)]
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise FileError("catalog_not_utf8") from exc
        header = text.split("\n", 1)[0]
        delimiter = ";" if header.count(";") > header.count(",") else ","
        table = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not table:
        raise FileError("catalog_empty")
    header = [name.strip().lower() for name in table[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise FileError("catalog_missing_columns", columns=", ".join(missing))
    return [dict(zip(header, (cell.strip() for cell in row), strict=False))
            for row in table[1:] if any(cell.strip() for cell in row)]


def _cell_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def parse(row: dict[str, str]) -> tuple[Candidate, dict[str, tuple[str, dict]]]:
    """A row as a candidate program, and the problems of its cells' format."""
    problems: dict[str, tuple[str, dict]] = {}

    def number(name: str) -> int:
        value = row.get(name, "").replace(" ", "") or "0"
        try:
            return int(float(value.replace(",", ".")))
        except ValueError:
            problems[name] = ("bad_number", {})
            return 0

    distance = row.get("distance", "").lower()
    if distance not in YES | NO:
        problems["distance"] = ("bad_flag", {})
    start = _date(row.get("start_date", ""))
    if start is False:
        problems["start_date"] = ("bad_date", {})
    kind = TYPE_NAMES.get(row.get("type", "").strip().lower(), row.get("type", ""))
    candidate = Candidate(
        code=row.get("code", ""), title=row.get("title", ""), type=kind,
        form=FORM_NAMES.get(row.get("form", "").lower(), row.get("form", "")),
        distance=distance in YES, hours=number("hours"), price=number("price"),
        free_for=[part.strip() for part in row.get("free_for", "").split(";") if part.strip()],
        start_date=start or None, document=row.get("document", ""),
        description=row.get("description", ""), requirements=row.get("requirements", ""),
        url=row.get("url", ""), status=row.get("status", "").lower() or "draft",
        competency=row.get("competency", ""), municipality=row.get("municipality", ""),
        organization=row.get("organization", ""))
    return candidate, problems


def _date(value: str) -> date | None | bool:
    """None when empty, False when unreadable."""
    if not value:
        return None
    for parse_format in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, parse_format).date()
        except ValueError:
            continue
    return False


def _safe(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text  # no formulas in a sheet


def write(rows: list[dict[str, object]], filename: str) -> bytes:
    """The same columns an import reads; XLSX when the name says so, else CSV."""
    table = [list(COLUMNS)] + [[_safe(row.get(name)) for name in COLUMNS] for row in rows]
    if filename.lower().endswith(".xlsx"):
        book = Workbook()
        for line in table:
            book.active.append(line)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()
    buffer = io.StringIO()
    csv.writer(buffer).writerows(table)
    return buffer.getvalue().encode("utf-8-sig")
