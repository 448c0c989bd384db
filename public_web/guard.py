"""A form sent to the site: from this address not too often, and with this browser's token."""

from __future__ import annotations

import logging

from aiohttp import web
from multidict import MultiDictProxy

from backend.csrf import same_token, submitted_token
from backend.untrusted import client_address
from public_web import limits

log = logging.getLogger(__name__)


class NoCookie(Exception):  # noqa: N818 - what happened, not a fault of ours
    """A form from a browser that did not send the cookie back: cookies are blocked (a form
    is always shown with one). The form comes with it, to show what was typed again."""

    def __init__(self, form: MultiDictProxy) -> None:
        super().__init__("no cookie")
        self.form = form


async def posted(site, request: web.Request) -> tuple[str, MultiDictProxy]:
    """The browser's token and the form; 429 or 403 (logged, nothing read) otherwise, or
    NoCookie."""
    route = request.match_info.route.resource.canonical
    if not await limits.form_allowed(site.store, client_address(request)):
        log.warning("site: form refused, too many from one address (%s)", route)
        raise web.HTTPTooManyRequests()
    if not site.browsers.keeps_cookies(request):
        log.info("site: a form from a browser without cookies (%s)", route)
        raise NoCookie(await request.post())
    token = site.browsers.token(request)
    if not same_token(site.browsers.csrf(token), await submitted_token(request)):
        log.warning("site: form without a valid CSRF token refused (%s)", route)
        raise web.HTTPForbidden()
    return token, await request.post()


async def sign_up(site, request: web.Request, make):
    """Make a sign-up (`make()`) when this address may: 429 (logged) when it has made too
    many lately; one that went through counts."""
    address = client_address(request)
    if not await limits.sign_up_allowed(site.store, address):
        log.warning("site: sign-up refused, too many from one address (%s)",
                    request.match_info.route.resource.canonical)
        raise web.HTTPTooManyRequests()
    made = await make()
    await limits.signed_up(site.store, address)
    return made
