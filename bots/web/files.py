"""Pictures and files of the web chat (a career profile, a QR ticket, a calendar file): kept in
the store for a day under a random name, served by that name to whoever holds the link."""

from __future__ import annotations

import base64
import re
import secrets
from urllib.parse import quote

from aiohttp import web

from backend.store import Store
from dialogs.model import Attachment

PATH = "/webchat/files"
PREFIX = "webchat:file:"
NAME = re.compile(r"[A-Za-z0-9_-]{22}")
TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
         ".ics": "text/calendar"}


async def keep(store: Store, attachment: Attachment, ttl: float) -> str:
    """The attachment's path on this service."""
    name = secrets.token_urlsafe(16)
    await store.set(PREFIX + name, {"filename": attachment.filename,
                                    "image": attachment.is_image,
                                    "data": base64.b64encode(attachment.data).decode()}, ttl)
    return f"{PATH}/{name}/{quote(attachment.filename)}"


def handler(store: Store):
    async def serve(request: web.Request) -> web.Response:
        name = request.match_info["name"]
        kept = await store.get(PREFIX + name) if NAME.fullmatch(name) else None
        if kept is None:
            raise web.HTTPNotFound(text="This file is no longer kept; ask the chat again.")
        filename = kept["filename"]
        suffix = filename[filename.rfind("."):].lower() if "." in filename else ""
        headers = {"Cache-Control": "private, no-store",
                   "Cross-Origin-Resource-Policy": "cross-origin"}  # shown on the Center's pages
        if not kept["image"]:
            headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
        return web.Response(body=base64.b64decode(kept["data"]), headers=headers,
                            content_type=TYPES.get(suffix, "application/octet-stream"),
                            charset="utf-8" if suffix == ".ics" else None)
    return serve
