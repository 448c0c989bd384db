"""The site in real headless Chromium (Debian's, driven by Playwright): a resident finds a
program from the home page, applies, registers for an event and gets the ticket; axe-core
finds no serious or critical accessibility problem on any public page."""

from __future__ import annotations

import contextlib
from pathlib import Path

from playwright.async_api import async_playwright

from backend.app import create_app
from backend.models import Application, Registration, User
from backend.settings import Settings
from public_web import create_site
from tests.admin_web.test_browser import CHROMIUM, FLAGS
from tests.bots.helpers import served
from tests.site.helpers import make_event, make_program, place

AXE = (Path(__file__).resolve().parent / "axe.min.js").read_text(encoding="utf-8")
SERIOUS = ("serious", "critical")


@contextlib.asynccontextmanager
async def browser_on_site(mode, width: int = 390):
    settings = Settings(site_secret="a-test-key-for-the-site-cookie",
                        telegram_bot_username="copp29_bot", webchat=False)  # chat: below
    app = create_app(settings, mode.store, None, create_site(settings, mode.store))
    async with served(app) as url, async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = await browser.new_context(accept_downloads=True, locale="ru-RU",
                                            viewport={"width": width, "height": 800})
        try:
            yield url, context
        finally:
            await context.close()
            await browser.close()


async def problems(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now.

    Evaluated through the DevTools protocol: the page's CSP forbids inline script, as it
    should, so axe cannot come in as a <script> tag."""
    await page.evaluate(AXE)
    found = await page.evaluate("""async () => {
        const result = await axe.run(document);
        return result.violations.map(v => ({id: v.id, impact: v.impact,
            nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}));
    }""")
    return [f"{v['id']} ({v['impact']}): {v['nodes']}" for v in found if v["impact"] in SERIOUS]


async def test_a_resident_finds_a_program_applies_registers_and_gets_the_ticket(mode):
    await make_program()
    await make_program(code="NAIL-1", title="Мастер маникюра", type="general", price=9000)
    event = await make_event(capacity=3)
    where = await place()
    async with browser_on_site(mode) as (url, context):
        page = await context.new_page()
        errors, missing = [], []
        # a 422 form or a 404 page is a document the browser reports too: not an error here
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" and "Failed to load resource" not in message.text
                else None)
        page.on("response", lambda response: missing.append(response.url)
                if response.status >= 400 and response.request.resource_type != "document"
                else None)
        checked = {}

        async def check(name: str) -> None:
            checked[name] = await problems(page)

        await page.goto(url + "/")
        await check("home")
        await page.get_by_label("Чему вы хотите научиться?").fill("хочу на сварщика")
        await page.keyboard.press("Enter")
        await page.wait_for_url("**/programs?q=*")
        await check("catalog")
        await page.get_by_role("link", name="Сварщик ручной дуговой сварки").click()
        await page.wait_for_url("**/programs/WELD-1")
        await check("program")

        form = page.locator("form[method=post]")
        await form.get_by_label("Ваши имя и фамилия").fill("Анна Иванова")
        await form.get_by_label("Телефон").fill("89111234567x")  # a slip of the finger
        await form.get_by_label("Где вы живёте").select_option(str(where.id))
        await form.get_by_role("button", name="Записаться").click()
        await page.wait_for_load_state()
        assert page.url.endswith("/programs/WELD-1#signup"), "the browser opens at the form"
        assert await page.locator("#signup .summary").evaluate(
            "e => e.getBoundingClientRect().top >= 0"
            " && e.getBoundingClientRect().bottom <= innerHeight"), "the errors are in sight"
        assert await page.locator("#f-phone-error").is_visible()
        assert await page.locator("#f-consent-error").is_visible()
        assert await form.get_by_label("Ваши имя и фамилия").input_value() == "Анна Иванова"
        await check("program with errors")
        await form.get_by_label("Телефон").fill("+7 911 123-45-67")
        await page.locator("#f-consent").check()
        await form.get_by_role("button", name="Записаться").click()
        await page.wait_for_url("**/programs/WELD-1/applied*")  # the #signup kept by the 303
        application = await Application.get()
        assert f"№ {application.id}" in await page.locator("h1").inner_text()
        await check("applied")

        await page.get_by_role("link", name="Мероприятия", exact=True).click()
        await page.wait_for_url("**/events")
        await check("events")
        await page.get_by_role("link", name=event.title).click()
        await check("event")
        form = page.locator("form[method=post]")
        assert await page.locator("#f-consent").count() == 0, "consent was given already"
        await form.get_by_label("Ваши имя и фамилия").fill("Анна Иванова")
        await form.get_by_label("Телефон").fill("8 911 123 45 67")
        await form.get_by_label("Где вы живёте").select_option(str(where.id))
        await form.get_by_label("Ваш возраст").select_option("18-24")
        await form.get_by_role("button", name="Записаться").click()
        await page.wait_for_url(f"**/events/{event.id}/ticket*")
        registration = await Registration.get()
        assert registration.ticket in await page.locator(".ticket").inner_text()
        qr = page.get_by_role("img", name=f"QR-код билета {registration.ticket}")
        assert await qr.evaluate("img => img.complete && img.naturalWidth > 0")
        await check("ticket")
        async with page.expect_download() as download:
            await page.get_by_role("link", name="Добавить в календарь (.ics)").click()
        calendar = Path(await (await download.value).path()).read_text(encoding="utf-8")
        assert "BEGIN:VEVENT" in calendar and event.title in calendar

        await page.get_by_role("button", name="Отменить запись").click()
        await page.wait_for_url(f"**/events/{event.id}/ticket?cancel=1*")
        await check("asked to cancel")
        await page.get_by_role("button", name="Да, отменить").click()
        await page.wait_for_url(f"**/events/{event.id}?cancelled=1*")
        assert await page.get_by_role("status").inner_text() == "Запись отменена."
        await check("cancelled")
        await page.go_back()
        assert await page.locator("h1").inner_text() == event.title, "Back: the event again"

        for path in ("/privacy", "/programs/NO-SUCH", "/?lang=en", "/programs?q=абырвалг"):
            await page.goto(url + path)
            await check(path)
        assert {name: found for name, found in checked.items() if found} == {}
        assert errors == [], "no CSP violations"
        assert missing == [], "no missing files"
        assert await User.filter(platform="site").count() == 1


async def test_keyboard_alone_reaches_the_search_and_sees_where_it_is(mode):
    async with browser_on_site(mode, width=1280) as (url, context):
        page = await context.new_page()
        await page.goto(url + "/")
        await page.keyboard.press("Tab")
        skip = page.locator(":focus")
        assert await skip.inner_text() == "Перейти к содержанию"
        assert await skip.is_visible(), "the skip link shows when focused"
        outline = await skip.evaluate("e => getComputedStyle(e).outlineStyle")
        assert outline != "none", "focus is visible"
        await page.keyboard.press("Enter")
        for _ in range(3):
            await page.keyboard.press("Tab")
            if await page.locator(":focus").get_attribute("id") == "q":
                break
        assert await page.locator(":focus").get_attribute("id") == "q"


async def test_axe_does_see_a_problem_when_there_is_one(mode):
    """The check above can fail: a field without a label is a critical violation."""
    async with browser_on_site(mode) as (url, context):
        page = await context.new_page()
        await page.goto(url + "/")
        await page.evaluate("""() => {
            const field = document.createElement('input');
            document.querySelector('main').append(field);
        }""")
        assert any(found.startswith("label (critical)") for found in await problems(page))


async def test_a_resident_without_a_messenger_opens_the_chat_on_the_home_page(mode):
    """The site carries the web chat: the same dialogs for someone with neither Telegram nor
    VK, under the site's own strict policy."""
    from backend.keys import METRICS
    from bots.web.channel import WebChannel
    from dialogs import REGISTRY
    from dialogs.engine import Engine

    settings = Settings(site_secret="a-test-key-for-the-site-cookie")
    app = create_app(settings, mode.store, None, create_site(settings, mode.store))
    chat = WebChannel(settings, Engine(mode.store, REGISTRY), mode.store, metrics=app[METRICS])
    chat.add_routes(app)  # after the site's routes, as `copp web` adds them
    async with served(app) as url, async_playwright() as playwright:
        await chat.start()
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        try:
            page = await browser.new_page(locale="ru-RU", viewport={"width": 390, "height": 800})
            blocked: list[str] = []
            page.on("console", lambda m: blocked.append(m.text) if m.type == "error" else None)
            await page.goto(url + "/")
            assert "откройте чат внизу страницы" in await page.inner_text("main")
            await page.get_by_role("button", name="Написать нам").click()
            await page.get_by_role("button", name="Русский").wait_for()
            assert blocked == []
        finally:
            await browser.close()
            await chat.stop()
