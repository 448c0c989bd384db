"""The first page after sign-in: figures for staff, the account page for everyone."""

from __future__ import annotations

from datetime import UTC, datetime

import aiohttp_jinja2
from aiohttp import web

from admin_web.keys import ACCOUNT
from backend import roles
from backend.services import dashboard as figures
from backend.services import residents


@aiohttp_jinja2.template("dashboard.html")
async def dashboard(request: web.Request) -> dict:
    account = request[ACCOUNT]
    overview = work = None
    if roles.allowed(account.role, "dashboard.view"):
        overview = await residents.overview()
        work = await figures.work_waiting(datetime.now(UTC))
    return {"overview": overview, "work": work,
            "permissions": roles.permissions_of(account.role)}
