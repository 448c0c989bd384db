"""Browser-facing protections: headers on every admin response, CSRF on every state change."""

from __future__ import annotations

import secrets

from aiohttp import web

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
LOGIN_CSRF_COOKIE = "copp_login_csrf"


def headers_middleware(https: bool):
    @web.middleware
    async def security_headers(request: web.Request, handler):
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            response = exc
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        # The camera only for the check-in page's QR scanner, on this origin.
        response.headers["Permissions-Policy"] = "camera=(self), microphone=(), geolocation=()"
        response.headers["Cache-Control"] = "no-store"  # every admin page may show PD
        if https:
            response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if isinstance(response, web.HTTPException):
            raise response
        return response

    return security_headers


async def submitted_token(request: web.Request) -> str:
    if "X-CSRF-Token" in request.headers:
        return request.headers["X-CSRF-Token"]
    form = await request.post()
    value = form.get("csrf_token", "")
    return value if isinstance(value, str) else ""


def same_token(expected: str, given: str) -> bool:
    return bool(expected) and secrets.compare_digest(expected.encode(), given.encode())
