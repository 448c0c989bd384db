"""vk_api is synchronous: every call runs in a worker thread, off the event loop."""

from __future__ import annotations

import asyncio
import io
import threading
import time
from typing import Any

import requests
import vk_api
from requests.adapters import HTTPAdapter

from backend.settings import VK_API
from bots.broadcast_sender import MARGIN

API_VERSION = "5.199"  # vk_api defaults to 5.92, which predates the bot event shape (5.103)
LIBRARY_BASE = "https://api.vk.ru"  # vk_api hard-codes this address


class RewriteAdapter(HTTPAdapter):
    """Sends vk_api's requests to another API base (a proxy, a local test server)."""

    def __init__(self, base: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.base = base.rstrip("/")

    def send(self, request, **kwargs):
        if request.url.startswith(LIBRARY_BASE):
            request.url = self.base + request.url[len(LIBRARY_BASE):]
        return super().send(request, **kwargs)


class VkTransport:
    """One call at a time, their starts at least 1/(`rate` × MARGIN) s apart: fewer than `rate`
    calls in any second from this process, with room for the network's jitter. vk_api's own
    limit (1/20 s from the *answer* of the last call) allowed 17–18 calls a second to a
    broadcast paced at 19.4."""

    def __init__(self, token: str, group_id: int, api_url: str = VK_API,
                 rate: float = 20.0) -> None:
        session = requests.Session()
        if api_url.rstrip("/") != LIBRARY_BASE:
            session.mount(LIBRARY_BASE + "/", RewriteAdapter(api_url))
        self.vk = vk_api.VkApiGroup(token=token, api_version=API_VERSION, session=session)
        self.vk.RPS_DELAY = 0.0  # spaced here instead
        self.group_id = group_id
        self._spacing = 1 / (rate * MARGIN)
        self._last = -1e9  # when the last call started
        self._turn = threading.Lock()

    def _method(self, method: str, params: dict) -> Any:
        with self._turn:
            wait = self._last + self._spacing - time.monotonic()
            if wait > 0:
                time.sleep(wait)
            self._last = time.monotonic()
            return self.vk.method(method, params)

    async def call(self, method: str, **params: Any) -> Any:
        return await asyncio.to_thread(self._method, method, params)

    async def upload(self, peer_id: int, filename: str, data: bytes, is_image: bool) -> str:
        """Upload a picture or a file for a message; returns the attachment string."""

        def upload() -> str:
            uploader = vk_api.VkUpload(self.vk)
            stream = io.BytesIO(data)
            stream.name = filename
            if is_image:
                photo = uploader.photo_messages(stream, peer_id=peer_id)[0]
                return f"photo{photo['owner_id']}_{photo['id']}"
            doc = uploader.document_message(stream, title=filename, peer_id=peer_id)["doc"]
            return f"doc{doc['owner_id']}_{doc['id']}"

        return await asyncio.to_thread(upload)

    def close(self) -> None:
        self.vk.http.close()
