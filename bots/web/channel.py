"""The web chat: a WebSocket per open widget in, inbox, engine, JSON messages out.

A resident is known by a random token their browser keeps; the server keeps its hash. Each
frame is stored in the inbox before anything else and handled from there like a messenger
update, one at a time per resident, so a socket that drops mid-handling loses nothing: the
update is handled once, and what it answered waits in the store for the resident's return.
Notices the platform starts wait in the outbox until the resident is connected.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import WSCloseCode, WSMsgType, web

from backend import i18n
from backend.i18n import N_
from backend.metrics import Metrics
from backend.services import inbox, outbox
from backend.services.broadcasts import Message
from backend.services.broadcasts_delivery import Delivery
from backend.settings import LOCALES, Settings
from backend.store import Store
from backend.untrusted import client_address
from bots.broadcast_sender import BroadcastSender, Results
from bots.inbox_runner import InboxRunner
from bots.outbox_sender import OutboxSender
from bots.web import events, files, render
from bots.web.limits import Bucket, Guard, Limits
from dialogs.engine import Engine
from dialogs.model import Attachment, notice_reply

log = logging.getLogger(__name__)
NAME = events.PLATFORM
SOCKET_PATH = "/webchat/ws"
STATIC = Path(__file__).parent / "static"
MAX_WIRE = 64 * 1024  # a bigger frame closes the socket (1009); up to this, an error frame
KEPT = "webchat:kept:"  # answers to a resident with no socket open, until they come back
KEPT_MESSAGES = 50
BROADCAST_RATE = 500.0  # a broadcast to web residents is queued in the outbox, not sent
DEMO_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")

ERRORS = {
    "too_big": N_("That message is too long. Please make it shorter."),
    "bad_json": N_("The chat did not understand that message."),
    "unknown_type": N_("The chat did not understand that message."),
    "bad_frame": N_("The chat did not understand that message."),
    "too_fast": N_("Too many messages at once. Please wait a moment."),
    "try_again": N_("We could not take that message just now. Please send it again."),
}
# What the widget itself says, in every language: sent in /widget.js.
LABELS = {
    "title": N_("Chat with the Center"),
    "open": N_("Chat with us"),
    "close": N_("Close the chat"),
    "input": N_("Your message"),
    "send": N_("Send"),
    "messages": N_("Messages"),
    "connecting": N_("Connecting…"),
    "lost": N_("The connection was lost. Reconnecting…"),
    "picture": N_("Picture"),
    "download": N_("Download {name}"),
    "you": N_("You"),
}


@dataclass(eq=False)
class Connection:
    ws: web.WebSocketResponse
    address: str
    bucket: Bucket
    locale: str
    id: str = field(default_factory=lambda: secrets.token_hex(8))
    resident: str | None = None
    frames: int = 0
    strikes: int = 0

    async def send(self, message: dict) -> bool:
        if self.ws.closed:
            return False
        try:
            await self.ws.send_str(events.dumps(message))
        except (ConnectionError, RuntimeError):  # closing under us
            return False
        return True


class WebChannel:
    def __init__(self, settings: Settings, engine: Engine, store: Store,
                 metrics: Metrics | None = None, limits: Limits | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.store = store
        self.guard = Guard(limits or Limits.of(settings.webchat_rate,
                                               settings.webchat_connections))
        self.ttl = settings.session_ttl_hours * 3600
        self.runner = InboxRunner(NAME, self.process, store, settings.inbox_lease, metrics)
        self.sender = OutboxSender(NAME, self.send_notice, addresses=self.residents)
        self.broadcaster = BroadcastSender(NAME, self.send_broadcast, store, BROADCAST_RATE,
                                           lease=settings.inbox_lease)
        self.sockets: dict[str, set[Connection]] = {}
        self.connections: set[Connection] = set()
        self._widget: bytes | None = None
        self._kicks: set[asyncio.Task] = set()

    def add_routes(self, app: web.Application) -> None:
        app.router.add_get("/widget.js", self.widget)
        app.router.add_get("/webchat/widget.css", self.stylesheet)
        app.router.add_get("/webchat/", self.demo)
        app.router.add_get(SOCKET_PATH, self.socket)
        app.router.add_get(files.PATH + "/{name}/{filename}", files.handler(self.store))

    def residents(self) -> list[str]:
        return list(self.sockets)

    # ---- handling an update (from the inbox) ---------------------------------------------

    async def process(self, update: inbox.Claimed) -> None:
        account, event = events.to_input(update.payload, update.key)
        replies = await self.engine.handle(account, event)
        messages = [await render.message(reply, self._keep) for reply in replies]
        await self.deliver(account.external_id, messages)

    async def _keep(self, attachment: Attachment) -> str:
        return await files.keep(self.store, attachment, self.ttl)

    async def deliver(self, resident: str, messages: list[dict]) -> None:
        """To every socket the resident has open here; kept for their return if none takes them."""
        delivered = False
        for connection in list(self.sockets.get(resident, ())):
            sent = True
            for message in messages:
                sent = await connection.send(message) and sent
            delivered = delivered or sent
        if not delivered and messages:
            kept = await self.store.get(KEPT + resident) or []
            await self.store.set(KEPT + resident, (kept + messages)[-KEPT_MESSAGES:], self.ttl)

    async def send_notice(self, notice: outbox.Notice) -> None:
        message = await render.message(notice_reply(notice), self._keep)
        sent = [await c.send(message) for c in list(self.sockets.get(notice.address, ()))]
        if not any(sent):
            raise ConnectionError("the resident left before the notice went")  # stays queued

    async def send_broadcast(self, deliveries: list[Delivery], broadcast: Message) -> Results:
        """Each resident's copy goes into the outbox, which keeps it until they connect."""
        for delivery in deliveries:
            await outbox.enqueue(NAME, delivery.address, broadcast.text,
                                 f"broadcast:{broadcast.id}:{delivery.user_id}",
                                 user_id=delivery.user_id, button=broadcast.button,
                                 image=broadcast.image)
        self._kick_notices()
        return Results(sent=list(deliveries))

    def _kick_notices(self) -> None:
        """Deliver waiting notices now rather than at the sender's next round."""
        task = asyncio.create_task(self._notices_now())
        self._kicks.add(task)
        task.add_done_callback(self._kicks.discard)

    async def _notices_now(self) -> None:
        try:
            await self.sender.deliver()
        except Exception as exc:  # the next round tries again
            log.info("webchat: notices not delivered now (%s)", type(exc).__name__)

    # ---- the socket ------------------------------------------------------------------------

    async def socket(self, request: web.Request) -> web.StreamResponse:
        address = client_address(request) or "-"
        if not self.guard.open(address):
            log.warning("webchat: too many connections from one address, refused")
            return web.Response(status=429, text="too many connections")
        ws = web.WebSocketResponse(heartbeat=30, max_msg_size=MAX_WIRE)
        connection = Connection(ws, address, self.guard.connection_bucket(),
                                self.settings.default_locale)
        try:
            await ws.prepare(request)
            self.connections.add(connection)
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    await self._take_safely(connection, frame.data)
                elif frame.type == WSMsgType.BINARY:
                    await self._refuse(connection, "bad_json")
                if connection.strikes >= self.guard.limits.strikes:
                    log.warning("webchat: a connection closed after %d refused frames",
                                connection.strikes)
                    await ws.close(code=WSCloseCode.POLICY_VIOLATION, message=b"too many frames")
        finally:
            self.guard.close(address)
            self.connections.discard(connection)
            self._leave(connection)
        return ws

    def _leave(self, connection: Connection) -> None:
        if connection.resident is None:
            return
        open_here = self.sockets.get(connection.resident, set())
        open_here.discard(connection)
        if not open_here:
            self.sockets.pop(connection.resident, None)

    async def _refuse(self, connection: Connection, code: str) -> None:
        connection.strikes += 1
        text = i18n.gettext(connection.locale, ERRORS[code])
        await connection.send(render.error(code, text))

    async def _take_safely(self, connection: Connection, raw: str) -> None:
        """A frame taken, or a polite error: the database or the store away (said once), or
        anything else (with its traceback); the socket stays open either way."""
        try:
            await self._take(connection, raw)
        except Exception as exc:
            await self.runner.failed(exc, "a frame was not taken")
            await connection.send(render.error(
                "try_again", i18n.gettext(connection.locale, ERRORS["try_again"])))

    async def _take(self, connection: Connection, raw: str) -> None:
        if not self.guard.allow(connection.address, connection.bucket):
            await self._refuse(connection, "too_fast")
            return
        try:
            frame = events.parse(raw)
        except events.FrameError as exc:
            log.info("webchat: a frame refused (%s)", exc.code)
            await self._refuse(connection, exc.code)
            return
        connection.strikes = 0
        returning = False
        if connection.resident is None:
            returning = await self._begin(connection, frame)
        elif frame["type"] == "start":
            returning = True  # a second start on this socket: the same resident
        payload = events.update(frame, connection.resident, returning)
        connection.frames += 1
        key = f"{connection.id}-{connection.frames}"
        await self.runner.accept(key, events.user_key(connection.resident), payload)

    async def _begin(self, connection: Connection, frame: dict) -> bool:
        """Who this socket's resident is: the token of a start frame, or a new one given to
        the browser. Answers kept while they were away are sent first. True if returning."""
        lang = frame.get("lang")
        if isinstance(lang, str) and lang[:2] in LOCALES:
            connection.locale = lang[:2]
        token = events.token_of(frame) if frame["type"] == "start" else None
        if token is None:
            token = events.new_token()
            await connection.send({"type": "token", "token": token})
        resident = connection.resident = events.external_id(token)
        self.sockets.setdefault(resident, set()).add(connection)
        kept = await self.store.get(KEPT + resident)
        if kept:
            await self.store.delete(KEPT + resident)
            for message in kept:
                await connection.send(message)
        self._kick_notices()
        return frame["type"] == "start" and token == events.token_of(frame)

    # ---- the widget's files ---------------------------------------------------------------

    async def widget(self, request: web.Request) -> web.Response:
        if self._widget is None:
            labels = {locale: {key: i18n.gettext(locale, text) for key, text in LABELS.items()}
                      for locale in LOCALES}
            settings = {"labels": labels, "locale": self.settings.default_locale}
            source = (STATIC / "widget.js").read_text(encoding="utf-8")
            self._widget = source.replace(
                "/*SETTINGS*/{}", json.dumps(settings, ensure_ascii=False)).encode()
        return web.Response(body=self._widget, content_type="text/javascript", charset="utf-8",
                            headers={"Cache-Control": "public, max-age=300",
                                     "Cross-Origin-Resource-Policy": "cross-origin"})

    async def stylesheet(self, request: web.Request) -> web.FileResponse:
        return web.FileResponse(STATIC / "widget.css", headers={
            "Cache-Control": "public, max-age=300", "Content-Type": "text/css; charset=utf-8",
            "Cross-Origin-Resource-Policy": "cross-origin"})

    async def demo(self, request: web.Request) -> web.Response:
        """A page with the widget on it, served under a strict CSP."""
        locale = request.query.get("lang", self.settings.default_locale)
        locale = locale if locale in LOCALES else self.settings.default_locale
        page = (STATIC / "demo.html").read_text(encoding="utf-8")
        for name, text in (("{lang}", locale),
                           ("{title}", i18n.gettext(locale, N_("The Center's web chat"))),
                           ("{intro}", i18n.gettext(locale, N_(
                               "Open the chat with the button in the corner: the same "
                               "conversation as in our Telegram and VK bots.")))):
            page = page.replace(name, html.escape(text))
        return web.Response(text=page, content_type="text/html", headers={
            "Content-Security-Policy": DEMO_CSP, "Cache-Control": "no-cache"})

    # ---- lifecycle -------------------------------------------------------------------------

    async def start(self) -> None:
        self.runner.start()
        self.sender.start()
        self.broadcaster.start()
        log.info("webchat: started (%s)", SOCKET_PATH)

    async def stop(self) -> None:
        for connection in list(self.connections):
            await connection.ws.close(code=WSCloseCode.GOING_AWAY, message=b"restarting")
        await asyncio.gather(*self._kicks, return_exceptions=True)
        await self.broadcaster.stop()
        await self.sender.stop()
        await self.runner.stop()
