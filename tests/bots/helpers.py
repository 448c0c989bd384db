"""Serving the platform's HTTP app on a loopback port for webhook tests."""

from __future__ import annotations

import asyncio
import contextlib

from aiohttp import web
from yarl import URL


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


async def onboard(fake, chat: int, first_message, language: str = "Русский") -> None:
    """Greeting, a language, consent given: the resident reaches the main menu."""
    await fake.step(chat, first_message)
    await fake.step(chat, fake.click(chat, fake.last(chat), language))
    await fake.step(chat, fake.click(chat, fake.last(chat),
                                     "Согласен(на)" if language == "Русский" else "I agree"))


async def raw_post(url: str, headers: bytes, body: bytes = b"{}") -> int:
    """POST with header bytes as given (aiohttp's client would encode them): the status."""
    target = URL(url)
    reader, writer = await asyncio.open_connection(target.host, target.port)
    writer.write(b"POST " + target.path.encode() + b" HTTP/1.1\r\nHost: x\r\n" + headers +
                 b"Content-Length: " + str(len(body)).encode() + b"\r\nConnection: close\r\n"
                 b"\r\n" + body)
    await writer.drain()
    status_line = await reader.readline()
    writer.close()
    await writer.wait_closed()
    return int(status_line.split()[1])
