"""VK event (Callback API or Bots Long Poll, API 5.103+) → engine input."""

from __future__ import annotations

import json
from dataclasses import dataclass

from dialogs.engine import Account
from dialogs.model import Click, Input, Start, Text

PLATFORM = "vk"
CHAT_PEERS = 2_000_000_000  # peer ids above this are group chats


@dataclass(frozen=True)
class Origin:
    """Where to answer: the conversation, the message to edit, the button event to confirm."""

    peer_id: int
    inline: bool  # the client shows inline keyboards with callback buttons
    edit_cmid: int | None = None
    event_id: str | None = None
    user_id: int | None = None


def user_key(event: dict) -> str:
    obj = event.get("object") or {}
    sender = (obj.get("message") or {}).get("from_id") or obj.get("user_id")
    return f"vk:{sender}" if sender else "vk:-"


def _payload(raw: object) -> dict:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except ValueError:
            return {}
    return raw if isinstance(raw, dict) else {}


def to_input(event: dict, key: str) -> tuple[Account, Input, Origin] | None:
    """None for events the dialogs do not handle (group chats, message_allow, ...)."""
    obj = event.get("object") or {}
    if event.get("type") == "message_new":
        message = obj.get("message") or {}
        peer_id, sender = message.get("peer_id"), message.get("from_id")
        if not isinstance(sender, int) or not isinstance(peer_id, int) or peer_id >= CHAT_PEERS:
            return None
        client = obj.get("client_info") or {}
        inline = bool(client.get("inline_keyboard")) and "callback" in client.get(
            "button_actions", [])
        payload = _payload(message.get("payload"))
        if payload.get("command") == "start":
            event_input: Input = Start()
        elif isinstance(payload.get("p"), str):
            event_input = Click(payload["p"])
        else:
            event_input = Text(str(message.get("text") or ""))
        return Account(PLATFORM, str(sender), f"vk:{key}"), event_input, Origin(peer_id, inline)
    if event.get("type") == "message_event":
        user_id, peer_id = obj.get("user_id"), obj.get("peer_id")
        if not isinstance(user_id, int) or not isinstance(peer_id, int) or peer_id >= CHAT_PEERS:
            return None
        payload = _payload(obj.get("payload"))
        origin = Origin(peer_id, True, obj.get("conversation_message_id"), obj.get("event_id"),
                        user_id)
        return (Account(PLATFORM, str(user_id), f"vk:{key}"), Click(str(payload.get("p", ""))),
                origin)
    return None
