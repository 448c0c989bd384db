"""The admin panel's language: the account's choice, else ?lang=, else the default."""

from __future__ import annotations

import contextvars
from datetime import datetime

from babel.dates import format_date

from backend import i18n

locale: contextvars.ContextVar[str] = contextvars.ContextVar("admin_locale", default="ru")


def gettext(message: str, **params) -> str:
    text = i18n.gettext(locale.get(), message)
    return text % params if params else text


def ngettext(singular: str, plural: str, n: int, **params) -> str:
    return i18n.ngettext(locale.get(), singular, plural, n) % {"num": n, **params}


def when(moment) -> str:
    """A moment with its time, a calendar date as a date; '—' for nothing."""
    if not moment:
        return "—"
    if isinstance(moment, datetime):
        return i18n.local_datetime(moment, locale.get())
    return i18n.local_date(moment, locale.get())


def week_label(item: tuple) -> tuple[str, int]:
    """(week start, count) → ('3 нояб.', count) for a chart row."""
    start, count = item
    return format_date(start.astimezone(i18n.TIMEZONE), "d MMM", locale=locale.get()), count
