"""The consultants' inbox: conversations with residents, replies, notes, canned answers,
statistics. Every opening of a conversation is journaled; new messages arrive live (server-sent
events, read by static/consultations.js), and pages refresh themselves without script."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

import aiohttp_jinja2
from aiohttp import web
from multidict import MultiDict

from admin_web.i18n import when
from admin_web.keys import ACCOUNT
from admin_web.views.common import (
    actor,
    address,
    error_text,
    int_or_404,
    posted,
    require,
    sheet_download,
)
from backend.errors import ServiceError
from backend.i18n import TIMEZONE
from backend.services import consultations, consultations_statistics
from backend.untrusted import query_int, whole

PERMISSION = consultations.ANSWER
LIVE_EVERY = 1.0  # seconds between looks for new messages
LIVE_FOR = 300  # a live feed ends after this long; the browser reconnects, signed in or not
HEARTBEAT = 15


@require(PERMISSION)
@aiohttp_jinja2.template("consultations/list.html")
async def inbox(request: web.Request) -> dict:
    view = request.query.get("view", "all")
    view = view if view in consultations.FILTERS else "all"
    resident = whole(request.query.get("resident", ""), 1)
    found = await consultations.inbox(view, request[ACCOUNT].id, address=address(request),
                                      resident_id=resident)
    return {"conversations": found, "view": view, "views": consultations.FILTERS,
            "resident": resident, "now": datetime.now(UTC)}


@require(PERMISSION)
async def conversation(request: web.Request) -> web.Response:
    consultation_id = int_or_404(request.match_info["id"])
    error, draft = "", ""
    if request.method == "POST":
        form = await posted(request)
        try:
            await _act(request, consultation_id, form)
        except ServiceError as exc:
            if exc.code == "consultation_not_found":
                raise web.HTTPNotFound() from None
            error = error_text(exc)
            draft = str(form.get("text", "")) if form.get("action") == "reply" else ""
        else:
            raise web.HTTPFound(request.app.router["consultation"].url_for(
                id=str(consultation_id)))
    try:
        found = await consultations.view(consultation_id, actor=actor(request),
                                         address=address(request))
    except ServiceError:
        raise web.HTTPNotFound() from None
    messages = found.messages
    context = {"c": found.summary, "messages": messages,
               "after": messages[-1].id if messages else 0,
               "consultants": await consultations.consultants(),
               "canned": await consultations.canned_answers(),
               "error": error, "max_kb": consultations.MAX_FILE // 1024,
               "draft": draft}
    return aiohttp_jinja2.render_template("consultations/card.html", request, context,
                                          status=422 if error else 200)


async def _act(request: web.Request, consultation_id: int, form: MultiDict) -> None:
    action = form.get("action")
    who, where = actor(request), address(request)
    account_id = request[ACCOUNT].id
    if action == "reply":
        text = form.get("text", "")
        upload = form.get("file")
        file = None
        if isinstance(upload, web.FileField) and upload.filename:  # an empty field: bytes
            file = (upload.filename, upload.file.read(consultations.MAX_FILE + 1))
        await consultations.reply(consultation_id, str(text), account_id=account_id,
                                  address=where, file=file)
    elif action == "note":
        await consultations.note(consultation_id, str(form.get("text", "")),
                                 account_id=account_id, address=where)
    elif action == "assign":
        chosen = str(form.get("assignee", ""))
        assignee = account_id if chosen == "me" else whole(chosen, 1)
        await consultations.assign(consultation_id, assignee, actor=who, address=where)
    elif action == "close":
        await consultations.close(consultation_id, actor=who, address=where)
    elif action == "reopen":
        await consultations.reopen(consultation_id, actor=who, address=where)
    else:
        raise web.HTTPBadRequest(text="Unknown action.")


def _event(name: str, data: dict | str) -> bytes:
    body = json.dumps(data, ensure_ascii=False) if isinstance(data, dict) else data
    return f"event: {name}\ndata: {body}\n\n".encode()


def _connected(request: web.Request) -> bool:
    """aiohttp does not cancel a handler whose client went away: a feed looks for itself."""
    return request.transport is not None and not request.transport.is_closing()


async def _stream(request: web.Request) -> web.StreamResponse:
    response = web.StreamResponse(headers={
        "Content-Type": "text/event-stream", "Cache-Control": "no-store",
        "X-Accel-Buffering": "no", "X-Content-Type-Options": "nosniff"})
    await response.prepare(request)
    return response


async def _live(request: web.Request,
                news: Callable[[], Awaitable[list[bytes]]]) -> web.StreamResponse:
    """Server-sent events for LIVE_FOR seconds: what `news` has every LIVE_EVERY seconds, a
    comment line after HEARTBEAT seconds of quiet; over when the client goes away."""
    response = await _stream(request)
    loop = asyncio.get_running_loop()
    started = quiet = loop.time()
    try:
        while loop.time() - started < LIVE_FOR and _connected(request):
            events = await news()
            for event in events:
                await response.write(event)
            if events:
                quiet = loop.time()
            elif loop.time() - quiet > HEARTBEAT:
                await response.write(b": still here\n\n")
                quiet = loop.time()
            await asyncio.sleep(LIVE_EVERY)
    except (ConnectionResetError, asyncio.CancelledError):
        pass
    return response


@require(PERMISSION)
async def conversation_live(request: web.Request) -> web.StreamResponse:
    """New messages of one conversation as they are written, each once, in order."""
    consultation_id = int_or_404(request.match_info["id"])
    after = query_int(request, "after")
    try:
        await consultations.follow(consultation_id, actor=actor(request),
                                   address=address(request))
    except ServiceError:
        raise web.HTTPNotFound() from None

    async def news() -> list[bytes]:
        nonlocal after
        found = await consultations.messages_after(consultation_id, after)
        if found:
            after = found[-1].id
        return [_event("message", {
            "id": message.id, "author": message.author, "who": message.staff_login,
            "text": message.text, "file": message.file_name, "at": when(message.created_at)})
            for message in found]

    return await _live(request, news)


@require(PERMISSION)
async def inbox_live(request: web.Request) -> web.StreamResponse:
    """A signal whenever any conversation changes: the page fetches its list again."""
    seen = await consultations.latest_change()

    async def news() -> list[bytes]:
        nonlocal seen
        now = await consultations.latest_change()
        changed, seen = now != seen, now
        return [_event("changed", "{}")] if changed else []

    return await _live(request, news)


@require(PERMISSION)
async def conversation_file(request: web.Request) -> web.Response:
    consultation_id = int_or_404(request.match_info["id"])
    message_id = int_or_404(request.match_info["message"])
    try:
        name, data = await consultations.file_of(consultation_id, message_id,
                                                 actor=actor(request), address=address(request))
    except ServiceError:
        raise web.HTTPNotFound() from None
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "._-") else "_" for ch in name)
    return web.Response(body=data, content_type="application/octet-stream", headers={
        "Content-Disposition": f'attachment; filename="{safe or "file"}"'})


@require(PERMISSION)
async def canned(request: web.Request) -> web.Response:
    error, values = "", {}
    if request.method == "POST":
        form = await posted(request)
        canned_id = whole(str(form.get("id", "")), 1)
        try:
            if form.get("action") == "delete" and canned_id:
                await consultations.delete_canned(canned_id)
            else:
                values = {"id": canned_id, "title": str(form.get("title", "")),
                          "text": str(form.get("text", ""))}
                await consultations.save_canned(canned_id, values["title"], values["text"],
                                                actor=actor(request))
        except ServiceError as exc:
            error = error_text(exc)
        else:
            raise web.HTTPFound(request.app.router["inbox_canned"].url_for())
    context = {"answers": await consultations.canned_answers(), "error": error,
               "values": values}
    return aiohttp_jinja2.render_template("consultations/canned.html", request, context,
                                          status=422 if error else 200)


def _period(request: web.Request) -> tuple[datetime, datetime]:
    days = query_int(request, "days", default=30, low=1, high=366)
    end = datetime.now(UTC)
    return end - timedelta(days=days), end


@require(PERMISSION)
async def statistics(request: web.Request) -> web.Response:
    start, end = _period(request)
    report = await consultations_statistics.report(start, end)
    if request.query.get("format") == "csv":
        return await sheet_download(consultations_statistics.rows(report),
                                    f"consultations-{end.astimezone(TIMEZONE):%Y%m%d}.csv")
    return aiohttp_jinja2.render_template("consultations/statistics.html", request, {
        "report": report, "days": (end - start).days})
