"""Progress is kept: a dialog left halfway for the menu or another command goes on where it
stopped when the resident comes back, with «start over» offered; a stored result is final."""

from __future__ import annotations

from backend.models import CareerAttempt, CareerResult, SurveyResponse
from dialogs.model import Click
from tests.bots.helpers import onboard as onboard_telegram
from tests.bots.test_telegram import CHAT, telegram
from tests.surveys.helpers import make_survey
from tests.talk import Press, Talker, onboard

RESUME = ("Вы были в разделе «🧭 Тест на профориентацию». Продолжить с того же места "
          "или начать заново?")


async def test_the_test_goes_on_after_the_menu_and_another_command(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/test", Press("Начать тест"), Press("14–17"))
    await talk(*[Press("Интересно")] * 7)
    await talk(Press("Главное меню"), "/courses", "сварщик")
    await talk("/test")
    assert talk.text() == RESUME
    assert talk.buttons() == ["Продолжить", "Начать заново", "Главное меню"]
    await talk(Press("Продолжить"))
    assert talk.text().startswith("8/30")
    await talk(Press("‹ Назад"))
    assert talk.text().startswith("7/30")  # the way back is kept too
    assert await CareerAttempt.all().count() == 1


async def test_starting_over_begins_a_new_attempt_at_the_first_item(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/test", Press("Начать тест"), Press("14–17"), *[Press("Интересно")] * 3)
    await talk("/menu", "/test", Press("Начать заново"))
    assert talk.buttons()[0] == "Начать тест"
    await talk(Press("Начать тест"))
    assert talk.text().startswith("1/30")  # the age group is known
    assert await CareerAttempt.all().count() == 2


async def test_a_finished_test_starts_afresh_and_its_result_is_stored_once(mode):
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk("/test", Press("Начать тест"), Press("18–24"), *[Press("Интересно")] * 29)
    last_item = talk.payload("Неинтересно")
    await talk(Press("Интересно"))
    assert "‹ Назад" not in talk.buttons()  # no way back into the answers once scored
    await talk(Click(last_item))  # the last item's button, pressed again on the old message
    await talk("/test")
    assert talk.buttons()[0] == "Начать тест"
    assert await CareerResult.all().count() == 1


async def test_a_survey_goes_on_after_the_menu(mode):
    survey = await make_survey()
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk(f"/start surveys-s{survey.id}", Press("Да"), "Сварщик")
    await talk(Press("Главное меню"), "/surveys")
    assert talk.text().startswith("Вы были в разделе «📝 Опросы»")
    await talk(Press("Продолжить"))
    assert talk.text().startswith("3/6\n\nЧему хотели бы научиться?")
    await talk(Press("☐ Сварка"), Press("✅ Готово"), "8", Press("Пропустить"),
               Press("Пропустить"))
    assert "Спасибо! Ваши ответы сохранены." in talk.text()
    assert (await SurveyResponse.get()).answers["2"] == "Сварщик"


async def test_the_test_goes_on_after_another_command_in_telegram(mode, telegram_fake):
    fake = telegram_fake
    async with telegram(mode, fake, "polling"):
        await onboard_telegram(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "/test"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Начать тест"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "25–34"))
        for _ in range(5):
            await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Не знаю"))
        await fake.step(CHAT, fake.send_text(CHAT, "/mydata"))
        await fake.step(CHAT, fake.send_text(CHAT, "/test"))
        assert fake.last(CHAT).text == RESUME
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Продолжить"))
        assert fake.last(CHAT).text.startswith("6/30")
