"""Exported files as a spreadsheet sees them, and hostile values to put in the data first."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import load_workbook

# Values a resident, a staff member or an attacker could get into an export. Excel in a
# Russian locale splits CSV on ";", so a formula may hide after any separator, not only at
# the start (OWASP "CSV injection").
HOSTILE = ["Нет;=1+1;", "x;=cmd|' /c calc'!a0", '=HYPERLINK("http://evil.example";"x")',
           "+7 911 000-00-00", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1", "a,=1+1",
           "a\n=1+1", 'a;"=1+1', "a; -1+1", "'=1+1", "ok\x07bell"]

# Where a cell can begin for a reader that splits on , ; tab or a line break, or ignores quotes.
FORMULA = re.compile(r"""(?:^|[,;\t\r\n])[ "]*[=+\-@]""")


def starts_formula(text: str) -> bool:
    return bool(FORMULA.search(text)) or text[:1] in ("\t", "\r")


def csv_rows(body: bytes) -> list[list[str]]:
    """The rows of an exported CSV as a Russian-locale spreadsheet splits them (on ";")."""
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=";"))


def formulas_in_csv(body: bytes) -> list[str]:
    return [cell for row in csv_rows(body) for cell in row if starts_formula(cell)]


def formulas_in_xlsx(body: bytes) -> list[str]:
    book = load_workbook(io.BytesIO(body))
    return [f"{sheet.title}!{cell.coordinate}: {cell.value!r}"
            for sheet in book for row in sheet.iter_rows() for cell in row
            if cell.data_type == "f" or isinstance(cell.value, str) and starts_formula(cell.value)]

