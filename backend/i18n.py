"""Babel catalogs in locales/, read straight from the .po files at start-up.

Reading the .po (instead of a compiled .mo) means a catalog can never be stale.
"""

from __future__ import annotations

import functools
import io
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "messages"
TIMEZONE = ZoneInfo("Europe/Moscow")  # Arkhangelsk lives on Moscow time


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext marker
    """Mark a string for extraction; it is translated where it is shown."""
    return message


@functools.cache
def translations(locale: str) -> Translations:
    po_path = LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=locale, domain=DOMAIN)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


def gettext(locale: str, message: str) -> str:
    return translations(locale).gettext(message)


def ngettext(locale: str, singular: str, plural: str, n: int) -> str:
    return translations(locale).ngettext(singular, plural, n)


def written(russian: str, english: str, locale: str) -> str:
    """What the Center wrote, in English where it wrote an English version."""
    return english if locale == "en" and english else russian


def local_datetime(moment: datetime, locale: str) -> str:
    """'28 ноября 2026 г., 15:30' in Arkhangelsk time."""
    time = format_time(moment, "short", tzinfo=TIMEZONE, locale=locale)
    return f"{local_date(moment, locale)}, {time}"


def local_date(moment: datetime | date, locale: str) -> str:
    """'28 ноября 2026 г.'; a moment is taken in Arkhangelsk time, a calendar date as it is."""
    if isinstance(moment, datetime):
        moment = moment.astimezone(TIMEZONE).date()
    return format_date(moment, "long", locale=locale)
