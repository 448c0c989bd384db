"""A local VK API server (methods, Bots Long Poll, Callback API delivery) for the real vk_api."""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import time
from dataclasses import dataclass, field

import aiohttp
from aiohttp import web

from tests.fakes.base import FakeServer

TOKEN = "vk-test-token"
GROUP_ID = 229000001


class VkError(Exception):
    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


@dataclass
class VkMessage:
    cmid: int
    peer_id: int
    text: str
    keyboard: dict | None
    attachment: str | None = None
    edits: int = 0

    @property
    def buttons(self) -> list[tuple[str, str, str]]:
        """(label, action type, payload string) of every button."""
        rows = (self.keyboard or {}).get("buttons", [])
        return [(b["action"]["label"], b["action"]["type"], b["action"].get("payload", ""))
                for row in rows for b in row]

    def payload_for(self, label: str) -> dict:
        for text, _, payload in self.buttons:
            if text == label:
                return json.loads(payload)
        raise KeyError(f"no button {label!r} in {self.buttons}")


@dataclass
class FakeVk(FakeServer):
    events: list[dict] = field(default_factory=list)
    messages: dict[int, list[VkMessage]] = field(default_factory=dict)
    random_ids: dict[tuple[int, int], int] = field(default_factory=dict)
    event_answers: list[str] = field(default_factory=list)
    uploads: list[tuple[str, bytes]] = field(default_factory=list)
    closed: set[int] = field(default_factory=set)  # peers who closed messages (901)
    call_times: list[tuple[float, str]] = field(default_factory=list)
    callback_url: str | None = None
    callback_secret: str | None = None
    callback_statuses: list[tuple[int, str]] = field(default_factory=list)
    faults: list[tuple[str, VkError]] = field(default_factory=list)
    key: str = "lp-key-1"

    def __post_init__(self) -> None:
        self._cmids = itertools.count(1)
        self._new_event = asyncio.Event()
        self._changed = asyncio.Event()
        self.app = web.Application()
        self.app.router.add_post("/method/{method}", self._method)
        self.app.router.add_get("/lp", self._longpoll)
        self.app.router.add_post("/upload", self._upload)

    # ---- residents ----------------------------------------------------------------------------

    async def send_text(self, user_id: int, text: str, *, inline: bool = True,
                        payload: dict | None = None) -> dict:
        message = {"id": next(self._cmids), "date": int(time.time()), "peer_id": user_id,
                   "from_id": user_id, "text": text, "conversation_message_id": next(self._cmids)}
        if payload is not None:
            message["payload"] = json.dumps(payload)
        actions = ["text", "vkpay", "open_app", "location", "open_link"]
        if inline:
            actions += ["callback", "intent_subscribe", "intent_unsubscribe"]
        client = {"button_actions": actions, "keyboard": True, "inline_keyboard": inline,
                  "carousel": inline, "lang_id": 0}
        return await self.deliver("message_new", {"message": message, "client_info": client})

    async def click(self, user_id: int, message: VkMessage, label: str) -> dict:
        """A press: a callback button sends an event, a text button the label as a message."""
        if dict((text, kind) for text, kind, _ in message.buttons).get(label) == "text":
            return await self.send_text(user_id, label, payload=message.payload_for(label))
        return await self.deliver("message_event", {
            "user_id": user_id, "peer_id": user_id, "event_id": secrets.token_hex(6),
            "payload": message.payload_for(label), "conversation_message_id": message.cmid})

    async def deliver(self, kind: str, obj: dict, event_id: str | None = None) -> dict:
        event = {"group_id": GROUP_ID, "type": kind, "event_id": event_id or secrets.token_hex(20),
                 "v": "5.199", "object": obj}
        self.events.append(event)
        self._new_event.set()
        if self.callback_url:
            await self.post_callback(event)
        return event

    async def post_callback(self, event: dict, secret: str | None = "use-configured") -> str:
        body = dict(event)
        secret = self.callback_secret if secret == "use-configured" else secret
        if secret is not None:
            body["secret"] = secret
        async with aiohttp.ClientSession() as session, session.post(
            self.callback_url, data=json.dumps(body, ensure_ascii=False)
        ) as response:
            text = await response.text()
            self.callback_statuses.append((response.status, text))
            return text

    def chat(self, peer_id: int) -> list[VkMessage]:
        return self.messages.get(peer_id, [])

    # ---- Bots Long Poll -------------------------------------------------------------------------

    async def _longpoll(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("key") != self.key:
            return web.json_response({"failed": 2})
        ts = int(query.get("ts", "0"))
        if ts > len(self.events):
            return web.json_response({"failed": 1, "ts": str(len(self.events))})
        wait = min(float(query.get("wait", "25")), 90)
        if ts == len(self.events):
            self._new_event.clear()
            try:
                await asyncio.wait_for(self._new_event.wait(), wait)
            except TimeoutError:
                pass
        return web.json_response({"ts": str(len(self.events)), "updates": self.events[ts:]})

    # ---- API methods ----------------------------------------------------------------------------

    async def _method(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.call_times.append((time.monotonic(), method))
        params = dict(await request.post())
        try:
            if params.get("access_token") != TOKEN:
                raise VkError(5, "User authorization failed: invalid access_token")
            if tuple(int(x) for x in params.get("v", "0").split(".")) < (5, 103):
                raise VkError(8, "Invalid request: API version too old for bot events")
            for index, (name, error) in enumerate(self.faults):
                if name == method:
                    del self.faults[index]
                    raise error
            handler = getattr(self, "api_" + method.replace(".", "_"), None)
            if handler is None:
                raise VkError(3, "Unknown method passed")
            result = await handler(params)
        except VkError as exc:
            return web.json_response({"error": {"error_code": exc.code,
                                                "error_msg": exc.message,
                                                "request_params": []}})
        finally:
            self._changed.set()
        return web.json_response({"response": result})

    async def api_groups_getLongPollServer(self, params) -> dict:
        return {"server": f"{self.url}/lp", "key": self.key, "ts": str(len(self.events))}

    @staticmethod
    def _check_keyboard(raw: str | None) -> dict | None:
        if not raw:
            return None
        keyboard = json.loads(raw)
        rows = keyboard.get("buttons", [])
        count = sum(len(row) for row in rows)
        if keyboard.get("inline") and (count > 10 or len(rows) > 6):
            raise VkError(911, "Keyboard format is invalid: too many buttons for inline")
        if any(len(row) > 5 for row in rows) or count > 40:
            raise VkError(911, "Keyboard format is invalid: too many buttons")
        for row in rows:
            for button in row:
                action = button["action"]
                if len(action.get("label", "")) > 40 or len(action.get("payload", "")) > 255:
                    raise VkError(911, "Keyboard format is invalid: label or payload too long")
        return keyboard

    async def api_messages_send(self, params) -> int | list[dict]:
        if "peer_ids" in params:
            return self._send_to_many(params)
        if "random_id" not in params:
            raise VkError(100, "One of the parameters specified was missing or invalid: "
                               "random_id is a required parameter")
        peer_id, random_id = int(params["peer_id"]), int(params["random_id"])
        text = params.get("message", "")
        if not text and not params.get("attachment"):
            raise VkError(100, "One of the parameters specified was missing or invalid: "
                               "message is empty")
        if len(text) > 9000:
            raise VkError(914, "Message is too long")
        keyboard = self._check_keyboard(params.get("keyboard"))
        if (peer_id, random_id) in self.random_ids:  # VK does not send a message twice
            return self.random_ids[(peer_id, random_id)]
        message = VkMessage(next(self._cmids), peer_id, text, keyboard, params.get("attachment"))
        self.messages.setdefault(peer_id, []).append(message)
        self.random_ids[(peer_id, random_id)] = message.cmid
        return message.cmid

    def _send_to_many(self, params) -> list[dict]:
        """messages.send with peer_ids: one answer per peer, a message or an error."""
        peers = [int(p) for p in params["peer_ids"].split(",") if p]
        if not peers or len(peers) > 100 or "random_id" not in params:
            raise VkError(100, "One of the parameters specified was missing or invalid")
        random_id = int(params["random_id"])
        self._check_keyboard(params.get("keyboard"))
        answers = []
        for peer in peers:
            if peer in self.closed:
                answers.append({"peer_id": peer, "error": {
                    "code": 901, "description": "Can't send messages for users without "
                                                "permission"}})
                continue
            if (peer, random_id) not in self.random_ids:  # VK does not send a message twice
                message = VkMessage(next(self._cmids), peer, params.get("message", ""), None,
                                    params.get("attachment"))
                self.messages.setdefault(peer, []).append(message)
                self.random_ids[(peer, random_id)] = message.cmid
            answers.append({"peer_id": peer, "message_id": self.random_ids[(peer, random_id)],
                            "conversation_message_id": self.random_ids[(peer, random_id)]})
        return answers

    async def api_messages_edit(self, params) -> int:
        peer_id, cmid = int(params["peer_id"]), int(params["conversation_message_id"])
        message = next((m for m in self.chat(peer_id) if m.cmid == cmid), None)
        if message is None:
            raise VkError(909, "Can't edit this message")
        message.text = params.get("message", "")
        message.keyboard = self._check_keyboard(params.get("keyboard"))
        if message.keyboard and not message.keyboard.get("inline"):
            raise VkError(911, "Keyboard format is invalid: an edited message takes inline only")
        message.edits += 1
        return 1

    async def api_messages_sendMessageEventAnswer(self, params) -> int:
        self.event_answers.append(params["event_id"])
        return 1

    async def api_photos_getMessagesUploadServer(self, params) -> dict:
        return {"upload_url": f"{self.url}/upload", "album_id": -64, "group_id": GROUP_ID}

    async def _upload(self, request: web.Request) -> web.Response:
        form = await request.post()
        files = [value for value in form.values() if hasattr(value, "file")]
        if not files:
            return web.json_response({"error": "no file"})
        self.uploads.append((files[0].filename, files[0].file.read()))
        if request.query.get("type") == "doc":
            return web.json_response({"file": f"doc-{len(self.uploads)}"})
        return web.json_response({"server": 1, "photo": "[{\"photo\":\"x\"}]", "hash": "h"})

    async def api_docs_getMessagesUploadServer(self, params) -> dict:
        if not params.get("peer_id"):
            raise VkError(100, "One of the parameters specified was missing or invalid: peer_id")
        return {"upload_url": f"{self.url}/upload?type=doc"}

    async def api_docs_save(self, params) -> dict:
        if not params.get("file", "").startswith("doc-"):
            raise VkError(100, "One of the parameters specified was missing or invalid: file")
        return {"type": "doc", "doc": {"id": next(self._cmids), "owner_id": -GROUP_ID,
                                       "title": params.get("title", "")}}

    async def api_photos_saveMessagesPhoto(self, params) -> list[dict]:
        return [{"id": next(self._cmids), "owner_id": -GROUP_ID}]
