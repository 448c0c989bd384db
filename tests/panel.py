"""An admin panel served on the real app, and a browser-like client for it."""

from __future__ import annotations

import functools
import re

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from admin_web import HERE, create_admin_app
from admin_web.routes import setup_routes
from backend.app import create_app
from backend.services import accounts
from backend.settings import Settings

PASSWORD = "a-long-test-password"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


@functools.cache
def _router() -> web.UrlDispatcher:
    admin = web.Application()
    setup_routes(admin, HERE / "static")
    web.Application().add_subapp("/admin/", admin)  # the prefix the panel is served under
    return admin.router


def url(name: str, query: dict | None = None, **parts: object) -> str:
    """The path of a named panel route (admin_web/routes.py): url("resident", id=7)."""
    found = _router()[name].url_for(**{key: str(value) for key, value in parts.items()})
    return str(found.with_query(query) if query else found)


async def panel(store, **settings) -> TestClient:
    config = Settings(**settings)
    client = TestClient(TestServer(create_app(config, store, create_admin_app(config, store))))
    await client.start_server()
    return client


async def make_account(login: str, role: str = "admin", organization_id: int | None = None,
                       must_change_password: bool = False):
    return await accounts.create_account("test", login, role, PASSWORD,
                                         organization_id=organization_id,
                                         must_change_password=must_change_password)


def token_in(html: str) -> str:
    found = TOKEN.search(html)
    assert found, "no CSRF token on the page"
    return found.group(1)


async def sign_in(client: TestClient, login: str, password: str = PASSWORD):
    async with client.get(url("login")) as page:
        token = token_in(await page.text())
    return await client.post(url("login_submit"), data={
        "login": login, "password": password, "csrf_token": token, "next": url("dashboard")},
        allow_redirects=False)


async def page_token(client: TestClient, path: str | None = None) -> str:
    async with client.get(path or url("dashboard")) as page:
        return token_in(await page.text())


async def signed_in(store, login: str, role: str = "admin") -> TestClient:
    """A client of a panel, signed in as a new account with `role`."""
    await make_account(login, role)
    client = await panel(store)
    await sign_in(client, login)
    return client


async def card_journal(client: TestClient, resident_id: int) -> list[str]:
    """The rows of the journal on a resident's card, each as one line of text."""
    async with client.get(url("resident", id=resident_id)) as page:
        html = await page.text()
    table = html.split("Журнал</h2>", 1)[1].split("</table>", 1)[0]
    rows = re.split(r"<tr[^>]*>", table)[2:]  # after the header row
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def has_entry(rows: list[str], *parts: str) -> bool:
    """Whether a row holds every part as whole words ("application 1" is not "application 12")."""
    return any(all(re.search(rf"(^| ){re.escape(part)}( |$)", row) for part in parts)
               for row in rows)
