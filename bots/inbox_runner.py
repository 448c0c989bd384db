"""What every channel does with its inbox: drain a user's updates now, sweep stragglers later,
and hold everything while the database or the store is away."""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from backend import availability
from backend.metrics import Metrics
from backend.services import inbox
from backend.store import Store
from bots.outage import Outage
from bots.rounds import Rounds

log = logging.getLogger(__name__)
SWEEP_EVERY = 15.0
IN_HAND = 32  # updates processed at once per channel; more only interleave on the one loop


class InboxRunner:
    """Schedules in-process drains and keeps track of them, so shutdown can wait for them."""

    def __init__(self, channel: str, process: inbox.Processor, store: Store,
                 lease: timedelta = inbox.LEASE, metrics: Metrics | None = None) -> None:
        self.channel = channel
        self.lease = lease
        self.process = process
        metrics = metrics or Metrics()  # counted where nobody reads, unless given the app's
        self.counts = metrics.channel(channel)
        self.tasks: set[asyncio.Task] = set()
        self._in_hand = asyncio.Semaphore(IN_HAND)
        self._draining: set[str] = set()
        self._again: set[str] = set()
        self._leased: dict[str, inbox.Claimed] = {}  # stored already leased, not yet drained
        self.outage = Outage(channel, store, self.sweep, metrics.unavailable)
        self.sweeper = Rounds(f"{channel}: inbox sweep", self.sweep, SWEEP_EVERY)

    async def accept(self, key: str, user_key: str, payload: dict) -> bool:
        """Store an update before it is acknowledged and have it handled; False if it came
        before. Stored leased to this process when its user has nothing unfinished."""
        if self.outage.active:  # stored; the sweep at the end of the outage takes it
            fresh = await inbox.accept(self.channel, key, user_key, payload)
            if fresh:
                self.counts.received.inc()
            return fresh
        fresh, leased = await inbox.accept_leased(self.channel, key, user_key, payload,
                                                  self.lease)
        if fresh:
            self.counts.received.inc()
            self.kick(user_key, leased)
        return fresh

    async def _process(self, update: inbox.Claimed) -> None:
        """The channel's processing, counted: handled with its time since receipt, or failed
        (an outage is not the update's failure: it goes back and is handled later)."""
        try:
            async with self._in_hand:
                await self.process(update)
        except Exception as exc:
            if not availability.unavailable(exc):
                self.counts.failed.inc()
            raise
        self.counts.handled_since(update.received_at)

    def kick(self, user_key: str, leased: inbox.Claimed | None = None) -> None:
        if self.outage.active:  # stored; the sweep at the end of the outage takes it (one
            return              # stored leased once its lease runs out)
        if leased is not None:
            self._leased[user_key] = leased
        if user_key in self._draining:  # the running drain goes round once more
            self._again.add(user_key)
            return
        self._draining.add(user_key)
        task = asyncio.create_task(self._drain(user_key))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _drain(self, user_key: str) -> None:
        try:
            while True:
                self._again.discard(user_key)
                leased = self._leased.pop(user_key, None)
                if await inbox.drain(user_key, self._process, self.lease, self.outage.explains,
                                     leased):
                    self.outage.went_well()
                if user_key not in self._again:
                    return
        except inbox.Interrupted as exc:
            self.outage.begin(exc.error, exc.unsettled)
        except Exception as exc:  # claiming failed: the sweep tries again
            await self.failed(exc, "draining an inbox failed")
        finally:
            self._draining.discard(user_key)
            self._leased.pop(user_key, None)  # left to its lease's end and the sweep

    async def failed(self, error: Exception, what: str) -> None:
        """One line for an outage; a traceback for anything else."""
        if await self.outage.explains(error):
            self.outage.begin(error)
        else:
            log.error("%s: %s", self.channel, what, exc_info=error)

    async def sweep(self) -> None:
        """Pick up updates left pending by a failure or by a process that died."""
        for user_key in await inbox.waiting_user_keys(self.channel):
            self.kick(user_key)

    def start(self) -> None:
        self.sweeper.start()

    async def idle(self, timeout: float = 30.0) -> None:
        """Wait until every scheduled drain has finished (tests, shutdown)."""
        async with asyncio.timeout(timeout):
            while self.tasks:
                await asyncio.gather(*list(self.tasks), return_exceptions=True)

    async def stop(self, grace: float = 20.0) -> None:
        await self.sweeper.stop(grace)
        await self.outage.stop()
        try:
            await self.idle(grace)
        except TimeoutError:
            log.warning("%s: %d drains still running at shutdown; the inbox keeps them",
                        self.channel, len(self.tasks))
