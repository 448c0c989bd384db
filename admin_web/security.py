"""Browser-facing protections: headers on every admin response, CSRF on every state change."""

from __future__ import annotations

from aiohttp import web

from backend.csrf import SAFE_METHODS, same_token, submitted_token

__all__ = ["CSP", "LOGIN_CSRF_COOKIE", "SAFE_METHODS", "headers_middleware", "same_token",
           "submitted_token"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
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
