"""The widget in real headless Chromium (Debian's, driven by Playwright), on a page of another
origin under a strict Content-Security-Policy, as the Center's site would carry it."""

from __future__ import annotations

import contextlib
from pathlib import Path

from aiohttp import web
from playwright.async_api import async_playwright

from bots.web.limits import Limits
from tests.bots.helpers import served
from tests.webchat.helpers import web_chat

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = Path(__file__).parent.parent / "site" / "axe.min.js"  # axe-core, MPL-2.0, vendored
WATCH_CSP = ("window.cspViolations = [];"
             "document.addEventListener('securitypolicyviolation',"
             " e => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));")


def site(platform: str) -> web.Application:
    """The Center's page: one script tag, and a CSP that allows nothing inline."""
    socket = platform.replace("http", "ws")
    csp = (f"default-src 'none'; script-src {platform}; style-src {platform}; "
           f"img-src {platform}; connect-src {socket}; base-uri 'none'; form-action 'none'")

    async def page(request: web.Request) -> web.Response:
        return web.Response(text=(
            '<!doctype html><html lang="ru"><head><meta charset="utf-8">'
            '<title>ЦОПП АО</title>'
            f'<script src="{platform}/widget.js" defer></script></head>'
            "<body><main><h1>Программы и мероприятия</h1><p>Страница сайта Центра.</p>"
            "</main></body></html>"), content_type="text/html",
            headers={"Content-Security-Policy": csp})

    app = web.Application()
    app.router.add_get("/", page)
    return app


@contextlib.asynccontextmanager
async def browser_on_site(mode):
    # A test clicks faster than people do; the limits themselves are tested in test_socket.py.
    quick = Limits(frame_burst=1000, address_burst=1000)
    async with web_chat(mode, quick) as (platform, _channel), \
            served(site(platform)) as page_url, \
            async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = await browser.new_context(locale="ru-RU")
        await context.add_init_script(WATCH_CSP)
        await context.add_init_script(path=AXE)  # not a page script: the CSP does not apply
        try:
            yield page_url, context
        finally:
            await context.close()
            await browser.close()


async def press(page, label: str, then: str) -> None:
    """Press a button of the newest message and wait for a message starting with `then`."""
    await page.locator(".copp-msg-bot").last.get_by_role("button", name=label, exact=True).click()
    await page.locator(".copp-msg-bot .copp-msg-text").filter(has_text=then).last.wait_for()


async def serious_violations(page) -> list[str]:
    """axe-core's serious and critical findings. The widget's CSP record is checked first and
    cleared after: axe itself reads the stylesheets with requests the policy refuses."""
    assert await page.evaluate("window.cspViolations") == []
    found = await page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ['violations']});
        return result.violations.filter(v => ['serious', 'critical'].includes(v.impact))
            .map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '));
    }""")
    await page.evaluate("window.cspViolations = []")
    return found


async def test_the_career_test_in_the_widget_survives_a_reload_and_ends_in_its_picture(mode):
    async with browser_on_site(mode) as (url, context):
        page = await context.new_page()
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        await page.goto(url)
        launcher = page.get_by_role("button", name="Написать нам")
        await launcher.click()
        assert await launcher.get_attribute("aria-expanded") == "true"
        assert await page.evaluate("document.activeElement.id") == "copp-chat-input"
        await page.get_by_role("button", name="Русский").wait_for()
        assert await serious_violations(page) == []

        await press(page, "Русский", "Согласие на обработку")
        await press(page, "Согласен(на)", "Главное меню")
        # typed, as a resident would: a section's name opens it
        await page.get_by_label("Ваше сообщение").fill("тест")
        await page.keyboard.press("Enter")
        await page.get_by_role("button", name="Начать тест").last.wait_for()
        await press(page, "Начать тест", "Сколько вам лет")
        await press(page, "18–24", "1/30")
        for number in range(2, 12):
            await press(page, "Интересно", f"{number}/30")

        await page.reload()  # mid-test: the chat opens again where it was
        await page.locator(".copp-msg-bot .copp-msg-text").filter(has_text="11/30").wait_for()
        assert await page.locator(".copp-msg-bot").count() == 1
        for number in range(12, 31):
            await press(page, "Не знаю" if number % 2 else "Интересно", f"{number}/30")
        await press(page, "Неинтересно", "Ваш ведущий тип")

        picture = page.locator("img.copp-msg-image").last
        await picture.wait_for()
        assert await picture.get_attribute("alt") == "Картинка"
        assert await picture.evaluate("img => img.complete && img.naturalWidth > 100")
        assert await page.get_by_role("button", name="Что дальше?").count() == 0
        assert "Что дальше?" in await page.locator(".copp-msg-bot").last.inner_text()
        assert await serious_violations(page) == []
        assert await page.evaluate("window.cspViolations") == []
        assert [e for e in errors if "widget.css' violates" not in e] == []  # axe's reads


async def test_the_widget_works_by_keyboard_and_announces_new_messages(mode):
    async with browser_on_site(mode) as (url, context):
        page = await context.new_page()
        await page.goto(url)
        await page.keyboard.press("Tab")
        assert await page.evaluate("document.activeElement.textContent") == "Написать нам"
        await page.keyboard.press("Enter")
        log = page.get_by_role("log", name="Сообщения")
        assert await log.get_attribute("aria-live") == "polite"
        await log.get_by_role("button", name="Русский").wait_for()
        await page.keyboard.press("Shift+Tab")  # from the input, back into the conversation
        assert await page.evaluate("document.activeElement.textContent") == "English"
        await page.keyboard.press("Enter")
        await page.locator(".copp-msg-text").filter(has_text="Consent").last.wait_for()
        assert await page.locator(".copp-msg-mine").last.text_content() == "Вы: English"
        await page.keyboard.press("Escape")
        assert await page.locator("#copp-chat-panel").is_hidden()
        assert await page.evaluate("document.activeElement.textContent") == "Написать нам"
        assert await page.evaluate("window.cspViolations") == []


async def test_the_demo_page_serves_the_widget_under_its_own_strict_policy(mode):
    async with browser_on_site(mode) as (url, context):
        page = await context.new_page()
        async with web_chat(mode) as (own, _channel):
            response = await page.goto(own + "/webchat/")
            assert "script-src 'self'" in response.headers["content-security-policy"]
            await page.get_by_role("button", name="Написать нам").click()
            await page.get_by_role("button", name="Русский").wait_for()
            assert await serious_violations(page) == []
            assert await page.evaluate("window.cspViolations") == []
