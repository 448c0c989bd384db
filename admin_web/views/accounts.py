"""Staff accounts and organizations: admins only."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from admin_web.i18n import gettext as _
from admin_web.views.common import actor, error_text, int_or_404, posted, require
from backend import roles
from backend.errors import ServiceError
from backend.i18n import N_
from backend.models import Organization, StaffAccount
from backend.services import accounts, audit
from backend.untrusted import whole

KINDS = ("copp", "college", "dpo", "employer", "employment_centre")


async def _choices() -> dict:
    return {"roles": roles.ROLES, "organizations": await Organization.all().order_by("name")}


@require("accounts.manage")
@aiohttp_jinja2.template("accounts/list.html")
async def account_list(request: web.Request) -> dict:
    return {"accounts": await StaffAccount.all().order_by("login").prefetch_related(
        "organization")}


@require("accounts.manage")
async def account_new(request: web.Request) -> web.Response:
    context = {"values": {}, "errors": {}, **await _choices()}
    if request.method == "POST":
        form = await posted(request)
        values = {k: str(form.get(k, "")) for k in ("login", "full_name", "role", "organization")}
        context["values"] = values
        password = accounts.generate_password()
        try:
            account = await accounts.create_account(
                actor(request), values["login"], values["role"], password,
                full_name=values["full_name"],
                organization_id=whole(values["organization"]))
        except ServiceError as exc:
            field = {"login_invalid": "login", "login_taken": "login", "role_unknown": "role"}.get(
                exc.code, "organization")
            context["errors"] = {field: error_text(exc)}
            return aiohttp_jinja2.render_template("accounts/new.html", request, context,
                                                  status=422)
        return aiohttp_jinja2.render_template(
            "accounts/password_shown.html", request, {"target": account, "password": password})
    return aiohttp_jinja2.render_template("accounts/new.html", request, context)


async def _target(request: web.Request) -> StaffAccount:
    target = await StaffAccount.get_or_none(id=int_or_404(request.match_info["id"]))
    if target is None:
        raise web.HTTPNotFound()
    return target


@require("accounts.manage")
async def account_edit(request: web.Request) -> web.Response:
    target = await _target(request)
    errors = {}
    if request.method == "POST":
        form = await posted(request)
        action = str(form.get("action", ""))
        try:
            if action == "role":
                await accounts.set_role(actor(request), target.id, str(form.get("role", "")),
                                        whole(form.get("organization")))
            elif action in ("block", "unblock"):
                await accounts.set_blocked(actor(request), target.id, action == "block")
            elif action == "end_sessions":
                await accounts.end_all_sessions(actor(request), target.id)
            elif action == "reset_password":
                password = accounts.generate_password()
                await accounts.change_password(target.id, None, password, actor=actor(request),
                                               rules=accounts.PasswordRules(min_length=12))
                return aiohttp_jinja2.render_template(
                    "accounts/password_shown.html", request,
                    {"target": target, "password": password})
            else:
                raise web.HTTPBadRequest(text="Unknown action.")
        except ServiceError as exc:
            errors = {"role": error_text(exc)}
        else:
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
        form = await posted(request)
        values = {"name": str(form.get("name", "")).strip()[:200],
                  "kind": str(form.get("kind", ""))}
        if not values["name"]:
            errors["name"] = _(N_("Write the organization's name."))
        elif await Organization.exists(name=values["name"]):
            errors["name"] = _(N_("An organization with this name exists."))
        if values["kind"] not in KINDS:
            errors["kind"] = _(N_("Choose one of the kinds."))
        if not errors:
            organization = await Organization.create(**values)
            await audit.log(actor(request), "organization.created", "organization",
                            organization.id)
            raise web.HTTPFound(request.path)
    return aiohttp_jinja2.render_template(
        "accounts/organizations.html", request,
        {"organizations": await Organization.all().order_by("name"), "kinds": KINDS,
         "errors": errors, "values": values}, status=422 if errors else 200)

