"""Broadcasts against the fake Telegram and VK APIs: everyone once or marked, never too fast."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from backend.models import Broadcast, BroadcastRecipient, User
from backend.services import broadcasts
from backend.services.broadcasts_audience import Audience
from backend.settings import Settings
from bots.telegram.channel import TelegramChannel
from bots.vk.channel import VkChannel
from dialogs import REGISTRY
from tests.fakes.telegram import TOKEN, ApiError, FakeTelegram
from tests.fakes.vk import GROUP_ID, FakeVk
from tests.fakes.vk import TOKEN as VK_TOKEN


async def residents(count: int, platform: str, first: int = 50_000) -> list[User]:
    await User.bulk_create([User(platform=platform, external_id=str(first + n), pd_consent=True,
                                 locale="ru") for n in range(count)], batch_size=1000)
    return list(await User.filter(platform=platform).order_by("id"))


def busiest_second(times: list[float]) -> int:
    """The most calls in any one-second window."""
    times, best, start = sorted(times), 0, 0
    for end, moment in enumerate(times):
        while moment - times[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


async def run_to_the_end(broadcaster, broadcast_id: int, rounds: int = 400) -> None:
    for _ in range(rounds):
        await broadcaster.deliver()
        if (await Broadcast.get(id=broadcast_id)).status == "done":
            return
    raise AssertionError("the broadcast did not finish")


@pytest.fixture
async def fake_telegram():
    fake = FakeTelegram()
    await fake.start()
    yield fake
    await fake.close()


async def test_two_thousand_with_random_429_403_and_5xx(mode, fake_telegram):
    rng = random.Random(7)
    people = await residents(2000, "telegram")
    blocked = {int(p.external_id) for p in rng.sample(people, 40)}

    def chaos(method: str, params: dict) -> ApiError | None:
        if method != "sendMessage":
            return None
        if int(params["chat_id"]) in blocked:
            return ApiError(403, "Forbidden: bot was blocked by the user")
        roll = rng.random()
        if roll < 0.01:
            return ApiError(429, "Too Many Requests: retry after 1", retry_after=1)
        if roll < 0.04:
            return ApiError(502, "Bad Gateway")
        return None

    fake_telegram.chaos = chaos
    settings = Settings(telegram_token=TOKEN, telegram_api_url=fake_telegram.url,
                        telegram_rate=400)
    channel = TelegramChannel(settings, mode.engine(), mode.store, REGISTRY)
    broadcast = await broadcasts.create(actor="staff:1", title="Ярмарка", text="Приходите!",
                                        audience=Audience(channels=("telegram",)),
                                        button={"label": "Подробнее", "link": "events"})
    assert await broadcasts.start(broadcast.id, actor="staff:1", now=datetime.now(UTC)) == 2000
    try:
        await run_to_the_end(channel.broadcaster, broadcast.id)
    finally:
        await channel.bot.session.close()
    states = dict(await BroadcastRecipient.filter(broadcast_id=broadcast.id)
                  .values_list("address", "state"))
    received = {chat: len(messages) for chat, messages in fake_telegram.sent.items()}
    for address, state in states.items():
        assert state in ("sent", "blocked", "failed"), (address, state)
        assert received.get(int(address), 0) == (1 if state == "sent" else 0), address
    assert sum(state == "blocked" for state in states.values()) == 40
    assert await User.filter(blocked_at__isnull=False, subscribed=False).count() == 40
    calls = [moment for moment, method in fake_telegram.call_times if method == "sendMessage"]
    assert busiest_second(calls) <= 400
    assert fake_telegram.sent[int(people[0].external_id)][0].buttons == [
        ("Подробнее", "go|events")]
    progress = await broadcasts.progress(await broadcasts.find_broadcast(broadcast.id),
                                         datetime.now(UTC))
    assert progress.remaining == 0 and progress.total == 2000


async def test_blocked_and_stopped_residents_are_not_in_the_audience(mode):
    people = await residents(5, "telegram")
    await User.filter(id=people[0].id).update(subscribed=False)
    await User.filter(id=people[1].id).update(blocked_at=datetime.now(UTC))
    await User.filter(id=people[2].id).update(pd_consent=False)
    broadcast = await broadcasts.create(actor="staff:1", title="T", text="Текст",
                                        audience=Audience())
    assert await broadcasts.start(broadcast.id, actor="staff:1", now=datetime.now(UTC)) == 2


async def test_vk_sends_a_hundred_a_call_and_a_resend_after_a_crash_is_dropped(mode):
    fake = FakeVk()
    await fake.start()
    people = await residents(250, "vk", first=700)
    fake.closed = {700, 701, 702}
    settings = Settings(vk_token=VK_TOKEN, vk_group_id=GROUP_ID, vk_api_url=fake.url,
                        vk_rate=20)
    channel = VkChannel(settings, mode.engine(), mode.store)
    broadcast = await broadcasts.create(actor="staff:1", title="Опрос", text="Пройдите опрос",
                                        audience=Audience(channels=("vk",)))
    await broadcasts.start(broadcast.id, actor="staff:1", now=datetime.now(UTC))
    try:
        await run_to_the_end(channel.broadcaster, broadcast.id)
        # A sender died after its call: the rows come back with an expired lease, sent again.
        died = await BroadcastRecipient.filter(broadcast_id=broadcast.id, state="sent") \
            .order_by("id").limit(100).values_list("id", flat=True)
        await BroadcastRecipient.filter(id__in=died).update(
            state="sending", lease_until=datetime(2000, 1, 1, tzinfo=UTC))
        await Broadcast.filter(id=broadcast.id).update(status="sending")
        await run_to_the_end(channel.broadcaster, broadcast.id)
    finally:
        channel.transport.close()
        await fake.close()
    sends = [m for m, method in fake.call_times if method == "messages.send"]
    assert len(sends) == 4  # 250 in three calls, and the resend of 100 in one
    assert all(len(fake.chat(int(p.external_id))) == 1 for p in people
               if int(p.external_id) not in fake.closed)  # random_id: VK drops the resend
    states = await BroadcastRecipient.filter(broadcast_id=broadcast.id).values_list(
        "state", flat=True)
    assert states.count("blocked") == 3 and states.count("sent") == 247


async def test_a_picture_is_uploaded_once_per_broadcast(mode, fake_telegram):
    from backend.events.ticket import qr_png

    await residents(30, "telegram")
    settings = Settings(telegram_token=TOKEN, telegram_api_url=fake_telegram.url,
                        telegram_rate=200)
    channel = TelegramChannel(settings, mode.engine(), mode.store, REGISTRY)
    broadcast = await broadcasts.create(actor="staff:1", title="С картинкой", text="Афиша",
                                        audience=Audience(), image=qr_png("poster"))
    await broadcasts.start(broadcast.id, actor="staff:1", now=datetime.now(UTC))
    try:
        await run_to_the_end(channel.broadcaster, broadcast.id)
    finally:
        await channel.bot.session.close()
    photos = [m for chat in fake_telegram.sent.values() for m in chat if m.kind == "photo"]
    assert len(photos) == 30 and all(m.text == "Афиша" for m in photos)
    assert fake_telegram.uploads == 1 and fake_telegram.reused_files == 29


async def test_a_broadcast_reaches_residents_as_staff_wrote_it(mode, fake_telegram):
    (person,) = await residents(1, "telegram")
    settings = Settings(telegram_token=TOKEN, telegram_api_url=fake_telegram.url)
    channel = TelegramChannel(settings, mode.engine(), mode.store, REGISTRY)
    text = "Итог: {{7*7}}, {data}, {0}, %s и {title}"
    broadcast = await broadcasts.create(actor="staff:1", title="Скобки", text=text,
                                        audience=Audience(),
                                        button={"label": "Открыть {0} %s", "link": "events"})
    await broadcasts.start(broadcast.id, actor="staff:1", now=datetime.now(UTC))
    try:
        await run_to_the_end(channel.broadcaster, broadcast.id)
    finally:
        await channel.bot.session.close()
    (message,) = fake_telegram.chat(int(person.external_id))
    assert message.text == text and message.buttons[0][0] == "Открыть {0} %s"


async def test_each_resident_gets_the_text_in_their_language(mode, fake_telegram):
    russian, english = await residents(2, "telegram")
    await User.filter(id=english.id).update(locale="en")
    fake_vk = FakeVk()
    await fake_vk.start()
    vk_people = await residents(3, "vk", first=900)
    await User.filter(id=vk_people[0].id).update(locale="en")
    telegram = TelegramChannel(Settings(telegram_token=TOKEN,
                                        telegram_api_url=fake_telegram.url),
                               mode.engine(), mode.store, REGISTRY)
    vk = VkChannel(Settings(vk_token=VK_TOKEN, vk_group_id=GROUP_ID, vk_api_url=fake_vk.url),
                   mode.engine(), mode.store)
    broadcast = await broadcasts.create(
        actor="staff:1", title="Ярмарка", text="Приходите на ярмарку",
        text_en="Come to the fair", audience=Audience(),
        button={"label": "Подробнее", "label_en": "More", "link": "events"})
    await broadcasts.start(broadcast.id, actor="staff:1", now=datetime.now(UTC))
    try:
        assert await telegram.broadcaster.deliver() == 2
        await run_to_the_end(vk.broadcaster, broadcast.id)
    finally:
        await telegram.bot.session.close()
        vk.transport.close()
        await fake_vk.close()
    (to_russian,), (to_english,) = (fake_telegram.chat(int(p.external_id))
                                    for p in (russian, english))
    assert (to_russian.text, to_russian.buttons[0][0]) == ("Приходите на ярмарку", "Подробнее")
    assert (to_english.text, to_english.buttons[0][0]) == ("Come to the fair", "More")
    texts = [fake_vk.chat(int(p.external_id))[0].text for p in vk_people]
    assert texts == ["Come to the fair", "Приходите на ярмарку", "Приходите на ярмарку"]
    sends = [m for m, method in fake_vk.call_times if method == "messages.send"]
    assert len(sends) == 2  # one call per language


async def test_without_an_english_text_everyone_gets_the_russian(mode, fake_telegram):
    (person,) = await residents(1, "telegram")
    await User.filter(id=person.id).update(locale="en")
    channel = TelegramChannel(Settings(telegram_token=TOKEN, telegram_api_url=fake_telegram.url),
                              mode.engine(), mode.store, REGISTRY)
    broadcast = await broadcasts.create(actor="staff:1", title="Т", text="Только по-русски",
                                        audience=Audience())
    await broadcasts.start(broadcast.id, actor="staff:1", now=datetime.now(UTC))
    try:
        await run_to_the_end(channel.broadcaster, broadcast.id)
    finally:
        await channel.bot.session.close()
    assert fake_telegram.chat(int(person.external_id))[0].text == "Только по-русски"
