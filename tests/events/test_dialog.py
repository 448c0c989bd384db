"""/events and /myevents as conversations: a card, registering, a ticket, waiting, cancelling."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from backend.models import Municipality, OutboxMessage, Registration, User
from dialogs.model import LINK, Click, Contact
from tests.events.helpers import NOW, make_event, make_residents
from tests.talk import Press, Talker, onboard


async def test_register_answering_questions_and_get_a_ticket_and_a_calendar_file(talk):
    kotlas = await Municipality.get(name="Котлас")
    await make_event(municipality_id=kotlas.id, min_age=14, max_age=17,
                     questions=["В каком вы классе?", "Был ли опыт сварки?"])
    await talk("/events")
    assert "1. Профпроба «Сварщик» (демо)" in talk.text() and "осталось 10 мест" in talk.text()
    await talk(Press("1"))
    assert "Для кого: 14–17" in talk.text() and "Где: Котлас, ул. Ленина" in talk.text()
    assert "Котлас, Котлас" not in talk.text()
    await talk(Press("✍ Записаться"))
    assert talk.text() == "Сколько вам лет?"
    await talk(Press("14–17"), "Иван Петров", Contact("+79110001122"), "Котлас")
    assert talk.text() == "1/2\n\nВ каком вы классе?"
    await talk("9 класс", "Нет")
    assert talk.text().startswith("Записать вас?\nПрофпроба «Сварщик» (демо)\n")
    await talk(Press("✅ Записаться"))
    ticket, calendar = talk.last[:2]
    assert ticket.text.startswith("Вы записаны! Покажите этот QR-код на входе.\n"
                                "Профпроба «Сварщик» (демо)\n")
    assert ticket.attachment.filename == "ticket.png"
    assert ticket.attachment.data.startswith(b"\x89PNG")
    registration = await Registration.get()
    assert registration.ticket in ticket.text and registration.answers == ["9 класс", "Нет"]
    ics = calendar.attachment.data.decode()
    assert not calendar.attachment.is_image and "BEGIN:VEVENT" in ics
    assert "DTSTART;TZID=Europe/Moscow:20261204T120000" in ics  # 09:00 UTC is 12:00 MSK
    await talk("/events", Press("1"), Press("🎟 Мой билет"))  # registered: the ticket
    assert talk.last[0].text.startswith("Вы записаны!") and talk.last[0].attachment
    assert await Registration.all().count() == 1


async def test_a_full_event_puts_you_on_the_waiting_list(talk):
    event = await make_event(capacity=1)
    (other,) = await make_residents(1)
    from backend.services import events
    await events.register(event.id, other.id, channel="vk", now=NOW)
    await talk("/events")
    assert "мест нет, есть лист ожидания" in talk.text()
    await talk(Press("1"), Press("⏳ В лист ожидания"), Press("18–24"), "Анна Иванова",
               "+79110002233", "Вельский", Press("✅ Записаться"))
    assert "Вы 1-й в листе ожидания" in talk.text()
    assert talk.last[0].attachment is None  # no ticket yet


async def test_cancel_and_the_next_in_line_takes_the_seat_from_the_notice(mode):
    await make_event(capacity=1)
    first, second = Talker(mode.engine()), Talker(mode.engine())
    second.account = type(second.account)("terminal", "resident-2")
    for person, name in ((first, "Анна Иванова"), (second, "Олег Смирнов")):
        person.now = NOW
        await onboard(person)
        await person("/events", Press("1"), Press("✍ Записаться") if person is first else
                     Press("⏳ В лист ожидания"), Press("25–34"), name, "+79110003344",
                     "Котлас", Press("✅ Записаться"))
    await User.filter(external_id="resident-2").update(platform="telegram")  # can be told
    second.account = type(second.account)("telegram", "resident-2")
    await first("/myevents")
    assert "1. Профпроба «Сварщик» (демо)" in first.text()
    await first(Press("1"))
    assert first.last[0].attachment is not None  # the ticket again
    await first(Press("✖ Отменить запись"), Press("Да, отменить"))
    assert "Запись отменена." in first.text()
    notice = await OutboxMessage.get()
    assert notice.text.startswith("Для вас освободилось место")
    await second(Click(f"{LINK}|{notice.button['link']}"))
    assert "ждёт вас до" in second.text()
    await second(Press("✅ Занять место"))
    assert second.last[0].text.startswith("Вы записаны!")
    assert second.last[0].attachment.filename == "ticket.png"


async def test_filters_by_place_and_kind(talk):
    kotlas = await Municipality.get(name="Котлас")
    await make_event(title="Профпроба в Котласе", municipality_id=kotlas.id)
    await make_event(title="Ярмарка вакансий онлайн", kind="job_fair",
                     online_url="https://example.org/fair",
                     starts_at=NOW + timedelta(days=5))
    await talk("/events")
    assert "Впереди 2 мероприятия." in talk.text()
    await talk(Press("⚙ Место и вид"), Press("🗂 Вид: любой"), Press("Ярмарка вакансий"))
    assert "Ярмарка вакансий онлайн" in talk.text() and "Котласе" not in talk.text()
    await talk(Press("⚙ Место и вид"), Press("📍 Где: везде"), Press("Котлас"))
    assert "Подходящих мероприятий пока нет" in talk.text()


async def test_each_screen_loads_its_data_once_per_turn(talk, monkeypatch):
    from backend.services import events, users
    calls: Counter = Counter()
    for module, name in ((events, "upcoming"), (events, "published_or_cancelled_event"),
                         (events, "coming_registrations"), (events, "registration_of"),
                         (users, "list_municipalities")):
        monkeypatch.setattr(module, name, counted(getattr(module, name), name, calls))
    event = await make_event()
    await talk("/events")
    assert calls == {"upcoming": 1, "list_municipalities": 1}
    calls.clear()
    await talk(Press("1"))  # the press is checked against the list, then the card shows
    assert calls == {"upcoming": 1, "published_or_cancelled_event": 1, "list_municipalities": 1}
    resident = await User.get(external_id="resident-1")
    await User.filter(id=resident.id).update(full_name="Анна Иванова", phone="+79110003344")
    await events.register(event.id, resident.id, channel="terminal", now=NOW)
    calls.clear()
    await talk("/myevents")
    assert calls == {"coming_registrations": 1}
    calls.clear()
    await talk(Press("1"))  # the ticket, its picture and the actions: one registration read
    assert calls == {"coming_registrations": 1, "registration_of": 1}
    assert talk.last[0].attachment is not None


def counted(load, name: str, calls: Counter):
    async def counting(*args, **kwargs):
        calls[name] += 1
        return await load(*args, **kwargs)
    return counting
