"""Loading a screen's data once per turn.

A screen asks for its data for the text, for the buttons, and again when the engine checks a
press; a Ctx lives for one turn, so what it keeps is fresh on the next one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import TypeVar

from dialogs.context import Ctx

T = TypeVar("T")


async def per_turn(ctx: Ctx, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
    """`await load()` the first time `key` is asked for in this turn; its value after that."""
    if key not in ctx.kept:
        ctx.kept[key] = await load()
    return ctx.kept[key]


def forget(ctx: Ctx, key: Hashable | None = None) -> None:
    """An action changed what `key` holds (None: anything): load it again when asked."""
    if key is None:
        ctx.kept.clear()
    else:
        ctx.kept.pop(key, None)
