"""Sign-in, sign-out (here or everywhere), own password, interface language."""

from __future__ import annotations

import secrets
from datetime import timedelta

import aiohttp_jinja2
from aiohttp import web

from admin_web import security
from admin_web.forms import accounts as forms
from admin_web.i18n import gettext as _
from admin_web.keys import ACCOUNT, COOKIE, SESSION, SESSIONS, SETTINGS
from admin_web.views.common import actor, address, error_text, posted
from backend.errors import ServiceError
from backend.i18n import N_
from backend.services import accounts
from backend.settings import LOCALES


def _rules(request: web.Request) -> accounts.PasswordRules:
    settings = request.app[SETTINGS]
    return accounts.PasswordRules(settings.password_min_length, settings.password_history)


def _lockout(request: web.Request) -> accounts.Lockout:
    settings = request.app[SETTINGS]
    return accounts.Lockout(settings.lockout_attempts, timedelta(minutes=settings.lockout_minutes))


def _safe_next(target: str) -> str:
    # Only our own pages: no open redirect to another site.
    if target.startswith("/admin/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/admin/"


async def login_page(request: web.Request, error: str = "", login: str = "",
                     status: int = 200) -> web.Response:
    token = request.cookies.get(security.LOGIN_CSRF_COOKIE) or secrets.token_urlsafe(32)
    response = aiohttp_jinja2.render_template(
        "login.html", request, {"error": error, "login": login, "csrf_token": token,
                                "next": _safe_next(request.query.get("next", ""))},
        status=status)
    response.set_cookie(security.LOGIN_CSRF_COOKIE, token, httponly=True, samesite="Strict",
                        secure=request.app[COOKIE].startswith("__Host-"), path="/admin/")
    return response


async def login_form(request: web.Request) -> web.Response:
    locked = request.query.get("locked")  # sent here by too many wrong current passwords
    return await login_page(request, error_text(ServiceError("password_attempts")) if locked
                            else "")


async def login(request: web.Request) -> web.Response:
    form = await posted(request)
    login_name = str(form.get("login", ""))[:64]
    if not security.same_token(request.cookies.get(security.LOGIN_CSRF_COOKIE, ""),
                               str(form.get("csrf_token", ""))):
        return await login_page(request, _(N_("The form has expired. Please try again.")),
                                login_name, status=403)
    try:
        account = await accounts.authenticate(login_name, str(form.get("password", "")),
                                              address(request), _lockout(request))
    except ServiceError as exc:
        return await login_page(request, error_text(exc), login_name, status=401)
    sessions = request.app[SESSIONS]
    old = request.cookies.get(request.app[COOKIE])
    if old:
        await sessions.end(old)
    session = await sessions.create(account.id, account.session_epoch)
    response = web.HTTPFound(_safe_next(str(form.get("next", ""))))
    response.set_cookie(request.app[COOKIE], session.id, httponly=True, samesite="Strict",
                        secure=request.app[COOKIE].startswith("__Host-"), path="/")
    response.del_cookie(security.LOGIN_CSRF_COOKIE, path="/admin/")
    raise response


async def _sign_out(request: web.Request, everywhere: bool) -> web.Response:
    account = request[ACCOUNT]
    if everywhere:
        await accounts.end_all_sessions(actor(request), account.id)
    await request.app[SESSIONS].end(request[SESSION].id)
    await accounts.record_sign_out(account, address(request),
                                   "logout_everywhere" if everywhere else "logout")
    response = web.HTTPFound(request.app.router["login"].url_for())
    response.del_cookie(request.app[COOKIE], path="/")
    raise response


async def logout(request: web.Request) -> web.Response:
    return await _sign_out(request, everywhere=False)


async def logout_everywhere(request: web.Request) -> web.Response:
    return await _sign_out(request, everywhere=True)


@aiohttp_jinja2.template("password.html")
async def password(request: web.Request) -> dict:
    account = request[ACCOUNT]
    context = {"errors": {}, "done": False, "rules": _rules(request)}
    if request.method == "POST":
        try:
            change = forms.password_change(await posted(request))
            await accounts.change_password(account.id, change.current, change.new,
                                           rules=_rules(request), actor=actor(request),
                                           address=address(request), lockout=_lockout(request))
        except ServiceError as exc:
            if exc.code != "password_attempts":
                context["errors"] = {forms.password_error_field(exc): error_text(exc)}
                return context
            outcome = {"locked": "1"}  # the account is locked now: this session ends too
        else:
            outcome = {"changed": "1"}  # which ends every session, this one too
        await request.app[SESSIONS].end(request[SESSION].id)
        raise web.HTTPFound(request.app.router["login"].url_for().with_query(outcome))
    return context


async def language(request: web.Request) -> web.Response:
    form = await posted(request)
    chosen = str(form.get("locale", ""))
    if chosen in LOCALES:
        await accounts.set_locale(request[ACCOUNT].id, chosen)
    raise web.HTTPFound(_safe_next(str(form.get("back", ""))))
