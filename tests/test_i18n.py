"""Catalogs: complete in ru and en, up to date with the code, Russian plurals right."""

import subprocess
import sys
from datetime import UTC
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from backend import i18n

ROOT = Path(__file__).resolve().parent.parent


def catalog(locale: str):
    with (ROOT / "locales" / locale / "LC_MESSAGES" / "messages.po").open("rb") as file:
        return read_po(file, locale=locale)


def extracted(tmp_path) -> set:
    pot = tmp_path / "fresh.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F",
                    "locales/babel.cfg", "-k", "N_", "-k", "ngettext:1,2", "-o", str(pot), "."],
                   cwd=ROOT, check=True, capture_output=True)
    with pot.open("rb") as file:
        return {m.id if isinstance(m.id, str) else tuple(m.id) for m in read_po(file) if m.id}


@pytest.mark.parametrize("locale", ["ru", "en"])
def test_every_message_in_the_code_is_translated(locale, tmp_path):
    translated = {}
    for message in catalog(locale):
        if message.id and "fuzzy" not in message.flags:
            key = message.id if isinstance(message.id, str) else tuple(message.id)
            strings = [message.string] if isinstance(message.string, str) else message.string
            translated[key] = all(strings)
    missing = [m for m in extracted(tmp_path) if not translated.get(m)]
    assert missing == [], f"run `make locales` and translate: {missing}"


@pytest.mark.parametrize("n, expected", [(1, "1 запись"), (2, "2 записи"), (5, "5 записей"),
                                         (11, "11 записей"), (21, "21 запись"),
                                         (24, "24 записи")])
def test_russian_plural_forms(n, expected):
    text = i18n.ngettext("ru", "Your consent history has {n} entry.",
                         "Your consent history has {n} entries.", n).format(n=n)
    assert text == f"В истории согласий {expected}."


def test_dates_are_shown_in_arkhangelsk_time():
    from datetime import datetime
    moment = datetime(2026, 12, 31, 21, 30, tzinfo=UTC)
    assert i18n.local_datetime(moment, "ru") == "1 января 2027\u202fг., 00:30"
    assert i18n.local_datetime(moment, "en") == "January 1, 2027, 12:30\u202fAM"
