"""The VK channel: Callback API or Bots Long Poll in, inbox, engine, replies."""

from __future__ import annotations

import asyncio
import logging
import threading

import requests
from aiohttp import web
from vk_api.bot_longpoll import VkBotLongPoll
from vk_api.exceptions import ApiError

from backend.metrics import Metrics
from backend.services import inbox, outbox, users
from backend.services.broadcasts import Message
from backend.services.broadcasts_delivery import Delivery
from backend.settings import Settings
from backend.store import Store
from backend.untrusted import json_object, same_secret
from bots.broadcast_sender import BroadcastSender, Results
from bots.inbox_runner import InboxRunner
from bots.outbox_sender import Blocked, OutboxSender
from bots.vk import events, render
from bots.vk.transport import VkTransport
from dialogs.engine import Engine
from dialogs.model import notice_reply

log = logging.getLogger(__name__)
NAME = "vk"
CURSOR = "vk.longpoll.ts"
CALLBACK_PATH = "/webhooks/vk"
STORE_TIMEOUT = 30  # seconds the poller thread waits for the event loop to store a batch
PEERS_PER_CALL = 100  # messages.send takes up to 100 peer_ids
CLOSED = (900, 901, 902)  # the resident blocked the community or closed its messages
FLOOD = (6, 9)  # too many requests a second; flood control


class VkChannel:
    def __init__(self, settings: Settings, engine: Engine, store: Store, wait: int = 25,
                 metrics: Metrics | None = None) -> None:
        self.settings = settings
        self.engine = engine
        self.transport = VkTransport(settings.vk_token, settings.vk_group_id, settings.vk_api_url,
                                     settings.vk_rate)
        self.runner = InboxRunner(NAME, self.process, store, settings.inbox_lease, metrics)
        self.sender = OutboxSender(NAME, self.send_notice)
        self.broadcaster = BroadcastSender(NAME, self.send_broadcast, store, settings.vk_rate,
                                           per_call=PEERS_PER_CALL, lease=settings.inbox_lease)
        self._pictures: dict[int, str] = {}  # broadcast id → uploaded attachment
        self.wait = wait
        self._stop = threading.Event()
        self._poller: asyncio.Future | None = None

    async def process(self, update: inbox.Claimed) -> None:
        change = events.block_change(update.payload)
        if change is not None:  # messages from the community closed, or opened again
            await users.set_blocked(NAME, *change)
            return
        converted = events.to_input(update.payload, update.key)
        if converted is None:
            return
        account, event, origin = converted
        if origin.event_id:  # a callback button: the client waits for this answer
            try:
                await self.transport.call("messages.sendMessageEventAnswer",
                                          event_id=origin.event_id, user_id=origin.user_id,
                                          peer_id=origin.peer_id)
            except ApiError as exc:  # event_id lives about a minute; the reply still goes
                log.info("vk: event answer refused (error %s)", exc.code)
        replies = await self.engine.handle(account, event)
        try:
            await render.send(self.transport, origin, replies, update.key)
        except ApiError as exc:
            if exc.code not in (900, 901, 902):
                raise
            log.info("vk: a resident does not accept messages (error %s)", exc.code)
            await users.set_blocked(NAME, account.external_id, True)

    async def send_notice(self, notice: outbox.Notice) -> None:
        origin = events.Origin(peer_id=int(notice.address), inline=True)
        try:
            await render.send(self.transport, origin, [notice_reply(notice)], f"notice{notice.id}")
        except ApiError as exc:
            if exc.code in (900, 901, 902):  # blocked, or messages from the community closed
                raise Blocked(f"vk error {exc.code}") from None
            raise

    async def send_broadcast(self, deliveries: list[Delivery], broadcast: Message) -> Results:
        """One call to up to 100 residents; random_id is the broadcast's, so VK drops a resend."""
        reply = notice_reply(broadcast)
        params = {"peer_ids": ",".join(d.address for d in deliveries),
                  "message": reply.text[:render.TEXT_LIMIT],
                  "random_id": render.random_id(f"broadcast{broadcast.id}", 0)}
        if reply.buttons:
            params["keyboard"] = render.keyboard(reply, inline=True)
        if reply.attachment is not None:
            if broadcast.id not in self._pictures:
                self._pictures[broadcast.id] = await self.transport.upload(
                    int(deliveries[0].address), reply.attachment.filename, reply.attachment.data,
                    True)
            params["attachment"] = self._pictures[broadcast.id]
        try:
            answers = await self.transport.call("messages.send", **params)
        except ApiError as exc:
            hold = 1.0 if exc.code in FLOOD else 0.0
            return Results(retry=deliveries, reason=f"vk error {exc.code}", hold=hold)
        except (OSError, requests.RequestException) as exc:  # the answer was lost
            return Results(unknown=deliveries, reason=f"network: {type(exc).__name__}")
        by_peer = {str(answer.get("peer_id")): answer for answer in answers}
        results = Results()
        for delivery in deliveries:
            error = (by_peer.get(delivery.address) or {"error": {"code": 0}}).get("error")
            if error is None:
                results.sent.append(delivery)
            elif error.get("code") in CLOSED:
                results.blocked.append(delivery)
                results.reason = f"vk error {error['code']}"
            else:
                results.failed.append(delivery)
                results.reason = f"vk error {error.get('code')}"
        return results

    async def receive(self, event: dict) -> bool:
        key = events.event_key(event)
        if key is None:
            raise ValueError("event without event_id")
        user = events.user_key(event)
        return await self.runner.accept(key, user, event)

    # ---- Callback API ---------------------------------------------------------------------

    async def callback(self, request: web.Request) -> web.Response:
        try:
            event = json_object(await request.read())
            if not isinstance(event.get("type"), str):
                raise ValueError("not an event")
        except ValueError as exc:  # bad JSON or UTF-8, too deep, not an event
            log.warning("vk callback: malformed event refused (%s)", type(exc).__name__)
            return web.Response(status=400, text="malformed event")
        if event.get("group_id") != self.settings.vk_group_id:
            log.warning("vk callback: event for another group refused")
            return web.Response(status=403, text="wrong group")
        if event["type"] == "confirmation":
            return web.Response(text=self.settings.vk_confirmation)
        secret = event.get("secret")
        if not isinstance(secret, str) or not same_secret(secret, self.settings.vk_secret or ""):
            log.warning("vk callback: wrong or missing secret from %s", request.remote)
            return web.Response(status=403, text="wrong secret")
        try:
            await self.receive(event)
        except ValueError:
            return web.Response(status=400, text="malformed event")
        except Exception as exc:  # e.g. the database is down: VK will deliver it again
            await self.runner.failed(exc, "an event was not stored; asking for redelivery")
            return web.Response(status=503, text="try again")
        return web.Response(text="ok")  # only now: the event is safe in the inbox

    # ---- Bots Long Poll ---------------------------------------------------------------------

    def _listen(self, loop: asyncio.AbstractEventLoop, longpoll: VkBotLongPoll) -> None:
        """Runs in a thread: vk_api's long poll is blocking."""
        while not self._stop.is_set():
            position = longpoll.ts
            try:
                batch = longpoll.check()
            except Exception as exc:
                log.warning("vk long poll: %s; retrying in 3 s", type(exc).__name__)
                self._stop.wait(3)
                continue
            raw = [event.raw for event in batch]
            # Save the position only after the batch is in the inbox: a crash replays it.
            stored = asyncio.run_coroutine_threadsafe(
                self._store_batch(raw, str(longpoll.ts)), loop)
            try:
                stored.result(timeout=STORE_TIMEOUT)
            except Exception as exc:  # the database is down (said once), or we are stopping
                log.debug("vk long poll: batch not stored (%s); asking for it again",
                          type(exc).__name__)
                longpoll.ts = position
                self._stop.wait(3)

    async def _store_batch(self, raw: list[dict], ts: str) -> None:
        try:
            for event in raw:
                try:
                    await self.receive(event)
                except ValueError:
                    log.warning("vk long poll: event without event_id skipped")
            await inbox.save_cursor(CURSOR, ts)
        except Exception as exc:
            await self.runner.failed(exc, "polled events were not stored; asking again")
            raise

    # ---- lifecycle ----------------------------------------------------------------------------

    async def start(self) -> None:
        if self.settings.vk_mode == "longpoll":
            longpoll = await asyncio.to_thread(VkBotLongPoll, self.transport.vk,
                                               self.settings.vk_group_id, wait=self.wait)
            saved = await inbox.cursor(CURSOR)
            if saved:
                longpoll.ts = saved  # events that came while we were down
            loop = asyncio.get_running_loop()
            self._poller = asyncio.ensure_future(asyncio.to_thread(self._listen, loop, longpoll))
        self.runner.start()
        self.sender.start()
        self.broadcaster.start()
        log.info("vk: started in %s mode", self.settings.vk_mode)

    async def stop(self) -> None:
        self._stop.set()
        if self._poller:
            try:  # the thread may sit in a long poll request for up to `wait` seconds
                await asyncio.wait_for(asyncio.shield(self._poller), self.wait + STORE_TIMEOUT)
            except TimeoutError:
                log.warning("vk long poll: the poller did not stop in time")
        await self.broadcaster.stop()
        await self.sender.stop()
        await self.runner.stop()
        self.transport.close()
