"""The applications register: staff see contacts (journaled), move the status, stay in scope."""

from __future__ import annotations

from backend.models import Application, AuditEvent, Organization, Program, User
from tests.panel import make_account, page_token, panel, sign_in, signed_in


async def applications_of_two_colleges():
    first = await Organization.create(name="Первый колледж (демо)")
    second = await Organization.create(name="Второй колледж (демо)")
    resident = await User.create(platform="vk", external_id="5", pd_consent=True,
                                 full_name="Анна Иванова", phone="+79115551234")
    made = []
    for number, organization in enumerate((first, second), start=1):
        program = await Program.create(code=f"P-{number}", title=f"Программа {number}",
                                       type="prof_training", form="ochnaya", hours=300,
                                       document="свидетельство", status="published",
                                       organization_id=organization.id)
        made.append(await Application.create(user_id=resident.id, kind="program",
                                              program_id=program.id, channel="vk"))
    return first, made


async def test_staff_open_an_application_and_move_it_on(mode):
    _, (application, _) = await applications_of_two_colleges()
    client = await signed_in(mode.store, "anna", "staff")
    async with client.get("/admin/applications?status=new") as page:
        text = await page.text()
        assert "Программа 1" in text and "Программа 2" in text
        assert "Анна" not in text  # the list shows no contacts
    async with client.get(f"/admin/applications/{application.id}") as page:
        text = await page.text()
        assert "Анна Иванова" in text and "+79115551234" in text
    assert await AuditEvent.filter(action="pd.viewed", object_type="application").count() == 1
    token = await page_token(client, f"/admin/applications/{application.id}")
    await client.post(f"/admin/applications/{application.id}",
                      data={"status": "contacted", "csrf_token": token})
    assert (await Application.get(id=application.id)).status == "contacted"
    async with client.post(f"/admin/applications/{application.id}",
                           data={"status": "lost", "csrf_token": token}) as response:
        assert response.status == 422
    assert await AuditEvent.filter(action="application.contacted").count() == 1
    async with client.get("/admin/applications?status=new") as page:
        assert "Программа 1" not in await page.text()
    await client.close()


async def test_college_staff_see_only_their_own_applications(mode):
    college, (own, other) = await applications_of_two_colleges()
    await make_account("teacher", "teacher", college.id)
    client = await panel(mode.store)
    await sign_in(client, "teacher")
    async with client.get("/admin/applications") as page:
        text = await page.text()
        assert "Программа 1" in text and "Программа 2" not in text
    async with client.get(f"/admin/applications/{other.id}") as page:
        assert page.status == 404
    token = await page_token(client, f"/admin/applications/{own.id}")
    async with client.post(f"/admin/applications/{other.id}",
                           data={"status": "declined", "csrf_token": token}) as response:
        assert response.status == 404
    assert (await Application.get(id=other.id)).status == "new"
    await client.close()


async def test_the_dashboard_says_what_is_waiting(mode):
    from datetime import UTC, datetime, timedelta

    from backend.models import Survey
    from tests.events.helpers import make_event

    await applications_of_two_colleges()
    await make_event(starts_at=datetime.now(UTC) + timedelta(days=3))
    await make_event(starts_at=datetime.now(UTC) + timedelta(days=30))
    await Survey.create(title="Опрос", status="published")
    client = await signed_in(mode.store, "anna", "staff")
    async with client.get("/admin/") as page:
        text = await page.text()
    facts = text[text.index('id="work"'):text.index("</dl>")]
    assert [line.split("<dd>")[1].split("</dd>")[0] for line in facts.splitlines()
            if "<dd>" in line] == ["2", "1", "0", "1"]
    await client.close()
