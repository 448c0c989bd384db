"""vk_api is synchronous: every call runs in a worker thread, off the event loop."""

from __future__ import annotations

import asyncio
import io
from typing import Any

import requests
import vk_api
from requests.adapters import HTTPAdapter

from backend.settings import VK_API

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
    def __init__(self, token: str, group_id: int, api_url: str = VK_API) -> None:
        session = requests.Session()
        if api_url.rstrip("/") != LIBRARY_BASE:
            session.mount(LIBRARY_BASE + "/", RewriteAdapter(api_url))
        self.vk = vk_api.VkApiGroup(token=token, api_version=API_VERSION, session=session)
        self.group_id = group_id

    async def call(self, method: str, **params: Any) -> Any:
        return await asyncio.to_thread(self.vk.method, method, params)

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
