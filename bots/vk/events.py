"""VK event (Callback API or Bots Long Poll, API 5.103+) → engine input."""

from __future__ import annotations

import json
from dataclasses import dataclass

from backend.untrusted import MAX_ID, whole
from dialogs.engine import Account
from dialogs.model import LINK, Click, Input, Start, Text

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


def _part(value: object) -> dict:
    """A part of an event that should be an object: anything else counts as empty."""
    return value if isinstance(value, dict) else {}


def _user(value: object) -> int | None:
    return whole(value, 1, CHAT_PEERS - 1)  # a person; group chats have larger peer ids


def event_key(event: dict) -> str | None:
    """The event's id, the inbox's key for it (VK's are 40 hex digits); None if it has none."""
    key = event.get("event_id")
    return key if isinstance(key, str) and 0 < len(key) <= 64 else None


def user_key(event: dict) -> str:
    obj = _part(event.get("object"))
    sender = _user(_part(obj.get("message")).get("from_id")) or _user(obj.get("user_id"))
    return f"vk:{sender}" if sender else "vk:-"


def block_change(event: dict) -> tuple[str, bool] | None:
    """(user id, whether blocked) for message_deny / message_allow; None for other events."""
    user_id = _user(_part(event.get("object")).get("user_id"))
    if event.get("type") not in ("message_deny", "message_allow") or user_id is None:
        return None
    return str(user_id), event["type"] == "message_deny"


def _payload(raw: object) -> dict:
    if isinstance(raw, str):
        try:
            raw = json.loads(raw)
        except (ValueError, RecursionError):
            return {}
    return _part(raw)


def to_input(event: dict, key: str) -> tuple[Account, Input, Origin] | None:
    """None for events the dialogs do not handle (group chats, message_allow, ...)."""
    obj = _part(event.get("object"))
    if event.get("type") == "message_new":
        message = _part(obj.get("message"))
        peer_id, sender = _user(message.get("peer_id")), _user(message.get("from_id"))
        if sender is None or peer_id is None:
            return None
        client = _part(obj.get("client_info"))
        actions = client.get("button_actions")
        inline = bool(client.get("inline_keyboard")) and isinstance(actions, list) and (
            "callback" in actions)
        payload = _payload(message.get("payload"))
        if payload.get("command") == "start":
            event_input: Input = Start()
        elif isinstance(payload.get("p"), str):
            event_input = Click(payload["p"])
        else:
            event_input = Text(str(message.get("text") or ""))
        return Account(PLATFORM, str(sender), f"vk:{key}"), event_input, Origin(peer_id, inline)
    if event.get("type") == "message_event":
        user_id, peer_id = _user(obj.get("user_id")), _user(obj.get("peer_id"))
        if user_id is None or peer_id is None:
            return None
        payload = _payload(obj.get("payload"))
        answer_id = obj.get("event_id")
        # A notice's button (a deep link) answers below it: the notice stays readable.
        notice = str(payload.get("p", "")).startswith(LINK + "|")
        origin = Origin(peer_id, True, None if notice else whole(
                            obj.get("conversation_message_id"), 1, MAX_ID),
                        answer_id if isinstance(answer_id, str) else None, user_id)
        return (Account(PLATFORM, str(user_id), f"vk:{key}"), Click(str(payload.get("p", ""))),
                origin)
    return None
