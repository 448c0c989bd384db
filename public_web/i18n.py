"""The site's language: ?lang= (remembered in a cookie), else Accept-Language, else Russian."""

from __future__ import annotations

import contextvars
from datetime import date, datetime

from aiohttp import web

from backend import i18n
from backend.settings import LOCALES

COOKIE = "copp_lang"
locale: contextvars.ContextVar[str] = contextvars.ContextVar("site_locale", default="ru")


def negotiate(request: web.Request, default: str) -> str:
    asked = request.query.get("lang") or request.cookies.get(COOKIE)
    if asked in LOCALES:
        return asked
    for part in request.headers.get("Accept-Language", "")[:200].split(","):
        tag, _, quality = part.strip().partition(";")
        if quality.strip() in ("q=0", "q=0.0"):
            continue
        if (language := tag.strip().split("-")[0].lower()) in LOCALES:
            return language
    return default


def gettext(message: str, **params) -> str:
    text = i18n.gettext(locale.get(), message)
    return text % params if params else text


def ngettext(singular: str, plural: str, n: int, **params) -> str:
    return i18n.ngettext(locale.get(), singular, plural, n) % {"num": n, **params}


def say(message: str) -> str:
    """A message in the dialogs' style ({name} placeholders), translated, to .format()."""
    return i18n.gettext(locale.get(), message)


def when(moment: datetime | date | None) -> str:
    if moment is None:
        return ""
    if isinstance(moment, datetime):
        return i18n.local_datetime(moment, locale.get())
    return i18n.local_date(moment, locale.get())


class Speaker:
    """What the dialogs' wording functions ask of their context, in the page's language:
    the site says a ticket, a price or seats left as the bot does."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.locale = locale.get()

    def _(self, message: str) -> str:
        return i18n.gettext(self.locale, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return i18n.ngettext(self.locale, singular, plural, n)

    def datetime(self, moment: datetime) -> str:
        return i18n.local_datetime(moment, self.locale)

    def date(self, moment: date) -> str:
        return i18n.local_date(moment, self.locale)
