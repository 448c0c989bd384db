"""A background job done in rounds, stopped between rounds rather than in the middle of one
(a query cut off mid-way can wedge SQLite's connection)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable

from backend import availability

log = logging.getLogger(__name__)


class Rounds:
    def __init__(self, name: str, round_: Callable[[], Awaitable[object]], every: float) -> None:
        self.name = name
        self.round = round_
        self.every = every
        self._task: asyncio.Task | None = None
        self._stopping = asyncio.Event()
        self._failing_since: float | None = None  # the database or the store is away

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    async def _forever(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.round()
            except Exception as exc:
                self._failed(exc)
            else:
                if self._failing_since is not None:
                    log.warning("%s: going again after %.0f s", self.name,
                                time.monotonic() - self._failing_since)
                    self._failing_since = None
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.every)

    def _failed(self, error: Exception) -> None:
        """An outage is said once, not every round; anything else with its traceback."""
        if not availability.unavailable(error):
            log.exception("%s failed", self.name)
        elif self._failing_since is None:
            self._failing_since = time.monotonic()
            log.warning("%s: paused, the database or the store is unavailable (%s)",
                        self.name, type(error).__name__)

    def start(self) -> None:
        self._stopping.clear()
        self._task = asyncio.create_task(self._forever())

    async def stop(self, grace: float = 10.0) -> None:
        """Let the round in progress finish; cancel only if it does not finish in time."""
        if self._task is None:
            return
        self._stopping.set()
        try:
            await asyncio.wait_for(asyncio.shield(self._task), grace)
        except TimeoutError:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
