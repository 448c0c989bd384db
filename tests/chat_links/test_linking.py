"""Staff link their own Telegram or VK with a one-time code; test broadcasts go only there."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from backend.models import AuditEvent, Broadcast, OutboxMessage, StaffAccount
from tests.bots.helpers import onboard
from tests.bots.test_telegram import telegram
from tests.bots.test_vk import vk
from tests.panel import page_token, signed_in, url

CHAT, STRANGER = 4242, 5353
CODE = re.compile(r'id="link-code">([^<]+)<')



@pytest.fixture
def fake(telegram_fake):
    return telegram_fake


@pytest.fixture
def fake_vk(vk_fake):
    return vk_fake


async def new_code(client) -> str:
    token = await page_token(client, url("chat_links"))
    async with client.post(url("chat_links"), data={"csrf_token": token,
                                                      "action": "code"}) as page:
        assert page.status == 200
        return CODE.search(await page.text()).group(1)


async def send_test(client, broadcast: Broadcast, **typed) -> int:
    token = await page_token(client, url("broadcast", id=broadcast.id))
    async with client.post(url("broadcast", id=broadcast.id),
                           data={"csrf_token": token, "action": "test", **typed}) as page:
        return page.status


def said(fake, chat: int, words: str) -> int:
    """How many of the bot's messages in the chat contain `words`."""
    return sum(words in message.text for message in fake.chat(chat))


async def say(fake, chat: int, text: str, words: str) -> None:
    """Send `text` and wait for one more message with `words` (the main menu follows it)."""
    before = said(fake, chat, words)
    await fake.step(chat, fake.send_text(chat, text))
    await fake.wait_for(lambda: said(fake, chat, words) == before + 1)


async def test_a_linked_telegram_gets_the_test_and_a_typed_chat_id_nothing(mode, fake):
    broadcast = await Broadcast.create(title="Ярмарка", text="Приходите 5 декабря!",
                                       created_by="test")
    client = await signed_in(mode.store, "anna", "staff")
    anna = await StaffAccount.get(login="anna")
    async with telegram(mode, fake, "polling") as channel:
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        code = await new_code(client)
        await say(fake, CHAT, f"/link {code}", "привязан к учётной записи «anna»")
        async with client.get(url("chat_links")) as page:
            assert 'id="linked-telegram"' in await page.text()
        assert await send_test(client, broadcast, platform="vk", address="777") == 200
        await channel.sender.deliver()  # or its own round did: either way, it arrives
        await fake.wait_for(lambda: fake.last(CHAT).text == "Приходите 5 декабря!")
        # The code is spent: another chat cannot take it over.
        await onboard(fake, STRANGER, fake.send_text(STRANGER, "/start"))
        await say(fake, STRANGER, f"/link {code}", "неверный")
    assert fake.chat(777) == []
    assert "link" not in {c["command"] for c in fake.commands["ru"]}  # residents don't see it
    assert await OutboxMessage.filter().values_list("address", flat=True) == [str(CHAT)]
    tested = await AuditEvent.get(action="broadcast.tested")
    assert (tested.actor, tested.object_type, tested.object_id, tested.channel) == (
        f"staff:{anna.id}", "broadcast", str(broadcast.id), "telegram")
    assert await AuditEvent.filter(action="account.chat_linked").count() == 1
    assert (await StaffAccount.get(id=anna.id)).telegram_id == str(CHAT)
    token = await page_token(client, url("chat_links"))
    await client.post(url("chat_links"), data={"csrf_token": token, "action": "unlink",
                                                 "platform": "telegram"})
    assert await send_test(client, broadcast) == 422  # nothing linked: nowhere to send
    assert await OutboxMessage.all().count() == 1
    assert await AuditEvent.filter(action="account.chat_unlinked").count() == 1
    await client.close()


async def test_a_typed_chat_id_gets_no_test_message(mode):
    broadcast = await Broadcast.create(title="T", text="Текст", created_by="test")
    client = await signed_in(mode.store, "anna", "staff")
    status = await send_test(client, broadcast, platform="telegram", address="777")
    assert await OutboxMessage.filter().values_list("address", flat=True) == []
    assert status == 422  # "link your Telegram or VK first"
    async with client.get(url("broadcast", id=broadcast.id)) as page:
        assert 'name="address"' not in await page.text()  # no chat id field at all
    await client.close()


async def test_wrong_expired_and_reused_codes_link_nothing(mode, fake):
    client = await signed_in(mode.store, "anna", "staff")
    async with telegram(mode, fake, "polling"):
        await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
        await say(fake, CHAT, "/link ZZZZ2345", "неверный")
        code = await new_code(client)
        await StaffAccount.filter(login="anna").update(  # its ten minutes are over
            link_code_until=datetime.now(UTC) - timedelta(seconds=1))
        await say(fake, CHAT, f"/link {code}", "неверный")
        first, second = await new_code(client), await new_code(client)
        await say(fake, CHAT, f"/link {first}", "неверный")  # the second replaced it
    anna = await StaffAccount.get(login="anna")
    assert anna.telegram_id is None and second != first
    assert not await AuditEvent.filter(action="account.chat_linked").exists()
    await client.close()


async def test_a_deep_link_from_a_new_chat_links_it_after_the_greeting(mode, fake):
    client = await signed_in(mode.store, "anna", "staff")
    async with telegram(mode, fake, "polling"):
        code = await new_code(client)
        await onboard(fake, CHAT, fake.send_text(CHAT, f"/start chat_link-{code.lower()}"))
        await fake.wait_for(lambda: said(fake, CHAT, "привязан") == 1)
    assert (await StaffAccount.get(login="anna")).telegram_id == str(CHAT)
    await client.close()


async def test_a_linked_vk_gets_the_test(mode, fake_vk):
    broadcast = await Broadcast.create(title="T", text="Текст для проверки", created_by="test")
    client = await signed_in(mode.store, "anna", "staff")
    async with vk(mode, fake_vk, "longpoll") as channel:
        await onboard(fake_vk, 5150, fake_vk.send_text(5150, "Начать",
                                                       payload={"command": "start"}))
        code = await new_code(client)
        await say(fake_vk, 5150, f"/link {code}", "привязан")
        assert await send_test(client, broadcast) == 200
        await channel.sender.deliver()
        await fake_vk.wait_for(lambda: fake_vk.last(5150).text == "Текст для проверки")
    assert (await StaffAccount.get(login="anna")).vk_id == "5150"
    await client.close()
