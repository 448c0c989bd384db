"""The Center's public site: programs, events and sign-up, server-rendered, served at the root.

No framework and no CDN: Jinja2 pages, one stylesheet, no script. Sign-up goes through the
bot's services (public_web.signup); a resident is their browser (public_web.browser).
"""

from __future__ import annotations

import functools
import logging
import time
from pathlib import Path

import jinja2
from aiohttp import web

from backend.i18n import N_
from backend.programs.places import place_label
from backend.services import users
from backend.settings import LOCALES, Settings
from backend.store import Store
from backend.untrusted import BadParameter
from public_web import i18n
from public_web.browser import Browsers, signing_key

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
# The admin panel's policy; JSON-LD blocks are data, not scripts, and need no exception.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
PLACES_FOR = 60.0  # seconds the list of municipalities is kept between reads
REASONS = {
    400: N_("Something in the page's address is not right."),
    403: N_("The form has expired. Please reload the page and send it again."),
    404: N_("There is no such page. Perhaps the program or event has been removed."),
    429: N_("Too many forms from your address. Please wait a minute and try again."),
}


class Site:
    """What every page needs: settings, the store, templates, the browser cookie's keys."""

    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        https = bool(settings.public_url and settings.public_url.startswith("https://"))
        self.https = https
        self.browsers = Browsers(signing_key(settings), https)
        self.envs = {locale: self._environment(locale, settings.webchat) for locale in LOCALES}
        self._places: tuple[float, list[users.Place]] = (0.0, [])
        self._names: tuple[tuple[str, str], ...] = ()

    @staticmethod
    def _environment(locale: str, webchat: bool) -> jinja2.Environment:
        """The templates of one language: a text without parameters, `_("…")`, is translated
        when the template is compiled (public_web.i18n.Translated), the rest as it is shown.
        Plain functions, not the i18n extension's wrappers: what they return is text, escaped
        on output like any other."""
        env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
            auto_reload=False, extensions=[i18n.Translated])
        env.globals.update(_=i18n.gettext, gettext=i18n.gettext, ngettext=i18n.ngettext,
                           webchat=webchat)
        env.filters["when"] = i18n.when
        env.extend(locale=locale)
        return env

    async def places(self) -> list[users.Place]:
        """The municipalities of the filters and forms; they change once in years."""
        read_at, found = self._places
        if time.monotonic() - read_at > PLACES_FOR:
            found = await users.list_municipalities()
            self._places = (time.monotonic(), found)
            self._names = tuple((p.name, place_label(p.name, p.kind)) for p in found)
        return found

    def place_names(self) -> tuple[tuple[str, str], ...]:
        """(name, as people say it) of the places read last."""
        return self._names

    def url(self, request: web.Request, path: str) -> str:
        """An absolute address, for Open Graph and schema.org."""
        base = self.settings.public_url or f"{request.scheme}://{request.host}"
        return base + path

    def links(self) -> dict[str, str]:
        """Where the career test is taken: the bots, when configured."""
        found = {}
        if self.settings.telegram_bot_username:
            found["telegram"] = f"https://t.me/{self.settings.telegram_bot_username}?start=career"
        if self.settings.vk_group_id:
            found["vk"] = f"https://vk.me/club{self.settings.vk_group_id}"
        return found

    def render(self, request: web.Request, name: str, context: dict,
               status: int = 200) -> web.Response:
        locale = i18n.locale.get()
        other = "en" if locale == "ru" else "ru"
        body = self.envs[locale].get_template(name).render(
            request=request, locale=locale, other_locale=other,
            other_url=str(request.rel_url.update_query(lang=other)),
            bots=self.links(), **context)
        return web.Response(text=body, status=status, content_type="text/html",
                            charset="utf-8")

    def error(self, request: web.Request, status: int) -> web.Response:
        return self.render(request, "error.html", {"status": status,
                                                   "reason": i18n.gettext(REASONS[status])},
                           status=status)


def page(handler):
    """Every page: its language, the headers a browser needs, and errors as pages."""

    @functools.wraps(handler)
    async def wrapped(site: Site, request: web.Request) -> web.StreamResponse:
        locale = i18n.negotiate(request, site.settings.default_locale)
        i18n.locale.set(locale)
        try:
            response = await handler(site, request)
        except BadParameter:
            response = site.error(request, 400)
        except web.HTTPException as exc:
            if exc.status not in REASONS:
                raise  # a redirect among them
            response = site.error(request, exc.status)
        response.headers["Content-Security-Policy"] = CSP
        response.headers.setdefault("Cache-Control", "no-cache")
        if site.https:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if request.query.get("lang") == locale and request.cookies.get(i18n.COOKIE) != locale:
            response.set_cookie(i18n.COOKIE, locale, max_age=365 * 24 * 3600, path="/",
                                samesite="Lax", secure=site.https)
        return response

    return wrapped


def create_site(settings: Settings, store: Store) -> list[web.AbstractRouteDef]:
    """The site's routes, for the root of the HTTP app."""
    from public_web import events_pages, pages

    site = Site(settings, store)

    def bind(handler):
        return functools.partial(handler, site)

    return [
        web.get("/", bind(pages.home), name="site_home"),
        web.get("/privacy", bind(pages.privacy), name="site_privacy"),
        web.get("/programs", bind(pages.catalog), name="site_programs"),
        web.get("/programs/{code}", bind(pages.program), name="site_program"),
        web.post("/programs/{code}", bind(pages.apply), name="site_apply"),
        web.get("/programs/{code}/applied", bind(pages.applied), name="site_applied"),
        web.get("/events", bind(events_pages.listing), name="site_events"),
        web.get("/events/{id}", bind(events_pages.event), name="site_event"),
        web.post("/events/{id}", bind(events_pages.register), name="site_register"),
        web.get("/events/{id}/ticket", bind(events_pages.ticket), name="site_ticket"),
        web.post("/events/{id}/ticket", bind(events_pages.change), name="site_ticket_change"),
        web.get("/events/{id}/ticket.png", bind(events_pages.qr), name="site_ticket_qr"),
        web.get("/events/{id}/event.ics", bind(events_pages.calendar), name="site_calendar"),
        web.static("/assets", HERE / "static", name="site_assets"),
        web.get("/{tail:.*}", bind(pages.unknown), name="site_unknown"),  # the last
    ]
