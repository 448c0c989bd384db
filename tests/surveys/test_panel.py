"""Staff build a survey in the panel, preview it, read the results and export them."""

from __future__ import annotations

from backend.models import Survey, SurveyQuestion, SurveyResponse
from backend.services import surveys
from tests.panel import page_token, signed_in
from tests.spreadsheets import csv_rows
from tests.surveys.helpers import make_survey
from tests.surveys.test_answering import answer_all
from tests.talk import Talker, onboard

FORM = {"title": "Спрос работодателей (демо)", "intro": "Для работодателей", "status": "published",
        "anonymous": "yes", "rows": "6",
        "q1_kind": "single", "q1_text": "Нужны ли вам сотрудники?", "q1_options": "Да\nНет",
        "q1_required": "yes",
        "q2_kind": "number", "q2_text": "Сколько человек?", "q2_if": "1", "q2_answer": "Да",
        "q2_required": "yes",
        "q3_kind": "multiple", "q3_text": "Какие профессии?", "q3_options": "Сварщик",
        "q3_if": "1", "q3_answer": "Может быть"}


async def test_a_survey_is_built_with_its_rules_checked_and_previewed(mode):
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/surveys/new")
    async with client.post("/admin/surveys/new", data={**FORM, "csrf_token": token}) as page:
        text = await page.text()
        assert page.status == 422 and 'id="problem-q3"' in text
    fixed = {**FORM, "q3_options": "Сварщик\nПовар\nВодитель", "q3_answer": "Да"}
    async with client.post("/admin/surveys/new", data={**fixed, "csrf_token": token},
                           allow_redirects=False) as response:
        assert response.status == 302
    survey = await Survey.get()
    assert survey.anonymous and survey.status == "published"
    questions = await SurveyQuestion.filter(survey_id=survey.id).order_by("position")
    assert [(q.kind, q.show_if_position, q.show_if_answer) for q in questions] == [
        ("single", None, None), ("number", 1, "Да"), ("multiple", 1, "Да")]
    async with client.get(f"/admin/surveys/{survey.id}/preview") as page:
        text = await page.text()
        assert "☐ Повар" in text and "ответили «Да»" in text
    await client.close()


async def test_results_and_export_of_answers(mode):
    survey = await make_survey()
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk(f"/start surveys-s{survey.id}")
    await answer_all(talk)
    client = await signed_in(mode.store, "anna", "staff")
    async with client.get(f"/admin/surveys/{survey.id}/results") as page:
        text = await page.text()
        assert 'id="complete">1<' in text and "Сварщик" in text
    async with client.get(f"/admin/surveys/{survey.id}/results?channel=vk") as page:
        assert 'id="complete">0<' in await page.text()
    async with client.get(f"/admin/surveys/{survey.id}/export") as response:
        rows = csv_rows(await response.read())
    assert rows[0][:3] == ["response", "resident", "status"]
    assert rows[1][2] == "complete" and "Сварка" in rows[1]
    token = await page_token(client, f"/admin/surveys/{survey.id}")
    async with client.post(f"/admin/surveys/{survey.id}", data={
            "csrf_token": token, "title": "Новое название", "status": "closed",
            "rows": "1", "q1_text": "Другое", "q1_kind": "text"}, allow_redirects=False) as r:
        assert r.status == 302
    assert (await Survey.get()).status == "closed"
    assert (await SurveyQuestion.get(survey_id=survey.id, position=1)).text == (
        "Вы сейчас работаете?")  # answered questions stay as they were
    await client.close()


async def test_the_form_never_grows_past_its_row_limit(mode):
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/surveys/new")
    for rows, shown in (("20000", 60), ("9" * 5000, 6), ("²", 6)):
        async with client.post("/admin/surveys/new", data={
                **FORM, "title": "", "rows": rows, "csrf_token": token}) as page:
            text = await page.text()
        assert page.status == 422, rows[:8]
        assert f'name="q{shown}_text"' in text and f'name="q{shown + 1}_text"' not in text
        assert f'name="rows" value="{shown}"' in text
    await client.close()


async def test_the_list_counts_each_surveys_complete_and_partial_responses(mode):
    first, second, third = await make_survey(), await make_survey(), await make_survey()
    for survey_id, status in ((first.id, "complete"), (first.id, "complete"),
                              (first.id, "partial"), (second.id, "partial")):
        await SurveyResponse.create(survey_id=survey_id, status=status, channel="telegram",
                                    started_at=first.created_at, updated_at=first.created_at)
    listed = await surveys.list_surveys()
    assert [(row.survey.id, row.complete, row.partial) for row in listed] == [
        (third.id, 0, 0), (second.id, 0, 1), (first.id, 2, 1)]
    client = await signed_in(mode.store, "anna", "staff")
    async with client.get("/admin/surveys") as page:
        text = await page.text()
    assert 'href="/admin/surveys/new"' in text
    assert f'<a href="/admin/surveys/{first.id}/results">' in text
    assert f'<td>{second.id}</td><td><a href="/admin/surveys/{second.id}">' in text
    await client.close()
