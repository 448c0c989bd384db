"""Values from outside — query strings, forms, headers, webhook bodies — read without surprises.

`str.isdigit()` also passes '²', which int() refuses, and any number of digits, which the
database refuses past ten (and int() past 4,300); `secrets.compare_digest` raises on non-ASCII
text; `json.loads` raises RecursionError on deep nesting and accepts NaN. Outside input is read
through here.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import math
import secrets

from aiohttp import web

log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1  # ids and counts are INTEGER columns; PostgreSQL refuses anything larger
MAX_BIG = 2**63 - 1  # a messenger's user or update id
MAX_PAGE = 100_000
MAX_DEPTH = 32  # a Telegram or VK update nests about ten levels


def whole(value: object, low: int = 0, high: int = MAX_ID) -> int | None:
    """A whole number within [low, high], in decimal digits (of any script: int() reads them
    all) or a JSON integer; None for anything else: a bool, a float, '²', '-1', '1e9', ' 7'."""
    if isinstance(value, str):
        if not value.isdecimal() or len(value) > len(str(high)):
            return None
        value = int(value)
    if type(value) is not int:
        return None
    return value if low <= value <= high else None


def text(value: object, limit: int) -> str:
    """Text without NUL (PostgreSQL cannot store it; it never means anything), cut to `limit`."""
    return str(value).replace("\x00", "")[:limit] if value is not None else ""


def lines(value: object, limit: int = 10_000) -> tuple[str, ...]:
    """The non-empty lines of a text field (one option, one question per line), trimmed."""
    return tuple(line.strip()[:limit] for line in text(value, 100_000).splitlines()
                 if line.strip())


class BadParameter(web.HTTPBadRequest):
    """A query parameter the page cannot use: 400, its reason as JSON (the API's form)."""

    def __init__(self, name: str, low: int, high: int) -> None:
        self.name, self.low, self.high = name, low, high
        reason = f"{name} is a whole number from {low} to {high}"
        super().__init__(text=json.dumps({"error": reason}), content_type="application/json")


def _route(request: web.Request) -> str:
    """The route's pattern, not the path: a path may carry anything a client typed."""
    resource = request.match_info.route.resource
    return resource.canonical if resource is not None else "-"


def query_int(request: web.Request, name: str, default: int | None = 0, low: int = 0,
              high: int = MAX_ID) -> int | None:
    """A whole-number query parameter; missing or empty is `default`, anything else a 400."""
    raw = request.query.get(name, "")
    if raw == "":
        return default
    number = whole(raw, low, high)
    if number is None:
        log.warning("http: %s %s refused: bad query parameter %s", request.method,
                    _route(request), name)
        raise BadParameter(name, low, high)
    return number


def query_text(request: web.Request, name: str, limit: int = 200) -> str:
    return text(request.query.get(name, ""), limit)


def client_address(request: web.Request) -> str | None:
    """Who sent the request. Behind the nginx of deploy/ on this machine (a loopback peer)
    every request comes from 127.0.0.1: then the address nginx saw, the last of
    X-Forwarded-For (nginx appends it; what a client wrote there comes before it and is not
    read). Anyone else's X-Forwarded-For is not read at all."""
    try:
        local = ipaddress.ip_address(request.remote or "").is_loopback
        last = request.headers.get("X-Forwarded-For", "").rsplit(",", 1)[-1].strip()[:64]
        return str(ipaddress.ip_address(last)) if local and last else request.remote
    except ValueError:
        return request.remote


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison that any header or JSON string can go through."""
    # Headers arrive decoded with surrogateescape, JSON strings may hold lone surrogates.
    return secrets.compare_digest(given.encode("utf-8", "surrogatepass"),
                                  expected.encode("utf-8", "surrogatepass"))


def _refuse_constant(name: str) -> float:
    raise ValueError(f"{name} is not a number JSON can carry")


def json_object(body: bytes, max_depth: int = MAX_DEPTH) -> dict:
    """A webhook body as a dict; ValueError for anything a database could not store as JSON:
    bad UTF-8 or JSON, nesting deeper than `max_depth`, NaN or infinities, lone surrogates."""
    try:
        value = json.loads(body, parse_constant=_refuse_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(value, dict):
        raise ValueError("not an object")
    pending = [(value, 1)]
    while pending:  # a loop, not recursion: the depth is what is being checked
        item, depth = pending.pop()
        if depth > max_depth:
            raise ValueError("nested too deeply")
        for part in (*item.keys(), *item.values()) if isinstance(item, dict) else item:
            if isinstance(part, dict | list):
                pending.append((part, depth + 1))
            elif isinstance(part, float) and not math.isfinite(part):
                raise ValueError("a number out of range")
            elif isinstance(part, str) and not part.isascii():
                part.encode()  # UnicodeEncodeError (a ValueError) for a lone surrogate
    return value
