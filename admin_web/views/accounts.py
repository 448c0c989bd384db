"""Staff accounts and organizations: admins only."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import accounts as forms
from admin_web.views.common import actor, error_text, int_or_404, posted, require
from backend import roles
from backend.errors import ServiceError
from backend.services import accounts, audit
from backend.services.accounts_organizations import (
    KINDS,
    create_organization,
    list_organizations,
)


async def _choices() -> dict:
    return {"roles": roles.ROLES, "organizations": await list_organizations()}


@require("accounts.manage")
@aiohttp_jinja2.template("accounts/list.html")
async def account_list(request: web.Request) -> dict:
    return {"accounts": await accounts.list_accounts()}


@require("accounts.manage")
async def account_new(request: web.Request) -> web.Response:
    context = {"values": {}, "errors": {}, **await _choices()}
    if request.method == "POST":
        values = context["values"] = forms.new_account_values(await posted(request))
        draft = forms.new_account(values)
        password = accounts.generate_password()
        try:
            account = await accounts.create_account(
                actor(request), draft.login, draft.role, password, full_name=draft.full_name,
                organization_id=draft.organization_id)
        except ServiceError as exc:
            context["errors"] = {forms.account_error_field(exc): error_text(exc)}
            return aiohttp_jinja2.render_template("accounts/new.html", request, context,
                                                  status=422)
        return aiohttp_jinja2.render_template(
            "accounts/password_shown.html", request, {"target": account, "password": password})
    return aiohttp_jinja2.render_template("accounts/new.html", request, context)


async def _target(request: web.Request) -> accounts.Account:
    target = await accounts.find_account(int_or_404(request.match_info["id"]))
    if target is None:
        raise web.HTTPNotFound()
    return target


async def _act(request: web.Request, target: accounts.Account) -> web.Response | None:
    """Carry out the posted action; a page to show instead of the account, if any."""
    form = await posted(request)
    action = str(form.get("action", ""))
    if action == "role":
        change = forms.role_change(form)
        await accounts.set_role(actor(request), target.id, change.role, change.organization_id)
    elif action in ("block", "unblock"):
        await accounts.set_blocked(actor(request), target.id, action == "block")
    elif action == "end_sessions":
        await accounts.end_all_sessions(actor(request), target.id)
    elif action == "reset_password":
        password = accounts.generate_password()
        await accounts.change_password(target.id, None, password, actor=actor(request),
                                       rules=accounts.PasswordRules(min_length=12))
        return aiohttp_jinja2.render_template("accounts/password_shown.html", request,
                                              {"target": target, "password": password})
    else:
        raise web.HTTPBadRequest(text="Unknown action.")
    return None


@require("accounts.manage")
async def account_edit(request: web.Request) -> web.Response:
    target = await _target(request)
    errors = {}
    if request.method == "POST":
        try:
            shown = await _act(request, target)
        except ServiceError as exc:
            errors = {"role": error_text(exc)}
        else:
            if shown:
                return shown
            raise web.HTTPFound(request.path)
    target = await _target(request)
    return aiohttp_jinja2.render_template(
        "accounts/edit.html", request,
        {"target": target, "errors": errors, **await _choices(),
         "history": await audit.list_for("staff_account", target.id)},
        status=422 if errors else 200)


@require("organizations.manage")
async def organizations(request: web.Request) -> web.Response:
    errors, values = {}, {}
    if request.method == "POST":
        values = forms.organization_values(await posted(request))
        problems = forms.organization_problems(values)
        if not problems:
            draft = forms.new_organization(values)
            try:
                await create_organization(actor(request), draft.name, draft.kind)
            except ServiceError as exc:
                problems = {"kind" if exc.code == "organization_kind_unknown" else "name": exc}
            else:
                raise web.HTTPFound(request.path)
        errors = {field: error_text(exc) for field, exc in problems.items()}
    return aiohttp_jinja2.render_template(
        "accounts/organizations.html", request,
        {"organizations": await list_organizations(), "kinds": KINDS,
         "errors": errors, "values": values}, status=422 if errors else 200)
