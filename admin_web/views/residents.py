"""Residents: search, card (every opening journaled), export on request, anonymization."""

from __future__ import annotations

import json

import aiohttp_jinja2
from aiohttp import web

from admin_web.views.common import actor, address, error_text, int_or_404, posted, require
from backend.errors import ServiceError
from backend.services import residents
from backend.untrusted import MAX_PAGE, query_int, query_text


@require("residents.view")
@aiohttp_jinja2.template("residents/list.html")
async def resident_list(request: web.Request) -> dict:
    query = query_text(request, "q", 64)
    page = query_int(request, "page", high=MAX_PAGE)
    total, found = await residents.find_residents(query, page)
    return {"residents": found, "total": total, "q": query, "page": page,
            "pages": (total + residents.PAGE - 1) // residents.PAGE}


async def _resident_id(request: web.Request) -> int:
    resident_id = int_or_404(request.match_info["id"])
    if not await residents.exists(resident_id):
        raise web.HTTPNotFound()
    return resident_id


@require("residents.view")
async def resident_card(request: web.Request) -> web.Response:
    return await _card(request)


async def _card(request: web.Request, error: str = "") -> web.Response:
    card = await residents.view_card(await _resident_id(request), actor=actor(request),
                                     address=address(request))
    return aiohttp_jinja2.render_template("residents/card.html", request,
                                          {"card": card, "error": error},
                                          status=409 if error else 200)


@require("residents.export")
async def resident_export(request: web.Request) -> web.Response:
    resident_id = await _resident_id(request)
    data = await residents.export(resident_id, actor=actor(request), address=address(request))
    return web.Response(
        body=json.dumps(data, ensure_ascii=False, indent=2).encode(),
        content_type="application/json", charset="utf-8",
        headers={"Content-Disposition": f'attachment; filename="resident-{resident_id}.json"'})


@require("residents.anonymize")
async def resident_anonymize(request: web.Request) -> web.Response:
    resident_id = await _resident_id(request)
    form = await posted(request)
    if form.get("confirm") != "yes":
        raise web.HTTPBadRequest(text="Confirm the anonymization.")
    try:
        await residents.anonymize(resident_id, actor=actor(request), address=address(request))
    except ServiceError as exc:
        return await _card(request, error_text(exc))
    raise web.HTTPFound(request.app.router["resident"].url_for(id=str(resident_id)))
