"""Events in the panel: create and edit, the registrations and waiting list, check-in."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import events as form
from admin_web.i18n import gettext as _
from admin_web.i18n import ngettext
from admin_web.keys import ACCOUNT
from admin_web.views.common import (
    actor,
    address,
    error_text,
    int_or_404,
    posted,
    require,
    sheet_download,
    sheet_kind,
)
from backend import roles
from backend.errors import PROBLEMS, ServiceError
from backend.events.ticket import code_from_scan
from backend.events.values import EventInfo
from backend.services import (
    events,
    events_editing,
    events_notices,
    events_registrations,
    users,
)


def _organization(request: web.Request) -> int | None:
    account = request[ACCOUNT]
    return account.organization_id if account.role in roles.ORGANIZATION_ROLES else None


async def _event(request: web.Request) -> EventInfo:
    """The event of the URL, if this account may see it (college staff: their own)."""
    event = await events_editing.get_event(int_or_404(request.match_info["id"]),
                                           _organization(request))
    if event is None:
        raise web.HTTPNotFound()
    return event


@require("events.manage")
@aiohttp_jinja2.template("events/list.html")
async def event_list(request: web.Request) -> dict:
    past = request.query.get("past")
    found = await events_editing.list_events(_organization(request), now=datetime.now(UTC),
                                             past=past == "1")
    return {"events": found, "past": past,
            "places": {m.id: m.name for m in await users.list_municipalities()}}


@require("events.manage")
async def event_edit(request: web.Request) -> web.Response:
    event = await _event(request) if "id" in request.match_info else None
    values = form.shown(event) if event else dict(form.BLANK)
    problems: dict[str, str] = {}
    if request.method == "POST":
        posted_form = await posted(request)
        values = {name: str(posted_form.get(name, "")) for name in form.FIELDS}
        found = await _save(request, values, event)
        problems = {name: _(PROBLEMS[code]).format(**params)
                    for name, (code, params) in found.items()}
    context = {"values": values, "problems": problems, "event": event,
               "kinds": events.KINDS, "statuses": events_editing.STATUSES,
               "municipalities": await users.list_municipalities(),
               "competencies": await events_editing.list_competencies()}
    return aiohttp_jinja2.render_template("events/edit.html", request, context,
                                          status=422 if problems else 200)


async def _save(request: web.Request, values: dict[str, str], event: EventInfo | None
                ) -> events_editing.Problems:
    """The problems of the form and of the rules together; on none, saved and redirected."""
    draft, unread = form.read(values)
    event_id = event.id if event else None
    if unread:
        return {**unread, **await events_editing.check(draft, event_id)}
    saved, problems = await events_editing.save(
        draft, actor=actor(request), event_id=event_id, organization_id=_organization(request))
    if saved:
        location = request.app.router["event"].url_for(id=str(saved.id))
        raise web.HTTPFound(location.with_query(saved=1))
    return problems


@require("events.manage")
async def registrations(request: web.Request) -> web.Response:
    event = await _event(request)
    notice, status = "", 200
    if request.method == "POST":
        try:
            notice = await _act(request, event, await posted(request))
        except ServiceError as exc:
            notice, status = error_text(exc), 422
    rows = await events_registrations.registrations(event.id, actor=actor(request),
                                                    address=address(request))
    return aiohttp_jinja2.render_template(
        "events/registrations.html", request,
        {"event": await events_editing.get_event(event.id), "rows": rows, "notice": notice},
        status=status)


async def _act(request: web.Request, event: EventInfo, posted_form) -> str:
    """Approve or decline a registration, or write to everyone; the notice to show."""
    action = posted_form.get("action")
    if action in ("approve", "decline"):
        registration = int_or_404(str(posted_form.get("registration", "")))
        if not await events_registrations.is_registered(event.id, registration):
            raise web.HTTPNotFound()
        await events.decide(registration, action == "approve", actor=actor(request),
                            now=datetime.now(UTC))
    elif action == "message":
        sent = await events_notices.message_registrants(
            event.id, str(posted_form.get("text", "")), actor=actor(request),
            now=datetime.now(UTC))
        return ngettext("The message is queued for %(num)s person.",
                        "The message is queued for %(num)s people.", sent, num=sent)
    return ""


@require("events.manage")
async def export(request: web.Request) -> web.Response:
    event = await _event(request)
    header = [_(title) for title in events_registrations.COLUMNS]
    rows = await events_registrations.export_rows(event.id, actor=actor(request),
                                                  address=address(request))
    return await sheet_download([header, *rows], f"event-{event.id}.{sheet_kind(request)}")


@require("events.checkin")
async def check_in(request: web.Request) -> web.Response:
    event = await _event(request)
    result, status = None, 200
    if request.method == "POST":
        code = code_from_scan(str((await posted(request)).get("code", "")))
        try:
            result = await events.check_in(code, event_id=event.id, actor=actor(request),
                                           now=datetime.now(UTC), address=address(request))
        except ServiceError as exc:
            result, status = error_text(exc), 422
    return aiohttp_jinja2.render_template(
        "events/checkin.html", request,
        {"event": event, "result": result,
         "counts": await events_registrations.attendance(event.id)}, status=status)
