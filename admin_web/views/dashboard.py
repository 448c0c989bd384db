"""The first page after sign-in: figures for staff, the account page for everyone."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp_jinja2
from aiohttp import web

from admin_web.keys import ACCOUNT
from backend import roles
from backend.integrity import status
from backend.services import dashboard as figures
from backend.services import residents


@aiohttp_jinja2.template("dashboard.html")
async def dashboard(request: web.Request) -> dict:
    account = request[ACCOUNT]
    overview = work = upkeep = None
    if roles.allowed(account.role, "dashboard.view"):
        now = datetime.now(UTC)
        overview = await residents.overview()
        work = await figures.work_waiting(now)
        upkeep = {"backup": await status.state(status.BACKUP, now),
                  "verify": await status.state(status.VERIFY, now)}
    return {"overview": overview, "work": work, "upkeep": upkeep,
            "permissions": roles.permissions_of(account.role)}
