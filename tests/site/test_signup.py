"""Signing up from a page: consent first, the bot's rules and services, the journal."""

from __future__ import annotations

import asyncio
import hashlib

from backend import consent
from backend.models import Application, AuditEvent, Consent, Event, Registration, User
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


async def journal() -> list[tuple[str, str, str | None]]:
    return [(e.action, e.object_type, e.channel)
            for e in await AuditEvent.all().order_by("id")]


async def test_apply_for_a_program_consent_first_then_the_application_journaled(mode):
    program = await make_program()
    where = await place()
    client = await site_client(mode.store)
    token = await form_token(client, "/programs/WELD-1")
    async with client.post("/programs/WELD-1", data=contact(token, where.id),
                           allow_redirects=False) as response:
        assert response.status == 303
        assert response.headers["Location"] == "/programs/WELD-1/applied"
    status, html = await page(client, "/programs/WELD-1/applied")
    application = await Application.get()
    assert status == 200 and f"№ {application.id}" in html
    user = await User.get()
    cookie = client.session.cookie_jar.filter_cookies(client.make_url("/"))["copp_site"]
    assert user.platform == "site"
    assert user.external_id == hashlib.sha256(cookie.value.split(".")[0].encode()).hexdigest()
    assert (user.full_name, user.phone, user.municipality_id) == (
        "Анна Иванова", "+79111234567", where.id)
    given = await Consent.get()
    assert (given.channel, given.version, given.granted, given.evidence) == (
        "site", consent.VERSIONS[consent.PROCESSING], True, "/programs/WELD-1")
    assert (application.program_id, application.channel) == (program.id, "site")
    assert await journal() == [("user.created", "user", "site"),
                               ("consent.granted", "user", "site"),
                               ("pd.changed", "user", "site"),
                               ("application.created", "application", "site")]
    # the same browser is the same resident: no second consent asked, the open one found
    status, html = await page(client, "/programs/WELD-1")
    assert 'name="consent"' not in html
    async with client.post("/programs/WELD-1", data=contact(token, where.id, consent="")) as r:
        assert r.status == 200 and f"№ {application.id}" in await r.text()
    assert await User.all().count() == 1 and await Application.all().count() == 1
    await client.close()


async def test_nothing_is_stored_without_consent_and_what_was_typed_stays(mode):
    await make_program()
    where = await place()
    client = await site_client(mode.store)
    token = await form_token(client, "/programs/WELD-1")
    async with client.post("/programs/WELD-1", data=contact(token, where.id, consent="")) as r:
        html = await r.text()
        assert r.status == 422
    assert "Без вашего согласия" in html
    assert 'value="Анна  Иванова"' in html and 'value="8 (911) 123-45-67"' in html
    assert f'<option value="{where.id}" selected>' in html
    assert await User.all().count() == 0 and await Consent.all().count() == 0
    assert await AuditEvent.all().count() == 0
    await client.close()


async def test_bad_name_phone_place_and_too_long_fields_say_what_to_fix(mode):
    await make_program()
    where = await place()
    client = await site_client(mode.store, default_locale="ru")
    token = await form_token(client, "/programs/WELD-1")
    cases = [({"phone": "позвоните мне"}, "phone", "не похоже на номер телефона"),
             ({"phone": "12345"}, "phone", "не похоже на номер телефона"),
             ({"phone": "+7 911 " + "1" * 40}, "phone", "не длиннее 30"),
             ({"full_name": "R2-D2"}, "full_name", "Анна Иванова"),
             ({"full_name": "А" * 101}, "full_name", "не длиннее 100"),
             ({"full_name": ""}, "full_name", "Напишите, пожалуйста, ваше имя"),
             ({"place": "99999"}, "place", "Выберите, пожалуйста, ваш город"),
             ({"place": "Москва"}, "place", "Выберите, пожалуйста, ваш город")]
    for change, field, said in cases:
        async with client.post("/programs/WELD-1", data=contact(token, where.id, **change)) as r:
            html = await r.text()
        assert r.status == 422, change
        error = html.split(f'id="f-{field}-error">', 1)[1].split("</p>", 1)[0]
        assert said in error, (change, error)
        assert f'id="f-{field}"' in html and 'aria-invalid="true"' in html
    async with client.post("/programs/WELD-1?lang=en",
                           data=contact(token, where.id, phone="call me")) as r:
        assert "does not look like a phone number" in await r.text()
    assert await User.all().count() == 0
    await client.close()


async def test_a_form_without_its_token_or_with_another_browsers_is_refused(mode):
    await make_program()
    where = await place()
    client = await site_client(mode.store)
    other = await site_client(mode.store)
    token = await form_token(client, "/programs/WELD-1")
    async with client.post("/programs/WELD-1", data=contact("", where.id)) as r:
        assert r.status == 403 and "Обновите страницу" in await r.text()
    async with other.post("/programs/WELD-1", data=contact(token, where.id)) as r:
        assert r.status == 403, "a token is good only with its own browser's cookie"
    forged = client.session.cookie_jar.filter_cookies(client.make_url("/"))["copp_site"].value
    other.session.cookie_jar.update_cookies({"copp_site": forged.split(".")[0] + ".forged"})
    async with other.post("/programs/WELD-1", data=contact(token, where.id)) as r:
        assert r.status == 403
    assert await User.all().count() == 0
    await client.close()
    await other.close()


async def test_too_many_forms_from_one_address_are_refused_for_a_while(mode):
    await make_program()
    where = await place()
    client = await site_client(mode.store)
    token = await form_token(client, "/programs/WELD-1")
    statuses = []
    for _ in range(limits.FORM_BURST + 2):
        async with client.post("/programs/WELD-1",
                               data=contact(token, where.id, phone="no")) as r:
            statuses.append(r.status)
            text = await r.text()
    assert statuses[:limits.FORM_BURST] == [422] * limits.FORM_BURST
    assert statuses[limits.FORM_BURST:] == [429, 429] and "Слишком много" in text
    await client.close()


async def test_unknown_program_and_a_started_one(mode):
    from datetime import date, timedelta

    await make_program(code="OLD-1", start_date=date.today() - timedelta(days=3))
    await make_program()
    where = await place()
    client = await site_client(mode.store)
    token = await form_token(client, "/programs/WELD-1")  # the browser's, good for any form
    status, html = await page(client, "/programs/OLD-1")
    assert "набор закрыт" in html and 'name="full_name"' not in html
    async with client.post("/programs/OLD-1", data=contact(token, where.id)) as r:
        assert r.status == 422 and "больше не принимают заявки" in await r.text()
    async with client.post("/programs/NOPE", data=contact(token, where.id)) as r:
        assert r.status == 404
    assert await User.all().count() == 0, "a refused application leaves nothing half-written"
    await client.close()


async def test_register_for_an_event_and_get_the_ticket_qr_and_calendar(mode):
    event = await make_event(capacity=3, questions=["Какой у вас опыт?"])
    where = await place()
    client = await site_client(mode.store)
    token = await form_token(client, f"/events/{event.id}")
    form = contact(token, where.id, age="18-24", answer1="никакого")
    async with client.post(f"/events/{event.id}", data=form, allow_redirects=False) as r:
        assert r.status == 303 and r.headers["Location"] == f"/events/{event.id}/ticket"
    registration = await Registration.get()
    status, html = await page(client, f"/events/{event.id}/ticket")
    assert status == 200 and "Вы записаны!" in html and registration.ticket in html
    assert f'src="/events/{event.id}/ticket.png"' in html
    async with client.get(f"/events/{event.id}/ticket.png") as r:
        assert r.content_type == "image/png" and (await r.read()).startswith(b"\x89PNG")
    async with client.get(f"/events/{event.id}/event.ics") as r:
        calendar = await r.text()
        assert r.content_type == "text/calendar" and "SUMMARY:Профпроба «Сварщик»" in calendar
    assert (registration.status, registration.channel, registration.answers) == (
        "confirmed", "site", ["никакого"])
    assert (await User.get()).age_group == "18-24"
    assert ("event.confirmed", "registration", "site") in await journal()
    assert (await Event.get(id=event.id)).taken == 1
    status, html = await page(client, f"/events/{event.id}")
    assert "Ваш билет" in html and 'name="full_name"' not in html
    stranger = await site_client(mode.store)
    for path in ("ticket", "ticket.png", "event.ics"):
        async with stranger.get(f"/events/{event.id}/{path}") as r:
            assert r.status == 404, "another browser sees no one's ticket"
    await client.close()
    await stranger.close()


async def test_a_full_event_puts_you_on_the_waiting_list_and_is_never_overbooked(mode):
    event = await make_event(capacity=2)
    where = await place()
    browsers = [await site_client(mode.store) for _ in range(5)]
    tokens = [await form_token(b, f"/events/{event.id}") for b in browsers]

    async def register(browser, token, n):
        form = contact(token, where.id, age="25-34", full_name=f"Житель {'АБВГД'[n]}")
        async with browser.post(f"/events/{event.id}", data=form) as r:
            return await r.text()

    pages = await asyncio.gather(*(register(b, t, n)
                                   for n, (b, t) in enumerate(zip(browsers, tokens, strict=True))))
    assert (await Event.get(id=event.id)).taken == 2
    statuses = sorted(r.status for r in await Registration.all())
    assert statuses == ["confirmed", "confirmed", "waiting", "waiting", "waiting"]
    waiting = [html for html in pages if "лист" in html and "ожидания" in html]
    assert len(waiting) == 3 and all("ticket.png" not in html for html in waiting)
    for browser in browsers:
        await browser.close()


async def test_an_event_for_pupils_refuses_an_adult_politely(mode):
    event = await make_event(min_age=14, max_age=17)
    where = await place()
    client = await site_client(mode.store)
    token = await form_token(client, f"/events/{event.id}")
    async with client.post(f"/events/{event.id}",
                           data=contact(token, where.id, age="35-49")) as r:
        html = await r.text()
    assert r.status == 422 and "для возраста 14–17" in html
    assert 'value="Анна  Иванова"' in html
    assert await Registration.all().count() == 0 and await User.all().count() == 0
    await client.close()


async def test_behind_the_local_nginx_each_resident_has_their_own_limit(mode):
    await make_program()
    where = await place()
    client = await site_client(mode.store)
    token = await form_token(client, "/programs/WELD-1")

    async def send(address: str) -> int:
        # nginx appends the address it saw; a client may have written anything before it
        headers = {"X-Forwarded-For": f"10.0.0.1, {address}"}
        async with client.post("/programs/WELD-1", data=contact(token, where.id, phone="no"),
                               headers=headers) as r:
            return r.status

    assert [await send("203.0.113.7") for _ in range(limits.FORM_BURST + 1)][-1] == 429
    assert await send("198.51.100.20") == 422, "another resident is not held back"
    await client.close()


async def test_from_the_waiting_list_take_the_seat_offered_then_cancel(mode):
    from datetime import UTC, datetime

    from backend.services import events as event_service
    from tests.events.helpers import make_residents

    event = await make_event(capacity=1)
    where = await place()
    (first,) = await make_residents(1)
    await event_service.register(event.id, first.id, channel="telegram", now=datetime.now(UTC))
    client = await site_client(mode.store)
    token = await form_token(client, f"/events/{event.id}")
    async with client.post(f"/events/{event.id}",
                           data=contact(token, where.id, age="18-24")) as r:
        assert "1-й в листе ожидания" in await r.text()
    taken = await Registration.get(user_id=first.id)
    await event_service.cancel(taken.id, first.id, now=datetime.now(UTC))
    status, html = await page(client, f"/events/{event.id}/ticket")
    assert "Место ждёт вас до" in html and 'value="take"' in html
    async with client.post(f"/events/{event.id}/ticket",
                           data={"csrf_token": token, "action": "take"}) as r:
        html = await r.text()
    assert "Вы записаны!" in html and "ticket.png" in html
    async with client.post(f"/events/{event.id}/ticket",
                           data={"action": "cancel"}) as r:
        assert r.status == 403, "no token, no change"
    async with client.post(f"/events/{event.id}/ticket",
                           data={"csrf_token": token, "action": "cancel"}) as r:
        assert r.url.path == f"/events/{event.id}"
    mine = await Registration.get(user_id=(await User.get(platform="site")).id)
    assert mine.status == "cancelled"
    assert (await Event.get(id=event.id)).taken == 0
    async with client.get(f"/events/{event.id}/ticket", allow_redirects=False) as r:
        assert r.status == 303 and r.headers["Location"] == f"/events/{event.id}"
    await client.close()
