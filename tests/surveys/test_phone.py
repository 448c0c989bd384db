"""Surveys on a phone: a 0–10 scale on one screen, «Готово» from the start, a total that
stays, and «Рассказать о новых курсах?» — «Да» turning mailings on."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.demo import surveys as demo_surveys
from backend.models import Survey, SurveyQuestion, SurveyResponse, User
from backend.services import surveys
from backend.surveys.questions import asks_for_mailings
from tests.bots.helpers import onboard as onboard_channel
from tests.bots.test_telegram import CHAT, telegram
from tests.bots.test_vk import PEER, vk
from tests.surveys.helpers import make_survey
from tests.talk import Press, Talker, onboard

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
SCALE = [str(n) for n in range(11)]


async def resident(mode) -> Talker:
    talk = Talker(mode.engine())
    talk.now = NOW
    await onboard(talk)
    return talk


async def test_a_0_to_10_scale_fits_one_screen_with_its_ends(mode):
    survey = await make_survey()
    talk = await resident(mode)
    await talk(f"/start surveys-s{survey.id}", Press("Да"), "Сварщик", Press("☐ Сварка"),
               Press("✅ Готово"))
    assert talk.text().startswith("4/6")
    assert "0 — совсем нет, 10 — полностью" in talk.text()
    assert talk.buttons()[:11] == SCALE and "›" not in talk.buttons()
    await talk(Press("9"))
    assert talk.text().startswith("5/6")
    assert (await SurveyResponse.get()).answers["4"] == "9"


async def test_done_is_there_from_the_start_and_can_be_typed(mode):
    survey = await make_survey()
    talk = await resident(mode)
    await talk(f"/start surveys-s{survey.id}", Press("Нет"))
    assert "✅ Готово" in talk.buttons()
    await talk("готово")  # nothing chosen yet, and the question needs an answer
    assert talk.text().startswith("Выберите хотя бы один вариант")
    await talk(Press("☐ 1С"), "Готово")
    assert talk.text().startswith("4/6")
    assert (await SurveyResponse.get()).answers["3"] == ["1С"]


async def test_the_total_does_not_change_when_a_condition_hides_a_question(mode):
    survey = await make_survey()
    talk = await resident(mode)
    await talk(f"/start surveys-s{survey.id}")
    assert talk.last[-1].text.startswith("1/6")
    await talk(Press("Нет"))
    assert talk.text().startswith("3/6")  # question 2 is not for them; still of six
    await talk(Press("‹ Назад"), Press("Да"))
    assert talk.text().startswith("2/6")


async def courses_survey(anonymous: bool = False) -> Survey:
    survey = await Survey.create(title="Курсы", anonymous=anonymous, status="published")
    await SurveyQuestion.create(survey_id=survey.id, position=1, kind="single",
                                text="Рассказать вам о новых курсах по этим направлениям?",
                                options=["Да", "Нет"], subscribes=True)
    return survey


async def test_yes_to_new_courses_turns_mailings_on(mode):
    survey = await courses_survey()
    talk = await resident(mode)
    await talk("/stop", f"/start surveys-s{survey.id}", Press("Да"))
    assert "Расскажем о новых курсах: рассылки включены" in talk.text()
    assert (await User.get()).subscribed is True


async def test_no_to_new_courses_and_anonymous_surveys_change_nothing(mode):
    named, anonymous = await courses_survey(), await courses_survey(anonymous=True)
    talk = await resident(mode)
    await talk("/stop", f"/start surveys-s{named.id}", Press("Нет"))
    await talk(f"/start surveys-s{anonymous.id}", Press("Да"))
    assert "рассылки включены" not in talk.text()
    assert (await User.get()).subscribed is False


async def test_the_demo_survey_offers_mailings_by_its_flag(mode):
    await demo_surveys.seed(NOW)
    survey = await Survey.get(title=demo_surveys.SURVEYS[0][0])
    asked = await surveys.questions_of(survey.id)
    offer, = (q for q in asked if q.subscribes)
    assert "новых курсах" in offer.text
    assert asks_for_mailings(asked, {str(offer.position): "Да"})
    assert not asks_for_mailings(asked, {str(offer.position): "Нет"})


async def test_a_question_offers_mailings_only_when_staff_marked_it(mode):
    survey = await Survey.create(title="Курсы", status="published")
    await SurveyQuestion.create(survey_id=survey.id, position=1, kind="single",
                                text="Рассказать вам о новых курсах?", options=["Да", "Нет"])
    talk = await resident(mode)
    await talk("/stop", f"/start surveys-s{survey.id}", Press("Да"))
    assert (await User.get()).subscribed is False


async def test_the_scale_and_the_courses_answer_in_telegram(mode, telegram_fake):
    survey, courses = await make_survey(), await courses_survey()
    fake = telegram_fake
    async with telegram(mode, fake, "polling"):
        await onboard_channel(fake, CHAT, fake.send_text(CHAT, f"/start surveys-s{survey.id}"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Да"))
        await fake.step(CHAT, fake.send_text(CHAT, "Сварщик"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "☐ Сварка"))
        await fake.step(CHAT, fake.send_text(CHAT, "готово"))
        screen = fake.last(CHAT)
        assert screen.text.startswith("4/6")
        assert [label for label, _ in screen.buttons][:11] == SCALE
        await fake.step(CHAT, fake.send_text(CHAT, "/stop"))
        await fake.step(CHAT, fake.send_text(CHAT, f"/start surveys-s{courses.id}"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Да"))
    assert (await User.get()).subscribed is True


async def test_in_vk_the_scale_is_one_screen_of_text_buttons(mode, vk_fake):
    """Eleven numbers and Back exceed VK's 10 inline buttons: a one-time keyboard holds them."""
    survey = await make_survey()
    fake = vk_fake
    async with vk(mode, fake, "longpoll"):
        await onboard_channel(fake, PEER, fake.send_text(PEER, "Начать",
                                                         payload={"command": "start"}))
        await fake.step(PEER, fake.send_text(PEER, f"/start surveys-s{survey.id}"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "Нет"))
        await fake.step(PEER, fake.send_text(PEER, "Готово"))
        assert "Выберите хотя бы один" in fake.last(PEER).text
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "☐ 1С"))
        await fake.step(PEER, fake.send_text(PEER, "готово"))
        assert fake.last(PEER).text.startswith("4/6")
        assert "0 — совсем нет, 10 — полностью" in fake.last(PEER).text
        screen = fake.last(PEER)
        assert [label for label, _, _ in screen.buttons][:11] == SCALE
        assert screen.keyboard["one_time"] and not screen.keyboard.get("inline")
        await fake.step(PEER, fake.click(PEER, screen, "10"))
        assert fake.last(PEER).text.startswith("5/6")
        assert fake.last(PEER).keyboard["inline"]  # back to buttons under the message
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "‹ Назад"))
        await fake.step(PEER, fake.send_text(PEER, "7"))  # typed works on that screen too
        assert fake.last(PEER).text.startswith("5/6")
    assert (await SurveyResponse.get()).answers["4"] == "7"
