"""Serving the platform's HTTP app on a loopback port for webhook tests."""

from __future__ import annotations

import contextlib

from aiohttp import web


@contextlib.asynccontextmanager
async def served(app: web.Application):
    runner = web.AppRunner(app, access_log=None)  # as `copp run` serves it
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    try:
        yield f"http://127.0.0.1:{site._server.sockets[0].getsockname()[1]}"
    finally:
        await runner.cleanup()


async def onboard(fake, chat: int, first_message) -> None:
    """Greeting, Russian, consent given: the resident reaches the main menu."""
    await fake.step(chat, first_message)
    await fake.step(chat, fake.click(chat, fake.last(chat), "Русский"))
    await fake.step(chat, fake.click(chat, fake.last(chat), "Согласен(на)"))
