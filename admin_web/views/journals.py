"""The sign-in journal and the journal of actions with personal data: read, filter, export."""

from __future__ import annotations

from datetime import date

import aiohttp_jinja2
from aiohttp import web

from admin_web.views.common import actor, address, require, sheet_download
from backend.services import audit, journals
from backend.untrusted import MAX_PAGE, query_int, query_text


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _filters(request: web.Request) -> journals.Filters:
    query = request.query
    return journals.Filters(_day(query.get("since", "")), _day(query.get("until", "")),
                            query_text(request, "who", 64), query_text(request, "kind", 64))


async def _page(request, query, template: str, header: list[str], row, name: str):
    filters = _filters(request)
    if request.query.get("format") == "csv":
        entries = await query.limit(100_000)
        await audit.log(actor(request), "journal.exported", "journal", name,
                        address=address(request))
        return await sheet_download([header, *[row(e) for e in entries]],
                                    f"journal-{name}.csv")
    page = query_int(request, "page", high=MAX_PAGE)
    total = await query.count()
    entries = await query.offset(page * journals.PAGE).limit(journals.PAGE)
    return aiohttp_jinja2.render_template(template, request, {
        "entries": entries, "filters": filters, "total": total, "page": page,
        "pages": (total + journals.PAGE - 1) // journals.PAGE,
        "query": request.query_string})


@require("journals.view")
async def sign_ins(request: web.Request) -> web.Response:
    return await _page(request, journals.sign_ins(_filters(request)), "journals/sign_ins.html",
                       ["time_utc", "login", "account_id", "event", "address"],
                       lambda e: [e.created_at.isoformat(), e.login, e.account_id, e.kind,
                                  e.address], "sign-ins")


@require("journals.view")
async def data_actions(request: web.Request) -> web.Response:
    return await _page(request, journals.data_actions(_filters(request)), "journals/data.html",
                       ["time_utc", "actor", "action", "object", "object_id", "channel",
                        "address"],
                       lambda e: [e.created_at.isoformat(), e.actor, e.action, e.object_type,
                                  e.object_id, e.channel, e.address], "personal-data")
