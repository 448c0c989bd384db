"""Broadcasts in the panel: compose, count the audience, test, send or schedule, watch, report."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp_jinja2
from aiohttp import web

from admin_web.forms import broadcasts as broadcasts_form
from admin_web.i18n import gettext as _
from admin_web.i18n import ngettext
from admin_web.keys import ACCOUNT
from admin_web.views.common import actor, error_text, int_or_404, posted, require
from backend.career.scoring import TYPES
from backend.errors import ServiceError
from backend.services import broadcasts, chat_links, users
from backend.services.broadcasts_audience import Audience, list_targets, members
from backend.services.outbox import MESSENGERS
from backend.services.users import AGE_GROUPS
from backend.settings import LOCALES


async def _choices() -> dict:
    targets = await list_targets(datetime.now(UTC))
    return {"channels": MESSENGERS, "age_groups": AGE_GROUPS, "types": TYPES,
            "locales": LOCALES, "municipalities": await users.list_municipalities(),
            "events": targets.events, "coming": targets.coming, "programs": targets.programs,
            "surveys": targets.surveys}


@require("broadcasts.manage")
@aiohttp_jinja2.template("broadcasts/list.html")
async def broadcast_list(request: web.Request) -> dict:
    return {"broadcasts": await broadcasts.list_broadcasts()}


@require("broadcasts.manage")
async def broadcast_new(request: web.Request) -> web.Response:
    context: dict = {"values": {}, "audience": Audience(), "count": None, "error": "",
                     **await _choices()}
    if request.method == "POST":
        form = await posted(request)
        draft = broadcasts_form.read(form)
        context.update(values=broadcasts_form.shown(form), audience=draft.audience)
        if form.get("action") == "count":
            context["count"] = len(await members(draft.audience))
        else:
            try:
                made = await broadcasts.create(
                    actor=actor(request), title=draft.title, text=draft.text,
                    audience=draft.audience, button=draft.button, image=draft.image,
                    text_en=draft.text_en)
            except ServiceError as exc:
                context["error"] = error_text(exc)
            else:
                raise web.HTTPFound(request.app.router["broadcast"].url_for(id=str(made.id)))
    return aiohttp_jinja2.render_template("broadcasts/new.html", request, context,
                                          status=422 if context["error"] else 200)


@require("broadcasts.manage")
async def broadcast_card(request: web.Request) -> web.Response:
    broadcast = await broadcasts.find_broadcast(int_or_404(request.match_info["id"]))
    if broadcast is None:
        raise web.HTTPNotFound()
    notice, error = "", ""
    if request.method == "POST":
        form = await posted(request)
        action, now = str(form.get("action", "")), datetime.now(UTC)
        try:
            if action == "start":
                count = await broadcasts.start(broadcast.id, actor=actor(request), now=now)
                notice = ngettext("Sending to %(num)s person has begun.",
                                  "Sending to %(num)s people has begun.", count, num=count)
            elif action == "schedule":
                await broadcasts.schedule(broadcast.id, broadcasts_form.moment_of(form),
                                          actor=actor(request), now=now)
            elif action in ("pause", "resume", "cancel"):
                await broadcasts.control(broadcast.id, action, actor=actor(request))
            elif action == "test":  # to the sender's linked chats; a typed address is ignored
                await broadcasts.send_test(broadcast.id, request[ACCOUNT].id,
                                           actor=actor(request), now=now)
                notice = _("The test message is on its way.")
        except ServiceError as exc:
            error = error_text(exc)
        except ValueError:
            error = _("Give the date and time.")
        broadcast = await broadcasts.find_broadcast(broadcast.id)
    progress = await broadcasts.progress(broadcast, datetime.now(UTC))
    chats = await chat_links.linked(request[ACCOUNT].id)
    context = {"broadcast": broadcast, "progress": progress, "notice": notice, "error": error,
               "chats": [chat_links.NAMES[platform] for platform in chats],
               "reasons": await broadcasts.reasons(broadcast.id),
               "audience": broadcast.audience}
    return aiohttp_jinja2.render_template("broadcasts/card.html", request, context,
                                          status=422 if error else 200)
