"""One browser, one resident: a random token in a signed HttpOnly cookie.

The cookie is set on the first page with a form, before anything is known about the person:
it carries no data, only the token, and protects the forms (each form's CSRF token is derived
from it). The resident's record (platform "site") is made only when they consent; it keeps the
token's SHA-256, so a copy of the database gives no one a working cookie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from pathlib import Path

from aiohttp import web

from backend.settings import Settings

PLATFORM = "site"
MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie (Chromium caps it at 400 days)


def signing_key(settings: Settings) -> bytes:
    """COPP_SITE_SECRET, else a random key kept in the data directory, made on first start
    (every process on this machine reads the same file)."""
    if settings.site_secret:
        return settings.site_secret.get_secret_value().encode()
    path = Path(settings.data_dir) / "site-secret"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "wb") as file:
        file.write(secrets.token_hex(32).encode())
    return path.read_bytes().strip()


class Browsers:
    def __init__(self, key: bytes, https: bool) -> None:
        self.key = key
        self.https = https
        # __Host- cookies are only accepted over HTTPS with Path=/ and no Domain.
        self.cookie = "__Host-copp_site" if https else "copp_site"

    def _sign(self, purpose: str, token: str) -> str:
        digest = hmac.new(self.key, f"{purpose}:{token}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:24]).decode()

    def token(self, request: web.Request) -> str | None:
        """The browser's token, if its cookie is there and was signed by us."""
        value = request.cookies.get(self.cookie, "")
        token, _, signature = value[:200].partition(".")
        expected = self._sign("browser", token).encode()
        return token if token and hmac.compare_digest(signature.encode(), expected) else None

    def keeps_cookies(self, request: web.Request) -> bool:
        """Whether the browser sent our cookie back at all (set with every form shown)."""
        return self.cookie in request.cookies

    def for_form(self, request: web.Request) -> tuple[str, bool]:
        """The browser's token, or a new one (True) to remember() on the response."""
        token = self.token(request)
        return (token, False) if token else (secrets.token_urlsafe(24), True)

    def remember(self, response: web.StreamResponse, token: str) -> None:
        response.set_cookie(self.cookie, f"{token}.{self._sign('browser', token)}",
                            max_age=MAX_AGE, path="/", httponly=True, samesite="Lax",
                            secure=self.https)

    def csrf(self, token: str | None) -> str:
        return self._sign("csrf", token) if token else ""


def external_id(token: str) -> str:
    """What the resident's record keeps of the token."""
    return hashlib.sha256(token.encode()).hexdigest()
