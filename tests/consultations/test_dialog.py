"""A resident asks a person: who answers and when, consent first, typing goes to the
conversation, back to the bot and back again, the offer after two misunderstandings."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.models import AuditEvent, Consultation, ConsultationMessage, User
from backend.services import consultations
from tests.talk import Press, Talker, onboard

TUESDAY_NOON = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)  # 12:00 in Arkhangelsk
FRIDAY_EVENING = datetime(2026, 12, 4, 15, 30, tzinfo=UTC)  # 18:30
NEW_YEAR = datetime(2026, 1, 2, 8, 0, tzinfo=UTC)  # a holiday, 11:00


async def resident(mode, now: datetime = TUESDAY_NOON, agree: bool = True) -> Talker:
    talk = Talker(mode.engine())
    talk.now = now
    await onboard(talk, agree=agree)
    return talk


async def test_within_working_hours_the_bot_promises_a_wait(mode):
    talk = await resident(mode)
    await talk("/operator")
    assert "ответит вам здесь, в этом чате" in talk.text()
    assert "в течение 30 минут" in talk.text()
    await talk(Press("✍️ Написать вопрос"))
    await talk("Здравствуйте! Можно ли учиться на сварщика заочно?")
    assert "Ваш вопрос № 1 у консультантов" in talk.text()
    assert talk.buttons() == ["Главное меню"]
    stored = await ConsultationMessage.get()
    assert stored.text == "Здравствуйте! Можно ли учиться на сварщика заочно?"
    assert stored.author == "resident"
    assert await AuditEvent.filter(action="consultation.opened").count() == 1


async def test_after_hours_and_on_a_holiday_it_says_when(mode):
    talk = await resident(mode, FRIDAY_EVENING)
    await talk("/operator")
    assert "после 7 декабря 2026\u202fг., 09:00" in talk.text()  # Monday morning
    talk.now = NEW_YEAR
    await talk("меню", "/operator")
    assert "после 12 января 2026\u202fг., 09:00" in talk.text()  # 1–11 January are days off


async def test_typed_messages_go_to_the_open_conversation_until_the_menu(mode):
    talk = await resident(mode)
    await talk("/operator", Press("✍️ Написать вопрос"), "сколько стоит обучение?")
    await talk("а ещё: есть ли общежитие?")
    assert talk.text().startswith("✓ Отправлено")
    await talk("меню")
    assert "Главное меню" in talk.text()
    await talk("курсы")  # the bot again, not the conversation
    assert await ConsultationMessage.all().count() == 2
    await talk("/operator")
    assert "Это ваш разговор № 1" in talk.text()
    await talk("и последнее")
    texts = await ConsultationMessage.all().order_by("id").values_list("text", flat=True)
    assert texts == ["сколько стоит обучение?", "а ещё: есть ли общежитие?", "и последнее"]


async def test_without_consent_it_asks_and_declined_stores_nothing(mode):
    talk = await resident(mode, agree=False)
    await talk("/operator", Press("✍️ Написать вопрос"))
    assert "согласие" in talk.text().lower()
    await talk(Press("Не согласен(на)"))
    assert await Consultation.all().count() == 0
    assert await ConsultationMessage.all().count() == 0
    await talk("/operator", Press("✍️ Написать вопрос"), Press("Согласен(на)"))
    assert "Напишите свой вопрос" in talk.text()
    await talk("вопрос после согласия")
    assert await ConsultationMessage.all().values_list("text", flat=True) == [
        "вопрос после согласия"]


async def test_two_misunderstandings_in_a_row_offer_a_person(mode):
    talk = await resident(mode)
    await talk("/courses")
    await talk("/чтоэто")
    assert "🙋 Задать вопрос человеку" not in talk.buttons()
    await talk("/непонятно")
    assert "🙋 Задать вопрос человеку" in talk.buttons()
    await talk(Press("🙋 Задать вопрос человеку"))
    assert "ответит вам здесь" in talk.text()


async def test_a_rating_is_saved_for_a_closed_conversation_of_ones_own(mode):
    talk = await resident(mode)
    await talk("/operator", Press("✍️ Написать вопрос"), "вопрос")
    number = (await Consultation.get()).id
    await consultations.close(number, actor="staff:1", address=None)
    await talk(f"/start consultations-r{number}.5")
    assert "Спасибо за оценку" in talk.text()
    assert (await Consultation.get()).rating == 5
    await talk(f"/start consultations-r{number}.9")  # no such button: nothing changes
    assert (await Consultation.get()).rating == 5
    assert (await User.get()).id


async def test_a_question_too_long_or_only_spaces_is_asked_again(mode):
    talk = await resident(mode)
    await talk("/operator", Press("✍️ Написать вопрос"), "а" * 5000)
    assert "слишком" in talk.text().lower()
    await talk("   ")
    assert "Напишите свой вопрос" in talk.text()
    assert await Consultation.all().count() == 0
    await talk("Коротко: где расписание?")
    assert await ConsultationMessage.all().values_list("text", flat=True) == [
        "Коротко: где расписание?"]


async def test_after_withdrawing_consent_typing_stores_nothing(mode):
    talk = await resident(mode)
    await talk("/operator", Press("✍️ Написать вопрос"), "первый вопрос")
    await User.filter().update(pd_consent=False)  # withdrawn from another device meanwhile
    await talk("ещё одно сообщение")
    assert "согласи" in talk.text().lower()
    assert await ConsultationMessage.all().count() == 1


async def test_a_person_asked_for_in_a_whole_sentence_at_the_menu(mode):
    talk = await resident(mode)
    await talk("хочу поговорить с живым человеком")
    assert "ответит вам здесь, в этом чате" in talk.text()
    assert "ничего не нашлось" not in talk.text()
    await talk("меню", "подскажите, как задать вопрос консультанту?")
    assert "ответит вам здесь, в этом чате" in talk.text()
