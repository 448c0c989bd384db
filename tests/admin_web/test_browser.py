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
from tests.bots.helpers import served
from tests.panel import PASSWORD, make_account
from tests.talk import Talker, onboard

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextlib.asynccontextmanager
async def browser_on_panel(mode, flags: tuple[str, ...] = (), permissions: tuple[str, ...] = ()):
    settings = Settings()
    app = create_app(settings, mode.store, create_admin_app(settings, mode.store))
    async with served(app) as url, async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM,
                                                   args=[*FLAGS, *flags])
        context = await browser.new_context(accept_downloads=True, locale="ru-RU",
                                            permissions=list(permissions))
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


def camera_film(text: str, path: Path, width: int = 320, height: int = 240) -> Path:
    """A Y4M video of a QR code, for Chromium's fake camera (it plays the file in a loop)."""
    import segno

    matrix = [[bool(cell) for cell in row] for row in segno.make(text, error="m").matrix]
    size = len(matrix) + 8  # the quiet zone
    scale = min(width, height) // size
    left, top = (width - size * scale) // 2, (height - size * scale) // 2
    luma = bytearray([255]) * (width * height)
    for y, row in enumerate(matrix):
        for x, dark in enumerate(row):
            if dark:
                for dy in range(scale):
                    start = (top + (y + 4) * scale + dy) * width + left + (x + 4) * scale
                    luma[start:start + scale] = bytes(scale)
    chroma = bytes([128]) * (width // 2 * height // 2)
    frame = b"FRAME\n" + bytes(luma) + chroma + chroma
    header = f"YUV4MPEG2 W{width} H{height} F10:1 Ip A1:1 C420jpeg\n".encode()
    path.write_bytes(header + frame * 10)
    return path


async def test_staff_run_an_event_from_the_form_to_the_door(mode, tmp_path):
    """Create the event in the form, see who registered, check in by camera and by code."""
    from backend.models import Event, Registration
    from backend.services import events
    from tests.events.helpers import NOW, make_residents

    await make_account("door", "staff")
    async with browser_on_panel(mode) as (url, context):
        page = await context.new_page()
        await sign_in(page, url, "door")
        await page.goto(f"{url}/admin/events/new")
        await page.fill("input[name=title]", "Профпроба «Кондитер» (демо)")
        await page.select_option("select[name=kind]", "career_trial")
        await page.select_option("select[name=municipality]", label="Котлас")
        for name, value in (("starts_at", "2027-03-01T12:00"), ("ends_at", "2027-03-01T14:00"),
                            ("registration_deadline", "2027-02-28T12:00"),
                            ("cancellation_deadline", "2027-02-28T12:00")):
            await page.fill(f"input[name={name}]", value)
        await page.fill("input[name=capacity]", "2")
        await page.select_option("select[name=status]", "published")
        await page.click("form.columns button[type=submit]")
        assert "Сохранено." in await page.content()
    event = await Event.get(title="Профпроба «Кондитер» (демо)")
    first, second = await make_residents(2)
    tickets = [(await events.register(event.id, person.id, channel="vk", now=NOW))
               .registration.ticket for person in (first, second)]
    film = camera_film(f"COPP-T:{tickets[0]}", tmp_path / "qr.y4m")
    flags = ("--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
             f"--use-file-for-fake-video-capture={film}")
    async with browser_on_panel(mode, flags, permissions=("camera",)) as (url, context):
        page = await context.new_page()
        errors = []
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        await sign_in(page, url, "door")
        await page.goto(f"{url}/admin/events/{event.id}/registrations")
        assert "Житель 0" in await page.content() and "Житель 1" in await page.content()
        await page.goto(f"{url}/admin/events/{event.id}/checkin")
        await page.click("#start-camera")
        await page.wait_for_selector("#result", timeout=15000)
        assert "Добро пожаловать, Житель 0!" in await page.text_content("#result")
        await page.fill("#code", tickets[1])
        await page.click("#checkin-form button[type=submit]")
        assert "Добро пожаловать, Житель 1!" in await page.text_content("#result")
        await page.fill("#code", tickets[1])
        await page.click("#checkin-form button[type=submit]")
        assert "Уже отмечен(а)" in await page.text_content("#result")
        assert "Пришли: 2 из 2" in await page.content()
        assert errors == []
    assert await Registration.filter(checked_in_at__isnull=False).count() == 2
