"""The Telegram channel: webhook or long polling in, inbox, dispatcher, engine."""

from __future__ import annotations

import asyncio
import logging

from aiogram import Bot, Dispatcher
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramAPIError,
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
)
from aiogram.methods import GetUpdates
from aiogram.types import BotCommand, BotCommandScopeDefault, Update
from aiohttp import web
from pydantic import ValidationError

from backend import i18n
from backend.metrics import Metrics
from backend.services import applications, consultations, inbox, outbox
from backend.services.broadcasts import Message
from backend.services.broadcasts_delivery import Delivery
from backend.settings import LOCALES, Settings
from backend.store import Store
from backend.untrusted import json_object, same_secret
from bots.broadcast_sender import BroadcastSender, Results
from bots.inbox_runner import InboxRunner
from bots.outbox_sender import Blocked, OutboxSender
from bots.telegram import render
from bots.telegram.events import update_key, user_key
from bots.telegram.router import build_router
from bots.telegram.session import Session
from dialogs.engine import Engine
from dialogs.help import command_list
from dialogs.model import Dialog, Reply, notice_reply

log = logging.getLogger(__name__)
NAME = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member"]
WEBHOOK_PATH = "/webhooks/telegram"


class TelegramChannel:
    def __init__(self, settings: Settings, engine: Engine, store: Store,
                 registry: dict[str, Dialog], poll_timeout: int = 25,
                 metrics: Metrics | None = None) -> None:
        self.settings = settings
        api = TelegramAPIServer.from_base(settings.telegram_api_url)
        self.bot = Bot(settings.telegram_token, session=Session(api=api))
        self.dispatcher = Dispatcher(engine=engine)
        self.dispatcher.include_router(build_router())
        self.registry = registry
        self.poll_timeout = poll_timeout
        self.retry_delay = 5.0
        self.runner = InboxRunner(NAME, self.process, store, settings.inbox_lease, metrics)
        self.sender = OutboxSender(NAME, self.send_notice)
        self._pictures: dict[int, str] = {}  # broadcast id → Telegram's file_id of its picture
        self._uploading: dict[int, asyncio.Lock] = {}
        self._bodies: dict[int, tuple[Message, render.PreparedText | Reply]] = {}
        self.broadcaster = BroadcastSender(NAME, self.send_broadcast, store,
                                           settings.telegram_rate, lease=settings.inbox_lease)
        self._poller: asyncio.Task | None = None

    async def process(self, update: inbox.Claimed) -> None:
        try:
            parsed = Update.model_validate(update.payload, context={"bot": self.bot})
        except ValidationError as exc:  # a retry cannot fix it: log and let it go
            log.warning("telegram: update %s not understood (%d errors), skipped", update.key,
                        exc.error_count())
            return
        await self.dispatcher.feed_update(self.bot, parsed)

    async def send_notice(self, notice: outbox.Notice) -> None:
        address, reply = notice.address, notice_reply(notice)
        if address == outbox.STAFF:
            address, reply = await self._for_staff(notice)
        try:
            await render.send(self.bot, int(address), [reply])
        except TelegramForbiddenError as exc:
            raise Blocked(exc.message) from None

    async def _for_staff(self, notice: outbox.Notice) -> tuple[str, Reply]:
        """The staff address is the configured chat; the notice is written in its language."""
        if not self.settings.staff_telegram_chat:
            raise Blocked("no staff chat configured (COPP_STAFF_TELEGRAM_CHAT)")
        write = consultations.staff_notice if notice.key.startswith(
            consultations.NOTICE_KEY) else applications.staff_notice
        text = await write(notice.key, self.settings.default_locale, self.settings.public_url)
        return self.settings.staff_telegram_chat, Reply(text)

    async def _send_one(self, chat_id: int, reply, broadcast: Message) -> None:
        """A broadcast's picture is uploaded once; the other sends wait for its file_id."""
        if reply.attachment is None or broadcast.id in self._pictures:
            await render.send_once(self.bot, chat_id, reply, self._pictures.get(broadcast.id))
            return
        async with self._uploading.setdefault(broadcast.id, asyncio.Lock()):
            file_id = await render.send_once(self.bot, chat_id, reply,
                                             self._pictures.get(broadcast.id))
            if file_id:
                self._pictures[broadcast.id] = file_id

    def _prepared(self, broadcast: Message) -> render.PreparedText | Reply:
        """The broadcast's reply, a text one with its JSON body made once (the sender passes the
        same Message for every chat of a language)."""
        kept = self._bodies.get(id(broadcast))
        if kept is None or kept[0] is not broadcast:
            if len(self._bodies) > 64:
                self._bodies.clear()
            reply = notice_reply(broadcast)
            kept = (broadcast, reply if reply.attachment else render.PreparedText(self.bot, reply))
            self._bodies[id(broadcast)] = kept
        return kept[1]

    async def send_broadcast(self, deliveries: list[Delivery], broadcast: Message) -> Results:
        results = Results()
        reply = self._prepared(broadcast)
        for delivery in deliveries:
            try:
                if isinstance(reply, render.PreparedText):
                    await reply.send(int(delivery.address))
                else:
                    await self._send_one(int(delivery.address), reply, broadcast)
            except TelegramRetryAfter as exc:
                results.retry.append(delivery)
                results.reason, results.hold = "429 flood control", float(exc.retry_after)
            except TelegramForbiddenError as exc:
                results.blocked.append(delivery)
                results.reason = exc.message[:200]
            except TelegramBadRequest as exc:  # chat not found and the like: no retry helps
                results.failed.append(delivery)
                results.reason = exc.message[:200]
            except TelegramNetworkError as exc:  # sent or not, we cannot know
                results.unknown.append(delivery)
                results.reason = f"network: {exc.message[:180]}"
            except TelegramAPIError as exc:  # 5xx and other answers: another try
                results.retry.append(delivery)
                results.reason = exc.message[:200]
            else:
                results.sent.append(delivery)
        return results

    async def receive(self, payload: dict) -> bool:
        """Store an update before it is acknowledged; False if it came before."""
        return await self.runner.accept(update_key(payload), user_key(payload), payload)

    # ---- webhook ----------------------------------------------------------------------

    async def webhook(self, request: web.Request) -> web.Response:
        secret = request.headers.get(SECRET_HEADER, "")
        if not same_secret(secret, self.settings.telegram_webhook_secret or ""):
            log.warning("telegram webhook: wrong or missing secret from %s", request.remote)
            return web.json_response({"ok": False, "error": "unauthorized"}, status=401)
        try:
            payload = json_object(await request.read())
            if update_key(payload) is None:
                raise ValueError("no update_id")
        except ValueError as exc:  # bad JSON or UTF-8, too deep, no update_id
            log.warning("telegram webhook: malformed update refused (%s)", type(exc).__name__)
            return web.json_response({"ok": False, "error": "malformed update"}, status=400)
        try:
            await self.receive(payload)
        except Exception as exc:  # e.g. the database is down: Telegram will deliver it again
            await self.runner.failed(exc, "an update was not stored; asking for redelivery")
            return web.json_response({"ok": False, "error": "try again"}, status=503)
        return web.json_response({})  # only now: the update is safe in the inbox

    # ---- polling ---------------------------------------------------------------------------

    async def _poll(self) -> None:
        offset = None
        while True:
            try:
                updates = await self.bot(GetUpdates(offset=offset, timeout=self.poll_timeout,
                                                    allowed_updates=ALLOWED_UPDATES))
            except TelegramRetryAfter as exc:
                await asyncio.sleep(exc.retry_after)
                continue
            except TelegramAPIError as exc:  # network, 5xx, 409 while a webhook is set, ...
                log.warning("telegram polling: %s; retrying in %s s", type(exc).__name__,
                            self.retry_delay)
                await asyncio.sleep(self.retry_delay)
                continue
            try:
                for update in updates:
                    payload = update.model_dump(mode="json", by_alias=True, exclude_none=True)
                    await self.receive(payload)
                    # Telegram forgets updates below the next offset: advance only after storing.
                    offset = update.update_id + 1
            except Exception as exc:  # the database is down: the same updates come again
                await self.runner.failed(exc, "polled updates were not stored; retrying")
                await asyncio.sleep(self.retry_delay)

    # ---- lifecycle --------------------------------------------------------------------------

    async def set_commands(self) -> None:
        """The command menu in ru and en, and in the default language for everyone else."""
        for language in (None, *LOCALES):
            locale = language or self.settings.default_locale
            commands = [BotCommand(command=name, description=i18n.gettext(locale, about))
                        for name, about in command_list(self.registry)]
            await self.bot.set_my_commands(commands, scope=BotCommandScopeDefault(),
                                           language_code=language)

    async def start(self) -> None:
        await self.set_commands()
        if self.settings.telegram_mode == "webhook":
            await self.bot.set_webhook(
                self.settings.public_url + WEBHOOK_PATH,
                secret_token=self.settings.telegram_webhook_secret,
                allowed_updates=ALLOWED_UPDATES,
            )
        else:
            await self.bot.delete_webhook(drop_pending_updates=False)
            self._poller = asyncio.create_task(self._poll())
        self.runner.start()
        self.sender.start()
        self.broadcaster.start()
        log.info("telegram: started in %s mode", self.settings.telegram_mode)

    async def stop(self) -> None:
        if self._poller:
            self._poller.cancel()
            await asyncio.gather(self._poller, return_exceptions=True)
        await self.broadcaster.stop()
        await self.sender.stop()
        await self.runner.stop()
        await self.bot.session.close()
