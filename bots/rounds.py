"""A background job done in rounds, stopped between rounds rather than in the middle of one
(a query cut off mid-way can wedge SQLite's connection)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


class Rounds:
    def __init__(self, name: str, round_: Callable[[], Awaitable[object]], every: float) -> None:
        self.name = name
        self.round = round_
        self.every = every
        self._task: asyncio.Task | None = None
        self._stopping = asyncio.Event()

    @property
    def stopping(self) -> bool:
        return self._stopping.is_set()

    async def _forever(self) -> None:
        while not self._stopping.is_set():
            try:
                await self.round()
            except Exception:
                log.exception("%s failed", self.name)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._stopping.wait(), self.every)

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
