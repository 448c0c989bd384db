"""Failures arriving at the same moment are counted one after another, on every connection."""

from __future__ import annotations

import asyncio

from backend.models import SignInEvent
from backend.services import lockouts
from backend.services.lockouts import Lockout


async def test_two_hundred_failures_at_once_stop_at_the_limit(mode):
    # Every password check ends at the same moment, so the counting transactions overlap on
    # all the pool's connections, as they would in several processes. Without the advisory
    # lock per login, PostgreSQL journaled 39 or 40 failures (5 runs of 5).
    checking, finished = [], asyncio.Event()

    async def wrong_password() -> bool:
        checking.append(1)
        if len(checking) == 200:
            finished.set()
        await finished.wait()
        return False

    outcomes = await asyncio.gather(*(lockouts.attempt(
        "boss", None, f"10.0.0.{n}", Lockout(attempts=37), wrong_password, via="login")
        for n in range(200)))
    assert await SignInEvent.filter(kind="login_failed").count() == 37
    assert outcomes.count("failed") == 36 and outcomes.count("locked") == 164
