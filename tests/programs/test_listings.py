"""Honest listings: «бесплатно» only when free for everyone, a started program closed to
applying, alerts shown with their filters and stopped after one question."""

from datetime import UTC, date, datetime, timedelta

from backend.demo import programs as demo_programs
from backend.models import Program, ProgramSubscription
from backend.services import programs_search
from tests.bots.helpers import onboard as onboard_telegram
from tests.bots.test_telegram import CHAT, telegram
from tests.talk import Press

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
PAST = date(2026, 11, 14)
SOON = date(2026, 12, 10)



async def _only(title: str, **values) -> Program:
    """The first program of that title, with these values; the others of it are removed."""
    first = await Program.filter(title=title).order_by("id").first()
    await Program.filter(title=title).exclude(id=first.id).update(status="archived")
    await Program.filter(id=first.id).update(**values)
    programs_search.invalidate()  # as the panel's save does
    return first


async def test_free_for_some_says_for_whom_and_free_for_all_says_free(talk):
    await _only("Электрогазосварщик", price=0, start_date=SOON,
                free_for=["безработные граждане", "участники СВО и члены их семей"])
    await talk("/courses", "электрогазосварщик")
    line = talk.text().split("1. Электрогазосварщик", 1)[1].split("\n2.", 1)[0]
    assert "бесплатно для: безработные граждане; участники СВО и члены их семей" in line
    await _only("Электрогазосварщик", free_for=["все желающие"])
    await talk("электрогазосварщик")
    line = talk.text().split("1. Электрогазосварщик", 1)[1].split("\n2.", 1)[0]
    assert "бесплатно" in line and "бесплатно для" not in line
    await talk(Press("1"))
    assert "Стоимость: бесплатно" in talk.text()


async def test_a_started_program_is_shown_as_such_and_not_offered(talk):
    await _only("Повар", start_date=PAST)
    await talk("/courses", "повар")
    line = talk.text().split("1. Повар", 1)[1].split("\n2.", 1)[0]
    assert "запись закрыта" in line and "с 14" not in line
    await talk(Press("1"))
    assert "запись уже закрыта" in talk.text()
    assert "✍ Записаться" not in talk.buttons()


async def test_an_open_program_is_still_offered(talk):
    await _only("Повар", start_date=SOON)
    await talk("/courses", "повар", Press("1"))
    assert "✍ Записаться" in talk.buttons() and "закрыта" not in talk.text()


async def test_my_alerts_show_their_filters_and_stopping_asks_once(talk):
    await talk("/courses", "бухгалтер", Press("⚙ Фильтры и оповещения"),
               Press("💸 Цена: любая"), Press("бесплатно"),
               Press("⚙ Фильтры и оповещения"), Press("🔔 Сообщать о новых"))
    await talk("/courses", Press("🔔 Мои оповещения"))
    assert "1. «бухгалтер» · бесплатно" in talk.text()
    await talk(Press("1"))
    assert talk.text().startswith("Точно перестать следить?")
    assert talk.buttons()[:2] == ["Да, перестать", "Нет, оставить"]
    await talk(Press("Нет, оставить"))
    assert "1. «бухгалтер»" in talk.text() and await ProgramSubscription.all().count() == 1
    await talk(Press("1"), Press("Да, перестать"))
    assert "не следите" in talk.text() and await ProgramSubscription.all().count() == 0


async def test_a_started_program_in_telegram(mode, telegram_fake):
    await demo_programs.seed(NOW)
    program = await _only("Повар", start_date=date.today() - timedelta(days=30))
    async with telegram(mode, telegram_fake, "polling"):
        fake = telegram_fake
        await onboard_telegram(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, f"/start courses-p{program.id}"))
        card = fake.last(CHAT)
        assert card.text.startswith("Повар") and "запись уже закрыта" in card.text
        assert "✍ Записаться" not in [label for label, _ in card.buttons]
