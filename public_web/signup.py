"""Signing up from a page, through the bot's services: the resident of this browser (made
when they consent), consent first, their contact details, then the application or the
registration — all in one transaction, so a refusal leaves nothing half-written."""

from __future__ import annotations

from datetime import datetime

from tortoise.transactions import in_transaction

from backend import consent
from backend.i18n import TIMEZONE
from backend.services import applications, events, users
from backend.services.users import UserInfo
from public_web.browser import PLATFORM, external_id


async def resident(token: str | None) -> UserInfo | None:
    """The resident of this browser, if they ever consented here; nobody is created."""
    if not token:
        return None
    return await users.find_user(PLATFORM, external_id(token))


async def _with_contact(token: str, values: dict, *, locale: str, evidence: str,
                        now: datetime) -> UserInfo:
    user = await users.resolve_user(PLATFORM, external_id(token), now)
    if not user.pd_consent:  # the form asked for it: nothing personal is kept before this
        user = await users.record_consent(user.id, consent.PROCESSING, True, locale=locale,
                                          channel=PLATFORM, evidence=evidence)
    profile = {key: values[key] for key in ("full_name", "phone", "municipality_id",
                                            "age_group") if key in values}
    return await users.set_profile(user.id, channel=PLATFORM, **profile)


async def apply(token: str, program_id: int, values: dict, *, locale: str, evidence: str,
                now: datetime) -> tuple[int, bool]:
    """The application's number, and whether it is new (else the open one for the program)."""
    async with in_transaction():
        user = await _with_contact(token, values, locale=locale, evidence=evidence, now=now)
        return await applications.apply(user.id, "program", program_id=program_id,
                                        channel=PLATFORM,
                                        today=now.astimezone(TIMEZONE).date())


async def register(token: str, event_id: int, values: dict, *, locale: str, evidence: str,
                   now: datetime) -> events.Outcome:
    async with in_transaction():
        user = await _with_contact(token, values, locale=locale, evidence=evidence, now=now)
        return await events.register(event_id, user.id, channel=PLATFORM, now=now,
                                     answers=values.get("answers") or [])
