"""A consultant in the panel: open a conversation, post to it."""

from __future__ import annotations

from aiohttp import FormData

from tests.panel import page_token, url


async def post(client, number: int, action: str, file: tuple[str, bytes] | None = None,
               **fields: str):
    """Submit one of the conversation page's forms; the response (not followed)."""
    token = await page_token(client, url("consultation", id=number))
    form = FormData()
    form.add_field("csrf_token", token)
    form.add_field("action", action)
    for name, value in fields.items():
        form.add_field(name, value)
    if file is not None:
        form.add_field("file", file[1], filename=file[0],
                       content_type="application/octet-stream")
    return await client.post(url("consultation", id=number), data=form, allow_redirects=False)


async def reply(client, number: int, text: str, file: tuple[str, bytes] | None = None) -> int:
    async with await post(client, number, "reply", file, text=text) as response:
        return response.status
