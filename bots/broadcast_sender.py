"""A channel's broadcast deliverer: claim a batch, wait for the shared pace, send, record.

The pace is one slot per API call, spaced 1/rate apart for every process of this bot (the
store keeps it: Redis in production), so no number of workers goes over the platform's limit;
a 429's retry_after pushes every later slot back.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from backend.services import broadcasts, broadcasts_delivery
from backend.services.broadcasts import Message
from backend.services.broadcasts_delivery import Delivery
from backend.store import Store
from bots.rounds import Rounds

log = logging.getLogger(__name__)
POLL_EVERY = 1.0
MARGIN = 0.97  # pace a little under the limit, so network jitter cannot push a second over it
IN_FLIGHT = 32  # calls on their way at once: enough for 1,000 a second at ~30 ms a call


@dataclass
class Results:
    """What became of one call's deliveries."""

    sent: list[Delivery] = field(default_factory=list)
    blocked: list[Delivery] = field(default_factory=list)
    retry: list[Delivery] = field(default_factory=list)
    failed: list[Delivery] = field(default_factory=list)  # no retry can help
    unknown: list[Delivery] = field(default_factory=list)
    reason: str = ""
    hold: float = 0.0  # seconds the platform asked everyone to wait (429)


Send = Callable[[list[Delivery], Message], Awaitable[Results]]


class BroadcastSender:
    def __init__(self, platform: str, send: Send, store: Store, rate: float,
                 per_call: int = 1, lease: timedelta = broadcasts_delivery.LEASE) -> None:
        self.platform = platform
        self.lease = lease
        self.send = send
        self.store = store
        self.interval = 1 / (rate * MARGIN)
        self.per_call = per_call  # deliveries one API call carries (VK: up to 100)
        self.claim_size = max(per_call, int(rate))  # about a second's work claimed at once
        self._in_flight = asyncio.Semaphore(IN_FLIGHT)
        self.rounds = Rounds(f"{platform}: broadcast delivery", self.deliver, POLL_EVERY)

    async def deliver(self) -> int:
        """Send what is claimable now; returns how many were sent."""
        done = 0
        messages: dict[int, Message] = {}
        while not self.rounds.stopping and (deliveries := await broadcasts_delivery.claim(
                self.platform, self.claim_size, self.lease)):
            for broadcast_id in {d.broadcast_id for d in deliveries} - set(messages):
                messages[broadcast_id] = await broadcasts.get_message(broadcast_id)
            chunks = []
            for broadcast_id, locale in sorted({(d.broadcast_id, d.locale) for d in deliveries}):
                mine = [d for d in deliveries
                        if d.broadcast_id == broadcast_id and d.locale == locale]
                version = messages[broadcast_id].version(locale)  # its text in that language
                chunks += [(mine[i:i + self.per_call], version)
                           for i in range(0, len(mine), self.per_call)]
            done += sum(await asyncio.gather(*(self._paced(chunk, broadcast)
                                               for chunk, broadcast in chunks)))
        await broadcasts_delivery.finish_done(datetime.now(UTC))
        return done

    async def _paced(self, chunk: list[Delivery], broadcast: Message) -> int:
        """Wait for this call's slot, make it, record it; a few calls are in flight at once."""
        async with self._in_flight:
            await asyncio.sleep(await self.store.pace(self.platform, self.interval))
            return await self._record(await self._send(chunk, broadcast))

    async def _send(self, chunk: list[Delivery], broadcast: Message) -> Results:
        try:
            return await self.send(chunk, broadcast)
        except Exception as exc:  # a bug or an outage: try again later, do not lose them
            log.warning("%s: broadcast %s, a call failed (%s)", self.platform, broadcast.id,
                        type(exc).__name__)
            return Results(retry=chunk, reason=type(exc).__name__)

    async def _record(self, results: Results) -> int:
        if results.sent:
            await broadcasts_delivery.sent([d.id for d in results.sent])
        if results.blocked:
            await broadcasts_delivery.blocked(results.blocked, results.reason or "blocked")
        if results.unknown:
            await broadcasts_delivery.finished([d.id for d in results.unknown], "unknown",
                                               results.reason)
        if results.failed:
            await broadcasts_delivery.finished([d.id for d in results.failed], "failed",
                                               results.reason)
        if results.retry:
            await broadcasts_delivery.retry_later([d.id for d in results.retry], results.reason,
                                         counts=not results.hold)
        if results.hold:
            log.info("%s: flood control, every sender waits %s s", self.platform, results.hold)
            await self.store.pace(self.platform, 0.0, hold=results.hold)
        return len(results.sent)

    def start(self) -> None:
        self.rounds.start()

    async def stop(self) -> None:
        await self.rounds.stop()
