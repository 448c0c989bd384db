"""What both fake messenger servers share: serving on loopback and waiting for the bot."""

from __future__ import annotations

import asyncio
import time

from aiohttp import web


class FakeServer:
    """Mixin: subclasses set `self.app`, `self._changed` (an Event) and implement `chat()`."""

    app: web.Application
    _changed: asyncio.Event
    _runner: web.AppRunner | None = None
    url: str = ""

    def chat(self, chat_id: int) -> list:
        raise NotImplementedError

    async def start(self) -> str:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.url = f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
        return self.url

    async def close(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    def last(self, chat_id: int):
        return self.chat(chat_id)[-1]

    def mark(self, chat_id: int) -> tuple[int, int]:
        """How many messages the chat has and how often they were edited."""
        messages = self.chat(chat_id)
        return len(messages), sum(m.edits for m in messages)

    async def wait_for(self, predicate, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError("the bot did not answer in time")
            self._changed.clear()
            try:
                await asyncio.wait_for(self._changed.wait(), min(remaining, 0.2))
            except TimeoutError:
                pass

    async def step(self, chat_id: int, action, settle: float = 0.1) -> None:
        """Do what a resident does and wait for the bot's answer (and a second reply to it)."""
        before = self.mark(chat_id)
        await action
        await self.wait_for(lambda: self.mark(chat_id) != before)
        await asyncio.sleep(settle)
