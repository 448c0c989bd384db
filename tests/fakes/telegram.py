"""A local Telegram Bot API server speaking the real HTTP protocol, for the real aiogram client.

It keeps what the bot sent per chat, plays the residents (messages, button presses), serves
getUpdates with real offset/long-poll semantics, delivers to a webhook with the secret header
and retries, validates what Telegram validates, and injects faults on request.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from tests.fakes.base import FakeServer

TOKEN = "123456:TEST-token"
BOT = {"id": 123456, "is_bot": True, "first_name": "ЦОПП", "username": "copp_test_bot",
       "can_join_groups": False, "can_read_all_group_messages": False,
       "supports_inline_queries": False}


class ApiError(Exception):
    def __init__(self, code: int, description: str, **parameters) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters


@dataclass
class Sent:
    message_id: int
    chat_id: int
    text: str
    markup: dict | None
    kind: str = "text"
    edits: int = 0

    @property
    def buttons(self) -> list[tuple[str, str]]:
        """(label, callback_data or '') of every button, row by row."""
        markup = self.markup or {}
        rows = markup.get("inline_keyboard") or markup.get("keyboard", [])
        return [(b["text"], b.get("callback_data", "")) for row in rows for b in row]

    def data_for(self, label: str) -> str:
        for text, data in self.buttons:
            if text == label:
                return data
        raise KeyError(f"no button {label!r} in {self.buttons}")


@dataclass
class FakeTelegram(FakeServer):
    updates: list[dict] = field(default_factory=list)
    sent: dict[int, list[Sent]] = field(default_factory=dict)
    answered: list[str] = field(default_factory=list)
    commands: dict[str, list[dict]] = field(default_factory=dict)
    webhook: dict | None = None
    calls: list[str] = field(default_factory=list)
    faults: list[tuple[str, ApiError]] = field(default_factory=list)
    webhook_statuses: list[int] = field(default_factory=list)
    # Broadcast tests: an error for some calls, and when each call arrived.
    chaos: Callable[[str, dict], ApiError | None] | None = None
    call_times: list[tuple[float, str]] = field(default_factory=list)
    file_ids: set[str] = field(default_factory=set)
    uploads: int = 0
    reused_files: int = 0

    def __post_init__(self) -> None:
        self._update_ids = itertools.count(1000)
        self._message_ids = itertools.count(1)
        self._new_update = asyncio.Event()
        self._changed = asyncio.Event()
        self.app = web.Application()
        self.app.router.add_post("/bot{token}/{method}", self._handle)
        self.app.router.add_get("/bot{token}/{method}", self._handle)

    # ---- the residents' side --------------------------------------------------------------

    def _user(self, user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": f"Resident{user_id}",
                "language_code": "ru"}

    async def send_text(self, user_id: int, text: str) -> dict:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": user_id, "type": "private"}, "from": self._user(user_id),
                   "text": text}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0,
                                    "length": len(text.split()[0])}]
        return await self.deliver({"update_id": next(self._update_ids), "message": message})

    async def share_contact(self, user_id: int, phone: str) -> dict:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": user_id, "type": "private"}, "from": self._user(user_id),
                   "contact": {"phone_number": phone, "first_name": "R", "user_id": user_id}}
        return await self.deliver({"update_id": next(self._update_ids), "message": message})

    async def click(self, user_id: int, sent: Sent, label: str | None = None,
                    data: str | None = None) -> dict:
        callback = {
            "id": str(next(self._update_ids)), "from": self._user(user_id),
            "chat_instance": "ci-1", "data": data if data is not None else sent.data_for(label),
            "message": {"message_id": sent.message_id, "date": int(time.time()),
                        "chat": {"id": sent.chat_id, "type": "private"}, "from": BOT,
                        "text": sent.text},
        }
        return await self.deliver({"update_id": next(self._update_ids),
                                   "callback_query": callback})

    async def deliver(self, update: dict) -> dict:
        """Hand an update to the bot: by webhook if one is set, else to getUpdates."""
        if self.webhook:
            await self._post_webhook(update)
        else:
            self.updates.append(update)
            self._new_update.set()
        return update

    async def _post_webhook(self, update: dict, attempts: int = 3) -> None:
        headers = {"Content-Type": "application/json"}
        if self.webhook.get("secret_token"):
            headers["X-Telegram-Bot-Api-Secret-Token"] = self.webhook["secret_token"]
        async with aiohttp.ClientSession() as session:
            for _ in range(attempts):  # Telegram retries a non-2xx answer
                async with session.post(self.webhook["url"], data=json.dumps(update),
                                        headers=headers) as response:
                    self.webhook_statuses.append(response.status)
                    if response.status < 300:
                        return
                await asyncio.sleep(0.05)

    def chat(self, chat_id: int) -> list[Sent]:
        return self.sent.get(chat_id, [])

    # ---- the Bot API side ---------------------------------------------------------------------

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != TOKEN:
            return web.json_response({"ok": False, "error_code": 401,
                                      "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        self.calls.append(method)
        self.call_times.append((time.monotonic(), method))
        if request.content_type == "application/json":  # values as a form would carry them
            params = {name: value if isinstance(value, str) else json.dumps(value)
                      for name, value in (await request.json()).items()}
        else:
            params = dict(await request.post()) if request.can_read_body else {}
        params.update(request.query)
        try:
            for index, (name, error) in enumerate(self.faults):
                if name == method:
                    del self.faults[index]
                    raise error
            if self.chaos and (error := self.chaos(method, params)):
                raise error
            handler = getattr(self, f"api_{method}", None)
            if handler is None:
                raise ApiError(404, "Not Found: method not found")
            result = await handler(params)
        except ApiError as exc:
            body = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.parameters:
                body["parameters"] = exc.parameters
            return web.json_response(body, status=exc.code)
        finally:
            self._changed.set()
        return web.json_response({"ok": True, "result": result})

    async def api_getMe(self, params) -> dict:
        return BOT

    async def api_getUpdates(self, params) -> list[dict]:
        if self.webhook:
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active")
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        timeout = float(params.get("timeout") or 0)
        if offset:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        if not self.updates and timeout:
            self._new_update.clear()
            try:
                await asyncio.wait_for(self._new_update.wait(), timeout)
            except TimeoutError:
                pass
        return self.updates[:limit]

    async def api_setWebhook(self, params) -> bool:
        secret = params.get("secret_token")
        if secret is not None and not (1 <= len(secret) <= 256):
            raise ApiError(400, "Bad Request: secret token is invalid")
        self.webhook = {"url": params["url"], "secret_token": secret}
        return True

    async def api_deleteWebhook(self, params) -> bool:
        self.webhook = None
        if params.get("drop_pending_updates") in ("true", "True"):
            self.updates.clear()
        return True

    async def api_setMyCommands(self, params) -> bool:
        self.commands[params.get("language_code", "")] = json.loads(params["commands"])
        return True

    async def api_answerCallbackQuery(self, params) -> bool:
        if params["callback_query_id"] in self.answered:  # as Telegram says to a second answer
            raise ApiError(400, "Bad Request: query is too old and response timeout expired "
                                "or query ID is invalid")
        self.answered.append(params["callback_query_id"])
        return True

    def _check_markup(self, params) -> dict | None:
        raw = params.get("reply_markup")
        if not raw:
            return None
        markup = json.loads(raw)
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data", "")
                if not 1 <= len(data.encode()) <= 64:
                    raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")
        return markup

    @staticmethod
    def _check_text(text: str | None) -> str:
        if not text or not text.strip():
            raise ApiError(400, "Bad Request: message text is empty")
        if len(text) > 4096:
            raise ApiError(400, "Bad Request: message is too long")
        return text

    def _message(self, sent: Sent) -> dict:
        return {"message_id": sent.message_id, "date": int(time.time()), "from": BOT,
                "chat": {"id": sent.chat_id, "type": "private"}, "text": sent.text}

    async def api_sendMessage(self, params) -> dict:
        chat_id = int(params["chat_id"])
        sent = Sent(next(self._message_ids), chat_id, self._check_text(params.get("text")),
                    self._check_markup(params))
        self.sent.setdefault(chat_id, []).append(sent)
        return self._message(sent)

    async def _send_file(self, params, kind: str) -> dict:
        chat_id = int(params["chat_id"])
        caption = params.get("caption") or ""
        if len(caption) > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        value = params.get(kind)
        if isinstance(value, str) and value.startswith("attach://"):
            value = params.get(value.removeprefix("attach://"))  # multipart part by name
        if isinstance(value, str) and value in self.file_ids:
            self.reused_files += 1  # a file Telegram already has, sent by its id
        elif hasattr(value, "file"):
            self.uploads += 1
        else:
            raise ApiError(400, f"Bad Request: there is no {kind} in the request")
        sent = Sent(next(self._message_ids), chat_id, caption, self._check_markup(params), kind)
        self.sent.setdefault(chat_id, []).append(sent)
        message = self._message(sent)
        if kind == "photo":
            file_id = value if isinstance(value, str) else f"photo-{self.uploads}"
            self.file_ids.add(file_id)
            message["photo"] = [{"file_id": file_id, "file_unique_id": f"u{file_id}",
                                 "width": 320, "height": 320}]
            message.pop("text")
            message["caption"] = caption
        return message

    async def api_sendPhoto(self, params) -> dict:
        return await self._send_file(params, "photo")

    async def api_sendDocument(self, params) -> dict:
        return await self._send_file(params, "document")

    async def api_editMessageText(self, params) -> dict:
        chat_id, message_id = int(params["chat_id"]), int(params["message_id"])
        sent = next((m for m in self.chat(chat_id) if m.message_id == message_id), None)
        if sent is None:
            raise ApiError(400, "Bad Request: message to edit not found")
        text, markup = self._check_text(params.get("text")), self._check_markup(params)
        if text == sent.text and markup == sent.markup:
            raise ApiError(400, "Bad Request: message is not modified: specified new message "
                                "content and reply markup are exactly the same")
        sent.text, sent.markup = text, markup
        sent.edits += 1
        return self._message(sent)
