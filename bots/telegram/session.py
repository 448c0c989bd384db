"""aiogram's HTTP session to the Bot API, with each method's response model kept.

aiogram checks every answer with `Response[<the method's result type>]`, a generic model that
pydantic caches only weakly: once the garbage collector takes it, the next call builds it again
(schema and validator, the largest part of a call's cost under load). Kept here, each is built
once per process.
"""

from __future__ import annotations

from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.methods.base import Response

_KEPT: dict = {}


class Session(AiohttpSession):
    def check_response(self, bot, method, status_code, content):
        returning = method.__returning__
        if returning not in _KEPT:
            _KEPT[returning] = Response[returning]
        return super().check_response(bot, method, status_code, content)
