"""The real aiogram client against a local Bot API server, in polling and webhook modes."""

from __future__ import annotations

import contextlib
import json
import logging
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from backend.app import create_app
from backend.models import InboxUpdate, User
from backend.settings import Settings
from bots.telegram.channel import WEBHOOK_PATH, TelegramChannel
from bots.telegram.render import inline_keyboard
from dialogs import REGISTRY
from dialogs.engine import Engine
from dialogs.model import Button, Reply
from tests.bots.helpers import onboard, raw_post, served
from tests.fakes.telegram import TOKEN, FakeTelegram

CHAT = 4242
SECRET = "s3cr3t-token_ok"


@pytest.fixture
async def fake():
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.close()


@contextlib.asynccontextmanager
async def telegram(mode, fake: FakeTelegram, telegram_mode: str, engine=None, **settings):
    """The channel running as in production; yields it once started."""
    app_settings = Settings(telegram_token=TOKEN, telegram_api_url=fake.url,
                            telegram_mode=telegram_mode, telegram_webhook_secret=SECRET,
                            public_url="http://127.0.0.1:1", **settings)
    app = create_app(app_settings, mode.store)
    channel = TelegramChannel(app_settings, engine or mode.engine(), mode.store, REGISTRY,
                              poll_timeout=1)
    app.router.add_post(WEBHOOK_PATH, channel.webhook)
    async with served(app) as url:
        channel.settings = app_settings.model_copy(update={"public_url": url})
        await channel.start()
        channel.url = url
        try:
            yield channel
        finally:
            await channel.stop()


async def reach_menu_and_back(fake: FakeTelegram) -> None:
    await fake.step(CHAT, fake.send_text(CHAT, "/start"))
    greeting = fake.last(CHAT)
    assert "Здравствуйте" in greeting.text
    assert [label for label, _ in greeting.buttons] == ["Русский", "English"]
    await fake.step(CHAT, fake.click(CHAT, greeting, "English"))
    assert greeting.edits == 1 and greeting.text.startswith("Consent to the processing")
    await fake.step(CHAT, fake.click(CHAT, greeting, "I agree"))
    await fake.wait_for(lambda: len(fake.chat(CHAT)) == 2)
    assert greeting.text.startswith("Thank you! Your consent is saved.")
    menu = fake.last(CHAT)
    assert menu.text == "Main menu. What would you like to do?"
    await fake.step(CHAT, fake.click(CHAT, menu, "📋 My data"))
    assert menu.text.startswith("This is everything we hold about you")
    await fake.step(CHAT, fake.click(CHAT, menu, "Main menu"))
    assert menu.text == "Main menu. What would you like to do?"
    assert len(fake.answered) == 4  # every press answered, so no client spins forever


async def test_polling_conversation_reaches_the_menu_and_back(mode, fake):
    async with telegram(mode, fake, "polling"):
        await reach_menu_and_back(fake)
    assert fake.webhook is None
    assert {c["command"] for c in fake.commands["ru"]} >= {"start", "help", "mydata", "stop"}
    assert next(c for c in fake.commands["ru"] if c["command"] == "help")["description"] == (
        "эта справка")
    assert fake.commands[""] == fake.commands["ru"]  # everyone else gets the default language
    assert next(c for c in fake.commands["en"] if c["command"] == "help")["description"] == (
        "this help")


async def test_webhook_conversation_reaches_the_menu_and_back(mode, fake):
    async with telegram(mode, fake, "webhook") as channel:
        assert fake.webhook == {"url": channel.url + WEBHOOK_PATH, "secret_token": SECRET}
        await reach_menu_and_back(fake)
    assert set(fake.webhook_statuses) == {200}


async def test_group_chats_are_ignored(mode, fake):
    """The bot talks to residents in private only: a group's messages get nothing."""
    async with telegram(mode, fake, "webhook") as channel:
        group = {"id": -100777, "type": "supergroup", "title": "Колледж"}
        person = {"id": CHAT, "is_bot": False, "first_name": "R"}
        await fake.deliver({"update_id": 1, "message": {
            "message_id": 1, "date": 0, "chat": group, "from": person, "text": "/start"}})
        await fake.deliver({"update_id": 2, "my_chat_member": {
            "chat": group, "from": person, "date": 0,
            "old_chat_member": {"status": "member", "user": person},
            "new_chat_member": {"status": "kicked", "user": person, "until_date": 0}}})
        await fake.send_text(CHAT, "/start")  # and in private it answers
        await fake.wait_for(lambda: fake.chat(CHAT))
        await channel.runner.idle()
    assert fake.chat(-100777) == [] and len(fake.chat(CHAT)) == 1
    assert await InboxUpdate.exclude(status="done").count() == 0


async def test_redelivered_update_is_handled_once(mode, fake):
    async with telegram(mode, fake, "webhook") as channel:
        update = await fake.send_text(CHAT, "/start")
        await fake.wait_for(lambda: len(fake.chat(CHAT)) == 1)
        await fake.deliver(update)
        await fake.deliver(update)
        await channel.runner.idle()
    assert len(fake.chat(CHAT)) == 1
    assert await InboxUpdate.filter(key=str(update["update_id"])).count() == 1


async def test_polled_update_survives_a_restart_before_processing(mode, fake):
    """Updates taken by getUpdates but not yet handled are in the inbox; the sweep handles them."""
    async with telegram(mode, fake, "polling") as channel:
        async def fail(update):
            raise RuntimeError("process died here")
        original, channel.runner.process = channel.runner.process, fail
        await fake.send_text(CHAT, "/start")
        await fake.wait_for(lambda: fake.updates == [] or fake.calls.count("getUpdates") > 2)
        await channel.runner.idle()
        assert fake.chat(CHAT) == []
        channel.runner.process = original
        await channel.runner.sweep()
        await channel.runner.idle()
    assert "Здравствуйте" in fake.last(CHAT).text


class FailsOnce:
    """The store, whose next read fails as Redis does while it restarts."""

    def __init__(self, store) -> None:
        self.store, self.failing = store, False

    def __getattr__(self, name):
        return getattr(self.store, name)

    async def get(self, key):
        if self.failing:
            self.failing = False
            raise RedisConnectionError("Connection closed by server.")
        return await self.store.get(key)


async def test_a_press_that_met_an_outage_is_answered_once_the_store_is_back(mode, fake):
    """Handled again after the outage, the press is answered to Telegram a second time, which
    Telegram refuses: that must not stop the reply."""
    store = FailsOnce(mode.store)
    async with telegram(mode, fake, "webhook", engine=Engine(store, REGISTRY)) as channel:
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        menu = fake.last(CHAT)
        store.failing = True
        await fake.click(CHAT, menu, "📋 Мои данные")
        await fake.wait_for(lambda: menu.text.startswith("Вот всё, что мы о вас храним"))
        await channel.runner.idle()
    assert await InboxUpdate.exclude(status="done").count() == 0


async def test_webhook_refuses_wrong_secret_and_malformed_json(mode, fake, caplog):
    caplog.set_level(logging.WARNING)
    async with telegram(mode, fake, "webhook") as channel, aiohttp.ClientSession() as http:
        url = channel.url + WEBHOOK_PATH
        update = json.dumps({"update_id": 1, "message": {"message_id": 1, "date": 0,
                             "chat": {"id": 1, "type": "private"}, "text": "hi"}})
        async with http.post(url, data=update) as response:
            assert response.status == 401
        async with http.post(url, data=update,
                             headers={"X-Telegram-Bot-Api-Secret-Token": "wrong"}) as response:
            assert response.status == 401
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        for body in [b"{not json", b"\xff\xfe", b"[]", b'{"update_id": "x"}', b"null"]:
            async with http.post(url, data=body, headers=headers) as response:
                assert response.status == 400
        async with http.post(url, data=b"x" * (2 * 1024 * 1024), headers=headers) as response:
            assert response.status == 413
    assert await InboxUpdate.all().count() == 0
    assert "malformed update refused" in caplog.text
    assert "wrong or missing secret" in caplog.text


def nested(depth: int) -> bytes:
    """An update whose message holds `depth` nested lists."""
    return b'{"update_id": 5, "message": ' + b"[" * depth + b"]" * depth + b"}"


async def test_a_non_ascii_secret_and_deeply_nested_json_are_refused_with_4xx(mode, fake,
                                                                                caplog):
    caplog.set_level(logging.WARNING)
    async with telegram(mode, fake, "webhook") as channel, aiohttp.ClientSession() as http:
        url = channel.url + WEBHOOK_PATH
        for secret in ["пароль", SECRET + "é"]:
            headers = {"X-Telegram-Bot-Api-Secret-Token": secret}
            async with http.post(url, data=b"{}", headers=headers) as response:
                assert response.status == 401, secret
        # Bytes that are not UTF-8 at all (an old client's Latin-1), sent as they are.
        status = await raw_post(url, b"X-Telegram-Bot-Api-Secret-Token: \xe9t\xe9\r\n")
        assert status == 401
        headers = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
        for depth in [100, 900, 100_000]:
            async with http.post(url, data=nested(depth), headers=headers) as response:
                assert response.status == 400, depth
    assert await InboxUpdate.all().count() == 0
    assert caplog.text.count("wrong or missing secret") == 3
    assert caplog.text.count("malformed update refused") == 3
    assert "Traceback" not in caplog.text


async def test_update_of_an_unknown_shape_is_stored_and_does_not_break_the_chat(mode, fake):
    async with telegram(mode, fake, "webhook") as channel:
        await fake.deliver({"update_id": 77, "poll": {"id": "1", "question": "?", "options": [],
                            "total_voter_count": 0, "is_closed": False, "is_anonymous": True,
                            "type": "regular", "allows_multiple_answers": False}})
        await fake.deliver({"update_id": 78, "message": {"message_id": 5, "date": 0,
                            "chat": {"id": CHAT, "type": "private"},
                            "from": {"id": CHAT, "is_bot": False, "first_name": "R"},
                            "sticker": {"file_id": "s", "file_unique_id": "u", "type": "regular",
                                        "width": 1, "height": 1, "is_animated": False,
                                        "is_video": False}}})
        await channel.runner.idle()
        await fake.step(CHAT, fake.send_text(CHAT, "/start"))
    assert "Здравствуйте" in fake.last(CHAT).text
    assert await InboxUpdate.filter(status="done").count() == 3


async def test_texts_over_the_limit_and_odd_characters_get_answers(mode, fake):
    async with telegram(mode, fake, "polling"):
        await fake.step(CHAT, fake.send_text(CHAT, "/start"))
        for text in ["ы" * 4096, "🙂\u200d\u202e", "\u0000"]:
            await fake.step(CHAT, fake.send_text(CHAT, text))
    assert all(len(m.text) <= 4096 for m in fake.chat(CHAT))
    assert await User.filter(platform="telegram").count() == 1


def test_callback_data_over_64_bytes_is_refused_before_sending():
    reply = Reply("x", ((Button("ok", "я" * 33), ),))
    with pytest.raises(ValueError, match="64 bytes"):
        inline_keyboard(reply)


async def test_flood_control_is_waited_out(mode, fake):
    from tests.fakes.telegram import ApiError
    fake.faults.append(("sendMessage", ApiError(429, "Too Many Requests: retry after 1",
                                                retry_after=1)))
    async with telegram(mode, fake, "polling"):
        await fake.step(CHAT, fake.send_text(CHAT, "/start"))
    assert "Здравствуйте" in fake.last(CHAT).text
    assert fake.calls.count("sendMessage") == 2


PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)


async def picture(ctx):
    from dialogs.model import Attachment
    return Attachment("profile.png", PNG)


def parse_phone(text: str) -> str:
    from dialogs.model import InvalidInput
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) != 11:
        raise InvalidInput("Please write your answer in words.")
    return "+" + digits


def contact_registry():
    from backend.i18n import N_
    from dialogs.model import Ask, Dialog, Say
    contact = Dialog("contact", [
        Ask("phone", N_("Main menu"), save_as="phone", parse=parse_phone,
            request_contact=N_("Main menu")),
        Say("done", "{phone}", attachment=picture),
    ], needs_consent=True)
    return {**REGISTRY, "contact": contact}


async def test_shared_contact_and_pictures_travel_through_telegram(mode, fake):
    from dialogs.engine import Engine
    engine = Engine(mode.store, contact_registry())
    async with telegram(mode, fake, "polling", engine=engine):
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "/start contact"))
        asking = fake.last(CHAT)
        assert asking.markup["keyboard"][0][0] == {"text": "Главное меню",
                                                    "request_contact": True}
        await fake.step(CHAT, fake.share_contact(CHAT, "+7 900 123-45-67"))
        await fake.wait_for(lambda: fake.last(CHAT).kind == "text"
                            and fake.last(CHAT).text.startswith("Главное меню"))
    photo = next(m for m in fake.chat(CHAT) if m.kind == "photo")
    assert photo.text == "+79001234567"


async def test_logs_carry_no_personal_data(mode, fake, caplog):
    caplog.set_level(logging.INFO)
    async with telegram(mode, fake, "polling"):
        await fake.step(CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "Иван Петров, +79001234567, ivan@example.org"))
    for secret in ("Иван", "Петров", "79001234567", "ivan@example.org", TOKEN):
        assert secret not in caplog.text


async def test_polling_survives_conflicts_and_server_errors(mode, fake, caplog):
    from tests.fakes.telegram import ApiError
    fake.faults += [("getUpdates", ApiError(409, "Conflict: terminated by other getUpdates")),
                    ("getUpdates", ApiError(502, "Bad Gateway"))]
    async with telegram(mode, fake, "polling") as channel:
        channel.retry_delay = 0.05
        await fake.step(CHAT, fake.send_text(CHAT, "/start"))
    assert "Здравствуйте" in fake.last(CHAT).text
    assert "TelegramConflictError" in caplog.text and "TelegramServerError" in caplog.text


async def test_webhook_asks_for_redelivery_when_the_database_is_down(mode, fake, caplog):
    async with telegram(mode, fake, "webhook") as channel, aiohttp.ClientSession() as http:
        original = channel.receive

        async def broken(payload):  # what inbox.accept raises when PostgreSQL is unreachable
            from tortoise.exceptions import OperationalError
            raise OperationalError("connection refused")
        channel.receive = broken
        update = json.dumps({"update_id": 5, "message": {"message_id": 1, "date": 0,
                             "chat": {"id": 1, "type": "private"}, "text": "hi"}})
        async with http.post(channel.url + WEBHOOK_PATH, data=update,
                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}) as response:
            assert response.status == 503
        channel.receive = original
    assert "an update was not stored; asking for redelivery" in caplog.text


async def test_the_career_test_through_telegram_ends_with_a_picture(mode, fake):
    async with telegram(mode, fake, "polling"):
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "/test"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Начать тест"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "14–17"))
        screen = fake.last(CHAT)
        for n in range(30):
            assert screen.text.startswith(f"{n + 1}/30")
            await fake.step(CHAT, fake.click(CHAT, screen, "Интересно" if n % 6 == 0
                                             else "Неинтересно"), settle=0.02)
        await fake.wait_for(lambda: fake.last(CHAT).text == "Что дальше?")
    photo = next(m for m in fake.chat(CHAT) if m.kind == "photo")
    assert photo.text.startswith("Ваш ведущий тип: Практик")


async def test_a_resident_finds_and_applies_and_staff_hear_of_it(mode, fake):
    from backend.demo import programs as demo_programs
    from backend.models import Application, OutboxMessage
    await demo_programs.seed(datetime.now(UTC))
    async with telegram(mode, fake, "polling", staff_telegram_chat="-100500") as channel:
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "/courses"))
        await fake.step(CHAT, fake.send_text(CHAT, "электрогазосварщик"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "1"))
        assert fake.last(CHAT).text.startswith("Электрогазосварщик")
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✍ Записаться"))
        await fake.step(CHAT, fake.send_text(CHAT, "34"))  # a welder's course takes adults
        await fake.step(CHAT, fake.send_text(CHAT, "Анна Иванова"))
        assert fake.last(CHAT).markup["keyboard"][0][0]["request_contact"] is True
        await fake.step(CHAT, fake.share_contact(CHAT, "+79115551234"))
        await fake.step(CHAT, fake.send_text(CHAT, "Котлас"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✅ Отправить"))
        await fake.wait_for(lambda: any("Заявка № 1 отправлена" in m.text
                                        for m in fake.chat(CHAT)))
        await channel.sender.deliver()  # or the channel's own round: either sends it once
        await fake.wait_for(lambda: fake.chat(-100500))
    [staff_message] = fake.chat(-100500)
    staff_text = staff_message.text
    assert staff_text.startswith("Новая заявка № 1: «Электрогазосварщик»")
    assert staff_text.endswith(f"{channel.url}/admin/applications/1")
    assert (await Application.get()).channel == "telegram"
    assert (await OutboxMessage.get()).status == "sent"


async def test_without_a_staff_chat_the_staff_notice_is_given_up_not_retried(mode, fake):
    from backend.models import OutboxMessage
    from backend.services import outbox

    await outbox.enqueue("telegram", outbox.STAFF, "", "application:1")
    async with telegram(mode, fake, "polling") as channel:
        assert await channel.sender.deliver() == 0
    notice = await OutboxMessage.get()
    assert notice.status == "failed" and "COPP_STAFF_TELEGRAM_CHAT" in notice.error
    assert not fake.sent  # to nobody


async def test_a_notice_to_a_resident_who_blocked_the_bot_is_marked_not_retried(mode, fake):
    from backend.models import OutboxMessage
    from backend.services import outbox
    from tests.fakes.telegram import ApiError

    await outbox.enqueue("telegram", "5151", "Новая программа", "k1",
                         button={"label": "Открыть", "link": "courses-p1"})
    await outbox.enqueue("telegram", "5252", "Новая программа", "k2")
    assert not await outbox.enqueue("telegram", "5252", "Новая программа", "k2")  # once
    fake.faults.append(("sendMessage", ApiError(403, "Forbidden: bot was blocked by the user")))
    async with telegram(mode, fake, "polling") as channel:
        assert await channel.sender.deliver() == 1
    blocked, delivered = await OutboxMessage.all().order_by("id")
    assert blocked.status == "failed" and blocked.error.startswith("blocked")
    assert delivered.status == "sent" and fake.chat(5252)[0].text == "Новая программа"


async def test_an_event_ticket_and_calendar_file_through_telegram(mode, fake):
    from backend.models import Registration
    from tests.events.helpers import make_event

    await make_event(starts_at=datetime.now(UTC) + timedelta(days=3))
    async with telegram(mode, fake, "polling"):
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "/events"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "1"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✍ Записаться"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "18–24"))
        await fake.step(CHAT, fake.send_text(CHAT, "Анна Иванова"))
        await fake.step(CHAT, fake.share_contact(CHAT, "+79115551234"))
        await fake.step(CHAT, fake.send_text(CHAT, "Котлас"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✅ Записаться"))
        await fake.wait_for(lambda: any(m.kind == "document" for m in fake.chat(CHAT)))
    photo = next(m for m in fake.chat(CHAT) if m.kind == "photo")
    document = next(m for m in fake.chat(CHAT) if m.kind == "document")
    assert photo.text.startswith("Вы записаны!")
    assert (await Registration.get()).ticket in photo.text
    assert document.text == "Добавьте в календарь:"


async def test_a_survey_through_telegram(mode, fake):
    from backend.models import SurveyResponse
    from tests.surveys.helpers import make_survey

    survey = await make_survey()
    async with telegram(mode, fake, "polling"):
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, f"/start surveys-s{survey.id}"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Нет"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "☐ 1С"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✅ Готово"))
        await fake.step(CHAT, fake.send_text(CHAT, "10"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Пропустить"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "Пропустить"))
        await fake.wait_for(lambda: any("Спасибо! Ваши ответы сохранены." in m.text
                                        for m in fake.chat(CHAT)))
    response = await SurveyResponse.get()
    assert response.status == "complete"
    assert response.answers == {"1": "Нет", "3": ["1С"], "4": "10", "5": None, "6": None}


LONG = ("Получить рабочую профессию и сразу выйти на работу по ней",
        "Повысить квалификацию по своей нынешней специальности без отрыва",
        "Пока не знаю, хочу сначала поговорить с карьерным консультантом")


async def test_a_survey_with_long_russian_options_through_telegram(mode, fake):
    """Options carry their number, not their words: any length fits Telegram's 64 bytes."""
    from backend.models import Survey, SurveyQuestion, SurveyResponse

    survey = await Survey.create(title="Планы (демо)", status="published")
    for position, kind in enumerate(("single", "multiple"), start=1):
        await SurveyQuestion.create(survey_id=survey.id, position=position, kind=kind,
                                    text="Чего вы хотите?", options=list(LONG), required=True)
    async with telegram(mode, fake, "polling"):
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, f"/start surveys-s{survey.id}"))
        assert [label for label, _ in fake.last(CHAT).buttons][:3] == list(LONG)
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), LONG[1]))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "☐ " + LONG[2]))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "☐ " + LONG[0]))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✅ Готово"))
        await fake.wait_for(lambda: any("Спасибо! Ваши ответы сохранены." in m.text
                                        for m in fake.chat(CHAT)))
    response = await SurveyResponse.get()
    assert response.answers == {"1": LONG[1], "2": [LONG[2], LONG[0]]}


async def test_an_event_with_long_questions_and_staff_braces_through_telegram(mode, fake):
    from backend.models import Registration
    from tests.events.helpers import make_event

    question = "Какую профессию вы бы хотели попробовать на профпробе и почему {name}?"
    await make_event(starts_at=datetime.now(UTC) + timedelta(days=3),
                     title="Профпроба {{7*7}} «Сварщик»", description="Возьмите {pick} и %s",
                     questions=[question, "Был ли у вас опыт работы руками {0}?"])
    async with telegram(mode, fake, "polling"):
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.step(CHAT, fake.send_text(CHAT, "/events"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "1"))
        card = fake.last(CHAT).text
        assert card.startswith("Профпроба {{7*7}} «Сварщик»")
        assert card.endswith("Возьмите {pick} и %s")
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✍ Записаться"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "18–24"))
        await fake.step(CHAT, fake.send_text(CHAT, "Анна Иванова"))
        await fake.step(CHAT, fake.share_contact(CHAT, "+79115551234"))
        await fake.step(CHAT, fake.send_text(CHAT, "Котлас"))
        assert fake.last(CHAT).text == f"1/2\n\n{question}"
        answer = ("Сварщика, {data} " * 20).strip()
        await fake.step(CHAT, fake.send_text(CHAT, answer))
        assert fake.last(CHAT).text.endswith("руками {0}?")
        await fake.step(CHAT, fake.send_text(CHAT, "Да"))
        await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✅ Записаться"))
        await fake.wait_for(lambda: any(m.kind == "document" for m in fake.chat(CHAT)))
    assert (await Registration.get()).answers == [answer, "Да"]
    photo = next(m for m in fake.chat(CHAT) if m.kind == "photo")
    assert photo.text.startswith("Вы записаны!")
    assert "\nПрофпроба {{7*7}} «Сварщик»\n" in photo.text


async def test_blocking_the_bot_is_noted_and_writing_again_undoes_it(mode, fake):
    def membership(status: str) -> dict:
        person = {"id": CHAT, "is_bot": False, "first_name": "R"}
        return {"update_id": 9000 + len(status), "my_chat_member": {
            "chat": {"id": CHAT, "type": "private"}, "from": person, "date": 0,
            "old_chat_member": {"status": "member", "user": {**person, "id": 123456,
                                                              "is_bot": True,
                                                              "first_name": "ЦОПП"}},
            "new_chat_member": {"status": status, "user": {**person, "id": 123456,
                                                            "is_bot": True,
                                                            "first_name": "ЦОПП"},
                                **({"until_date": 0} if status == "kicked" else {})}}}

    async with telegram(mode, fake, "polling") as channel:
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await fake.deliver(membership("kicked"))
        await fake.wait_for(lambda: not fake.updates, timeout=5)
        await channel.runner.idle()
        assert (await User.get(external_id=str(CHAT))).blocked_at is not None
        await fake.step(CHAT, fake.send_text(CHAT, "/menu"))
    assert (await User.get(external_id=str(CHAT))).blocked_at is None
