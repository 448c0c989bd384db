"""Filters a resident sets on a list: kept in the dialog's data under "filters"."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from dialogs.context import Ctx

ANY = "any"  # the option that clears a filter


def set_filter(key: str, answer: str) -> Callable[[Ctx], Awaitable[None]]:
    """An action moving the answer named `answer` into filters[key] ("any" clears it)."""

    async def action(ctx: Ctx) -> None:
        value = ctx.data[answer]
        if value == ANY:
            ctx.data["filters"].pop(key, None)
        else:
            ctx.data["filters"][key] = value

    return action
