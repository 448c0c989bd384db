"""Loading a screen's data once per turn.

A screen asks for its data for the text, for the buttons, and again when the engine checks a
press; a Ctx lives for one turn, so what is kept by it is fresh on the next one.
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

from dialogs.context import Ctx

T = TypeVar("T")
_kept: dict[int, dict[Hashable, object]] = {}


async def per_turn(ctx: Ctx, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
    """`await load()` the first time `key` is asked for in this turn; its value after that."""
    values = _kept.get(id(ctx))
    if values is None:
        values = _kept[id(ctx)] = {}
        weakref.finalize(ctx, _kept.pop, id(ctx), None)
    if key not in values:
        values[key] = await load()
    return values[key]  # type: ignore[return-value]


def forget(ctx: Ctx, key: Hashable) -> None:
    """An action changed what `key` holds: load it again when asked."""
    _kept.get(id(ctx), {}).pop(key, None)
