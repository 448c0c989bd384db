"""The sign-in journal and the journal of actions with personal data: read, filter, export."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from admin_web.forms.journals import filters as parse_filters
from admin_web.views.common import actor, address, require, sheet_download
from backend.services import audit, journals
from backend.untrusted import MAX_PAGE, query_int

SIGN_IN_COLUMNS = ["time_utc", "login", "account_id", "event", "address"]
DATA_COLUMNS = ["time_utc", "actor", "action", "object", "object_id", "channel", "address"]


def _sign_in_row(e: journals.SignIn) -> list:
    return [e.created_at.isoformat(), e.login, e.account_id, e.kind, e.address]


def _data_row(e: audit.Entry) -> list:
    return [e.created_at.isoformat(), e.actor, e.action, e.object_type, e.object_id, e.channel,
            e.address]


async def _export(request: web.Request, entries: list, header: list[str], row,
                  name: str) -> web.Response:
    await audit.log(actor(request), "journal.exported", "journal", name,
                    address=address(request))
    return await sheet_download([header, *[row(e) for e in entries]], f"journal-{name}.csv")


def _page(request: web.Request, template: str, filters: journals.Filters, page: int,
          found: journals.Page) -> web.Response:
    return aiohttp_jinja2.render_template(template, request, {
        "entries": found.entries, "filters": filters, "total": found.total, "page": page,
        "pages": (found.total + journals.PAGE - 1) // journals.PAGE,
        "query": request.query_string})


def _wants_csv(request: web.Request) -> bool:
    return request.query.get("format") == "csv"


@require("journals.view")
async def sign_ins(request: web.Request) -> web.Response:
    filters = parse_filters(request)
    if _wants_csv(request):
        return await _export(request, await journals.all_sign_ins(filters), SIGN_IN_COLUMNS,
                             _sign_in_row, "sign-ins")
    page = query_int(request, "page", high=MAX_PAGE)
    return _page(request, "journals/sign_ins.html", filters, page,
                 await journals.sign_ins_page(filters, page))


@require("journals.view")
async def data_actions(request: web.Request) -> web.Response:
    filters = parse_filters(request)
    if _wants_csv(request):
        return await _export(request, await journals.all_data_actions(filters), DATA_COLUMNS,
                             _data_row, "personal-data")
    page = query_int(request, "page", high=MAX_PAGE)
    return _page(request, "journals/data.html", filters, page,
                 await journals.data_actions_page(filters, page))
