"""Applications register: new → contacted → enrolled / declined. Opening one is journaled."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from admin_web.keys import ACCOUNT
from admin_web.views.common import actor, address, error_text, int_or_404, posted, require
from backend import roles
from backend.errors import ServiceError
from backend.services import applications, users
from backend.untrusted import MAX_PAGE, query_int


def _scope(request: web.Request) -> int | None:
    """College and employer staff see the applications to their organization's programs."""
    account = request[ACCOUNT]
    if account.role in roles.ORGANIZATION_ROLES:
        return account.organization_id or 0
    return None


@require("applications.manage")
@aiohttp_jinja2.template("applications/list.html")
async def application_list(request: web.Request) -> dict:
    status = request.query.get("status", "")
    kind = request.query.get("kind", "")
    status = status if status in applications.STATUSES else ""
    kind = kind if kind in applications.KINDS else ""
    page = query_int(request, "page", high=MAX_PAGE)
    total, found = await applications.list_applications(status, kind, page, _scope(request))
    return {"applications": found, "total": total, "status": status, "kind": kind,
            "page": page, "pages": (total + applications.PAGE - 1) // applications.PAGE,
            "statuses": applications.STATUSES, "kinds": applications.KINDS}


@require("applications.manage")
async def application_card(request: web.Request) -> web.Response:
    application_id = int_or_404(request.match_info["id"])
    error = ""
    try:
        if request.method == "POST":
            form = await posted(request)
            await applications.set_status(application_id, str(form.get("status", "")),
                                          actor=actor(request), address=address(request),
                                          organization_id=_scope(request))
            raise web.HTTPFound(request.app.router["application"].url_for(id=str(application_id)))
        application, user = await applications.view(
            application_id, actor=actor(request), address=address(request),
            organization_id=_scope(request))
    except ServiceError as exc:
        if exc.code == "application_not_found":
            raise web.HTTPNotFound() from None
        error = error_text(exc)
        application, user = await applications.view(
            application_id, actor=actor(request), address=address(request),
            organization_id=_scope(request))
    context = {"application": application, "user": user, "error": error,
               "place": await users.municipality_name(user.municipality_id),
               "statuses": applications.STATUSES}
    return aiohttp_jinja2.render_template("applications/card.html", request, context,
                                          status=422 if error else 200)
