"""The real vk_api client against a local VK API server: Callback API and Bots Long Poll."""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest

from backend.app import create_app
from backend.models import ChannelCursor, InboxUpdate
from backend.settings import Settings
from bots.vk import render
from bots.vk.channel import CALLBACK_PATH, CURSOR, VkChannel
from dialogs.model import Attachment, Reply
from tests.bots.helpers import onboard, served
from tests.fakes.vk import GROUP_ID, TOKEN, FakeVk

PEER = 5150
SECRET = "vk-callback-secret"
CONFIRMATION = "a1b2c3d4"


@pytest.fixture
async def fake():
    fake = FakeVk()
    await fake.start()
    yield fake
    await fake.close()


@contextlib.asynccontextmanager
async def vk(mode, fake: FakeVk, vk_mode: str):
    settings = Settings(vk_token=TOKEN, vk_group_id=GROUP_ID, vk_api_url=fake.url,
                        vk_mode=vk_mode, vk_secret=SECRET, vk_confirmation=CONFIRMATION)
    app = create_app(settings, mode.store)
    channel = VkChannel(settings, mode.engine(), mode.store, wait=1)
    app.router.add_post(CALLBACK_PATH, channel.callback)
    async with served(app) as url:
        if vk_mode == "callback":
            fake.callback_url, fake.callback_secret = url + CALLBACK_PATH, SECRET
        await channel.start()
        channel.url = url
        try:
            yield channel
        finally:
            await channel.stop()


async def reach_menu_and_back(fake: FakeVk) -> None:
    await fake.step(PEER, fake.send_text(PEER, "Начать", payload={"command": "start"}))
    greeting = fake.last(PEER)
    assert "Здравствуйте" in greeting.text
    assert greeting.keyboard["inline"] is True
    assert [(label, kind) for label, kind, _ in greeting.buttons] == [
        ("Русский", "callback"), ("English", "callback")]
    await fake.step(PEER, fake.click(PEER, greeting, "Русский"))
    assert greeting.edits == 1 and greeting.text.startswith("Согласие на обработку")
    await fake.step(PEER, fake.click(PEER, greeting, "Согласен(на)"))
    await fake.wait_for(lambda: len(fake.chat(PEER)) == 2)
    menu = fake.last(PEER)
    assert menu.text == "Главное меню. Что хотите сделать?"
    await fake.step(PEER, fake.click(PEER, menu, "📋 Мои данные"))
    assert menu.text.startswith("Вот всё, что мы о вас храним")
    await fake.step(PEER, fake.click(PEER, menu, "Главное меню"))
    assert menu.text == "Главное меню. Что хотите сделать?"
    assert len(fake.event_answers) == 4


async def test_long_poll_conversation_reaches_the_menu_and_back(mode, fake):
    async with vk(mode, fake, "longpoll"):
        await reach_menu_and_back(fake)
    assert (await ChannelCursor.get(name=CURSOR)).value == str(len(fake.events))


async def test_callback_conversation_reaches_the_menu_and_back(mode, fake):
    async with vk(mode, fake, "callback"):
        await reach_menu_and_back(fake)
    assert {status for status, _ in fake.callback_statuses} == {200}
    assert {text for _, text in fake.callback_statuses} == {"ok"}


async def test_long_poll_resumes_from_the_saved_position_after_a_restart(mode, fake):
    async with vk(mode, fake, "longpoll"):
        await fake.step(PEER, fake.send_text(PEER, "привет"))
    await fake.send_text(PEER, "1")  # arrives while the bot is down
    async with vk(mode, fake, "longpoll"):
        await fake.wait_for(lambda: fake.last(PEER).text.startswith("Согласие на обработку"))
    assert await InboxUpdate.filter(channel="vk").count() == 2


async def test_callback_confirmation_secret_and_group_are_checked(mode, fake, caplog):
    caplog.set_level(logging.WARNING)
    async with vk(mode, fake, "callback") as channel, aiohttp.ClientSession() as http:
        url = channel.url + CALLBACK_PATH

        async def post(body) -> tuple[int, str]:
            data = body if isinstance(body, bytes) else json.dumps(body)
            async with http.post(url, data=data) as response:
                return response.status, await response.text()

        assert await post({"type": "confirmation", "group_id": GROUP_ID}) == (200, CONFIRMATION)
        assert (await post({"type": "confirmation", "group_id": 1}))[0] == 403
        event = {"type": "message_new", "group_id": GROUP_ID, "event_id": "e1", "v": "5.199",
                 "object": {"message": {"from_id": PEER, "peer_id": PEER, "text": "hi"}}}
        assert (await post(event))[0] == 403  # no secret
        assert (await post({**event, "secret": "wrong"}))[0] == 403
        for body in [b"{", b"\xff", b"[]", b'{"type": 1}']:
            assert (await post(body))[0] == 400
        assert (await post({**event, "secret": SECRET, "event_id": ""}))[0] == 400
    assert await InboxUpdate.all().count() == 0
    assert "wrong or missing secret" in caplog.text and "malformed event" in caplog.text


async def test_an_odd_secret_and_deeply_nested_json_are_refused_with_4xx(mode, fake, caplog):
    caplog.set_level(logging.WARNING)
    async with vk(mode, fake, "callback") as channel, aiohttp.ClientSession() as http:
        url = channel.url + CALLBACK_PATH
        head = f'{{"type": "message_new", "group_id": {GROUP_ID}, "event_id": "e1", '.encode()
        bodies = [(head + b'"secret": "\\ud800"}', 400),  # a lone surrogate: JSON, not UTF-8
                  (head + '"secret": "пароль"}'.encode(), 403)]
        for body, status in bodies:
            async with http.post(url, data=body) as response:
                assert response.status == status, body
        event = head + f'"secret": "{SECRET}", "object": '.encode()
        for depth in [100, 900, 100_000]:
            body = event + b"[" * depth + b"]" * depth + b"}"
            async with http.post(url, data=body) as response:
                assert response.status == 400, depth
    assert await InboxUpdate.all().count() == 0
    assert caplog.text.count("wrong or missing secret") == 1
    assert caplog.text.count("malformed event refused") == 4
    assert "Traceback" not in caplog.text


async def test_duplicate_callback_event_is_handled_once(mode, fake):
    async with vk(mode, fake, "callback") as channel:
        event = await fake.send_text(PEER, "привет")
        await fake.wait_for(lambda: len(fake.chat(PEER)) == 1)
        assert await fake.post_callback(event) == "ok"
        await channel.runner.idle()
    assert len(fake.chat(PEER)) == 1


async def test_clients_without_callback_buttons_get_text_buttons_and_can_type(mode, fake):
    async with vk(mode, fake, "longpoll"):
        await fake.step(PEER, fake.send_text(PEER, "привет", inline=False))
        greeting = fake.last(PEER)
        assert "inline" not in greeting.keyboard
        assert {kind for _, kind, _ in greeting.buttons} == {"text"}
        label, _, payload = greeting.buttons[1]
        pressed = fake.send_text(PEER, label, inline=False, payload=json.loads(payload))
        await fake.step(PEER, pressed)
        assert fake.last(PEER).text.startswith("Consent to the processing")
        await fake.step(PEER, fake.send_text(PEER, "1", inline=False))  # typed number
        await fake.wait_for(lambda: fake.last(PEER).text.startswith("Main menu"))


async def test_group_chats_and_unknown_events_are_ignored(mode, fake):
    async with vk(mode, fake, "longpoll") as channel:
        await fake.deliver("message_new", {"message": {"from_id": 1, "peer_id": 2_000_000_001,
                                                       "text": "/start"}})
        await fake.deliver("wall_post_new", {"id": 1})
        await fake.wait_for(lambda: len(fake.events) == 2)
        await asyncio.sleep(1.5)
        await channel.runner.idle()
    assert fake.messages == {}
    assert await InboxUpdate.filter(status="done").count() == 2


async def test_pictures_are_uploaded_and_attached(mode, fake):
    settings = Settings(vk_token=TOKEN, vk_group_id=GROUP_ID, vk_api_url=fake.url)
    channel = VkChannel(settings, mode.engine(), mode.store)
    from bots.vk.events import Origin
    png = b"\x89PNG\r\n\x1a\n" + b"0" * 64
    await render.send(channel.transport, Origin(PEER, True),
                      [Reply("Ваш профиль", attachment=Attachment("profile.png", png))], "ev1")
    assert fake.last(PEER).attachment.startswith(f"photo-{GROUP_ID}_")
    channel.transport.close()


def test_random_id_is_stable_per_update_and_reply():
    assert render.random_id("vk:e1", 0) == render.random_id("vk:e1", 0)
    assert render.random_id("vk:e1", 0) != render.random_id("vk:e1", 1)
    assert 0 <= render.random_id("x", 5) < 2**31


async def test_long_poll_takes_a_new_key_when_the_old_one_expires(mode, fake):
    async with vk(mode, fake, "longpoll"):
        await fake.step(PEER, fake.send_text(PEER, "привет"))
        fake.key = "lp-key-2"  # the old key now gets {"failed": 2}
        await fake.step(PEER, fake.send_text(PEER, "1"))
    assert fake.last(PEER).text.startswith("Согласие на обработку")


async def test_too_many_requests_is_retried_by_the_client(mode, fake):
    from tests.fakes.vk import VkError
    fake.faults.append(("messages.send", VkError(6, "Too many requests per second")))
    async with vk(mode, fake, "longpoll"):
        await fake.step(PEER, fake.send_text(PEER, "привет"))
    assert "Здравствуйте" in fake.last(PEER).text


async def test_a_resident_who_forbids_messages_does_not_break_the_channel(mode, fake, caplog):
    from tests.fakes.vk import VkError
    caplog.set_level(logging.INFO)
    fake.faults.append(("messages.send", VkError(901, "Can't send messages for users without "
                                                      "permission")))
    async with vk(mode, fake, "longpoll") as channel:
        await fake.send_text(PEER, "привет")
        await fake.wait_for(lambda: "does not accept messages" in caplog.text)
        await channel.runner.idle()
        await fake.step(PEER + 1, fake.send_text(PEER + 1, "привет"))
    assert fake.chat(PEER) == [] and "Здравствуйте" in fake.last(PEER + 1).text
    assert await InboxUpdate.filter(status="done").count() == 2


async def test_the_career_test_through_vk_ends_with_a_picture(mode, fake):
    async with vk(mode, fake, "longpoll"):
        await onboard(fake, PEER, fake.send_text(PEER, "Начать", payload={"command": "start"}))
        await fake.step(PEER, fake.send_text(PEER, "/test"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "Начать тест"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "14–17"))
        screen = fake.last(PEER)
        for _ in range(30):
            await fake.step(PEER, fake.click(PEER, screen, "Не знаю"), settle=0.02)
        await fake.wait_for(lambda: fake.last(PEER).text == "Что дальше?")
    result = next(m for m in fake.chat(PEER) if m.attachment)
    assert result.attachment.startswith("photo-") and "Интересы пока не выражены" in result.text


async def test_a_resident_finds_and_applies_in_vk_typing_the_phone(mode, fake):
    from backend.demo import programs as demo_programs
    from backend.models import Application, User

    await demo_programs.seed(datetime.now(UTC))
    async with vk(mode, fake, "longpoll"):
        await onboard(fake, PEER, fake.send_text(PEER, "Начать", payload={"command": "start"}))
        await fake.step(PEER, fake.send_text(PEER, "/courses"))
        await fake.step(PEER, fake.send_text(PEER, "бухгалтер онлайн"))
        results = fake.last(PEER)
        assert "Бухгалтер со знанием 1С" in results.text
        await fake.step(PEER, fake.click(PEER, results, "1"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "✍ Записаться"))
        await fake.step(PEER, fake.send_text(PEER, "34"))  # retraining takes adults
        await fake.step(PEER, fake.send_text(PEER, "Анна Иванова"))
        await fake.step(PEER, fake.send_text(PEER, "8 (911) 555-12-34"))
        await fake.step(PEER, fake.send_text(PEER, "Вельский"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "✅ Отправить"))
        await fake.wait_for(lambda: any("Заявка № 1 отправлена" in m.text
                                        for m in fake.chat(PEER)))
    application = await Application.get().prefetch_related("program")
    assert application.channel == "vk" and "Бухгалтер" in application.program.title
    assert (await User.get(platform="vk")).phone == "+79115551234"


async def test_an_event_ticket_and_calendar_file_through_vk(mode, fake):
    from tests.events.helpers import make_event

    await make_event(starts_at=datetime.now(UTC) + timedelta(days=3))
    async with vk(mode, fake, "longpoll"):
        await onboard(fake, PEER, fake.send_text(PEER, "Начать", payload={"command": "start"}))
        await fake.step(PEER, fake.send_text(PEER, "/events"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "1"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "✍ Записаться"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "18–24"))
        await fake.step(PEER, fake.send_text(PEER, "Анна Иванова"))
        await fake.step(PEER, fake.send_text(PEER, "+7 911 555-12-34"))
        await fake.step(PEER, fake.send_text(PEER, "Котлас"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "✅ Записаться"))
        await fake.wait_for(lambda: any((m.attachment or "").startswith("doc")
                                        for m in fake.chat(PEER)))
    ticket = next(m for m in fake.chat(PEER) if (m.attachment or "").startswith("photo"))
    assert ticket.text.startswith("Вы записаны!")
    uploaded = {name.rsplit(".", 1)[1]: data for name, data in fake.uploads}
    assert uploaded["png"].startswith(b"\x89PNG")
    assert "DTSTART;TZID=Europe/Moscow:" in uploaded["ics"].decode()


async def test_a_survey_through_vk(mode, fake):
    from backend.models import SurveyResponse
    from tests.surveys.helpers import make_survey

    survey = await make_survey()
    async with vk(mode, fake, "longpoll"):
        await onboard(fake, PEER, fake.send_text(PEER, "Начать", payload={"command": "start"}))
        await fake.step(PEER, fake.send_text(PEER, f"/start surveys-s{survey.id}"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "Да"))
        await fake.step(PEER, fake.send_text(PEER, "Повар"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "☐ Вождение"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "✅ Готово"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "3"))
        await fake.step(PEER, fake.send_text(PEER, "25"))
        await fake.step(PEER, fake.send_text(PEER, "15.01.2027"))
        await fake.wait_for(lambda: any("Спасибо! Ваши ответы сохранены." in m.text
                                        for m in fake.chat(PEER)))
    response = await SurveyResponse.get()
    assert response.answers == {"1": "Да", "2": "Повар", "3": ["Вождение"], "4": "3",
                                "5": 25, "6": "2027-01-15"}
