"""Through Telegram and VK as residents use them: a question, the staff chat's notice, a
consultant's reply from the panel reaching the resident once, two replies at once in order,
a file, closing and the one-tap rating."""

from __future__ import annotations

import asyncio

import pytest

from backend.models import Consultation, ConsultationMessage, OutboxMessage, User
from backend.services import consultations, outbox
from tests.bots.helpers import onboard
from tests.bots.test_telegram import telegram
from tests.bots.test_vk import vk
from tests.consultations.helpers import post, reply
from tests.panel import signed_in

CHAT, PEER, STAFF_CHAT = 4242, 5150, -1001234567890
QUESTION = "Здравствуйте! Можно ли учиться на сварщика заочно, если я работаю вахтой?"


def said(fake, chat: int, words: str) -> int:
    return sum(words in message.text for message in fake.chat(chat))


async def ask_in_telegram(fake) -> int:
    await onboard(fake, CHAT, fake.send_text(CHAT, "/start"))
    await fake.step(CHAT, fake.send_text(CHAT, "/operator"))
    await fake.step(CHAT, fake.click(CHAT, fake.last(CHAT), "✍️ Написать вопрос"))
    await fake.step(CHAT, fake.send_text(CHAT, QUESTION))
    assert "у консультантов" in fake.last(CHAT).text
    return (await Consultation.get()).id


async def test_telegram_question_reply_once_and_the_staff_chat_told_by_number(mode,
                                                                            telegram_fake):
    fake = telegram_fake
    olga = await signed_in(mode.store, "olga", "staff")
    async with telegram(mode, fake, "polling", staff_telegram_chat=str(STAFF_CHAT)) as channel:
        number = await ask_in_telegram(fake)
        assert await reply(olga, number, "Да, есть заочная форма. Пришлю список.") == 302
        await channel.sender.deliver()  # or its own round did: either way, once
        await fake.wait_for(lambda: said(fake, CHAT, "Пришлю список") == 1)
        await fake.wait_for(lambda: said(fake, STAFF_CHAT, f"№ {number}") == 1)
        answer = fake.last(CHAT)
        assert answer.text.startswith(f"💬 Консультант Центра, вопрос № {number}:")
        assert [label for label, _ in answer.buttons] == ["↩️ Ответить"]
        # The resident answers with the button, and the message goes to the conversation.
        await fake.step(CHAT, fake.click(CHAT, answer, "↩️ Ответить"))
        assert f"разговор № {number}" in fake.last(CHAT).text
        await fake.step(CHAT, fake.send_text(CHAT, "Спасибо, жду"))
        assert await channel.sender.deliver() == 0
    assert said(fake, CHAT, "Пришлю список") == 1
    staff_notice = fake.chat(STAFF_CHAT)[0].text
    assert QUESTION[:20] not in staff_notice and f"/admin/inbox/{number}" in staff_notice
    texts = await ConsultationMessage.all().order_by("id").values_list("author", "text")
    assert texts == [("resident", QUESTION),
                     ("staff", "Да, есть заочная форма. Пришлю список."),
                     ("resident", "Спасибо, жду")]
    await olga.close()


async def test_two_consultants_replying_at_once_both_arrive_in_order(mode, telegram_fake):
    fake = telegram_fake
    olga = await signed_in(mode.store, "olga", "staff")
    ivan = await signed_in(mode.store, "ivan", "admin")
    async with telegram(mode, fake, "polling") as channel:
        number = await ask_in_telegram(fake)
        statuses = await asyncio.gather(reply(olga, number, "Ответ Ольги"),
                                        reply(ivan, number, "Ответ Ивана"))
        assert statuses == [302, 302]
        await channel.sender.deliver()
        await fake.wait_for(lambda: said(fake, CHAT, "\n\nОтвет ") == 2)
        assert await channel.sender.deliver() == 0
    written = await ConsultationMessage.filter(author="staff").order_by("id") \
        .values_list("text", flat=True)
    arrived = [m.text.split("\n\n", 1)[1] for m in fake.chat(CHAT) if "\n\nОтвет " in m.text]
    assert arrived == written and sorted(written) == ["Ответ Ивана", "Ответ Ольги"]
    await olga.close()
    await ivan.close()


async def test_vk_reply_with_a_file_then_closing_and_a_rating(mode, vk_fake):
    fake = vk_fake
    olga = await signed_in(mode.store, "olga", "staff")
    async with vk(mode, fake, "longpoll") as channel:
        await onboard(fake, PEER, fake.send_text(PEER, "Начать", payload={"command": "start"}))
        await fake.step(PEER, fake.send_text(PEER, "задать вопрос человеку"))
        await fake.step(PEER, fake.click(PEER, fake.last(PEER), "✍️ Написать вопрос"))
        await fake.step(PEER, fake.send_text(PEER, "какие документы нужны?"))
        number = (await Consultation.get()).id
        assert await reply(olga, number, "Список во вложении",
                           ("документы.pdf", b"%PDF-1.4 test")) == 302
        await channel.sender.deliver()
        await fake.wait_for(lambda: said(fake, PEER, "Список во вложении") == 1)
        assert fake.last(PEER).attachment.startswith("doc")
        async with await post(olga, number, "close") as closed:
            assert closed.status == 302
        await channel.sender.deliver()
        await fake.wait_for(lambda: said(fake, PEER, "Насколько помог ответ") == 1)
        rating = fake.last(PEER)
        assert [label for label, _, _ in rating.buttons] == ["1", "2", "3", "4", "5"]
        await fake.step(PEER, fake.click(PEER, rating, "4"))
        assert "Спасибо за оценку" in "\n".join(m.text for m in fake.chat(PEER)[-2:])
    consultation = await Consultation.get()
    assert (consultation.status, consultation.rating) == ("closed", 4)
    assert await OutboxMessage.filter(status="sent").count() == 2
    await olga.close()


@pytest.mark.parametrize("text", ["", "   \n "])
async def test_an_empty_reply_is_refused_with_a_clear_message(mode, text):
    user = await User.create(platform="vk", external_id="5", pd_consent=True, locale="ru")
    number, _ = await consultations.ask(user.id, "вопрос", channel="vk")
    olga = await signed_in(mode.store, "olga", "staff")
    async with await post(olga, number, "reply", text=text) as response:
        assert response.status == 422
        assert "Напишите сообщение: оно пустое." in await response.text()
    big = ("план.pdf", b"x" * (950 * 1024))
    async with await post(olga, number, "reply", big, text="вот файл") as response:
        assert response.status == 422
        assert "Файл слишком большой: не больше 900 КБ." in await response.text()
    assert await ConsultationMessage.filter(author="staff").count() == 0
    assert await OutboxMessage.filter(user_id=user.id).count() == 0
    await olga.close()


async def test_a_second_deliverer_waits_for_the_first_reply_to_the_same_chat(pg):
    for n in (1, 2):
        await outbox.enqueue("telegram", "4242", f"ответ {n}", f"test:{n}")
    await outbox.enqueue("telegram", "5151", "другому", "test:3")
    first = await outbox.claim("telegram", limit=1)
    second = await outbox.claim("telegram")  # another process, meanwhile
    assert [n.text for n in first] == ["ответ 1"]
    assert [n.text for n in second] == ["другому"]  # «ответ 2» waits for «ответ 1»
    await outbox.sent(first[0].id)
    assert [n.text for n in await outbox.claim("telegram")] == ["ответ 2"]
