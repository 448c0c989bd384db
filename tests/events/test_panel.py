"""Staff run an event in the panel: create it, see who registered, approve, write, export,
check people in; college staff stay within their organization."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from backend.models import AuditEvent, Event, Organization, OutboxMessage, Registration
from backend.services import events
from tests.events.helpers import NOW, make_event, make_residents
from tests.panel import make_account, page_token, panel, sign_in, signed_in
from tests.spreadsheets import csv_rows

FORM = {"title": "День открытых дверей (демо)", "kind": "open_day", "audience": "9–11 классы",
        "municipality": "", "venue": "", "online_url": "", "starts_at": "2027-03-01T12:00",
        "ends_at": "2027-03-01T11:00", "registration_deadline": "2027-03-02T10:00",
        "cancellation_deadline": "2027-02-28T12:00", "capacity": "0", "min_age": "14",
        "max_age": "17", "questions": "Ваш класс?", "reminder_hours": "24, 2",
        "offer_hours": "24", "survey_url": "", "description": "", "status": "published"}


async def test_an_event_is_created_with_its_rules_checked(mode):
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/events/new")
    async with client.post("/admin/events/new", data={**FORM, "csrf_token": token}) as response:
        page = await response.text()
        assert response.status == 422
        for field in ("municipality", "ends_at", "registration_deadline", "capacity"):
            assert f'id="problem-{field}"' in page, field
    fixed = {**FORM, "online_url": "https://example.org/open-day", "ends_at": "2027-03-01T14:00",
             "registration_deadline": "2027-03-01T10:00", "capacity": "30"}
    async with client.post("/admin/events/new", data={**fixed, "csrf_token": token},
                           allow_redirects=False) as response:
        assert response.status == 302
    event = await Event.get()
    assert event.starts_at.isoformat() == "2027-03-01T09:00:00+00:00"  # 12:00 in Arkhangelsk
    assert event.questions == ["Ваш класс?"] and event.reminder_hours == [24, 2]
    async with client.get(f"/admin/events/{event.id}") as page:
        assert 'value="2027-03-01T12:00"' in await page.text()
    await client.close()


async def test_registrations_approval_message_export_and_check_in(mode):
    event = await make_event(capacity=2, approval_required=True,
                             starts_at=NOW.replace(year=2027))
    first, second, third = await make_residents(3)
    for person in (first, second, third):
        await events.register(event.id, person.id, channel="telegram", now=NOW,
                              answers=["=cmd()"])
    client = await signed_in(mode.store, "anna", "staff")
    async with client.get(f"/admin/events/{event.id}/registrations") as page:
        text = await page.text()
        assert "Житель 0" in text and "ждёт подтверждения" in text and "лист ожидания" in text
    assert await AuditEvent.filter(action="pd.viewed", object_type="event").count() == 1
    token = await page_token(client, f"/admin/events/{event.id}/registrations")
    pending = await Registration.get(user_id=first.id)
    await client.post(f"/admin/events/{event.id}/registrations",
                      data={"action": "approve", "registration": str(pending.id),
                            "csrf_token": token})
    assert (await Registration.get(id=pending.id)).status == "confirmed"
    async with client.post(f"/admin/events/{event.id}/registrations", data={
            "action": "message", "text": "Вход со двора", "csrf_token": token}) as response:
        assert "для 3 человек" in await response.text()
    assert await OutboxMessage.filter(text="Вход со двора").count() == 3
    async with client.get(f"/admin/events/{event.id}/export") as response:
        rows = csv_rows(await response.read())
        assert rows[0][:3] == ["№", "Имя и фамилия", "Телефон"] and len(rows) == 4
        assert rows[1][1] == "Житель 0" and rows[1][8] == "'=cmd()"  # no formulas
    async with client.get(f"/admin/events/{event.id}/export?format=xlsx") as response:
        sheet = load_workbook(io.BytesIO(await response.read())).active
        assert sheet.cell(2, 2).value == "Житель 0"
    assert await AuditEvent.filter(action="pd.exported", object_type="event").count() == 2
    ticket = (await Registration.get(id=pending.id)).ticket
    token = await page_token(client, f"/admin/events/{event.id}/checkin")
    async with client.post(f"/admin/events/{event.id}/checkin",
                           data={"code": f"COPP-T:{ticket}", "csrf_token": token}) as response:
        assert "Добро пожаловать, Житель 0!" in await response.text()
    async with client.post(f"/admin/events/{event.id}/checkin",
                           data={"code": ticket, "csrf_token": token}) as response:
        assert "Уже отмечен(а)" in await response.text()
    async with client.post(f"/admin/events/{event.id}/checkin",
                           data={"code": "nope", "csrf_token": token}) as response:
        assert response.status == 422
    await client.close()


async def test_college_staff_see_their_own_events_only(mode):
    college = await Organization.create(name="Колледж (демо)")
    own = await make_event(title="Своё", organization_id=college.id)
    other = await make_event(title="Чужое")
    await make_account("teacher", "teacher", college.id)
    client = await panel(mode.store)
    await sign_in(client, "teacher")
    async with client.get("/admin/events") as page:
        text = await page.text()
        assert "Своё" in text and "Чужое" not in text
        assert f'href="/admin/events/{own.id}/checkin"' in text  # links built from route names
    for path in (f"/admin/events/{other.id}", f"/admin/events/{other.id}/registrations",
                 f"/admin/events/{other.id}/checkin", f"/admin/events/{other.id}/export"):
        async with client.get(path) as response:
            assert response.status == 404, path
    async with client.get(f"/admin/events/{own.id}/checkin") as response:
        assert response.status == 200
        assert 'src="/admin/static/checkin.js"' in await response.text()
    await client.close()
