"""The home page, the consent text, the catalog, a program and applying for it."""

from __future__ import annotations

import functools
import math
from datetime import UTC, date, datetime, timedelta
from urllib.parse import quote

from aiohttp import web
from markupsafe import Markup, escape

from backend import app as core
from backend import consent
from backend import i18n as texts
from backend.errors import ERRORS, ServiceError
from backend.i18n import N_, TIMEZONE
from backend.programs.places import place_label
from backend.services import applications, events, programs, programs_search
from backend.services.programs import ProgramInfo, enrolment_open
from backend.untrusted import query_int, query_text, text
from dialogs.programs_labels import FORMS, KINDS, price
from public_web import Site, forms, guard, i18n, page, signup, structured

PAGE = 10
SOON = timedelta(days=30)  # «starts soon», as the bot's «within a month»
CHECKED = "1"
NEEDS_COOKIES = N_("To sign you up, the site needs cookies: it remembers your browser by one. "
                   "Please allow cookies for this site and send the form again.")


def now() -> datetime:
    return datetime.now(UTC)


def today():
    return now().astimezone(TIMEZONE).date()


@page
async def home(site: Site, request: web.Request) -> web.Response:
    coming = (await events.upcoming(now()))[:3]
    total, areas = await programs_search.catalog()
    return site.render(request, "home.html", {
        "events": coming, "total": total, "areas": areas[:12],
        "places": {p.id: place_label(p.name, p.kind) for p in await site.places()},
        "speaker": i18n.Speaker(now()), "page_url": site.url(request, "/")})


@page
async def privacy(site: Site, request: web.Request) -> web.StreamResponse:
    """The consent text: a page for browsers, plain text for everyone else."""
    if "text/html" not in request.headers.get("Accept", ""):
        return await core.privacy(request)
    if request.query.get("lang", i18n.locale.get()) != i18n.locale.get():
        raise web.HTTPBadRequest()
    body = consent.text(consent.PROCESSING, i18n.locale.get())
    return site.render(request, "privacy.html", {
        "paragraphs": body.split("\n\n"), "version": consent.VERSIONS[consent.PROCESSING],
        "dated": _version_date(consent.VERSIONS[consent.PROCESSING]),
        "page_url": site.url(request, "/privacy")})


def _version_date(version: str) -> str:
    """A version named by its date, as people write a date; "" for any other name."""
    try:
        return texts.local_date(date.fromisoformat(version), i18n.locale.get())
    except ValueError:
        return ""


def program_path(code: str) -> str:
    """A program's page: the catalog's codes are any text, a slash or a space included."""
    return "/programs/" + quote(code, safe="")


@functools.lru_cache(maxsize=8192)
def program_item(program: ProgramInfo, locale: str, closed: bool = False) -> Markup:
    """A program in the catalog's list, made in Python once per program and language: the
    page is rendered on every search, and made in the template each item cost a dozen
    gettext calls, Babel's date and forty escapes. Kept per program as the search snapshot
    has it (a changed program is another key), and whether it has started."""
    lines = "".join(f'<p class="meta">{escape(line)}</p>'
                    for line in summary(program, locale, closed))
    return Markup(  # noqa: S704 - every value escaped
        f'<li class="item{" closed" if closed else ""}"><h3>'
        f'<a href="{escape(program_path(program.code))}">'
        f"{escape(program.title)}</a></h3>{lines}</li>")


def summary(program: ProgramInfo, locale: str, closed: bool = False) -> tuple[str, str, str]:
    """A program's three lines in the list: its kind, hours and form; where; when (or that it
    started: enrolment closed, as the bot says) and the price."""
    def say(message: str) -> str:
        return texts.gettext(locale, message)

    hours = texts.ngettext(locale, "{n} hour", "{n} hours", program.hours).format(
        n=program.hours)
    form = say(FORMS[program.form]) + (", " + say(N_("online")) if program.distance else "")
    start = say(N_("Starts %(date)s")) % {"date": _date(program.start_date, locale)} \
        if program.start_date else ""
    if closed:
        start = say(N_("Started %(date)s: enrolment closed")) % {
            "date": _date(program.start_date, locale)}
    return (" · ".join((say(KINDS[program.type]), hours, form)),
            program.organization + (f", {program.place}" if program.place else ""),
            " · ".join(part for part in (start, price(i18n.Speaker(None), program)) if part))


@functools.lru_cache(maxsize=1024)
def _date(day, locale: str) -> str:
    return texts.local_date(day, locale)


@functools.lru_cache(maxsize=4)
def choices(locale: str) -> dict[str, list[tuple[str, str]]]:
    """The catalog's filter options in a language."""
    return {"kinds": tuple((k, texts.gettext(locale, v)) for k, v in KINDS.items()),
            "forms": tuple((k, texts.gettext(locale, v)) for k, v in FORMS.items())}


@functools.lru_cache(maxsize=512)
def options(pairs: tuple[tuple[str, str], ...], chosen: str) -> Markup:
    """A select's <option>s, the chosen one selected: the same few lists on every page."""
    return Markup("".join(  # noqa: S704 - every value escaped
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>'
        f"{escape(shown)}</option>" for value, shown in pairs))


def _choice(request: web.Request, name: str, allowed) -> str:
    value = query_text(request, name, 200)
    if value and value not in allowed:
        raise web.HTTPBadRequest()
    return value


@page
async def catalog(site: Site, request: web.Request) -> web.Response:
    places = await site.places()
    words = query_text(request, "q", 200)
    chosen = {
        "place": _choice(request, "place", {p.name for p in places}),
        "kind": _choice(request, "kind", KINDS), "form": _choice(request, "form", FORMS),
        "free": request.query.get("free") == CHECKED,
        "online": request.query.get("online") == CHECKED,
        "soon": request.query.get("soon") == CHECKED}
    number = query_int(request, "page", 1, 1, 10_000)
    area = await _area(request)
    filters = programs_search.Filters(
        municipality=chosen["place"], type=chosen["kind"], form=chosen["form"],
        free=True if chosen["free"] else None, distance=True if chosen["online"] else None,
        competencies=(area.id,) if area else (),
        starts_by=today() + SOON if chosen["soon"] else None)
    day = today()
    total, found = await programs_search.find_programs(words, filters, limit=PAGE,
                                                       offset=(number - 1) * PAGE,
                                                       today=day, open_first=True)
    suggestion = None if total else await nothing_found(words)
    pages = max(1, math.ceil(total / PAGE))
    if number > pages:
        raise web.HTTPNotFound()
    locale = i18n.locale.get()
    return site.render(request, "programs.html", {
        "words": words, "chosen": chosen, "total": total, "area": area,
        "all_areas": str(request.rel_url.with_query(
            [(k, v) for k, v in request.query.items() if k not in ("area", "page")])),
        "programs": [program_item(p, locale, not enrolment_open(p, day)) for p in found],
        "page": number, "pages": pages, "suggestion": suggestion,
        "page_link": lambda n: str(request.rel_url.update_query(page=n)),
        "places": site.place_names(), **choices(locale), "options": options,
        "page_url": site.url(request, "/programs")})


async def _area(request: web.Request) -> programs.Area | None:
    """The area asked for (`?area=` a competency's id), as the bot's «Choose an area»."""
    wanted = query_int(request, "area", 0, 0)
    if not wanted:
        return None
    _, areas = await programs_search.catalog()
    found = next((a for a in areas if a.id == wanted), None)
    if found is None:
        raise web.HTTPBadRequest()
    return found


async def nothing_found(words: str) -> dict:
    """What the bot's «nothing found» screen offers: a correction, the areas nearest to the
    words — and, when the words are spelt right but the catalog has none of them (the nearest
    areas come only from a correction that finds something), every area, as its «Choose an
    area» does; and the whole catalog."""
    suggestion = await programs_search.suggest(words) if words.strip() else None
    near = suggestion.areas if suggestion else []
    everything, areas = await programs_search.catalog()
    return {"did_you_mean": suggestion.did_you_mean if suggestion else None,
            "near": near, "areas": [] if near else areas, "everything": everything}


async def _program(request: web.Request, then: str = "") -> ProgramInfo:
    """The program of the address; a code typed in other case leads to its page (301)."""
    code = text(request.match_info["code"], 64)
    found = await programs.find_published_by_code(code)
    if found is None and request.method == "GET":
        if other := await programs.find_published_by_code_any_case(code):
            raise web.HTTPMovedPermanently(program_path(other.code) + then)
    if found is None:
        raise web.HTTPNotFound()
    return found


async def _program_page(site: Site, request: web.Request, program: ProgramInfo, token: str,
                        form: forms.SignUp | None = None, problem: str = "",
                        status: int = 200) -> web.Response:
    user = await signup.resident(token)
    path = program_path(program.code)
    return site.render(request, "program.html", {
        "program": program, "open": enrolment_open(program, today()),
        "speaker": i18n.Speaker(now()), "price": price, "kinds": KINDS, "forms": FORMS,
        "csrf_token": site.browsers.csrf(token), "needs_consent": not (user and user.pd_consent),
        "places": [(p.id, place_label(p.name, p.kind)) for p in await site.places()],
        "typed": form.typed if form else {}, "errors": errors_text(form), "problem": problem,
        "page_url": site.url(request, path), "path": path,
        "structured": structured.as_script(structured.course(program, site.url(request, path)))},
        status=status)


def errors_text(form: forms.SignUp | None) -> dict[str, str]:
    return {name: i18n.gettext(message, **params)
            for name, (message, params) in (form.errors.items() if form else ())}


def problem_text(error: ServiceError) -> str:
    said = i18n.say(ERRORS[error.code])
    return said.format(**error.params) if error.params else said


@page
async def program(site: Site, request: web.Request) -> web.Response:
    found = await _program(request)
    token, new = site.browsers.for_form(request)
    response = await _program_page(site, request, found, token)
    if new:
        site.browsers.remember(response, token)
    return response


@page
async def apply(site: Site, request: web.Request) -> web.StreamResponse:
    try:
        token, posted = await guard.posted(site, request)
    except guard.NoCookie as blocked:
        found = await _program(request)
        token, _ = site.browsers.for_form(request)
        response = await _program_page(site, request, found, token, forms.kept(blocked.form),
                                       i18n.gettext(NEEDS_COOKIES), 403)
        site.browsers.remember(response, token)
        return response
    found = await _program(request)
    user = await signup.resident(token)
    form = forms.read(posted, places={p.id for p in await site.places()},
                      needs_consent=not (user and user.pd_consent))
    if not form.ok:
        return await _program_page(site, request, found, token, form, status=422)
    try:
        await guard.sign_up(site, request, lambda: signup.apply(
            token, found.id, form.values, locale=i18n.locale.get(),
            evidence=program_path(found.code)[:64], now=now()))
    except ServiceError as exc:
        return await _program_page(site, request, found, token, form, problem_text(exc), 422)
    raise web.HTTPSeeOther(program_path(found.code) + "/applied")


@page
async def applied(site: Site, request: web.Request) -> web.Response:
    found = await _program(request, then="/applied")
    user = await signup.resident(site.browsers.token(request))
    mine = [a for a in (await applications.of_user(user.id) if user else [])
            if a.program and a.program.code == found.code and a.status in applications.OPEN]
    if not mine:
        raise web.HTTPSeeOther(program_path(found.code))
    return site.render(request, "applied.html", {"program": found, "application": mine[0]})


# Addresses of the rest of the app: their own answers, never the site's page.
NOT_THE_SITE = frozenset({"admin", "api", "webhooks", "metrics", "healthz", "readyz", "assets"})


async def unknown(site: Site, request: web.Request) -> web.StreamResponse:
    """Any other address: outside the site aiohttp's plain 404, under it the site's own."""
    if request.path.split("/", 2)[1] in NOT_THE_SITE:
        raise web.HTTPNotFound()
    return await _unknown(site, request)


@page
async def _unknown(site: Site, request: web.Request) -> web.StreamResponse:
    """A trailing slash is dropped (301, /programs/ is /programs); the rest is not here."""
    path = request.rel_url.raw_path
    if path != "/" and path.endswith("/") and "\\" not in path:
        target = "/" + path.strip("/")  # never «//host»: a redirect stays on this site
        query = request.rel_url.raw_query_string
        raise web.HTTPMovedPermanently(target + ("?" + query if query else ""))
    raise web.HTTPNotFound()
