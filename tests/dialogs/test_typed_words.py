"""Words people type instead of pressing: a search at the main menu, a section by its name,
navigation in any case and form, a town by its own name."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.demo import programs as demo_programs
from backend.models import SurveyResponse
from tests.bots.helpers import onboard as onboard_telegram
from tests.bots.test_telegram import CHAT, telegram
from tests.bots.test_vk import PEER, vk
from tests.surveys.helpers import make_survey
from tests.talk import Press, Talker, onboard

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


async def resident(mode) -> Talker:
    talk = Talker(mode.engine())
    talk.now = NOW
    await onboard(talk)
    return talk


async def test_words_typed_at_the_main_menu_search_the_catalog(mode):
    await demo_programs.seed(NOW)
    talk = await resident(mode)
    await talk("хочу на сварщика")
    assert "Электрогазосварщик" in talk.text()
    assert "Пожалуйста, выберите" not in talk.text()


async def test_a_section_opens_by_its_name_in_any_case_and_form(mode):
    talk = await resident(mode)
    await talk("Тест")
    assert talk.buttons()[0] == "Начать тест"
    await talk("Главное меню", "МЕРОПРИЯТИЯ")
    assert "Мероприятия" in talk.text() or "мероприяти" in talk.text()
    await talk("меню", "опросы")
    assert "опрос" in talk.text()
    await talk("Меню!", "живой человек")
    assert talk.buttons()[:2] == ["✍️ Написать вопрос", "📞 Заказать звонок"]
    await talk("меню", "курсы")
    assert talk.text().startswith("Чему хотите научиться?")


async def test_back_and_done_typed_in_any_case(mode):
    survey = await make_survey()
    talk = await resident(mode)
    await talk(f"/start surveys-s{survey.id}", Press("Да"), "Сварщик")
    await talk("НАЗАД")
    assert talk.text().startswith("2/6\n\nКем вы работаете?")
    await talk("Сварщик", Press("☐ Сварка"), "готово")
    assert talk.text().startswith("4/6")
    await talk("8", "пропустить", "Пропустить")
    assert (await SurveyResponse.get()).answers["3"] == ["Сварка"]


async def test_a_name_typed_where_an_answer_is_written_is_the_answer(mode):
    survey = await make_survey()
    talk = await resident(mode)
    await talk(f"/start surveys-s{survey.id}", Press("Да"), "Опрос")  # «Кем вы работаете?»
    assert talk.text().startswith("3/6\n\nЧему хотели бы научиться?")
    await talk(Press("‹ Назад"), "меню")  # home, from anywhere
    assert talk.text().startswith("Главное меню")


async def test_a_town_typed_by_its_own_name_finds_its_district(mode):
    talk = await resident(mode)
    await talk("/profile", "Вельск")
    assert "Вельский" in talk.text()
    await talk("/profile", "няндома")
    assert "Няндомский" in talk.text()


async def test_words_at_the_menu_in_telegram_and_vk(mode, telegram_fake, vk_fake):
    await demo_programs.seed(NOW)
    async with telegram(mode, telegram_fake, "polling"):
        fake = telegram_fake
        await onboard_telegram(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "хочу на сварщика"))
        assert "Электрогазосварщик" in fake.last(CHAT).text
        await fake.step(CHAT, fake.send_text(CHAT, "Меню"))
        await fake.step(CHAT, fake.send_text(CHAT, "тест"))
        assert [label for label, _ in fake.last(CHAT).buttons][0] == "Начать тест"
    async with vk(mode, vk_fake, "longpoll"):
        fake = vk_fake
        await onboard_telegram(fake, PEER, fake.send_text(PEER, "Начать",
                                                          payload={"command": "start"}))
        await fake.step(PEER, fake.send_text(PEER, "хочу на сварщика"))
        assert "Электрогазосварщик" in fake.last(PEER).text


async def test_an_age_typed_as_a_number_picks_its_group(mode):
    from backend.models import User

    talk = await resident(mode)
    await talk("/test", Press("Начать тест"), "16")
    assert talk.text().startswith("1/30")
    assert (await User.get()).age_group == "14-17"


async def test_a_section_named_inside_a_sentence_opens_it_and_a_topic_still_searches(mode):
    await demo_programs.seed(NOW)
    talk = await resident(mode)
    await talk("покажите мои записи пожалуйста")
    assert "запис" in talk.text().lower() and "ничего не нашлось" not in talk.text()
    await talk("меню", "хочу пройти тест на профориентацию")
    assert talk.buttons()[0] == "Начать тест"
    await talk("меню", "хочу на сварщика")  # a one-word section inside stays a search
    assert "Электрогазосварщик" in talk.text()
