"""The first page after sign-in: figures for staff, the account page for everyone."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from admin_web.keys import ACCOUNT
from backend import roles
from backend.services import residents


@aiohttp_jinja2.template("dashboard.html")
async def dashboard(request: web.Request) -> dict:
    account = request[ACCOUNT]
    overview = None
    if roles.allowed(account.role, "dashboard.view"):
        overview = await residents.overview()
    return {"overview": overview, "permissions": roles.permissions_of(account.role),
            "organization": await account.organization if account.organization_id else None}
