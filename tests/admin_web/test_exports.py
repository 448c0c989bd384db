"""Every export in the panel, with hostile values in the data: no cell may start a formula,
whether a spreadsheet splits the CSV on ";" (Russian Excel) or reads the XLSX."""

from __future__ import annotations

import pytest

from backend.models import AuditEvent, Municipality, SurveyQuestion, SurveyResponse, User
from backend.services import audit, events, programs_files
from tests.career.test_dialog import answer, by_type, start_test
from tests.events.helpers import NOW, make_event, make_residents
from tests.panel import make_account, panel, sign_in, signed_in
from tests.programs.test_import import hostile_catalog
from tests.spreadsheets import HOSTILE, csv_rows, formulas_in_csv, formulas_in_xlsx
from tests.surveys.helpers import make_survey

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def download(client, path: str) -> tuple[str, bytes]:
    async with client.get(path) as response:
        assert response.status == 200, path
        assert response.headers["Content-Disposition"].startswith("attachment;"), path
        return response.content_type, await response.read()


async def assert_no_formulas(client, path: str) -> list[list[str]] | None:
    kind, body = await download(client, path)
    if kind == XLSX:
        assert formulas_in_xlsx(body) == [], path
        return None
    assert kind == "text/csv", path
    assert formulas_in_csv(body) == [], path
    return csv_rows(body)


async def test_event_registrations_export_without_formulas(mode):
    event = await make_event(capacity=len(HOSTILE), starts_at=NOW.replace(year=2027))
    for person, value in zip(await make_residents(len(HOSTILE)), HOSTILE, strict=True):
        await User.filter(id=person.id).update(full_name=value)
        await events.register(event.id, person.id, channel="telegram", now=NOW, answers=[value])
    client = await signed_in(mode.store, "anna", "staff")
    rows = await assert_no_formulas(client, f"/admin/events/{event.id}/export")
    assert len(rows) == 1 + len(HOSTILE)  # a line break in a value stays inside its cell
    assert ["Нет;'=1+1;", "Нет;'=1+1;"] in [[row[1], row[8]] for row in rows]
    await assert_no_formulas(client, f"/admin/events/{event.id}/export?format=xlsx")
    await client.close()


async def test_survey_answers_export_without_formulas(mode):
    survey = await make_survey()
    await SurveyQuestion.filter(survey_id=survey.id, position=2).update(text="Кем;=1+1")
    people = await make_residents(len(HOSTILE))
    for person, value in zip(people, HOSTILE, strict=True):
        await SurveyResponse.create(
            survey_id=survey.id, user_id=person.id, status="complete", channel="telegram",
            answers={"1": "Да", "2": value, "3": [value, "=2+2"]},
            started_at=NOW, updated_at=NOW, completed_at=NOW)
    client = await signed_in(mode.store, "anna", "staff")
    rows = await assert_no_formulas(client, f"/admin/surveys/{survey.id}/export")
    assert len(rows) == 1 + len(HOSTILE)
    await assert_no_formulas(client, f"/admin/surveys/{survey.id}/export?format=xlsx")
    await client.close()


async def test_journals_export_without_formulas(mode):
    await make_account("boss")
    client = await panel(mode.store)
    await sign_in(client, "x;=cmd|' /c calc'!a0", "whatever-password")
    await sign_in(client, "boss")
    for value in HOSTILE:
        await audit.log(value, "pd.viewed", "user", value)
    rows = await assert_no_formulas(client, "/admin/journals/sign-ins?format=csv")
    assert "x;'=cmd|' /c calc'!a0" in {row[1] for row in rows}
    rows = await assert_no_formulas(client, "/admin/journals/data?format=csv")
    assert len(rows) > len(HOSTILE)
    await client.close()


async def test_career_statistics_export_without_formulas(mode):
    talk = await start_test(mode)
    await answer(talk, by_type(A=2))
    place = await Municipality.first()
    await User.all().update(municipality_id=place.id)
    client = await signed_in(mode.store, "anna", "staff")
    await Municipality.filter(id=place.id).update(name="=1+1;-2")
    try:
        await assert_no_formulas(client, "/admin/career?format=xlsx")
    finally:  # reference data outlives a test on PostgreSQL
        await Municipality.filter(id=place.id).update(name=place.name)
    await client.close()


@pytest.mark.parametrize("query", ["", "?format=xlsx"])
async def test_catalog_export_without_formulas(mode, query):
    await programs_files.import_programs(hostile_catalog(), "c.csv", actor="test",
                                         create_missing=True)
    client = await signed_in(mode.store, "anna", "staff")
    await assert_no_formulas(client, f"/admin/catalog/export{query}")
    await client.close()


async def test_survey_export_with_resident_ids_is_a_personal_data_export(mode):
    named, anonymous = await make_survey(), await make_survey(anonymous=True)
    client = await signed_in(mode.store, "boss", "admin")
    for survey in (named, anonymous):
        await download(client, f"/admin/surveys/{survey.id}/export")
    async with client.get("/admin/journals/data", params={"kind": "pd.exported"}) as page:
        html = await page.text()
    assert f"survey {named.id}<" in html and f"survey {anonymous.id}<" not in html
    assert await AuditEvent.filter(action="survey.exported",
                                   object_id=str(anonymous.id)).count() == 1
    await client.close()

