"""A channel's broadcast deliverer: claim, wait for the shared pace, send, record.

The pace is one slot per API call, spaced 1/rate apart for every process of this bot (the
store keeps it: Redis in production), so no number of workers goes over the platform's limit;
a 429's retry_after pushes every later slot back. Slots are reserved a block at a time (one
store call for BLOCK_SECONDS of slots), and a slot more than LATE seconds past when its call
could go is skipped, not used: the calls of any one second are then at most the slots of
1 + LATE seconds, (1 + LATE) × MARGIN × rate < rate.

Claims keep up to about a second of work queued; IN_FLIGHT calls go at once. Sent rows are
recorded in batches (one UPDATE per FLUSH_EVERY seconds or FLUSH_SIZE rows), so after a crash
what was sent and not yet recorded goes again when its lease ends: at most FLUSH_EVERY × rate
calls' rows plus the IN_FLIGHT calls on their way (tests/broadcasts/test_crash.py).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
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
LATE = 0.008  # seconds a slot may be late and still used: (1 + LATE) × MARGIN × rate + 1 < rate
BLOCK_SECONDS = 0.02  # slots reserved with one store call (20 at 1,000 a second)
IN_FLIGHT = 32  # calls on their way at once: enough for 1,000 a second at ~30 ms a call
FLUSH_EVERY = 0.2  # seconds sent rows may wait to be recorded
FLUSH_SIZE = 500


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


class Pacer:
    """This process's share of the pace: slots reserved from the store a block at a time."""

    def __init__(self, store: Store, key: str, interval: float) -> None:
        self.store, self.key, self.interval = store, key, interval
        self.block = max(1, round(BLOCK_SECONDS / interval))
        self._slots: deque[float] = deque()  # this process's clock
        self._reserving = asyncio.Lock()

    async def wait(self) -> None:
        """Until this call's slot; a slot already too late is skipped."""
        while True:
            if not self._slots:
                async with self._reserving:
                    if not self._slots:
                        wait = await self.store.pace(self.key, self.interval, count=self.block)
                        first = time.monotonic() + wait
                        self._slots.extend(first + i * self.interval for i in range(self.block))
                continue
            slot = self._slots.popleft()
            now = time.monotonic()
            if now - slot > LATE:
                continue
            if slot > now:
                await asyncio.sleep(slot - now)
                if time.monotonic() - slot > LATE:  # the loop was busy past it
                    continue
            return

    async def hold(self, seconds: float) -> None:
        """The platform asked everyone to wait: the store's pace moves, our slots go."""
        self._slots.clear()
        await self.store.pace(self.key, 0.0, hold=seconds)


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
        # about half a second's work claimed at once, the next when that much is left
        self.claim_size = max(per_call, int(rate * per_call / 2))
        self.pacer = Pacer(store, platform, self.interval)
        self.rounds = Rounds(f"{platform}: broadcast delivery", self.deliver, POLL_EVERY)
        self._unrecorded: list[int] = []  # sent, not yet written down
        self._flushed = 0.0

    async def deliver(self) -> int:
        """Send what is claimable now; returns how many were sent."""
        run = _Run(self)
        workers = [asyncio.create_task(run.work()) for _ in range(IN_FLIGHT)]
        try:
            await run.claim_all()
        finally:
            run.finish()
            outcomes = await asyncio.gather(*workers, return_exceptions=True)
            await self._flush()
        for outcome in outcomes:
            if isinstance(outcome, BaseException):
                raise outcome
        await broadcasts_delivery.finish_done(datetime.now(UTC))
        return run.sent

    async def _send(self, chunk: list[Delivery], broadcast: Message) -> Results:
        try:
            return await self.send(chunk, broadcast)
        except Exception as exc:  # a bug or an outage: try again later, do not lose them
            log.warning("%s: broadcast %s, a call failed (%s)", self.platform, broadcast.id,
                        type(exc).__name__)
            return Results(retry=chunk, reason=type(exc).__name__)

    async def _record(self, results: Results) -> int:
        if results.sent:
            self._unrecorded += [d.id for d in results.sent]
            if (len(self._unrecorded) >= FLUSH_SIZE
                    or time.monotonic() - self._flushed >= FLUSH_EVERY):
                await self._flush()
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
            await self.pacer.hold(results.hold)
        return len(results.sent)

    async def _flush(self) -> None:
        """Write the sent rows down, one statement for all of them."""
        self._flushed = time.monotonic()
        ids, self._unrecorded = self._unrecorded, []
        if not ids:
            return
        try:
            await broadcasts_delivery.sent(ids)
        except BaseException:
            self._unrecorded += ids  # the next flush tries again (they stay leased till then)
            raise

    def start(self) -> None:
        self.rounds.start()

    async def stop(self) -> None:
        await self.rounds.stop()


class _Run:
    """One round of deliver(): a claimer keeping the queue fed, IN_FLIGHT workers emptying it."""

    def __init__(self, sender: BroadcastSender) -> None:
        self.sender = sender
        self.queue: deque[tuple[list[Delivery], Message]] = deque()
        self.queued = 0  # deliveries in the queue
        self.fed = asyncio.Event()  # claimer → workers: more in the queue, or the end
        self.drained = asyncio.Event()  # workers → claimer: the queue went down
        self.done = False  # nothing more will be queued
        self.failed = False  # a worker failed: stop sending, the rest waits for its lease
        self.sent = 0
        self.messages: dict[int, Message] = {}
        self.versions: dict[tuple[int, str], Message] = {}

    async def claim_all(self) -> None:
        sender = self.sender
        while not (sender.rounds.stopping or self.failed):
            deliveries = await broadcasts_delivery.claim(sender.platform, sender.claim_size,
                                                         sender.lease)
            if not deliveries:
                return
            for chunk in await self._chunks(deliveries):
                self.queue.append(chunk)
                self.queued += len(chunk[0])
            self.fed.set()
            while self.queued > sender.claim_size and not (sender.rounds.stopping
                                                           or self.failed):
                self.drained.clear()
                await self.drained.wait()

    async def _chunks(self, deliveries: list[Delivery]) -> list[tuple[list[Delivery], Message]]:
        per_call = self.sender.per_call
        for broadcast_id in {d.broadcast_id for d in deliveries} - set(self.messages):
            self.messages[broadcast_id] = await broadcasts.get_message(broadcast_id)
        mine: dict[tuple[int, str], list[Delivery]] = {}
        for delivery in deliveries:
            mine.setdefault((delivery.broadcast_id, delivery.locale), []).append(delivery)
        chunks = []
        for key, group in sorted(mine.items()):
            if key not in self.versions:  # its text in that language
                self.versions[key] = self.messages[key[0]].version(key[1])
            chunks += [(group[i:i + per_call], self.versions[key])
                       for i in range(0, len(group), per_call)]
        return chunks

    def finish(self) -> None:
        self.done = True
        self.fed.set()

    async def work(self) -> None:
        sender = self.sender
        try:
            while not self.failed:
                if not self.queue:
                    if self.done:
                        return
                    self.fed.clear()
                    await self.fed.wait()
                    continue
                chunk, message = self.queue.popleft()
                self.queued -= len(chunk)
                if self.queued <= self.sender.claim_size:
                    self.drained.set()  # the claimer may claim more
                await sender.pacer.wait()
                self.sent += await sender._record(await sender._send(chunk, message))
        except BaseException:
            self.failed = True
            self.fed.set()
            self.drained.set()
            raise
