"""The HTTP service: health, readiness, metrics, the privacy text, webhooks (added by
channels), /admin, /api/v1, and the public site at the root."""

from __future__ import annotations

from aiohttp import web

from backend import consent, i18n, probes
from backend.api import create_api_app
from backend.keys import METRICS, SETTINGS, STORE
from backend.metrics import Metrics
from backend.settings import LOCALES, Settings
from backend.store import Store

MAX_BODY = 1024 * 1024  # messenger updates are small; anything bigger is refused with 413


async def privacy(request: web.Request) -> web.Response:
    """The consent text residents agree to, readable in a browser (152-FZ art. 18.1)."""
    locale = request.query.get("lang", request.app[SETTINGS].default_locale)
    if locale not in LOCALES:
        raise web.HTTPBadRequest(text=f"lang must be one of: {', '.join(LOCALES)}")
    body = consent.text(consent.PROCESSING, locale)
    version = i18n.gettext(locale, i18n.N_("Version {version}")).format(
        version=consent.VERSIONS[consent.PROCESSING])
    return web.Response(text=f"{body}\n\n{version}\n", content_type="text/plain", charset="utf-8")


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    # A signal, not a middleware: it also sees what a middleware misses — an HTTPException
    # raised by a handler or by the router (404, 405), a 413, aiohttp's own 500.
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("Referrer-Policy", "no-referrer")
    response.headers.setdefault("X-Frame-Options", "DENY")


def create_app(settings: Settings, store: Store, admin: web.Application | None = None,
               site: list[web.AbstractRouteDef] | None = None) -> web.Application:
    """`site`: the public site's routes, served at the root (a sub-app cannot be: its prefix
    would be empty); its /privacy answers browsers with a page and others with this text."""
    app = web.Application(client_max_size=MAX_BODY)
    app.on_response_prepare.append(security_headers)
    app[SETTINGS] = settings
    app[STORE] = store
    app[METRICS] = Metrics()
    probes.add_routes(app)
    if site is not None:
        app.add_routes(site)
    else:
        app.router.add_get("/privacy", privacy)
    if admin is not None:
        app.add_subapp("/admin/", admin)
    app.add_subapp("/api/v1/", create_api_app())
    return app
