"""An event says who it is for before asking anything: an adult is told on the card, and an
age given first ends the form there; the place is named once; the confirmation reads plainly."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from backend.models import Municipality, Registration, User
from tests.bots.helpers import onboard as onboard_telegram
from tests.bots.test_telegram import CHAT, telegram
from tests.events.helpers import make_event
from tests.talk import Press


async def test_an_adult_is_told_on_the_card_of_a_pupils_event(talk):
    await make_event(min_age=14, max_age=17)
    await User.filter(external_id="resident-1").update(age_group="25-34")
    await talk("/events", Press("1"))
    assert "для возраста 14–17" in talk.text()
    assert "✍ Записаться" not in talk.buttons()


async def test_the_age_is_asked_first_and_a_mismatch_ends_the_form_at_once(talk):
    await make_event(min_age=14, max_age=17, questions=["В каком вы классе?"])
    await talk("/events", Press("1"), Press("✍ Записаться"))
    assert talk.text() == "Сколько вам лет?"
    await talk(Press("25–34"))
    assert "для возраста 14–17" in talk.text()  # no name, phone or questions asked
    assert "✍ Записаться" not in talk.buttons()
    assert await Registration.all().count() == 0
    assert (await User.get(external_id="resident-1")).full_name in (None, "")


async def test_the_place_once_and_a_plain_confirmation(talk):
    kotlas = await Municipality.get(name="Котлас")
    await make_event(municipality_id=kotlas.id)
    await talk("/events", Press("1"))
    assert "Где: Котлас, ул. Ленина, 1 (демо)" in talk.text()
    await talk(Press("✍ Записаться"), Press("18–24"), "Иван Петров", "+79110001122", "Котлас")
    confirm = talk.text()
    assert confirm.startswith("Записать вас?\nПрофпроба «Сварщик» (демо)\n")
    assert "««" not in confirm and "»»" not in confirm
    await talk(Press("✅ Записаться"))
    assert talk.last[0].text.startswith("Вы записаны! Покажите этот QR-код на входе.\n"
                                     "Профпроба «Сварщик» (демо)\nКогда:")


async def test_an_adult_sees_it_in_telegram(mode, telegram_fake):
    kotlas = await Municipality.get(name="Котлас")
    await make_event(min_age=14, max_age=17, municipality_id=kotlas.id,
                     starts_at=datetime.now(UTC) + timedelta(days=3))
    async with telegram(mode, telegram_fake, "polling"):
        fake = telegram_fake
        await onboard_telegram(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "/events"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "1"))
        card = fake.last(CHAT)
        assert "Котлас, Котлас" not in card.text
        await fake.step(CHAT, fake.click(CHAT, card, "✍ Записаться"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "35–49"))
        card = fake.last(CHAT)
        assert "для возраста 14–17" in card.text
        assert "✍ Записаться" not in [label for label, _ in card.buttons]
