"""Browser frame → engine input. A frame is one JSON object; the resident is known by a random
token the browser keeps, of which the server keeps only a hash (the account's external id)."""

from __future__ import annotations

import hashlib
import json
import re
import secrets

from backend.untrusted import json_object
from dialogs.engine import Account
from dialogs.model import Again, Click, Input, Start, Text

PLATFORM = "web"
MAX_FRAME = 8 * 1024  # bytes of one frame: a typed message is at most 4,096 characters
TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")  # 32 random bytes, base64url
KINDS = ("start", "text", "click")


class FrameError(ValueError):
    """A frame the chat cannot take; `code` names why (the error frame carries it)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def new_token() -> str:
    return secrets.token_urlsafe(32)


def external_id(token: str) -> str:
    """What the server keeps of a resident's token: its SHA-256, 64 hex digits."""
    return hashlib.sha256(token.encode()).hexdigest()


def user_key(resident: str) -> str:
    return f"web:{resident[:48]}"


def parse(raw: str | bytes) -> dict:
    """A frame as the browser sent it, checked: {"type": "start"|"text"|"click", ...}."""
    if len(raw.encode() if isinstance(raw, str) else raw) > MAX_FRAME:
        raise FrameError("too_big")
    try:
        frame = json_object(raw.encode() if isinstance(raw, str) else raw)
    except ValueError:
        raise FrameError("bad_json") from None
    kind = frame.get("type")
    if kind not in KINDS:
        raise FrameError("unknown_type")
    if kind == "text" and not isinstance(frame.get("text"), str):
        raise FrameError("bad_frame")
    if kind == "click" and not isinstance(frame.get("data"), str):
        raise FrameError("bad_frame")
    return frame


def token_of(frame: dict) -> str | None:
    """The resident token a start frame carries, if it is one of ours in form."""
    token = frame.get("token")
    return token if isinstance(token, str) and TOKEN.fullmatch(token) else None


def update(frame: dict, resident: str, returning: bool) -> dict:
    """What goes into the inbox: the frame's meaning, the resident's hash, never the token.
    A start of a resident who came back (a known token) shows where they were."""
    kind = frame["type"]
    if kind == "start":
        link = frame.get("link")
        link = link if isinstance(link, str) and 0 < len(link) <= 60 else None
        return {"type": "again" if returning and link is None else "start", "link": link,
                "resident": resident}
    if kind == "text":
        return {"type": "text", "text": frame["text"][:MAX_FRAME], "resident": resident}
    return {"type": "click", "data": frame["data"][:64], "resident": resident}


def to_input(payload: dict, key: str) -> tuple[Account, Input]:
    account = Account(PLATFORM, str(payload["resident"]), f"web:{key}")
    kind = payload.get("type")
    if kind == "again":
        return account, Again()
    if kind == "start":
        return account, Start(None, payload.get("link"))
    if kind == "click":
        return account, Click(str(payload.get("data", "")))
    return account, Text(str(payload.get("text", "")))


def dumps(message: dict) -> str:
    return json.dumps(message, ensure_ascii=False)
