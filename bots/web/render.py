"""Engine replies → JSON messages for the widget: text, buttons, a picture or a file by URL."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from dialogs.model import Attachment, Reply

Keep = Callable[[Attachment], Awaitable[str]]  # stores an attachment, returns its URL


async def message(reply: Reply, keep: Keep) -> dict:
    """{"type": "message", "text", "buttons": [{"text", "data", "row"}]}, and where the reply
    has them "image": {"url"} or "file": {"url", "name"}, "input": "phone" when the step asks
    for a phone number (typed here: a browser has no messenger's contact button)."""
    body: dict = {"type": "message", "text": reply.text,
                  "buttons": [{"text": button.label, "data": button.payload, "row": row}
                              for row, buttons in enumerate(reply.buttons)
                              for button in buttons]}
    if reply.attachment is not None:
        url = await keep(reply.attachment)
        if reply.attachment.is_image:
            body["image"] = {"url": url}
        else:
            body["file"] = {"url": url, "name": reply.attachment.filename}
    if reply.request_contact:
        body["input"] = "phone"
    return body


def error(code: str, text: str) -> dict:
    return {"type": "error", "code": code, "text": text}
