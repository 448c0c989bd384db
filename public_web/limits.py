"""How often one address may send the site's forms: a burst, then one every few seconds.

The store's pace (GCRA, shared by every process through Redis) reserves a slot per form sent;
when the next free slot is further away than the burst allows, the form is refused. A refused
form takes a slot too: whoever keeps hammering waits longer, a person retrying now and then
does not notice.
"""

from __future__ import annotations

import ipaddress

from aiohttp import web

from backend.store import Store

INTERVAL = 6.0  # seconds: ten forms a minute, sustained
BURST = 10  # forms in a row before the pace applies


def _ip(text: str | None) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address((text or "").strip()[:64])
    except ValueError:
        return None


def client_address(request: web.Request) -> str | None:
    """Who sent the form. Behind the nginx of deploy/ on this machine (a loopback peer) every
    form comes from 127.0.0.1: then the address nginx saw, the last of X-Forwarded-For (nginx
    appends it; what a client wrote there comes before it and is not read)."""
    peer = _ip(request.remote)
    if peer is not None and peer.is_loopback and "X-Forwarded-For" in request.headers:
        seen = _ip(request.headers["X-Forwarded-For"].rsplit(",", 1)[-1])
        if seen is not None:
            return str(seen)
    return request.remote


async def allowed(store: Store, address: str | None) -> bool:
    wait = await store.pace(f"site:forms:{address or '-'}", INTERVAL)
    return wait <= INTERVAL * (BURST - 1)
