"""The admin panel: server-rendered pages under /admin, no CDN, no inline script."""

from __future__ import annotations

import logging
from pathlib import Path

import aiohttp_jinja2
import jinja2
from aiohttp import web

from admin_web import i18n, security
from admin_web.keys import ACCOUNT, COOKIE, SESSION, SESSIONS, SETTINGS
from admin_web.sessions import Sessions
from backend.i18n import N_
from backend.services import accounts
from backend.services.events import KINDS
from backend.settings import LOCALES, Settings
from backend.store import Store
from backend.untrusted import BadParameter

log = logging.getLogger(__name__)
HERE = Path(__file__).resolve().parent
PUBLIC = {"login", "login_submit"}  # reachable without a session (and "static", served as is)
PERMISSION_TITLES = {
    "dashboard.view": N_("see the overview"),
    "residents.view": N_("find residents and open their cards"),
    "residents.export": N_("export a resident's data"),
    "residents.anonymize": N_("anonymize a resident"),
    "career.stats": N_("see the career test statistics"),
    "career.edit": N_("edit the career test"),
    "catalog.manage": N_("edit, import and export the catalog of programs"),
    "applications.manage": N_("work with applications"),
    "consultations.answer": N_("answer residents' questions (consultations)"),
    "events.manage": N_("run events and their registrations"),
    "events.checkin": N_("check people in at an event"),
    "broadcasts.manage": N_("send broadcasts"),
    "surveys.manage": N_("build surveys and read their results"),
    "organizations.manage": N_("add organizations"),
    "accounts.manage": N_("manage accounts"),
    "journals.view": N_("read the journals"),
}

APPLICATION_STATUSES = {"new": N_("new"), "contacted": N_("contacted"),
                        "enrolled": N_("enrolled"), "declined": N_("declined")}
EVENT_STATUSES = {"draft": N_("draft"), "published": N_("published"),
                  "cancelled": N_("cancelled")}
REGISTRATION_STATUSES = {"confirmed": N_("confirmed"), "pending": N_("awaiting approval"),
                         "waiting": N_("waiting list"), "offered": N_("seat offered"),
                         "cancelled": N_("cancelled"), "declined": N_("declined"),
                         "expired": N_("offer expired")}
BROADCAST_STATUSES = {"draft": N_("draft"), "scheduled": N_("scheduled"),
                      "sending": N_("sending"), "paused": N_("paused"),
                      "cancelled": N_("cancelled"), "done": N_("done")}
SURVEY_STATUSES = {"draft": N_("draft"), "published": N_("published"), "closed": N_("closed")}
QUESTION_KINDS = {"single": N_("one choice"), "multiple": N_("several choices"),
                  "scale5": N_("scale 1–5"), "scale10": N_("scale 0–10"),
                  "text": N_("free text"), "number": N_("number"), "date": N_("date")}
PROGRAM_STATUSES = {"draft": N_("draft"), "published": N_("published")}
INBOX_VIEWS = {"all": N_("all open"), "mine": N_("mine"), "unassigned": N_("unassigned"),
               "longest": N_("waiting longest"), "closed": N_("closed")}
APPLICATION_KINDS = {"program": N_("program"), "consultation": N_("career consultation")}


def _environment(app: web.Application) -> jinja2.Environment:
    env = aiohttp_jinja2.setup(
        app, loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True,
        extensions=["jinja2.ext.i18n"],
        context_processors=[_context])
    env.install_gettext_callables(i18n.gettext, i18n.ngettext, newstyle=True)
    env.filters["when"] = i18n.when
    env.filters["week_label"] = i18n.week_label
    env.filters["place_label"] = lambda item: (item[0] or i18n.gettext(N_("not given")), item[1])
    env.filters["permission"] = lambda name: i18n.gettext(PERMISSION_TITLES[name])
    env.filters["application_status"] = lambda name: i18n.gettext(APPLICATION_STATUSES[name])
    env.filters["application_kind"] = lambda name: i18n.gettext(APPLICATION_KINDS[name])
    env.filters["program_status"] = lambda name: i18n.gettext(PROGRAM_STATUSES[name])
    env.filters["event_status"] = lambda name: i18n.gettext(EVENT_STATUSES[name])
    env.filters["event_kind"] = lambda name: i18n.gettext(KINDS[name])
    env.filters["registration_status"] = lambda name: i18n.gettext(REGISTRATION_STATUSES[name])
    env.filters["broadcast_status"] = lambda name: i18n.gettext(BROADCAST_STATUSES[name])
    env.filters["survey_status"] = lambda name: i18n.gettext(SURVEY_STATUSES[name])
    env.filters["inbox_view"] = lambda name: i18n.gettext(INBOX_VIEWS[name])
    env.filters["question_kind"] = lambda name: i18n.gettext(QUESTION_KINDS[name])
    return env


async def _context(request: web.Request) -> dict:
    from backend.roles import permissions_of

    account = request.get(ACCOUNT)
    session = request.get(SESSION)
    return {"account": account, "can": set(permissions_of(account.role)) if account else set(),
            "csrf_token": session.csrf if session else "",
            "locale": i18n.locale.get(), "request": request}


def _cookie_name(settings: Settings) -> str:
    # __Host- cookies are only accepted over HTTPS with Path=/ and no Domain.
    return "__Host-copp_admin" if settings.public_url and settings.public_url.startswith(
        "https://") else "copp_admin"


@web.middleware
async def authenticate(request: web.Request, handler):
    """Load the session and the account behind it; send everyone else to the sign-in page."""
    route = request.match_info.route.name
    if route == "static":
        return await handler(request)
    app = request.app
    lang = request.query.get("lang")
    i18n.locale.set(lang if lang in LOCALES else app[SETTINGS].default_locale)
    session = await app[SESSIONS].load(request.cookies.get(app[COOKIE], ""))
    account = await accounts.find_account(session.account_id) if session else None
    if session and (account is None or account.is_blocked or
                    account.session_epoch != session.epoch):
        await app[SESSIONS].end(session.id)
        session = account = None
    if account:
        request[SESSION], request[ACCOUNT] = session, account
        i18n.locale.set(account.locale)
    if route in PUBLIC:
        return await handler(request)
    if account is None:
        if request.method in security.SAFE_METHODS:
            raise web.HTTPFound(app.router["login"].url_for().with_query(next=request.path))
        raise web.HTTPUnauthorized(text="Sign in first.")
    if request.method not in security.SAFE_METHODS and not security.same_token(
            session.csrf, await security.submitted_token(request)):
        log.warning("admin: request without a valid CSRF token refused (account %s)", account.id)
        raise web.HTTPForbidden(text="The form has expired. Reload the page and try again.")
    if account.must_change_password and route not in ("password", "logout"):
        raise web.HTTPFound(app.router["password"].url_for())
    return await handler(request)


@web.middleware
async def readable_refusals(request: web.Request, handler):
    """A bad query parameter explained in the panel's language (the API answers in JSON)."""
    try:
        return await handler(request)
    except BadParameter as exc:
        raise web.HTTPBadRequest(text=i18n.gettext(
            N_("In the page's address, %(name)s must be a whole number from %(low)s to "
               "%(high)s."), name=exc.name, low=exc.low, high=exc.high)) from None


def create_admin_app(settings: Settings, store: Store) -> web.Application:
    from admin_web.routes import setup_routes

    https = bool(settings.public_url and settings.public_url.startswith("https://"))
    app = web.Application(middlewares=[security.headers_middleware(https), authenticate,
                                       readable_refusals])
    app[SETTINGS] = settings
    app[SESSIONS] = Sessions(store, settings.admin_idle_minutes * 60,
                             settings.admin_session_hours * 3600)
    app[COOKIE] = _cookie_name(settings)
    _environment(app)
    setup_routes(app, HERE / "static")
    return app
