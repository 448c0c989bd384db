"""A consultant answers a resident end to end in real Chromium: the question arrives in the
list without a reload, the reply goes to Telegram once, the resident's next message appears
in the open conversation by itself. No console errors (the CSP allows no inline script)."""

from __future__ import annotations

from backend.models import Consultation
from tests.admin_web.test_browser import browser_on_panel, sign_in
from tests.bots.helpers import onboard
from tests.bots.test_telegram import telegram
from tests.panel import make_account

CHAT = 4242


def said(fake, words: str) -> int:
    return sum(words in message.text for message in fake.chat(CHAT))


async def test_a_consultant_answers_a_resident_end_to_end(mode, telegram_fake):
    fake = telegram_fake
    await make_account("olga", "staff")
    async with telegram(mode, fake, "polling") as channel, \
            browser_on_panel(mode) as (url, context):
        page = await context.new_page()
        errors = []
        page.on("console", lambda message: errors.append(message.text)
                if message.type == "error" else None)
        await sign_in(page, url, "olga")
        await page.wait_for_url(url + "/admin/")
        await page.goto(url + "/admin/inbox")
        await page.evaluate("window.notReloaded = true")
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "/operator"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✍️ Написать вопрос"))
        await fake.step(CHAT, fake.send_text(CHAT, "Есть ли курсы 3D-печати в Котласе?"))
        number = (await Consultation.get()).id
        row = page.locator(f'#inbox-table a[href="/admin/inbox/{number}"]')
        await row.wait_for(timeout=15000)  # came by itself
        assert await page.evaluate("window.notReloaded") is True
        assert "Есть ли курсы 3D-печати" in await page.locator("#inbox-table").inner_text()
        await row.click()
        await page.wait_for_url(f"{url}/admin/inbox/{number}")
        await page.fill("#reply-text", "Да, в Котласском колледже с января.")
        await page.click("#send")
        await page.wait_for_url(f"{url}/admin/inbox/{number}")
        await channel.sender.deliver()
        await fake.wait_for(lambda: said(fake, "Котласском колледже") == 1)
        await page.evaluate("window.notReloaded = true")
        await fake.step(CHAT, fake.send_text(CHAT, "Спасибо! А сколько стоит?"))
        fresh = page.locator("#messages li", has_text="А сколько стоит?")
        await fresh.wait_for(timeout=15000)
        assert await page.evaluate("window.notReloaded") is True
        assert await page.locator("#messages li").count() == 3
        await page.screenshot(path="/tmp/copp-consultation.png", full_page=True)
        assert await channel.sender.deliver() == 0
    assert said(fake, "Котласском колледже") == 1
    assert errors == []
