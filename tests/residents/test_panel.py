"""Staff with residents: card reads are journaled, export on request, anonymization."""

from __future__ import annotations

import json

from backend.models import AuditEvent, User
from backend.services import events
from dialogs.model import Start
from tests.events.helpers import NOW, make_event, make_residents
from tests.panel import (
    card_journal,
    has_entry,
    make_account,
    page_token,
    panel,
    sign_in,
    signed_in,
    url,
)
from tests.talk import Talker, onboard


async def resident(mode) -> User:
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk(Start())
    return await User.get(external_id="resident-1")


async def test_opening_a_card_is_journaled_with_who_and_where(mode):
    person = await resident(mode)
    staff = await make_account("anna", "staff")
    client = await panel(mode.store)
    await sign_in(client, "anna")
    async with client.get(url("resident", id=person.id)) as page:
        text = await page.text()
        assert page.status == 200 and "resident-1" in text
        assert page.headers["Cache-Control"] == "no-store"
    event = await AuditEvent.get(action="pd.viewed", actor=f"staff:{staff.id}")
    assert event.object_id == str(person.id) and event.address == "127.0.0.1"
    await client.close()


async def test_search_finds_by_number_and_by_account_id(mode):
    person = await resident(mode)
    client = await signed_in(mode.store, "anna", "staff")
    for query in (str(person.id), "resident-1"):
        async with client.get(url("residents"), params={"q": query}) as page:
            assert f'{url("resident", id=person.id)}"' in await page.text()
    async with client.get(url("residents"), params={"q": "nobody"}) as page:
        assert f'{url("resident", id=person.id)}"' not in await page.text()
    await client.close()


async def test_export_is_a_json_attachment_and_is_journaled(mode):
    person = await resident(mode)
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, url("resident", id=person.id))
    async with client.post(url("resident_export", id=person.id),
                           data={"csrf_token": token}) as response:
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="resident-{person.id}.json"')
        data = json.loads(await response.read())
    assert data["resident"]["account_id"] == "resident-1"
    assert [c["granted"] for c in data["consents"]] == [True]
    assert await AuditEvent.filter(action="pd.exported", object_id=str(person.id)).count() == 1
    await client.close()


async def test_anonymizing_forgets_the_account_and_keeps_the_row(mode):
    person = await resident(mode)
    client = await signed_in(mode.store, "boss", "admin")
    token = await page_token(client, url("resident", id=person.id))
    async with client.post(url("resident_anonymize", id=person.id),
                           data={"csrf_token": token, "confirm": "yes"}) as response:
        assert response.status == 200
    after = await User.get(id=person.id)
    assert after.external_id.startswith("anonymized-") and after.anonymized_at
    assert not after.subscribed and after.pd_consent is False
    assert await AuditEvent.filter(action="pd.anonymized", object_id=str(person.id)).count() == 1
    async with client.post(url("resident_anonymize", id=person.id),
                           data={"csrf_token": token, "confirm": "yes"}) as again:
        assert again.status == 409
    # The same messenger account starts afresh: nothing links it to the old record.
    talk = Talker(mode.engine())
    await talk(Start())
    assert talk.buttons() == ["Русский", "English"]
    await client.close()


async def test_staff_may_not_anonymize(mode):
    person = await resident(mode)
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client)
    async with client.post(url("resident_anonymize", id=person.id),
                           data={"csrf_token": token, "confirm": "yes"}) as response:
        assert response.status == 403
    assert (await User.get(id=person.id)).anonymized_at is None
    await client.close()


# ---- reads through an application or an event land on the resident's card ------------------

async def test_opening_an_application_shows_on_the_applicants_card(mode):
    from backend.models import Application, Organization, Program

    person = await User.create(platform="vk", external_id="5", pd_consent=True,
                               full_name="Анна Иванова", phone="+79115551234")
    college = await Organization.create(name="Колледж (демо)")
    program = await Program.create(code="P-1", title="Программа 1", type="prof_training",
                                   form="ochnaya", hours=300, document="свидетельство",
                                   status="published", organization_id=college.id)
    application = await Application.create(user_id=person.id, kind="program",
                                           program_id=program.id, channel="vk")
    staff = await make_account("anna", "staff")
    client = await panel(mode.store)
    await sign_in(client, "anna")
    async with client.get(url("application", id=application.id)) as page:
        assert "+79115551234" in await page.text()
    rows = await card_journal(client, person.id)
    assert has_entry(rows, f"staff:{staff.id}", "pd.viewed", f"application {application.id}",
                     "127.0.0.1")
    await client.close()


async def test_an_events_registrations_and_export_show_on_each_residents_card(mode):
    event = await make_event(starts_at=NOW.replace(year=2027))
    people = await make_residents(2)
    held = [(await events.register(event.id, p.id, channel="telegram", now=NOW)).registration
            for p in people]
    staff = await make_account("anna", "staff")
    client = await panel(mode.store)
    await sign_in(client, "anna")
    async with client.get(url("event_registrations", id=event.id)) as page:
        assert "Житель 1" in await page.text()
    async with client.get(url("event_export", id=event.id)) as response:
        assert "Житель 1" in (await response.read()).decode("utf-8-sig")
    for person, registration in zip(people, held, strict=True):
        rows = await card_journal(client, person.id)
        for action in ("pd.viewed", "pd.exported"):
            assert has_entry(rows, f"staff:{staff.id}", action,
                             f"registration {registration.id}"), (action, rows)
    await client.close()


async def test_a_second_check_in_scan_is_journaled_and_shows_on_the_card(mode):
    event = await make_event(starts_at=NOW.replace(year=2027))
    (person,) = await make_residents(1)
    registration = (await events.register(event.id, person.id, channel="telegram",
                                          now=NOW)).registration
    staff = await make_account("anna", "staff")
    client = await panel(mode.store)
    await sign_in(client, "anna")
    token = await page_token(client, url("event_checkin", id=event.id))
    for _ in range(2):
        async with client.post(url("event_checkin", id=event.id),
                               data={"code": registration.ticket, "csrf_token": token}) as page:
            assert "Житель 0" in await page.text()
    assert await AuditEvent.filter(actor=f"staff:{staff.id}", object_type="registration",
                                   object_id=str(registration.id)).count() == 2
    rows = await card_journal(client, person.id)
    assert has_entry(rows, f"staff:{staff.id}", "event.checked_in",
                     f"registration {registration.id}", "127.0.0.1")
    assert has_entry(rows, f"staff:{staff.id}", "event.checked_in_again",
                     f"registration {registration.id}", "127.0.0.1")
    await client.close()
