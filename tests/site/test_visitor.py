"""What a stranger trying the site ran into: each test walks their path from the browser."""

from __future__ import annotations

import re

from backend.models import Competency, Registration, User
from public_web import limits
from tests.site.helpers import (
    contact,
    form_token,
    make_event,
    make_program,
    page,
    place,
    site_client,
)

FORM = re.compile(r'<form method="post" action="([^"]+)" id="signup"')


async def test_after_a_failed_form_the_phone_lands_on_the_errors_not_the_top(mode):
    await make_program()
    event = await make_event()
    where = await place()
    client = await site_client(mode.store)
    for path in ("/programs/WELD-1", f"/events/{event.id}"):
        token = await form_token(client, path)
        async with client.post(path + "#signup", data=contact(token, where.id, phone="12")) as r:
            html = await r.text()
        assert r.status == 422
        assert FORM.search(html).group(1) == path + "#signup", "the form sends back to itself"
        form = html[html.index('id="signup"'):]
        assert form.index("Поправьте") < form.index('name="full_name"'), \
            "the summary opens the form the browser lands on"
    await client.close()


async def test_nothing_found_offers_areas_and_the_whole_catalog_never_a_dead_end(mode):
    welding, _ = await Competency.get_or_create(name="Сварочные технологии")
    await make_program(competency=welding)
    client = await site_client(mode.store)
    for words in ("маникюр", "английский", "швея", "переобучение", "ъхзщшгнекуцй"):
        status, html = await page(client, "/programs?q=" + words)
        assert status == 200 and "0 программ" in html, words
        assert f'href="/programs?area={welding.id}">Сварочные технологии<' in html, words
        assert "Посмотреть весь каталог: 1 программа" in html, words
    status, html = await page(client, "/")
    assert "маникюр" not in html and "сварщик" in html, "the example finds something"
    assert f'href="/programs?area={welding.id}"' in html
    await client.close()


async def test_an_area_shows_its_programs_as_the_bots_choose_an_area(mode):
    welding, _ = await Competency.get_or_create(name="Сварочные технологии")
    await make_program(competency=welding)
    await make_program(code="TECH", title="Технологии бережливого производства",
                       description="Сварочные технологии не нужны.")
    client = await site_client(mode.store)
    status, html = await page(client, f"/programs?area={welding.id}")
    assert status == 200 and html.count('class="item') == 1 and "WELD-1" in html
    assert "Направление: Сварочные технологии" in html
    assert f'name="area" value="{welding.id}"' in html, "a search within the area keeps it"
    status, html = await page(client, f"/programs?area={welding.id}&q=сварщик")
    assert html.count('class="item') == 1
    for bad in ("999999", "x", "-1"):
        assert (await page(client, "/programs?area=" + bad))[0] == 400, bad
    await client.close()


async def test_unknown_addresses_get_the_sites_own_page_or_the_address_meant(mode):
    await make_program(code="DEMO-069")
    event = await make_event()
    client = await site_client(mode.store)
    for typed, meant in [("/programs/", "/programs"), ("/events/?page=1", "/events?page=1"),
                         ("/programs/DEMO-069/", "/programs/DEMO-069"),
                         (f"/events/{event.id}/", f"/events/{event.id}"),
                         ("/programs/demo-069", "/programs/DEMO-069"),
                         ("/programs/Demo-069/applied", "/programs/DEMO-069/applied"),
                         ("/programs//", "/programs")]:
        async with client.get(typed, allow_redirects=False) as response:
            assert response.status == 301, typed
            assert response.headers["Location"] == meant, typed
    status, html = await page(client, "/programs/demo-069/")
    assert status == 200 and "<h1>Сварщик" in html, "two steps, one program"
    for path in ("/index.html", "/wp-login.php", "/programs/DEMO-069/about", "/событие"):
        status, html = await page(client, path)
        assert status == 404, path
        assert "Такой страницы нет" in html and 'href="/assets/site.css"' in html, path
    status, html = await page(client, "/index.html?lang=en")
    assert status == 404 and "There is no such page" in html
    for path in ("/admin", "/api/v1/nothing", "/webhooks/telegram", "/metrics/x", "/assets/x"):
        status, html = await page(client, path)
        assert status == 404 and "site.css" not in html, path
    async with client.post("/index.html") as response:
        assert response.status in (404, 405), "a form sent nowhere is not a page"
    await client.close()


async def test_codes_differing_only_by_case_stay_apart(mode):
    await make_program(code="AB-1")
    await make_program(code="ab-1", title="Другая программа")
    client = await site_client(mode.store)
    status, html = await page(client, "/programs/Ab-1")
    assert status == 404 and "Такой страницы нет" in html
    await client.close()


async def test_a_page_number_past_the_end_is_no_page(mode):
    for n in range(11):
        await make_program(code=f"NAIL-{n}", title=f"Мастер маникюра, группа {n + 1}")
    await make_event()
    client = await site_client(mode.store)
    for path, status in [("/programs?page=2", 200), ("/programs?page=3", 404),
                         ("/programs?page=999", 404), ("/programs?q=маникюр&page=2", 200),
                         ("/programs?q=абырвалг", 200), ("/programs?q=абырвалг&page=2", 404),
                         ("/events?page=1", 200), ("/events?page=2", 404),
                         ("/events?page=999", 404), ("/events?kind=excursion", 200)]:
        got, html = await page(client, path)
        assert got == status, path
        if status == 404:
            assert "Такой страницы нет" in html, path
    await client.close()


async def ticket_after_signing_up(mode, event) -> str:
    client = await site_client(mode.store)
    token = await form_token(client, f"/events/{event.id}")
    async with client.post(f"/events/{event.id}",
                           data=contact(token, (await place()).id, age="18-24")) as r:
        html = await r.text()
    assert r.url.path == f"/events/{event.id}/ticket"
    await client.close()
    return html


async def test_each_ticket_says_what_is_true_for_its_state(mode):
    from datetime import UTC, datetime

    from backend.services import events as event_service
    from tests.events.helpers import make_residents

    full = await make_event(capacity=1)
    (first,) = await make_residents(1)
    await event_service.register(full.id, first.id, channel="telegram", now=datetime.now(UTC))
    html = await ticket_after_signing_up(mode, full)
    assert "<h1>Вы в листе ожидания</h1>" in html and "1-й в листе ожидания" in html
    assert "напишем" not in html and "заглядывайте на эту страницу" in html
    assert "Выйти из листа ожидания" in html and "место перейдёт" not in html
    assert "ticket.png" not in html

    await Registration.all().delete()
    await User.all().delete()
    asked = await make_event(approval_required=True, title="Экскурсия на верфь")
    html = await ticket_after_signing_up(mode, asked)
    assert "<h1>Заявка ждёт подтверждения</h1>" in html and "Ваш билет" not in html
    assert "ответ появится на этой странице" in html and "напишем" not in html
    assert "ticket.png" not in html


async def test_an_online_ticket_has_a_real_link_and_no_door(mode):
    address = "https://meet.example/room?id=7&key=<b>"
    event = await make_event(municipality_id=None, venue="", online_url=address)
    html = await ticket_after_signing_up(mode, event)
    assert "<h1>Ваш билет</h1>" in html and "Ссылка для входа" in html
    assert ('<a class="meeting" href="https://meet.example/room?id=7&amp;key=&lt;b&gt;" '
            'rel="noopener">') in html
    assert "на входе" not in html and "ticket.png" not in html
    await Registration.all().delete()
    await User.all().delete()
    sneaky = await make_event(municipality_id=None, venue="", online_url="javascript:alert(1)")
    html = await ticket_after_signing_up(mode, sneaky)
    assert 'href="javascript' not in html and "Где: javascript:alert(1)" in html


async def test_cancelling_asks_first_then_says_it_is_done_and_back_is_no_dead_end(mode):
    event = await make_event()
    client = await site_client(mode.store)
    token = await form_token(client, f"/events/{event.id}")
    async with client.post(f"/events/{event.id}",
                           data=contact(token, (await place()).id, age="18-24")) as r:
        html = await r.text()
    assert 'name="cancel" value="1"' in html and 'method="get"' in html, "a click only asks"
    status, html = await page(client, f"/events/{event.id}/ticket?cancel=1")
    assert status == 200 and "Отменить запись?" in html and "Нет, оставить" in html
    assert (await Registration.get()).status == "confirmed", "asking changed nothing"
    async with client.post(f"/events/{event.id}/ticket",
                           data={"csrf_token": token, "action": "cancel"}) as r:
        html = await r.text()
    assert r.url.path == f"/events/{event.id}" and "Запись отменена." in html
    assert (await Registration.get()).status == "cancelled"
    for back in (f"/events/{event.id}/ticket?cancel=1", f"/events/{event.id}/ticket"):
        status, html = await page(client, back)
        assert status == 200 and "Такой страницы нет" not in html, back
        assert 'name="full_name"' in html, "the event, to register again"
    status, html = await page(client, f"/events/{event.id}?cancelled=1")
    assert "Запись отменена" in html, "said to the one who cancelled"
    stranger = await site_client(mode.store)
    status, html = await page(stranger, f"/events/{event.id}?cancelled=1")
    assert "Запись отменена" not in html, "a stranger's address says nothing of the kind"
    await stranger.close()
    await client.close()


async def test_a_school_class_signs_up_from_one_address_typos_and_all(mode):
    event = await make_event(capacity=50)
    where = await place()
    client = await site_client(mode.store)

    async def pupil(n: int) -> tuple[int, int]:
        client.session.cookie_jar.clear()  # the next computer in the classroom
        token = await form_token(client, f"/events/{event.id}")
        form = contact(token, where.id, age="14-17", full_name="Мария Иванова")
        async with client.post(f"/events/{event.id}", data={**form, "phone": "8911"}) as r:
            typo = r.status
        async with client.post(f"/events/{event.id}", data=form,
                               allow_redirects=False) as r:
            return typo, r.status

    results = [await pupil(n) for n in range(limits.SIGN_UP_BURST)]
    assert results == [(422, 303)] * limits.SIGN_UP_BURST
    assert await Registration.filter(status="confirmed").count() == limits.SIGN_UP_BURST
    assert (await pupil(99))[1] == 429, "then the address waits"
    assert await Registration.all().count() == limits.SIGN_UP_BURST
    await client.close()


async def test_with_cookies_blocked_the_form_says_so_and_keeps_what_was_typed(mode):
    await make_program()
    event = await make_event(questions=["Кем работаете?"])
    where = await place()
    client = await site_client(mode.store)
    for path in ("/programs/WELD-1", f"/events/{event.id}"):
        token = await form_token(client, path)
        client.session.cookie_jar.clear()  # the browser drops every cookie it is given
        form = contact(token, where.id, age="25-34", answer1="Сварщиком")
        async with client.post(path, data=form) as r:
            html = await r.text()
        assert r.status == 403, path
        assert "нужны файлы cookie" in html and "Обновите страницу" not in html, path
        assert 'value="Анна  Иванова"' in html and 'value="8 (911) 123-45-67"' in html, path
        assert f'<option value="{where.id}" selected>' in html, path
        assert 'name="csrf_token"' in html, path
        if path.startswith("/events"):
            assert 'value="Сварщиком"' in html and '"25-34" selected' in html
    assert await User.all().count() == 0, "nothing stored"
    await client.close()


async def test_started_programs_are_marked_and_come_after_open_ones(mode):
    from datetime import date, timedelta

    from backend.services import programs_search

    await make_program(code="OLD", title="Сварщик", start_date=date.today() - timedelta(days=5),
                       description="Сварщик: сварка, сварщик, сварщик.")
    await make_program(code="NEW", title="Электрогазосварщик", description="Резка металла.")
    _, bot = await programs_search.find_programs("сварщик", limit=10)
    assert [p.code for p in bot] == ["OLD", "NEW"], "the bot: the best match first, as before"
    client = await site_client(mode.store)
    status, html = await page(client, "/programs?q=сварщик")
    items = re.findall(r'<li class="item( closed)?"><h3><a href="/programs/(\w+)"', html)
    assert items == [("", "NEW"), (" closed", "OLD")]
    assert "набор закрыт" in html.split('href="/programs/OLD"')[1]
    assert "набор закрыт" not in html.split('href="/programs/OLD"')[0].split('class="list"')[1]
    status, html = await page(client, "/programs/OLD")
    assert 'href="/programs?q=%D0%A1%D0%B2%D0%B0%D1%80%D1%89%D0%B8%D0%BA">Поищите' in html
    await client.close()


async def test_the_privacy_page_dates_its_version_as_people_write_dates(mode):
    client = await site_client(mode.store)
    status, html = await page(client, "/privacy")
    assert status == 200 and "Редакция от 28 ноября 2026" in html and "2026-11-28" not in html
    status, html = await page(client, "/privacy?lang=en")
    assert "Version of November 28, 2026" in html
    await client.close()
