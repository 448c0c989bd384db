"""Broadcasts in the panel: compose, count the audience, test, send or schedule, watch, report."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import aiohttp_jinja2
from aiohttp import web

from admin_web.i18n import gettext as _
from admin_web.i18n import ngettext
from admin_web.keys import ACCOUNT
from admin_web.views.common import actor, error_text, int_or_404, posted, require
from backend.errors import ServiceError
from backend.i18n import TIMEZONE
from backend.models import Broadcast, Event, Program, Survey
from backend.services import broadcasts, chat_links, users
from backend.services.broadcasts_audience import MESSENGERS, Audience, members
from backend.services.events import KINDS
from backend.services.users import AGE_GROUPS
from backend.settings import LOCALES
from backend.untrusted import whole

TYPES = "RIASEC"


def _ints(values: list[str]) -> tuple[int, ...]:
    return tuple(n for n in map(whole, values) if n is not None)


def audience_of(form) -> Audience:
    return Audience(
        channels=tuple(v for v in form.getall("channels", []) if v in MESSENGERS),
        municipalities=_ints(form.getall("municipalities", [])),
        age_groups=tuple(v for v in form.getall("age_groups", []) if v in AGE_GROUPS),
        career_types=tuple(v for v in form.getall("career_types", []) if v in TYPES),
        event=whole(form.get("event")),
        attended=form.get("attended") == "yes",
        program=whole(form.get("program")),
        locales=tuple(v for v in form.getall("locales", []) if v in LOCALES))


async def _choices() -> dict:
    now = datetime.now(UTC)
    return {"channels": MESSENGERS, "age_groups": AGE_GROUPS, "types": TYPES,
            "locales": LOCALES, "municipalities": await users.list_municipalities(),
            "events": await Event.filter(status="published").order_by("-starts_at").limit(50),
            "coming": await Event.filter(status="published", starts_at__gt=now)
            .order_by("starts_at"),
            "programs": await Program.filter(status="published").order_by("title"),
            "surveys": await Survey.filter(status="published").order_by("-id"),
            "kinds": KINDS}


LINK = re.compile(r"^(courses|events|myevents|surveys|career_test|consult)(-[a-z]\d{1,9})?$")


@require("broadcasts.manage")
@aiohttp_jinja2.template("broadcasts/list.html")
async def broadcast_list(request: web.Request) -> dict:
    return {"broadcasts": await Broadcast.all().order_by("-id").limit(100)}


@require("broadcasts.manage")
async def broadcast_new(request: web.Request) -> web.Response:
    context: dict = {"values": {}, "audience": Audience(), "count": None, "error": "",
                     **await _choices()}
    if request.method == "POST":
        form = await posted(request)
        audience = audience_of(form)
        values = {k: str(form.get(k, "")) for k in ("title", "text", "label", "link")}
        context.update(values=values, audience=audience)
        if form.get("action") == "count":
            context["count"] = len(await members(audience))
        else:
            upload = form.get("image")
            image = upload.file.read() if hasattr(upload, "file") else None
            button = ({"label": values["label"].strip()[:40], "link": values["link"]}
                      if values["label"].strip() and LINK.match(values["link"]) else None)
            try:
                made = await broadcasts.create(actor=actor(request), title=values["title"],
                                               text=values["text"], audience=audience,
                                               button=button, image=image or None)
            except ServiceError as exc:
                context["error"] = error_text(exc)
            else:
                raise web.HTTPFound(f"/admin/broadcasts/{made.id}")
    return aiohttp_jinja2.render_template("broadcasts/new.html", request, context,
                                          status=422 if context["error"] else 200)


@require("broadcasts.manage")
async def broadcast_card(request: web.Request) -> web.Response:
    broadcast = await Broadcast.get_or_none(id=int_or_404(request.match_info["id"]))
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
                moment = datetime.strptime(str(form.get("at", "")), "%Y-%m-%dT%H:%M") \
                    .replace(tzinfo=TIMEZONE)
                await broadcasts.schedule(broadcast.id, moment, actor=actor(request), now=now)
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
        broadcast = await Broadcast.get(id=broadcast.id)
    progress = await broadcasts.progress(broadcast, datetime.now(UTC))
    chats = await chat_links.linked(request[ACCOUNT].id)
    context = {"broadcast": broadcast, "progress": progress, "notice": notice, "error": error,
               "chats": [chat_links.NAMES[platform] for platform in chats],
               "reasons": await broadcasts.reasons(broadcast.id),
               "audience": Audience.from_json(broadcast.audience)}
    return aiohttp_jinja2.render_template("broadcasts/card.html", request, context,
                                          status=422 if error else 200)
