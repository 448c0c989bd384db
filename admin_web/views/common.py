"""What every view uses: permission checks, the client address, form helpers."""

from __future__ import annotations

import asyncio
import functools
import logging

from aiohttp import web
from multidict import MultiDict

from admin_web.i18n import gettext
from admin_web.keys import ACCOUNT
from backend import roles, sheets
from backend.errors import ERRORS, ServiceError
from backend.untrusted import client_address, whole

log = logging.getLogger("admin_web")


def require(permission: str):
    """Refuse (403, logged) a signed-in account whose role lacks `permission`."""

    def decorate(view):
        @functools.wraps(view)
        async def checked(request: web.Request) -> web.StreamResponse:
            account = request[ACCOUNT]
            if not roles.allowed(account.role, permission):
                log.warning("admin: account %s (%s) denied %s on %s", account.id, account.role,
                            permission, request.path)
                raise web.HTTPForbidden(text="You have no access to this page.")
            return await view(request)

        return checked

    return decorate


def actor(request: web.Request) -> str:
    return f"staff:{request[ACCOUNT].id}"


def address(request: web.Request) -> str | None:
    return client_address(request)


def error_text(error: ServiceError) -> str:
    text = gettext(ERRORS[error.code])
    return text.format(**error.params) if error.params else text


def int_or_404(value: str) -> int:
    """An id from the address or a form; anything that cannot be one is a 404."""
    number = whole(value, 1)
    if number is None:
        raise web.HTTPNotFound()
    return number


async def posted(request: web.Request) -> MultiDict:
    """The submitted form, its text without NUL: PostgreSQL cannot store it, nobody types it."""
    form = await request.post()
    return MultiDict((name, value.replace("\x00", "") if isinstance(value, str) else value)
                     for name, value in form.items())


def sheet_kind(request: web.Request) -> str:
    """The export format a link asks for: "xlsx" or, by default, "csv"."""
    return "xlsx" if request.query.get("format") == "xlsx" else "csv"


async def sheet_download(rows: list, name: str) -> web.Response:
    """A table to download, CSV or XLSX by the name's ending. Written in a worker thread:
    a big export takes seconds that webhooks and /healthz cannot wait."""
    body = await asyncio.to_thread(sheets.write, rows, name.rsplit(".", 1)[-1])
    return attachment(body, name)


def attachment(body: bytes, name: str) -> web.Response:
    """A spreadsheet file to download (backend.sheets); its type follows the name."""
    kind = sheets.KINDS[name.rsplit(".", 1)[-1]]
    return web.Response(body=body, content_type=kind,
                        charset="utf-8" if kind == "text/csv" else None,
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
