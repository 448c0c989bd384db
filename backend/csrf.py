"""Forms in a browser: which methods change state, where a form's token comes, comparing it.

The admin panel keeps its token in the server-side session; the public site derives it from the
browser's signed cookie. Both check it the same way, here.
"""

from __future__ import annotations

import secrets

from aiohttp import web

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def submitted_token(request: web.Request) -> str:
    """The token a form (field `csrf_token`) or a script (header X-CSRF-Token) sent."""
    if "X-CSRF-Token" in request.headers:
        return request.headers["X-CSRF-Token"]
    form = await request.post()
    value = form.get("csrf_token", "")
    return value if isinstance(value, str) else ""


def same_token(expected: str, given: str) -> bool:
    """Constant-time, and never true for an empty expectation (no cookie, no session)."""
    return bool(expected) and secrets.compare_digest(expected.encode(), given.encode())
