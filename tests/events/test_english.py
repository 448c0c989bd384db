"""An English reader registers for an event: its questions in English where the organizers
wrote them, else one word before the first that they are in Russian only."""

from __future__ import annotations

from backend.models import Event, Registration
from dialogs.model import Contact
from tests.bots.helpers import onboard as onboard_channel
from tests.bots.test_vk import PEER, vk
from tests.events.helpers import NOW, make_event
from tests.events.test_panel import FORM
from tests.panel import page_token, signed_in
from tests.talk import Press, Talker, onboard

RUSSIAN_ONLY = "These questions are in Russian only"
QUESTIONS = ["В каком вы классе?", "Был ли опыт сварки?"]


async def english_resident(mode) -> Talker:
    talk = Talker(mode.engine())
    talk.now = NOW
    await onboard(talk, "English")
    return talk


async def register(talk: Talker) -> None:
    await talk("/events", Press("1"), Press("✍ Register"), Press("14–17"), "Ivan Petrov",
               Contact("+79110001122"), "Котлас")


async def test_the_questions_in_english_and_the_answers_kept(mode):
    await make_event(questions=QUESTIONS, questions_en=["Which grade are you in?",
                                                         "Have you welded before?"])
    talk = await english_resident(mode)
    await register(talk)
    assert talk.text() == "1/2\n\nWhich grade are you in?"
    await talk("9th", "No", Press("✅ Register"))
    assert (await Registration.get()).answers == ["9th", "No"]


async def test_questions_without_english_are_announced_once(mode):
    await make_event(questions=QUESTIONS)
    talk = await english_resident(mode)
    await register(talk)
    assert talk.text().startswith(RUSSIAN_ONLY) and talk.text().endswith(
        "1/2\n\nВ каком вы классе?")
    await talk("9")
    assert talk.text() == "2/2\n\nБыл ли опыт сварки?"


async def test_a_russian_reader_sees_no_notice(talk):
    await make_event(questions=QUESTIONS)
    await talk("/events", Press("1"), Press("✍ Записаться"), Press("14–17"), "Иван Петров",
               Contact("+79110001122"), "Котлас")
    assert talk.text() == "1/2\n\nВ каком вы классе?"


async def test_in_vk(mode, vk_fake):
    await make_event(questions=QUESTIONS[:1], questions_en=["Which grade are you in?"])
    fake = vk_fake
    async with vk(mode, fake, "longpoll"):
        await onboard_channel(fake, PEER, fake.send_text(PEER, "Start",
                                                         payload={"command": "start"}),
                              language="English")
        await fake.step(PEER, fake.send_text(PEER, "/events"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "1"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "✍ Register"))
        await fake.step(PEER, fake.send_text(PEER, "16"))
        await fake.step(PEER, fake.send_text(PEER, "Ivan Petrov"))
        await fake.step(PEER, fake.send_text(PEER, "+7 911 000-11-22"))
        await fake.step(PEER, fake.send_text(PEER, "Котлас"))
        assert fake.last(PEER).text == "1/1\n\nWhich grade are you in?"


async def test_staff_write_them_in_the_event_form(mode):
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/events/new")
    form = {**FORM, "online_url": "https://example.org/open-day", "ends_at": "2027-03-01T14:00",
            "registration_deadline": "2027-03-01T10:00", "capacity": "30",
            "questions": "Ваш класс?\nБыл ли опыт?", "questions_en": "Your grade?",
            "csrf_token": token}
    async with client.post("/admin/events/new", data=form) as page:
        assert page.status == 422 and 'id="problem-questions_en"' in await page.text()
    form["questions_en"] = "Your grade?\nAny experience?"
    async with client.post("/admin/events/new", data=form, allow_redirects=False) as sent:
        assert sent.status == 302
    event = await Event.get()
    assert event.questions_en == ["Your grade?", "Any experience?"]
    async with client.get(f"/admin/events/{event.id}") as page:
        assert "Your grade?\nAny experience?" in await page.text()
    await client.close()
