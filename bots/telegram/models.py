"""aiogram imported with its pydantic models built on first use, not at import.

`import aiogram` builds a validator and a serializer for each of its ~450 Bot API types and
methods, every one with the schemas of everything it nests inlined: 148 MB of the 236 MB
that `copp run` held idle with Telegram configured. A bot uses a few dozen of them (the
update, the message, the keyboards, the methods it calls). Here pydantic's `defer_build` is
the default while aiogram is imported, and the `model_rebuild` aiogram calls at the end of
`aiogram.types` (to resolve its forward references, which would build every model) only keeps
the namespace it was given; a model is built, with that namespace, the first time it is used.

Imported by `bots.telegram` before anything else of aiogram; pinned to the aiogram and
pydantic of this project (tests/bots exercise the models we use). If pydantic's internals
are not what this expects, aiogram is imported as usual.
"""

from __future__ import annotations

import logging
import sys

log = logging.getLogger(__name__)
_NAMESPACE: dict = {}


def _import_deferred() -> None:
    from pydantic import BaseModel
    from pydantic._internal import _config

    if "aiogram" in sys.modules or "defer_build" not in _config.config_defaults:
        return
    original = BaseModel.__dict__["model_rebuild"]
    rebuild = original.__func__

    def keep_namespace(cls, *, _types_namespace=None, **kwargs):
        if _types_namespace is not None and not cls.__pydantic_complete__:
            _NAMESPACE.update(_types_namespace)  # aiogram.types: every type by name
            return None
        return rebuild(cls, _types_namespace=_types_namespace, **kwargs)

    def with_namespace(cls, *, _types_namespace=None, **kwargs):
        return rebuild(cls, _types_namespace=_types_namespace or _NAMESPACE, **kwargs)

    _config.config_defaults["defer_build"] = True
    BaseModel.model_rebuild = classmethod(keep_namespace)
    try:
        import aiogram  # noqa: F401
    finally:
        _config.config_defaults["defer_build"] = False
        BaseModel.model_rebuild = original
    from aiogram.methods.base import Response, TelegramMethod
    from aiogram.types.base import TelegramObject

    # What pydantic calls on a deferred model's first use (and on a Response[...] whose type
    # is not built yet), now with aiogram's namespace.
    for base in (TelegramObject, TelegramMethod, Response):
        base.model_rebuild = classmethod(with_namespace)


_import_deferred()
