"""The one spreadsheet writer's escape: no text it writes starts a formula anywhere a reader
could start a cell, and the catalog import gets the exact text back."""

from __future__ import annotations

from itertools import product

from backend import sheets
from tests.spreadsheets import formulas_in_csv, formulas_in_xlsx, starts_formula

# Formula starters, separators, quotes, the escape itself and plain text.
ALPHABET = "=+-@,;\t\r\n \"'a"


def every_text(longest: int = 4):
    for length in range(longest + 1):
        for letters in product(ALPHABET, repeat=length):
            yield "".join(letters)


def test_no_text_starts_a_formula_once_neutral_and_restore_gives_it_back():
    for text in every_text():
        escaped = sheets.neutral(text)
        assert not starts_formula(escaped), repr(text)
        assert sheets.restore(escaped) == text, repr(text)


def test_csv_and_xlsx_keep_numbers_and_neutralize_text():
    rows = [["n", "text"], [-5, "=1+1"], [2.5, "Нет;=1+1;"], [None, "ok;\x07=1+1"]]
    assert formulas_in_csv(sheets.to_csv(rows)) == []
    assert formulas_in_xlsx(sheets.write(rows, "xlsx")) == []
