"""Events in the panel: create and edit, the registrations and waiting list, check-in."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp_jinja2
from aiohttp import web

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
from backend.errors import ServiceError
from backend.events.ticket import code_from_scan
from backend.models import Competency, Event
from backend.services import events, events_editing, users


def _organization(request: web.Request) -> int | None:
    account = request[ACCOUNT]
    return account.organization_id if account.role in roles.ORGANIZATION_ROLES else None


async def _event(request: web.Request) -> Event:
    """The event of the URL, if this account may see it (college staff: their own)."""
    found = Event.filter(id=int_or_404(request.match_info["id"]))
    if (organization := _organization(request)) is not None:
        found = found.filter(organization_id=organization)
    event = await found.first()
    if event is None:
        raise web.HTTPNotFound()
    return event


@require("events.manage")
@aiohttp_jinja2.template("events/list.html")
async def event_list(request: web.Request) -> dict:
    found = Event.all()
    if (organization := _organization(request)) is not None:
        found = found.filter(organization_id=organization)
    if request.query.get("past") != "1":
        found = found.filter(ends_at__gt=datetime.now(UTC))
    return {"events": await found.order_by("starts_at"), "past": request.query.get("past"),
            "places": {m.id: m.name for m in await users.list_municipalities()}}


@require("events.manage")
async def event_edit(request: web.Request) -> web.Response:
    event = await _event(request) if "id" in request.match_info else None
    values = events_editing.form_of(event) if event else {
        "kind": "career_trial", "status": "draft", "capacity": "20", "offer_hours": "24",
        "reminder_hours": "24, 2"}
    problems: dict[str, str] = {}
    if request.method == "POST":
        form = await posted(request)
        values = {name: str(form.get(name, "")) for name in events_editing.FIELDS}
        saved, found = await events_editing.save(
            values, actor=actor(request), event_id=event.id if event else None,
            organization_id=_organization(request))
        if saved:
            raise web.HTTPFound(f"/admin/events/{saved.id}?saved=1")
        problems = {name: _(events_editing.MESSAGES[code]).format(**params)
                    for name, (code, params) in found.items()}
    context = {"values": values, "problems": problems, "event": event,
               "kinds": events.KINDS, "statuses": events_editing.STATUSES,
               "municipalities": await users.list_municipalities(),
               "competencies": await Competency.all().order_by("name")}
    return aiohttp_jinja2.render_template("events/edit.html", request, context,
                                          status=422 if problems else 200)


@require("events.manage")
async def registrations(request: web.Request) -> web.Response:
    event = await _event(request)
    notice, status = "", 200
    if request.method == "POST":
        form = await posted(request)
        try:
            if form.get("action") in ("approve", "decline"):
                registration = int_or_404(str(form.get("registration", "")))
                if not await event.registrations.filter(id=registration).exists():
                    raise web.HTTPNotFound()
                await events.decide(registration, form["action"] == "approve",
                                    actor=actor(request), now=datetime.now(UTC))
            elif form.get("action") == "message":
                sent = await events.message_registrants(
                    event.id, str(form.get("text", "")), actor=actor(request),
                    now=datetime.now(UTC))
                notice = ngettext("The message is queued for %(num)s person.",
                                  "The message is queued for %(num)s people.", sent, num=sent)
        except ServiceError as exc:
            notice, status = error_text(exc), 422
    rows = await events_editing.registrations(event.id, actor=actor(request),
                                             address=address(request))
    return aiohttp_jinja2.render_template(
        "events/registrations.html", request,
        {"event": await Event.get(id=event.id), "rows": rows, "notice": notice},
        status=status)


@require("events.manage")
async def export(request: web.Request) -> web.Response:
    event = await _event(request)
    header = [_(title) for title in events_editing.COLUMNS]
    rows = await events_editing.export_rows(event.id, actor=actor(request),
                                           address=address(request))
    return await sheet_download([header, *rows], f"event-{event.id}.{sheet_kind(request)}")


@require("events.checkin")
async def check_in(request: web.Request) -> web.Response:
    event = await _event(request)
    result, status = None, 200
    if request.method == "POST":
        form = await posted(request)
        code = code_from_scan(str(form.get("code", "")))
        try:
            result = await events.check_in(code, event_id=event.id, actor=actor(request),
                                           now=datetime.now(UTC), address=address(request))
        except ServiceError as exc:
            result, status = error_text(exc), 422
    counts = {
        "confirmed": await event.registrations.filter(status="confirmed").count(),
        "came": await event.registrations.filter(checked_in_at__isnull=False).count(),
    }
    return aiohttp_jinja2.render_template("events/checkin.html", request,
                                          {"event": event, "result": result,
                                           "counts": counts}, status=status)
