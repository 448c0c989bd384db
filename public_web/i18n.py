"""The site's language: ?lang= (remembered in a cookie), else Accept-Language, else Russian."""

from __future__ import annotations

import contextvars
from datetime import date, datetime

from aiohttp import web
from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

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


class Translated(Extension):
    """`_("text")` in a template becomes the translated text when the template is compiled
    (the environment's `locale`); with parameters, `_("… %(n)s", n=…)`, it stays a call.
    Jinja writes constant output straight into the compiled template: a page's fixed
    wording then costs nothing to render."""

    def filter_stream(self, stream: TokenStream):
        pending: list[Token] = []
        for token in stream:
            pending.append(token)
            shape = [t.type for t in pending]
            if shape == ["name", "lparen", "string", "rparen"][:len(shape)] and (
                    pending[0].value in ("_", "gettext")):
                if len(pending) == 4:
                    text = i18n.gettext(self.environment.locale, pending[2].value)
                    yield Token(pending[0].lineno, "string", text)
                    pending = []
                continue
            yield from pending
            pending = []
        yield from pending
