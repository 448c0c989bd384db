"""The first page after sign-in: figures for staff, the account page for everyone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiohttp_jinja2
from aiohttp import web

from admin_web.keys import ACCOUNT
from backend import roles
from backend.models import Application, Broadcast, Event, Survey
from backend.services import residents


async def _work(now: datetime) -> dict[str, int]:
    """What is waiting for staff today: links from the dashboard."""
    return {
        "applications": await Application.filter(status="new").count(),
        "events": await Event.filter(status="published", starts_at__gt=now,
                                     starts_at__lte=now + timedelta(days=7)).count(),
        "broadcasts": await Broadcast.filter(status__in=("sending", "scheduled")).count(),
        "surveys": await Survey.filter(status="published").count(),
    }


@aiohttp_jinja2.template("dashboard.html")
async def dashboard(request: web.Request) -> dict:
    account = request[ACCOUNT]
    overview = work = None
    if roles.allowed(account.role, "dashboard.view"):
        overview = await residents.overview()
        work = await _work(datetime.now(UTC))
    return {"overview": overview, "work": work,
            "permissions": roles.permissions_of(account.role),
            "organization": await account.organization if account.organization_id else None}
