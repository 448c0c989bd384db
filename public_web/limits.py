"""How often one address may send the site's forms: a burst, then one every few seconds.

The store's pace (GCRA, shared by every process through Redis) reserves a slot per form sent;
when the next free slot is further away than the burst allows, the form is refused. A refused
form takes a slot too: whoever keeps hammering waits longer, a person retrying now and then
does not notice.
"""

from __future__ import annotations

from backend.store import Store

INTERVAL = 6.0  # seconds: ten forms a minute, sustained
BURST = 10  # forms in a row before the pace applies


async def allowed(store: Store, address: str | None) -> bool:
    wait = await store.pace(f"site:forms:{address or '-'}", INTERVAL)
    return wait <= INTERVAL * (BURST - 1)
