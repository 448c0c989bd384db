"""The public pages as a browser and a search engine read them: language, data, errors."""

from __future__ import annotations

import json
import re

from backend.models import Event
from tests.site.helpers import make_event, make_program, page, site_client

LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def structured(html: str) -> dict:
    found = LD.findall(html)
    assert len(found) == 1, "one schema.org block"
    return json.loads(found[0])


async def test_home_offers_search_events_and_the_test_in_russian_by_default(mode):
    await make_program()
    await make_event(title="День открытых дверей в колледже")
    client = await site_client(mode.store, telegram_bot_username="copp29_bot")
    status, html = await page(client, "/")
    assert status == 200
    assert '<html lang="ru">' in html
    assert 'action="/programs"' in html and 'name="q"' in html
    assert "День открытых дверей в колледже" in html
    assert "https://t.me/copp29_bot?start=career" in html
    assert 'property="og:title"' in html
    await client.close()


async def test_language_from_the_address_then_remembered_else_from_the_browser(mode):
    client = await site_client(mode.store)
    status, html = await page(client, "/", **{"Accept-Language": "en-GB,en;q=0.9,ru;q=0.5"})
    assert '<html lang="en">' in html and "Coming events" in html
    async with client.get("/events?lang=ru", headers={"Accept-Language": "en"}) as response:
        assert '<html lang="ru">' in await response.text()
        assert response.cookies["copp_lang"].value == "ru"
    status, html = await page(client, "/events", **{"Accept-Language": "en"})
    assert '<html lang="ru">' in html, "the choice made is kept"
    await client.close()


async def test_the_catalog_searches_like_the_bot_filters_and_pages(mode):
    await make_program()
    for n in range(12):
        await make_program(code=f"NAIL-{n}", title=f"Мастер маникюра, группа {n + 1}",
                           type="general", hours=72, price=9000, distance=n % 2 == 0)
    client = await site_client(mode.store)
    status, html = await page(client, "/programs?q=сваршик")  # a typo, as people type
    assert status == 200 and "Сварщик ручной дуговой сварки" in html
    status, html = await page(client, "/programs?q=маникюр")
    assert "12" in re.search(r'id="found"[^>]*>([^<]+)', html).group(1)
    assert html.count('class="item"') == 10 and "Страница 1 из 2" in html
    status, html = await page(client, "/programs?q=маникюр&page=2")
    assert html.count('class="item"') == 2
    status, html = await page(client, "/programs?q=маникюр&online=1")
    assert html.count('class="item"') == 6
    status, html = await page(client, "/programs?free=1")
    assert html.count('class="item"') == 1 and "Сварщик" in html
    status, html = await page(client, "/programs?q=абырвалг")
    assert status == 200 and "0 программ" in html
    await client.close()


async def test_bad_addresses_answer_with_a_page_never_a_crash(mode):
    client = await site_client(mode.store)
    for path, expected in [("/programs/NO-SUCH", 404), ("/events/999999", 404),
                           ("/events/abc", 404), ("/events/0", 404),
                           ("/events/99999999999999999999", 404), ("/programs?page=0", 400),
                           ("/programs?page=x", 400), ("/programs?kind=rocket", 400),
                           ("/programs?place=Атлантида", 400), ("/events?place=-1", 400),
                           ("/events/1/ticket", 404), ("/events/1/ticket.png", 404),
                           ("/programs/%00/applied", 404)]:
        status, html = await page(client, path)
        assert status == expected, path
        assert "<h1>" in html and 'href="/programs"' in html, path
    status, html = await page(client, "/programs/NO-SUCH?lang=en")
    assert "There is no such page" in html
    await client.close()


async def test_a_program_page_carries_a_course_and_open_graph(mode):
    await make_program(price=12000)
    client = await site_client(mode.store, public_url="https://copp29.example")
    async with client.get("/programs/WELD-1", headers={"Accept": "text/html"}) as response:
        html = await response.text()
        csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    course = structured(html)
    assert course["@type"] == "Course" and course["courseCode"] == "WELD-1"
    assert course["offers"][0]["price"] == 12000
    assert course["url"] == "https://copp29.example/programs/WELD-1"
    assert '<meta property="og:url" content="https://copp29.example/programs/WELD-1">' in html
    assert "Записаться" in html
    await client.close()


async def test_catalog_text_cannot_break_out_of_the_data_block(mode):
    await make_program(title="</script><script>alert(1)</script>", description="a & b")
    client = await site_client(mode.store)
    status, html = await page(client, "/programs/WELD-1")
    assert "<script>alert" not in html
    assert structured(html)["name"] == "</script><script>alert(1)</script>"
    await client.close()


async def test_events_show_seats_left_and_an_event_is_an_event(mode):
    event = await make_event(capacity=5, taken=3)
    full = await make_event(capacity=2, taken=2, title="Экскурсия на лесозавод")
    await make_event(title="Черновик", status="draft")
    client = await site_client(mode.store)
    status, html = await page(client, "/events")
    assert "осталось 2 места" in html and "мест нет" in html and "Черновик" not in html
    status, html = await page(client, f"/events/{event.id}")
    data = structured(html)
    assert data["@type"] == "Event" and data["remainingAttendeeCapacity"] == 2
    status, html = await page(client, f"/events/{full.id}")
    assert structured(html)["offers"]["availability"] == "https://schema.org/SoldOut"
    assert "лист ожидания" in html.lower()
    draft = await Event.get(title="Черновик")
    assert (await page(client, f"/events/{draft.id}"))[0] == 404
    await client.close()


async def test_privacy_is_a_page_for_browsers_and_text_for_the_rest(mode):
    client = await site_client(mode.store)
    status, html = await page(client, "/privacy")
    assert status == 200 and "<h1>Согласие на обработку персональных данных</h1>" in html
    async with client.get("/privacy?lang=en") as response:
        assert response.content_type == "text/plain"
        assert (await response.text()).startswith("Consent to the processing")
    async with client.get("/privacy?lang=xx") as response:
        assert response.status == 400
    status, html = await page(client, "/privacy?lang=xx")
    assert status == 400
    await client.close()


async def test_a_code_with_a_slash_or_a_space_still_leads_to_its_program(mode):
    await make_program(code="ПП 12/2026", title="Оператор котельной")
    client = await site_client(mode.store)
    status, html = await page(client, "/programs?q=котельной")
    assert 'href="/programs/%D0%9F%D0%9F%2012%2F2026"' in html
    status, html = await page(client, "/programs/%D0%9F%D0%9F%2012%2F2026")
    assert status == 200 and "<h1>Оператор котельной</h1>" in html
    assert 'action="/programs/%D0%9F%D0%9F%2012%2F2026#signup"' in html
    await client.close()
