"""Fuzzed updates and webhook requests: an input or a clean refusal, 200 or 4xx, never a crash."""

from __future__ import annotations

import itertools
import json
import logging

import aiohttp
import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.models import InboxUpdate
from backend.services import inbox
from backend.settings import Settings
from backend.store import MemoryStore
from bots.telegram import events as tg_events
from bots.telegram.channel import WEBHOOK_PATH, TelegramChannel
from bots.vk import events as vk_events
from bots.vk.channel import CALLBACK_PATH
from dialogs import REGISTRY
from dialogs.engine import Account
from dialogs.model import Click, Contact, Start, Text
from tests.bots.test_telegram import SECRET as TG_SECRET
from tests.bots.test_telegram import telegram
from tests.bots.test_vk import SECRET as VK_SECRET
from tests.bots.test_vk import vk
from tests.conftest import Mode
from tests.fakes.telegram import TOKEN
from tests.fakes.vk import GROUP_ID
from tests.fuzz import FUZZ, JSON, shaped

USER = {"id": 4242, "is_bot": False, "first_name": "R", "language_code": "ru"}
CHAT = {"id": 4242, "type": "private", "first_name": "R"}
MESSAGE = {"message_id": 1, "date": 0, "chat": CHAT, "from": USER, "text": "/start",
           "contact": {"phone_number": "+79110000000", "first_name": "R", "user_id": 4242}}
TELEGRAM = [
    {"update_id": 1, "message": MESSAGE},
    {"update_id": 2, "callback_query": {"id": "q1", "from": USER, "chat_instance": "c",
                                        "data": "menu|mydata", "message": MESSAGE}},
    {"update_id": 3, "my_chat_member": {
        "chat": CHAT, "from": USER, "date": 0,
        "old_chat_member": {"status": "member", "user": USER},
        "new_chat_member": {"status": "kicked", "user": USER, "until_date": 0}}},
]
CLIENT = {"button_actions": ["text", "callback"], "keyboard": True, "inline_keyboard": True}
VK = [
    {"type": "message_new", "group_id": GROUP_ID, "event_id": "e1", "v": "5.199",
     "object": {"message": {"from_id": 5150, "peer_id": 5150, "text": "привет",
                            "payload": '{"p": "menu|mydata"}'}, "client_info": CLIENT}},
    {"type": "message_event", "group_id": GROUP_ID, "event_id": "e2", "v": "5.199",
     "object": {"user_id": 5150, "peer_id": 5150, "event_id": "x", "payload": {"p": "a|b"},
                "conversation_message_id": 7}},
    {"type": "message_deny", "group_id": GROUP_ID, "event_id": "e3", "object": {"user_id": 5150}},
]
TELEGRAM_UPDATES = st.one_of(*[shaped(u) for u in TELEGRAM], JSON)
VK_EVENTS = st.one_of(*[shaped(e) for e in VK], JSON)


def _objects(values):
    """What a converter is given: the webhook refuses anything but a JSON object."""
    return values.filter(lambda value: isinstance(value, dict))

INPUTS = (Start, Text, Click, Contact)


class Recorder:
    """An engine that only checks what it is given."""

    async def handle(self, account: Account, event, now=None) -> list:
        assert isinstance(account.external_id, str) and account.external_id
        assert isinstance(event, INPUTS)
        return []



@pytest.fixture
async def telegram_channel(pg, telegram_fake):
    settings = Settings(telegram_token=TOKEN, telegram_api_url=telegram_fake.url)
    channel = TelegramChannel(settings, Recorder(), MemoryStore(), REGISTRY)
    yield channel
    await channel.bot.session.close()


# aiogram warns of an update with no part it knows, and lets it go: that is the refusal.
UNKNOWN_UPDATE = pytest.mark.filterwarnings("ignore:Detected unknown update type")


@UNKNOWN_UPDATE
@FUZZ
@given(update=_objects(TELEGRAM_UPDATES))
async def test_any_telegram_update_becomes_an_input_or_a_clean_refusal(telegram_channel, update):
    assert tg_events.user_key(update).startswith("tg:")
    assert tg_events.update_key(update) is None or tg_events.update_key(update).isdigit()
    await telegram_channel.process(inbox.Claimed(1, "telegram", "1", update, 1))


@FUZZ
@given(event=_objects(VK_EVENTS))
def test_any_vk_event_becomes_an_input_or_a_clean_refusal(event):
    assert vk_events.user_key(event).startswith("vk:")
    assert vk_events.event_key(event) is None or len(vk_events.event_key(event)) <= 64
    change = vk_events.block_change(event)
    assert change is None or (change[0].isdigit() and isinstance(change[1], bool))
    converted = vk_events.to_input(event, "k")
    if converted is not None:
        account, event_input, origin = converted
        assert isinstance(account.external_id, str) and isinstance(event_input, INPUTS)
        assert isinstance(origin.peer_id, int)


HEADER_NAMES = st.sampled_from(["X-Telegram-Bot-Api-Secret-Token", "Content-Type",
                                "X-Retry-Counter", "Content-Encoding"])
# What a client can put in a header: no control characters (aiohttp refuses to send them).
HEADER_VALUES = st.text(st.characters(max_codepoint=0x2FFF, exclude_categories=("Cs", "Cc")),
                        max_size=30)
BODIES = st.one_of(st.binary(max_size=200), JSON.map(lambda v: json.dumps(v).encode()))


def _body(value) -> bytes:
    return value if isinstance(value, bytes) else json.dumps(value).encode()


@pytest.fixture
def pg_mode(pg) -> Mode:
    """PostgreSQL, the stricter engine (NUL, column lengths); the store plays no part here."""
    return Mode("postgres+memory", pg, MemoryStore())


@pytest.fixture
async def telegram_webhook(pg_mode, telegram_fake):
    async with telegram(pg_mode, telegram_fake, "webhook") as channel, \
            aiohttp.ClientSession() as http:
        yield channel, http


@FUZZ
@given(headers=st.dictionaries(HEADER_NAMES, HEADER_VALUES, max_size=3), body=BODIES)
async def test_any_request_to_the_telegram_webhook_is_a_200_or_4xx(telegram_webhook, headers,
                                                                    body):
    channel, http = telegram_webhook
    async with http.post(channel.url + WEBHOOK_PATH, data=body, headers=headers) as response:
        assert response.status < 500


IDS = itertools.count(10_000)


def _fresh(value, key: str):
    """Each example its own update id (where it has a valid one), so none is a redelivery."""
    if isinstance(value, dict) and isinstance(value.get(key), int | str):
        value = {**value, key: next(IDS) if key == "update_id" else f"fuzz{next(IDS)}"}
    return value


@UNKNOWN_UPDATE
@FUZZ
@given(update=TELEGRAM_UPDATES)
async def test_any_update_with_the_right_secret_is_answered_and_never_breaks_processing(
        telegram_webhook, update, caplog):
    channel, http = telegram_webhook
    caplog.set_level(logging.WARNING)
    headers = {"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}
    body = _body(_fresh(update, "update_id"))
    async with http.post(channel.url + WEBHOOK_PATH, data=body, headers=headers) as response:
        assert response.status in (200, 400)
    await channel.runner.idle()
    assert await InboxUpdate.filter(status__not="done").count() == 0
    assert "Traceback" not in caplog.text


@pytest.fixture
async def vk_callback(pg_mode, vk_fake):
    async with vk(pg_mode, vk_fake, "callback") as channel, aiohttp.ClientSession() as http:
        yield channel, http


def _signed(event):
    if isinstance(event, dict):
        event = {**_fresh(event, "event_id"), "secret": VK_SECRET, "group_id": GROUP_ID}
    return json.dumps(event).encode()


@FUZZ
@given(event=st.one_of(BODIES, VK_EVENTS.map(_body), VK_EVENTS.map(_signed)))
async def test_any_vk_callback_is_answered_and_never_breaks_processing(vk_callback, event,
                                                                       caplog):
    channel, http = vk_callback
    caplog.set_level(logging.WARNING)
    async with http.post(channel.url + CALLBACK_PATH, data=event) as response:
        assert response.status < 500
    await channel.runner.idle()
    assert await InboxUpdate.filter(status__not="done").count() == 0
    assert "Traceback" not in caplog.text
