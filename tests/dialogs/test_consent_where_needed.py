"""Consent where it belongs: browsing the catalog and events needs none; applying, registering
or following asks for it right there, and «Согласен(на)» goes on with the same action."""

from __future__ import annotations

from datetime import UTC, datetime

from backend.demo import programs as demo_programs
from backend.models import Application, Municipality, ProgramSubscription, Registration
from dialogs.model import Contact
from tests.bots.test_telegram import CHAT, telegram
from tests.events.helpers import make_event
from tests.talk import Press, Start, Talker

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
ASKED = "Для этого нужно ваше согласие на обработку персональных данных"


async def declined(mode) -> Talker:
    talk = Talker(mode.engine())
    talk.now = NOW
    await talk(Start(), Press("Русский"), Press("Не согласен(на)"))
    return talk


async def test_a_resident_without_consent_browses_and_is_asked_when_applying(mode):
    await demo_programs.seed(NOW)
    talk = await declined(mode)
    await talk("/courses", "электрогазосварщик", Press("1"))
    assert talk.text().startswith("Электрогазосварщик") and "✍ Записаться" in talk.buttons()
    await talk(Press("✍ Записаться"))
    assert talk.last[0].text.startswith(ASKED)
    assert talk.buttons()[:2] == ["Согласен(на)", "Не согласен(на)"]
    await talk(Press("Согласен(на)"))
    assert talk.last[-1].text.startswith("Сколько вам лет?")  # the same application goes on
    await talk("34")
    assert talk.text().startswith("Как к вам обращаться?")
    await talk("Анна Иванова", Contact("+79115551234"), "Котлас")
    assert talk.text().startswith("Отправить заявку на «Электрогазосварщик»?")
    await talk(Press("✅ Отправить"))
    application = await Application.get().prefetch_related("program")
    assert application.program.title == "Электрогазосварщик"


async def test_declining_at_the_application_leaves_browsing_as_it_was(mode):
    await demo_programs.seed(NOW)
    talk = await declined(mode)
    await talk("/courses", "повар", Press("1"), Press("✍ Записаться"), Press("Не согласен(на)"))
    assert await Application.all().count() == 0
    await talk("/courses")
    assert talk.text().startswith("Чему хотите научиться?")  # browsing, not the consent again


async def test_following_new_programs_asks_for_consent_and_then_follows(mode):
    await demo_programs.seed(NOW)
    talk = await declined(mode)
    await talk("/courses", "бухгалтер", Press("⚙ Фильтры и оповещения"),
               Press("🔔 Сообщать о новых"))
    assert talk.last[0].text.startswith(ASKED)
    await talk(Press("Согласен(на)"))
    assert await ProgramSubscription.filter(query="бухгалтер").count() == 1


async def test_events_are_browsed_without_consent_and_registering_asks_for_it(mode):
    kotlas = await Municipality.get(name="Котлас")
    await make_event(municipality_id=kotlas.id)
    talk = await declined(mode)
    await talk("/events")
    assert "1. Профпроба «Сварщик» (демо)" in talk.text()
    await talk(Press("1"), Press("✍ Записаться"))
    assert talk.last[0].text.startswith(ASKED)
    await talk(Press("Согласен(на)"))
    assert talk.last[-1].text == "Сколько вам лет?"  # the registration goes on
    await talk(Press("18–24"), "Иван Петров", Contact("+79110001122"), "Котлас",
               Press("✅ Записаться"))
    assert await Registration.all().count() == 1


async def test_applying_after_consent_through_telegram(mode, telegram_fake):
    fake = telegram_fake
    await demo_programs.seed(NOW)
    async with telegram(mode, fake, "polling"):
        await fake.step(CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Русский"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Не согласен(на)"))
        await fake.step(CHAT, fake.send_text(CHAT, "/courses"))
        await fake.step(CHAT, fake.send_text(CHAT, "электрогазосварщик"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "1"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✍ Записаться"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Согласен(на)"))
        assert fake.last(CHAT).text.startswith("Сколько вам лет?")
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "35–49"))
        assert fake.last(CHAT).text.startswith("Как к вам обращаться?")
