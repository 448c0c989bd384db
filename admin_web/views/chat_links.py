"""Your chats: link your own Telegram or VK with a one-time code sent to the bot, or unlink."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp_jinja2
from aiohttp import web

from admin_web.keys import ACCOUNT
from admin_web.views.common import actor, posted, require
from backend.services import chat_links


@require("broadcasts.manage")
@aiohttp_jinja2.template("chat_links.html")
async def chat_links_page(request: web.Request) -> dict:
    account_id = request[ACCOUNT].id
    code = None
    if request.method == "POST":
        form = await posted(request)
        action = form.get("action")
        if action == "code":
            code = await chat_links.issue_code(account_id, actor=actor(request),
                                               now=datetime.now(UTC))
        elif action == "unlink":
            await chat_links.unlink(account_id, str(form.get("platform", "")),
                                    actor=actor(request))
    return {"linked": await chat_links.linked(account_id), "code": code,
            "platforms": chat_links.NAMES,
            "minutes": int(chat_links.LIFETIME.total_seconds() // 60)}
