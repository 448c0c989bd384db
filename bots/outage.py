"""The database or the store went away: say so once, keep count, and resume the moment they
are back (rather than when a lease runs out or the next sweep comes round)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from backend import availability
from backend.services import inbox
from backend.store import Store

log = logging.getLogger(__name__)
PROBE_EVERY = 0.5
MAX_PAUSE = 10.0  # the longest wait between probes when outages keep coming back


class Outage:
    def __init__(self, name: str, store: Store, resume: Callable[[], Awaitable[object]],
                 counted: Callable[[BaseException], None] | None = None) -> None:
        self.name = name
        self.counted = counted  # each failure the outage explains, for the metrics
        self.store = store
        self.resume = resume
        self.active = False
        self.failures = 0
        self._since = 0.0
        self._pause = PROBE_EVERY
        self._unsettled: list[inbox.Unsettled] = []  # outcomes to record when back
        self._watch: asyncio.Task | None = None

    async def explains(self, error: BaseException) -> bool:
        """Did this failure come from the database or the store being away (now)?"""
        return availability.unavailable(error) or not await availability.reachable(self.store)

    def begin(self, error: BaseException, unsettled: tuple[inbox.Unsettled, ...] = ()) -> None:
        """Note a failure the outage explains; the first one starts watching for the end."""
        self.failures += 1
        if self.counted is not None:
            self.counted(error)
        self._unsettled.extend(unsettled)
        if self.active:
            return
        self.active, self._since = True, time.monotonic()
        log.warning("%s: the database or the store is unavailable (%s); updates wait until "
                    "it is back", self.name, type(error).__name__)
        self._watch = asyncio.create_task(self._until_back())

    def went_well(self) -> None:
        """Work succeeded: the next outage starts with short probes again."""
        self._pause = PROBE_EVERY

    async def _until_back(self) -> None:
        while True:
            await asyncio.sleep(self._pause)
            if not await availability.reachable(self.store):
                continue
            try:
                await inbox.settle(self._unsettled)
            except Exception as exc:  # gone again already
                log.debug("%s: settling after the outage failed: %s", self.name,
                          type(exc).__name__)
                continue
            break
        log.warning("%s: the database and the store are back after %.1f s (failures "
                    "meanwhile: %d); resuming", self.name, time.monotonic() - self._since,
                    self.failures)
        # If work fails again at once, the fault is not where the probe looks: back off.
        self._pause = min(self._pause * 2, MAX_PAUSE)
        self._unsettled.clear()
        self.active, self.failures = False, 0
        try:
            await self.resume()
        except Exception as exc:  # the regular sweep will
            log.warning("%s: resuming failed (%s)", self.name, type(exc).__name__)

    async def stop(self) -> None:
        if self._watch and not self._watch.done():
            self._watch.cancel()
            await asyncio.gather(self._watch, return_exceptions=True)
