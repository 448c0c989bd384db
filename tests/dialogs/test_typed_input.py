"""What a resident types on a phone: a number written as an answer is the answer, not a press
of the button that happens to stand at that place."""

from __future__ import annotations

import io

import pytest

from backend.models import SurveyResponse
from bots import terminal
from dialogs.applications import parse_phone
from dialogs.model import InvalidInput
from tests.bots.helpers import onboard
from tests.bots.test_telegram import CHAT, telegram
from tests.bots.test_vk import PEER, vk
from tests.surveys.helpers import make_survey
from tests.talk import Press, Talker
from tests.talk import onboard as onboard_talk

THANKS = "Спасибо! Ваши ответы сохранены."


async def test_a_number_typed_at_a_number_question_is_the_answer_in_telegram(
        mode, telegram_fake):
    fake = telegram_fake
    survey = await make_survey()
    async with telegram(mode, fake, "polling"):
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, f"/start surveys-s{survey.id}"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Нет"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "☐ 1С"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✅ Готово"))
        await fake.step(CHAT, fake.send_text(CHAT, "7"))
        question = fake.last(CHAT)
        assert "Сколько километров" in question.text
        assert [label for label, _ in question.buttons][:2] == ["Пропустить", "‹ Назад"]
        await fake.step(CHAT, fake.send_text(CHAT, "2"))  # not «‹ Назад», the second button
        assert "Когда вам удобно начать?" in fake.last(CHAT).text
        await fake.step(CHAT, fake.send_text(CHAT, "1.03.2027"))
        await fake.wait_for(lambda: any(THANKS in m.text for m in fake.chat(CHAT)))
    response = await SurveyResponse.get()
    assert response.answers == {"1": "Нет", "3": ["1С"], "4": "7", "5": 2, "6": "2027-03-01"}


async def test_a_number_typed_at_a_number_question_is_the_answer_in_vk(mode, vk_fake):
    fake = vk_fake
    survey = await make_survey()
    async with vk(mode, fake, "longpoll"):
        await onboard(fake, PEER, fake.send_text(PEER, "Начать", payload={"command": "start"}))
        await fake.step(PEER, fake.send_text(PEER, f"/start surveys-s{survey.id}"))
        await fake.step(PEER, fake.send_text(PEER, "Нет"))
        await fake.step(PEER, fake.send_text(PEER, "☐ Вождение"))
        await fake.step(PEER, fake.send_text(PEER, "✅ Готово"))
        await fake.step(PEER, fake.send_text(PEER, "3"))
        await fake.step(PEER, fake.send_text(PEER, "1"))  # not «Пропустить», the first button
        assert "Когда вам удобно начать?" in fake.last(PEER).text
        await fake.step(PEER, fake.send_text(PEER, "3"))  # a date it is not: asked again
        assert "Когда вам удобно начать?" in fake.last(PEER).text
        assert "Главное меню" not in fake.last(PEER).text
        await fake.step(PEER, fake.send_text(PEER, "15.01.2027"))
        await fake.wait_for(lambda: any(THANKS in m.text for m in fake.chat(PEER)))
    response = await SurveyResponse.get()
    assert response.answers == {"1": "Нет", "3": ["Вождение"], "4": "3", "5": 1,
                                "6": "2027-01-15"}


async def test_a_number_still_presses_the_button_at_its_place_where_labels_are_words(mode):
    await make_survey()
    talk = Talker(mode.engine())
    await onboard_talk(talk)
    await talk("/surveys", "1", "2")  # the first survey, then «Нет»
    assert talk.text().startswith("3/6\n\nЧему хотели бы научиться?")


async def test_the_terminal_numbers_buttons_only_where_numbers_press_them(mode):
    await make_survey()
    talk = Talker(mode.engine())
    await onboard_talk(talk)
    await talk("/surveys", Press("1"), Press("Нет"), Press("☐ 1С"), Press("✅ Готово"))
    scale = terminal.render(talk.last[-1])
    assert "[0]   [1]" in scale and "[1] 0" not in scale and "[‹ Назад]" in scale
    await talk("7")
    number = terminal.render(talk.last[-1])
    assert "[Пропустить]\n[‹ Назад]   [Главное меню]" in number and "[1]" not in number
    await talk("/menu")
    assert "[1] " in terminal.render(talk.last[-1])


async def test_copp_chat_takes_a_typed_number_as_the_answer(mode):
    survey = await make_survey()
    lines = ["/start", "Русский", "Согласен(на)", f"/start surveys-s{survey.id}", "Нет",
             "☐ 1С", "✅ Готово", "5", "1", "/quit"]
    stdout = io.StringIO()
    await terminal.chat(mode.engine(), "resident-7", io.StringIO("\n".join(lines) + "\n"), stdout)
    assert "Когда вам удобно начать?" in stdout.getvalue().rsplit("> ", 2)[-2]
    assert (await SurveyResponse.get()).answers["5"] == 1


@pytest.mark.parametrize(("typed", "stored"), [
    ("+7 (911) 555-12-34", "+79115551234"), ("89115551234", "+79115551234"),
    ("9115551234", "+79115551234"), ("8 911 555 12 34", "+79115551234"),
    ("+44 7700 900123", "+447700900123"), ("0049 30 1234567", "+49301234567"),
])
def test_a_phone_typed_as_people_write_it(typed, stored):
    assert parse_phone(typed) == stored


@pytest.mark.parametrize("typed", ["12345", "нету телефона", "+0 123 456 789",
                                   "+1234567", "7911555123"])
def test_what_is_not_a_phone_is_asked_again(typed):
    with pytest.raises(InvalidInput):
        parse_phone(typed)
