"""Catalog files: UTF-8 CSV (comma or semicolon) or XLSX (first sheet), one format both ways.

Reading is bounded, since a file of a few hundred kilobytes can hold a hundred thousand rows
or unpack to gigabytes: at most MAX_ROWS rows, and an XLSX's parts are measured before
openpyxl opens it. Callers run `read_rows` in a worker thread, off the event loop.
"""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date, datetime

from openpyxl import load_workbook

from backend import sheets
from backend.programs.rules import FORMS, KINDS, Candidate, Problems
from backend.untrusted import MAX_ID

COLUMNS = ("code", "title", "type", "competency", "form", "distance", "hours", "price",
           "free_for", "municipality", "organization", "start_date", "document", "description",
           "requirements", "url", "status")
YES, NO = {"да", "yes", "true", "1"}, {"нет", "no", "false", "0", ""}
KIND_NAMES = {name: key for key, name in KINDS.items()} | {key: key for key in KINDS}
FORM_NAMES = {name: key for key, name in FORMS.items()} | {key: key for key in FORMS}
MAX_ROWS = 10_000
MAX_BYTES = 32 * 1024 * 1024  # of the file itself (the panel's upload limit is lower)
MAX_UNPACKED_MB = 24  # an export of 10,000 programs unpacks to about 20 MB
MAX_COLUMNS = 64


class FileError(Exception):
    """The file as a whole cannot be read; `code` is a key of backend.errors.ERRORS."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code, self.params = code, params


def read_rows(data: bytes, filename: str) -> list[dict[str, str]]:
    """Rows as {column: text}; raises FileError if the file is not a catalog table."""
    if len(data) > MAX_BYTES:
        raise FileError("catalog_too_large", max=MAX_BYTES // 1024 // 1024)
    table = _xlsx_table(data) if filename.lower().endswith(".xlsx") else _csv_table(data)
    if not table:
        raise FileError("catalog_empty")
    header = [name.strip().lower() for name in table[0]]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        raise FileError("catalog_missing_columns", columns=", ".join(missing))
    return [dict(zip(header, (sheets.restore(cell).strip() for cell in row), strict=False))
            for row in table[1:] if any(cell.strip() for cell in row)]


def _csv_table(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError("catalog_not_utf8") from exc
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    try:
        return _bounded(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:  # e.g. a field over the csv module's 128 KB limit
        raise FileError("catalog_not_csv") from exc


def _xlsx_table(data: bytes) -> list[list[str]]:
    try:  # an XLSX is a zip: a small one can unpack to gigabytes (a zip bomb)
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise FileError("catalog_not_xlsx") from exc
    # zipfile stops at the declared size (and fails the CRC), so the sizes cannot lie
    if unpacked > MAX_UNPACKED_MB * 1024 * 1024:
        raise FileError("catalog_unpacked_too_large", max=MAX_UNPACKED_MB)
    try:
        sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        return _bounded(["" if v is None else _cell_text(v) for v in row]
                        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS,
                                                   values_only=True))
    except FileError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise FileError("catalog_not_xlsx") from exc


def _bounded(rows) -> list[list[str]]:
    """The header and up to MAX_ROWS rows (blank ones count: they cost time too)."""
    table = []
    for row in rows:
        if len(table) > MAX_ROWS:
            raise FileError("catalog_too_many_rows", max=MAX_ROWS)
        table.append(row)
    return table


def _cell_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def whole_number(text: str) -> int | None:
    """A cell's whole number ("1 200", "36,0"; empty is 0), or None when it is not one."""
    value = text.replace(" ", "") or "0"
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    if not abs(number) <= MAX_ID:  # also NaN and infinity ("1e999"): int() would raise
        return None
    return int(number)


def parse(row: dict[str, str]) -> tuple[Candidate, Problems]:
    """A row as a candidate program, and the problems of its cells' format."""
    problems: Problems = {}

    def number(name: str) -> int:
        value = whole_number(row.get(name, ""))
        if value is None:
            problems[name] = ("bad_number", {})
        return value or 0

    distance = row.get("distance", "").lower()
    if distance not in YES | NO:
        problems["distance"] = ("bad_flag", {})
    start = read_date(row.get("start_date", ""))
    if start is False:
        problems["start_date"] = ("bad_date", {})
    kind = KIND_NAMES.get(row.get("type", "").strip().lower(), row.get("type", ""))
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


def read_date(value: str) -> date | None | bool:
    """None when empty, False when unreadable."""
    if not value:
        return None
    for parse_format in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, parse_format).date()
        except ValueError:
            continue
    return False


def write(rows: list[dict[str, object]], filename: str) -> bytes:
    """The same columns an import reads; XLSX when the name says so, else CSV."""
    table = [list(COLUMNS), *([row.get(name) for name in COLUMNS] for row in rows)]
    return sheets.write(table, "xlsx" if filename.lower().endswith(".xlsx") else "csv")
