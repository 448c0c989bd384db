"""Staff edit programs and competencies in the panel, and the test's type → competency weights."""

from __future__ import annotations

from backend.models import AuditEvent, CareerTypeCompetency, Competency, Organization, Program
from tests.panel import page_token, signed_in

FORM = {"code": "COOK-1", "title": "Повар (демо)", "type": "dpo_upskilling",
        "competency": "Поварское дело", "form": "ochnaya", "hours": "8", "price": "0",
        "free_for": "", "municipality": "Котлас", "organization": "Колледж (демо)",
        "start_date": "2027-02-01", "document": "", "requirements": "", "url": "",
        "description": "Горячий цех", "status": "published"}


async def test_a_program_is_created_checked_by_the_law_and_edited(mode):
    await Organization.create(name="Колледж (демо)")
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/catalog/programs/new")
    async with client.post("/admin/catalog/programs/new",
                           data={**FORM, "csrf_token": token}) as response:
        page = await response.text()
        assert response.status == 422
        assert 'id="problem-hours"' in page and "не меньше 16 часов" in page
        assert 'id="problem-free_for"' in page
    assert await Program.all().count() == 0
    fixed = {**FORM, "hours": "36", "free_for": "безработные; 50+", "distance": "yes"}
    async with client.post("/admin/catalog/programs/new", data={**fixed, "csrf_token": token},
                           allow_redirects=False) as response:
        assert response.status == 302
    program = await Program.get(code="COOK-1").prefetch_related("municipality", "competency")
    assert program.distance and program.free_for == ["безработные", "50+"]
    assert program.municipality.name == "Котлас" and program.competency.name == "Поварское дело"
    assert program.document == "удостоверение о повышении квалификации"
    assert program.published_at is not None  # published: subscribers will hear of it
    async with client.get(f"/admin/catalog/programs/{program.id}") as page:
        assert 'value="COOK-1"' in await page.text()
    taken = {**fixed, "code": "COOK-2"}
    await client.post("/admin/catalog/programs/new", data={**taken, "csrf_token": token})
    async with client.post(f"/admin/catalog/programs/{program.id}",
                           data={**fixed, "code": "COOK-2", "csrf_token": token}) as response:
        assert response.status == 422 and "уже есть программа с этим кодом" in (
            await response.text())
    await client.post(f"/admin/catalog/programs/{program.id}",
                      data={**fixed, "title": "Повар-кондитер", "csrf_token": token})
    assert (await Program.get(id=program.id)).title == "Повар-кондитер"
    assert await AuditEvent.filter(action="catalog.program_saved").count() == 3
    async with client.get("/admin/catalog?q=кондитер") as found:
        assert "COOK-1" in await found.text()
    await client.close()


async def test_competencies_are_added_and_renamed_once(mode):
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/catalog/competencies")
    await client.post("/admin/catalog/competencies", data={"name": "Мехатроника",
                                                           "csrf_token": token})
    async with client.post("/admin/catalog/competencies",
                           data={"name": "Мехатроника", "csrf_token": token}) as response:
        assert response.status == 422
    added = await Competency.get(name="Мехатроника")
    await client.post("/admin/catalog/competencies", data={
        "id": str(added.id), "name": "Мехатроника и робототехника", "csrf_token": token})
    assert await Competency.exists(name="Мехатроника и робототехника")
    await client.close()


async def test_type_competency_weights_are_edited(mode):
    client = await signed_in(mode.store, "anna", "staff")
    welding = await Competency.get(name="Сварочные технологии")
    token = await page_token(client, "/admin/career/weights")
    async with client.get("/admin/career/weights") as page:
        assert f'name="w{welding.id}R" value="3"' in await page.text()
    async with client.post("/admin/career/weights", data={
            f"w{welding.id}R": "5", "csrf_token": token}) as response:
        assert response.status == 422
    assert await CareerTypeCompetency.filter(competency_id=welding.id, type="R",
                                             weight=3).exists()
    await client.post("/admin/career/weights", data={f"w{welding.id}I": "2",
                                                     "csrf_token": token})
    rows = await CareerTypeCompetency.filter(competency_id=welding.id).values_list(
        "type", "weight")
    assert rows == [("I", 2)]  # the form is the whole table: what is not sent is 0
    assert await AuditEvent.filter(action="career.weights_changed").count() == 1
    await client.close()
