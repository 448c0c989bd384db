"""A resident who chose English: the English versions staff wrote, or a word that the survey is
in Russian only; answers are kept in the survey's own words, so results count them together."""

from __future__ import annotations

from backend.models import Survey, SurveyQuestion, SurveyResponse, User
from tests.bots.helpers import onboard as onboard_channel
from tests.bots.test_telegram import CHAT, telegram
from tests.panel import page_token, signed_in
from tests.surveys.helpers import make_survey
from tests.surveys.test_phone import NOW
from tests.talk import Press, Talker, onboard

RUSSIAN_ONLY = "This survey is in Russian only"


async def translated_survey() -> Survey:
    survey = await Survey.create(title="Планы", title_en="Plans", intro="Две минуты.",
                                 intro_en="Two minutes.", status="published")
    await SurveyQuestion.create(survey_id=survey.id, position=1, kind="single",
                                text="Вы сейчас работаете?", text_en="Are you working now?",
                                options=["Да", "Нет"], options_en=["Yes", "No"])
    await SurveyQuestion.create(survey_id=survey.id, position=2, kind="single",
                                text="Рассказать о новых курсах?",
                                text_en="Shall we tell you about new courses?",
                                options=["Да", "Нет"], options_en=["Yes", "No"], subscribes=True)
    return survey


async def english_resident(mode) -> Talker:
    talk = Talker(mode.engine())
    talk.now = NOW
    await onboard(talk, "English")
    return talk


async def test_the_english_version_is_shown_and_answers_count_in_russian(mode):
    await translated_survey()
    talk = await english_resident(mode)
    await talk("/stop", "/surveys")
    assert "1. Plans" in talk.text()
    await talk(Press("1"))
    assert "Two minutes." in talk.text() and RUSSIAN_ONLY not in talk.text()
    assert "Are you working now?" in talk.text() and talk.buttons()[:2] == ["Yes", "No"]
    await talk(Press("Yes"), Press("Yes"))
    assert (await SurveyResponse.get()).answers == {"1": "Да", "2": "Да"}
    assert "mailings are on" in talk.text()
    assert (await User.get()).subscribed is True


async def test_an_untranslated_survey_says_so_once_before_it_starts(mode):
    survey = await make_survey()
    talk = await english_resident(mode)
    await talk(f"/start surveys-s{survey.id}")
    assert RUSSIAN_ONLY in talk.text()
    assert "Вы сейчас работаете?" in talk.text()
    await talk(Press("Да"), "/help", f"/start surveys-s{survey.id}", Press("Continue"))
    assert RUSSIAN_ONLY not in talk.text()


async def test_a_russian_resident_is_not_told_anything(mode):
    survey = await make_survey()
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk(f"/start surveys-s{survey.id}")
    assert RUSSIAN_ONLY not in talk.text()


async def test_english_in_telegram(mode, telegram_fake):
    survey = await translated_survey()
    fake = telegram_fake
    async with telegram(mode, fake, "polling"):
        await onboard_channel(fake, CHAT, fake.send_text(CHAT, f"/start surveys-s{survey.id}"),
                              language="English")
        await fake.wait_for(lambda: "Are you working now?" in fake.last(CHAT).text)
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "No"))
        assert "Shall we tell you" in fake.last(CHAT).text
    assert (await SurveyResponse.get()).answers == {"1": "Нет"}


FORM = {"title": "Планы", "status": "published", "rows": "1", "q1_kind": "single",
        "q1_text": "Вы сейчас работаете?", "q1_options": "Да\nНет", "q1_required": "yes",
        "title_en": "Plans", "q1_text_en": "Are you working now?", "q1_options_en": "Yes"}


async def test_staff_write_the_english_versions_in_the_panel(mode):
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/surveys/new")
    async with client.post("/admin/surveys/new", data={**FORM, "csrf_token": token}) as page:
        assert page.status == 422 and 'id="problem-q1"' in await page.text()
    assert not await Survey.exists()
    async with client.post("/admin/surveys/new", allow_redirects=False, data={
            **FORM, "q1_options_en": "Yes\nNo", "q1_subscribes": "yes",
            "csrf_token": token}) as response:
        assert response.status == 302
    question = await SurveyQuestion.get()
    assert (question.text_en, question.options_en, question.subscribes) == (
        "Are you working now?", ["Yes", "No"], True)
    assert (await Survey.get()).title_en == "Plans"
    await client.close()


async def test_an_answered_survey_still_takes_its_english_versions(mode):
    survey = await make_survey()
    await SurveyResponse.create(survey_id=survey.id, channel="telegram", started_at=NOW,
                                updated_at=NOW, answers={"1": "Да"})
    client = await signed_in(mode.store, "anna", "staff")
    path = f"/admin/surveys/{survey.id}"
    async with client.get(path) as page:
        assert 'name="q1_text" value="Вы сейчас работаете?" maxlength="500" readonly' in \
            await page.text() and 'name="q1_text_en" value=""' in await page.text()
    form = {"title": survey.title, "status": "published", "rows": "1", "q1_kind": "single",
            "q1_text": "Другой вопрос", "q1_options": "Да\nНет",
            "q1_text_en": "Are you working now?", "q1_options_en": "Yes\nNo"}
    async with client.post(path, allow_redirects=False,
                           data={**form, "csrf_token": await page_token(client, path)}) as sent:
        assert sent.status == 302
    question = await SurveyQuestion.get(survey_id=survey.id, position=1)
    assert question.text == "Вы сейчас работаете?"  # the question itself stays
    assert question.options_en == ["Yes", "No"]
    await client.close()
