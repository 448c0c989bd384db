"""The admin panel in real headless Chromium (Debian's, driven by Playwright)."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from playwright.async_api import async_playwright

from admin_web import create_admin_app
from backend.app import create_app
from backend.models import AuditEvent, SignInEvent, User
from backend.settings import Settings
from dialogs.model import Start
from tests.admin_web.client import PASSWORD, make_account
from tests.bots.helpers import served
from tests.dialogs.talk import Talker, onboard

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.asynccontextmanager
async def browser_on_panel(mode):
    settings = Settings()
    app = create_app(settings, mode.store, create_admin_app(settings, mode.store))
    async with served(app) as url, async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = await browser.new_context(accept_downloads=True, locale="ru-RU")
        try:
            yield url, context
        finally:
            await context.close()
            await browser.close()


async def sign_in(page, url: str, login: str, password: str = PASSWORD) -> None:
    await page.goto(url + "/admin/login")
    await page.fill("input[name=login]", login)
    await page.fill("input[name=password]", password)
    await page.click("button[type=submit]")


@pytest.fixture
async def resident(mode) -> User:
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk(Start())
    return await User.get(external_id="resident-1")


async def test_sign_in_shows_the_dashboard_with_charts(mode, resident):
    await make_account("boss")
    async with browser_on_panel(mode) as (url, context):
        page = await context.new_page()
        errors = []
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        await sign_in(page, url, "boss")
        await page.wait_for_url(url + "/admin/")
        assert await page.locator("h1").inner_text() == "Жители: 1"
        assert await page.locator("figure.chart svg").count() == 4
        assert errors == []  # no CSP violations, no missing assets
        await page.screenshot(path="/tmp/copp-dashboard.png", full_page=True)


async def test_lock_out_after_five_wrong_passwords(mode):
    await make_account("boss")
    async with browser_on_panel(mode) as (url, context):
        page = await context.new_page()
        for _ in range(5):
            await sign_in(page, url, "boss", "wrong-password-123")
            assert await page.locator("p.error").count() == 1
        await sign_in(page, url, "boss")
        assert "Неверный логин или пароль" in await page.locator("p.error").inner_text()
    assert await SignInEvent.filter(kind="login_locked").count() == 1


async def test_a_post_without_the_csrf_token_is_refused(mode):
    await make_account("boss")
    async with browser_on_panel(mode) as (url, context):
        page = await context.new_page()
        await sign_in(page, url, "boss")
        await page.wait_for_url(url + "/admin/")
        response = await context.request.post(url + "/admin/logout-everywhere", form={},
                                              max_redirects=0)
        assert response.status == 403
        await page.reload()
        assert page.url == url + "/admin/"  # still signed in: nothing happened


async def test_staff_is_refused_an_admin_page(mode):
    await make_account("anna", "staff")
    async with browser_on_panel(mode) as (url, context):
        page = await context.new_page()
        await sign_in(page, url, "anna")
        await page.wait_for_url(url + "/admin/")
        assert await page.locator("a[href='/admin/accounts']").count() == 0
        response = await page.goto(url + "/admin/accounts")
        assert response.status == 403


async def test_card_export_and_anonymize(mode, resident):
    await make_account("boss")
    async with browser_on_panel(mode) as (url, context):
        page = await context.new_page()
        await sign_in(page, url, "boss")
        await page.wait_for_url(url + "/admin/")
        await page.click("a[href='/admin/residents']")
        await page.click(f"a[href='/admin/residents/{resident.id}']")
        assert "resident-1" in await page.locator("dl.facts").inner_text()
        async with page.expect_download() as download_info:
            await page.click("#export")
        download = await download_info.value
        exported = json.loads(Path(await download.path()).read_text(encoding="utf-8"))
        assert exported["resident"]["id"] == resident.id
        await page.check("input[name=confirm]")
        await page.click("#anonymize")
        await page.wait_for_selector("text=Обезличен")
        assert "anonymized-" in await page.locator("dl.facts").inner_text()
    actions = await AuditEvent.filter(object_id=str(resident.id), actor__startswith="staff:") \
        .order_by("id").values_list("action", flat=True)
    assert actions == ["pd.viewed", "pd.exported", "pd.anonymized", "pd.viewed"]
