"""A channel's deliverer of queued notices: claim, send, record; retried after a failure."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from backend.services import outbox
from bots.rounds import Rounds

log = logging.getLogger(__name__)
POLL_EVERY = 2.0


class Blocked(Exception):
    """The resident blocked the bot or closed messages from the community: do not retry."""


Send = Callable[[outbox.Notice], Awaitable[None]]
CLAIM_ADDRESSES = 200  # addresses named in one claim


class OutboxSender:
    def __init__(self, platform: str, send: Send, poll_every: float = POLL_EVERY,
                 addresses: Callable[[], list[str]] | None = None) -> None:
        """`addresses`: only notices to these are claimed (the web chat's residents connected
        to this process); the others wait in the queue."""
        self.platform = platform
        self.send = send
        self.addresses = addresses
        self.rounds = Rounds(f"{platform}: delivering notices", self.deliver, poll_every)

    async def deliver(self) -> int:
        """Send what is waiting now; returns how many were sent."""
        if self.addresses is None:
            return await self._deliver(None)
        everyone = self.addresses()
        done = 0
        for start in range(0, len(everyone), CLAIM_ADDRESSES):
            done += await self._deliver(everyone[start:start + CLAIM_ADDRESSES])
        return done

    async def _deliver(self, addresses: list[str] | None) -> int:
        done = 0
        while notices := await outbox.claim(self.platform, addresses=addresses):
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

    def start(self) -> None:
        self.rounds.start()

    async def stop(self) -> None:
        await self.rounds.stop()
