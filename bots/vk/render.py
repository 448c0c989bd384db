"""Engine replies → VK messages: inline callback keyboards, or text buttons for older clients
and for screens with more buttons than an inline keyboard holds."""

from __future__ import annotations

import json
import logging
import zlib

from vk_api.exceptions import ApiError

from bots.vk.events import Origin
from bots.vk.transport import VkTransport
from dialogs.model import Reply

log = logging.getLogger(__name__)
LABEL_LIMIT = 40
PAYLOAD_LIMIT = 255
TEXT_LIMIT = 9000
INLINE_BUTTONS, INLINE_ROWS = 10, 6  # a 0–10 scale with Back does not fit


def fits_inline(reply: Reply) -> bool:
    return (sum(map(len, reply.buttons)) <= INLINE_BUTTONS
            and len(reply.buttons) <= INLINE_ROWS)


def keyboard(reply: Reply, inline: bool) -> str:
    """Inline callback buttons; a bigger screen gets a one-time keyboard of text buttons
    below the input field (up to 40), which hides itself after a press."""
    one_time = inline and not fits_inline(reply)
    inline = inline and not one_time
    kind = "callback" if inline else "text"
    rows = []
    for row in reply.buttons:
        buttons = []
        for button in row:
            payload = json.dumps({"p": button.payload}, ensure_ascii=False)
            if len(payload) > PAYLOAD_LIMIT:
                raise ValueError(f"VK payload over {PAYLOAD_LIMIT} characters: {payload!r}")
            buttons.append({"action": {"type": kind, "label": button.label[:LABEL_LIMIT],
                                       "payload": payload}})
        rows.append(buttons)
    if inline:
        return json.dumps({"inline": True, "buttons": rows}, ensure_ascii=False)
    # A regular keyboard stays until replaced; an empty one hides the previous buttons.
    return json.dumps({"one_time": one_time, "buttons": rows}, ensure_ascii=False)


def random_id(evidence: str, position: int) -> int:
    """Deterministic per reply, so a redelivered update cannot send the same message twice."""
    return zlib.crc32(f"{evidence}:{position}".encode()) & 0x7FFFFFFF


async def send(transport: VkTransport, origin: Origin, replies: list[Reply], evidence: str):
    for position, reply in enumerate(replies):
        params = {"peer_id": origin.peer_id, "message": reply.text[:TEXT_LIMIT]}
        if reply.buttons or not origin.inline:
            params["keyboard"] = keyboard(reply, origin.inline)
        if position == 0 and origin.edit_cmid and reply.attachment is None \
                and fits_inline(reply):
            try:
                await transport.call("messages.edit", conversation_message_id=origin.edit_cmid,
                                     keep_forward_messages=1, **params)
                continue
            except ApiError as exc:
                log.info("vk: cannot edit message (error %s), sending a new one", exc.code)
        if reply.attachment is not None:
            params["attachment"] = await transport.upload(
                origin.peer_id, reply.attachment.filename, reply.attachment.data,
                reply.attachment.is_image)
        await transport.call("messages.send", random_id=random_id(evidence, position), **params)
