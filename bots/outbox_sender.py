"""A channel's deliverer of queued notices: claim, send, record; retried after a failure."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from backend.services import outbox

log = logging.getLogger(__name__)
POLL_EVERY = 2.0


class Blocked(Exception):
    """The resident blocked the bot or closed messages from the community: do not retry."""


Send = Callable[[outbox.Notice], Awaitable[None]]


class OutboxSender:
    def __init__(self, platform: str, send: Send, poll_every: float = POLL_EVERY) -> None:
        self.platform = platform
        self.send = send
        self.poll_every = poll_every
        self._task: asyncio.Task | None = None
        self._stopping = asyncio.Event()

    async def deliver(self) -> int:
        """Send what is waiting now; returns how many were sent."""
        done = 0
        while notices := await outbox.claim(self.platform):
            for notice in notices:
                try:
                    await self.send(notice)
                except Blocked as exc:
                    await outbox.failed(notice, f"blocked: {exc}", final=True)
                except Exception as exc:
                    log.warning("%s: notice %s not sent (%s)", self.platform, notice.id,
                                type(exc).__name__)
                    await outbox.failed(notice, type(exc).__name__)
                else:
                    await outbox.sent(notice.id)
                    done += 1
            if done == 0:
                return 0  # everything failed: wait for the next round rather than spin
        return done

    async def _forever(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.deliver()
            except Exception:
                log.exception("%s: delivering notices failed", self.platform)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.poll_every)

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._forever())

    async def stop(self, grace: float = 10.0) -> None:
        """Let the round in progress finish (a query cut off mid-way can wedge SQLite's
        connection), then stop; cancel only if it does not finish in time."""
        if self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
