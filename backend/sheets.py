"""Spreadsheet files for every export: one CSV and XLSX writer, and no cell starts a formula.

OWASP "CSV injection": a spreadsheet runs a cell that starts with = + - @, and a leading tab
or carriage return can hide one. Excel in a Russian locale splits CSV on ";", and a reader may
split on "," or a tab or ignore quotes, so a cell can begin after any separator inside a
value, not only at its start: `Нет;=1+1;` is two cells to it. We write ";"-separated CSV
(what Russian Excel opens by a double click), quote every field, and put a "'" before every
formula starter at a value's start or after a separator, in CSV and XLSX alike, so no
reading of the file gives a cell that starts like a formula. `restore` undoes it exactly,
for files that come back (the catalog import).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

KINDS = {"csv": "text/csv",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
_SEPARATED = r"""(?:^|(?<=[,;\t\r\n]))[ "]*'*"""  # a cell's possible start, spaces, quotes, '
_STARTS = re.compile(_SEPARATED + r"(?=[=+\-@])|^'*(?=[\t\r])")
_ESCAPED = re.compile(_SEPARATED + r"'(?=[=+\-@])|^'*'(?=[\t\r])")

Rows = Iterable[Sequence[object]]


def neutral(text: str) -> str:
    """`text` with a "'" before each place a spreadsheet could start a formula."""
    return _STARTS.sub(lambda found: found.group() + "'", text)


def restore(text: str) -> str:
    """The text `neutral` was given (one "'" fewer at each such place)."""
    return _ESCAPED.sub(lambda found: found.group()[:-1], text)


def to_csv(rows: Rows) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL)
    writer.writerows([["" if v is None else neutral(str(v)) for v in row] for row in rows])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets Excel read UTF-8


def to_xlsx(sheets: Iterable[tuple[str, Rows]]) -> bytes:
    """A workbook of named sheets; numbers stay numbers, text never becomes a formula."""
    book = Workbook(write_only=True)  # a third faster, and it keeps no cells in memory
    for title, rows in sheets:
        sheet = book.create_sheet(title[:31])  # Excel's limit for a sheet name
        for row in rows:
            # Control characters, which XLSX cannot hold, go first (";\x07=" would become
            # ";="); openpyxl stores a string starting with "=" as a formula, neutral() leaves
            # none.
            sheet.append([neutral(ILLEGAL_CHARACTERS_RE.sub("", v)) if isinstance(v, str) else v
                          for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def write(rows: Rows, kind: str) -> bytes:
    """One table as `kind` ("csv" or "xlsx")."""
    return to_xlsx([("Sheet", rows)]) if kind == "xlsx" else to_csv(rows)
