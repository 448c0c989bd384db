"""How often one address may send the site's forms: a school class signing up from one
classroom must get through, a script hammering the forms must not.

Two paces of the store (GCRA, shared by every process through Redis), per address:
- sign-ups: an application or a registration that went through takes a slot; forty in a row,
  then one every six seconds. Only a sign-up about to be made looks at it (without taking a
  slot), so a class's typos cost nothing here.
- forms: every form sent takes a slot, failed ones too; a hundred in a row, then one every two
  seconds. A refused form takes a slot as well: whoever keeps hammering waits longer.
"""

from __future__ import annotations

from backend.store import Store

SIGN_UP_INTERVAL = 6.0  # seconds: ten sign-ups a minute, sustained
SIGN_UP_BURST = 40  # sign-ups in a row: a school class at its computers
FORM_INTERVAL = 2.0  # seconds: thirty forms a minute, sustained
FORM_BURST = 100  # forms in a row, the failed ones (a typo, a box left unticked) included


async def form_allowed(store: Store, address: str | None) -> bool:
    """Any form: takes a slot."""
    wait = await store.pace(f"site:forms:{address or '-'}", FORM_INTERVAL)
    return wait <= FORM_INTERVAL * (FORM_BURST - 1)


def _sign_ups(address: str | None) -> str:
    return f"site:sign-ups:{address or '-'}"


async def sign_up_allowed(store: Store, address: str | None) -> bool:
    """Whether a sign-up may be made now; nothing reserved (no slots asked for: a look)."""
    wait = await store.pace(_sign_ups(address), SIGN_UP_INTERVAL, count=0)
    return wait <= SIGN_UP_INTERVAL * (SIGN_UP_BURST - 1)


async def signed_up(store: Store, address: str | None) -> None:
    """A sign-up went through: it takes its slot."""
    await store.pace(_sign_ups(address), SIGN_UP_INTERVAL)
