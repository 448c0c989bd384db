"""The web chat served on a loopback port, and a browser's side of its socket."""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp

from backend.app import create_app
from backend.keys import METRICS
from backend.settings import Settings
from bots.web.channel import SOCKET_PATH, WebChannel
from bots.web.limits import Limits
from dialogs import REGISTRY
from dialogs.engine import Engine
from tests.bots.helpers import served


@contextlib.asynccontextmanager
async def web_chat(mode, limits: Limits | None = None, store=None, **settings):
    """(base URL, channel): `copp web`'s HTTP app with the web chat, on both backends."""
    config = Settings(**settings)
    store = store or mode.store
    app = create_app(config, store)
    channel = WebChannel(config, Engine(store, REGISTRY), store, metrics=app[METRICS],
                         limits=limits)
    channel.add_routes(app)
    async with served(app) as url:
        await channel.start()
        try:
            yield url, channel
        finally:
            await channel.stop()


class Visitor:
    """One browser tab: its socket, the token it keeps, what the chat said."""

    def __init__(self, http: aiohttp.ClientSession, url: str, channel: WebChannel,
                 token: str | None = None) -> None:
        self.http, self.url, self.channel, self.token = http, url, channel, token
        self.ws: aiohttp.ClientWebSocketResponse | None = None
        self.errors: list[dict] = []

    async def connect(self) -> None:
        self.ws = await self.http.ws_connect(self.url.replace("http", "ws") + SOCKET_PATH)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()

    async def _frames(self, first_timeout: float) -> list[dict]:
        """What the server says: waits for the first frame, then for the inbox to be idle,
        then takes what has arrived."""
        got = [await self.ws.receive_json(timeout=first_timeout)]
        while got[-1]["type"] == "token":  # a new resident's token comes before the answer
            got.append(await self.ws.receive_json(timeout=first_timeout))
        await self.channel.runner.idle()
        while True:
            try:
                got.append(await self.ws.receive_json(timeout=0.3))
            except TimeoutError:
                break
        for frame in got:
            if frame["type"] == "token":
                self.token = frame["token"]
            elif frame["type"] == "error":
                self.errors.append(frame)
        return got

    async def say(self, frame: dict | str, timeout: float = 10.0) -> list[dict]:
        """Send a frame (a dict as JSON, a str as it is); the messages that came back."""
        if isinstance(frame, dict):
            await self.ws.send_json(frame)
        else:
            await self.ws.send_str(frame)
        return await self._frames(timeout)

    async def start(self) -> list[dict]:
        if self.ws is None:
            await self.connect()
        frame = {"type": "start"} if self.token is None else {"type": "start",
                                                             "token": self.token}
        return messages(await self.say(frame))

    async def text(self, text: str) -> list[dict]:
        return messages(await self.say({"type": "text", "text": text}))

    async def press(self, got: list[dict], label: str) -> list[dict]:
        return messages(await self.say({"type": "click", "data": button(got, label)}))


def messages(frames: list[dict]) -> list[dict]:
    return [frame for frame in frames if frame["type"] == "message"]


def labels(got: list[dict]) -> list[str]:
    return [b["text"] for m in got for b in m["buttons"]]


def button(got: list[dict], label: str) -> str:
    for message in reversed(got):
        for b in message["buttons"]:
            if b["text"] == label:
                return b["data"]
    raise AssertionError(f"no button {label!r} in {labels(got)}")


def text_of(got: list[dict]) -> str:
    return "\n".join(m["text"] for m in got)


async def eventually(check, timeout: float = 10.0) -> None:
    """Wait until `check()` (a coroutine function) is true."""
    for _ in range(int(timeout / 0.05)):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError(f"not so after {timeout} s")
