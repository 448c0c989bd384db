"""The web chat through a real WebSocket, on both backends: the same dialogs as the bots."""

import hashlib
import json
from datetime import UTC, datetime

import aiohttp

from backend.i18n import N_, gettext
from backend.models import Broadcast, InboxUpdate, OutboxMessage, User
from backend.services import broadcasts, events_notices
from backend.services.broadcasts_audience import Audience
from bots.web.channel import KEPT
from bots.web.limits import Limits
from dialogs import REGISTRY
from tests.bots.test_telegram import FailsOnce
from tests.events.helpers import make_event
from tests.webchat.helpers import Visitor, button, eventually, labels, messages, text_of, web_chat

MENU = [gettext("ru", option.label) for option in REGISTRY["menu"].steps[0].options]


async def onboard(visitor: Visitor) -> list[dict]:
    got = await visitor.start()
    got = await visitor.press(got, "Русский")
    return await visitor.press(got, "Согласен(на)")


async def test_start_then_consent_then_the_main_menu(mode):
    async with web_chat(mode) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        got = await visitor.start()
        assert got[0]["text"].startswith("Здравствуйте!") and labels(got) == ["Русский",
                                                                              "English"]
        assert visitor.token is not None
        user = await User.get()  # anonymous: no consent yet, nothing but the hash
        assert (user.platform, user.pd_consent) == ("web", None)
        assert user.external_id == hashlib.sha256(visitor.token.encode()).hexdigest()
        got = await visitor.press(got, "Русский")
        assert "Согласие на обработку персональных данных" in text_of(got)
        got = await visitor.press(got, "Согласен(на)")
        assert "Согласие сохранено" in text_of(got)
        assert got[-1]["text"].startswith("Главное меню") and labels(got) == MENU
        rows = [b["row"] for b in got[-1]["buttons"]]
        assert rows == sorted(rows) and rows[0] == 0 and rows[-1] >= 3  # in pairs
        assert (await User.get()).pd_consent is True
        stored = json.dumps(await InboxUpdate.all().values_list("payload", flat=True))
        assert visitor.token not in stored  # the browser's token is never kept
        assert await InboxUpdate.filter(channel="web").exclude(status="done").count() == 0


async def test_a_click_and_typed_text_follow_the_messengers_rules(mode):
    async with web_chat(mode) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        menu = await onboard(visitor)
        got = await visitor.press(menu, "❓ Справка")
        assert "/mydata" in text_of(got)
        got = await visitor.text("главное меню")  # a label typed counts as pressing it
        assert got[-1]["text"].startswith("Главное меню")
        got = await visitor.text("  ТЕСТ ")  # a section's name opens it
        assert "Начать тест" in labels(got)
        got = await visitor.text("/mydata")
        assert "Аккаунт: веб-чат" in text_of(got)
        got = await visitor.say({"type": "click", "data": "0|stale"})  # an old button
        assert messages(got)[-1]["buttons"], "the current screen again"


async def test_bad_frames_get_an_error_frame_and_the_chat_goes_on(mode):
    async with web_chat(mode) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        menu = await onboard(visitor)
        for raw, code in (("{not json", "bad_json"), ('{"type": "dance"}', "unknown_type"),
                          ('{"type": "click"}', "bad_frame"),
                          (json.dumps({"type": "text", "text": "ы" * 6000}), "too_big")):
            got = await visitor.say(raw)
            assert [(f["type"], f["code"]) for f in got] == [("error", code)], raw
            assert got[0]["text"]
        await visitor.ws.send_bytes(b"\x00\xff")
        assert (await visitor.ws.receive_json(timeout=5))["code"] == "bad_json"
        got = await visitor.press(menu, "❓ Справка")
        assert "/mydata" in text_of(got)
        await visitor.ws.send_str("x" * 70_000)  # past what the socket reads: closed, 1009
        closing = await visitor.ws.receive(timeout=5)
        assert closing.type == aiohttp.WSMsgType.CLOSE and closing.data == 1009
    assert await InboxUpdate.filter(status="failed").count() == 0


async def test_reconnecting_with_the_token_goes_on_where_the_resident_was(mode):
    async with web_chat(mode) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        menu = await onboard(visitor)
        got = await visitor.press(menu, "🧭 Тест на профориентацию")
        got = await visitor.press(got, "Начать тест")
        got = await visitor.press(got, "18–24")
        got = await visitor.press(got, "Интересно")
        assert got[-1]["text"].startswith("2/30")
        await visitor.close()  # the page is reloaded

        again = Visitor(http, url, channel, token=visitor.token)
        got = await again.start()
        assert got[-1]["text"].startswith("2/30") and "Интересно" in labels(got)
        got = await again.press(got, "Не знаю")
        assert got[-1]["text"].startswith("3/30")
        assert await User.all().count() == 1

        stranger = Visitor(http, url, channel, token="A" * 43)  # well-formed, never issued
        got = await stranger.start()
        assert labels(got) == ["Русский", "English"] and await User.all().count() == 2


async def test_an_update_is_handled_once_though_the_socket_drops_mid_handling(mode):
    async with web_chat(mode) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        menu = await onboard(visitor)
        got = await visitor.press(menu, "🧭 Тест на профориентацию")
        got = await visitor.press(got, "Начать тест")
        await visitor.ws.send_json({"type": "click", "data": button(got, "18–24")})
        await visitor.ws.close()  # gone before the answer
        async def six_handled():  # the six frames so far
            return await InboxUpdate.filter(channel="web", status="done").count() == 6

        await eventually(six_handled)
        resident = (await User.get()).external_id
        assert await mode.store.get(KEPT + resident), "the answer is kept for the return"

        back = Visitor(http, url, channel, token=visitor.token)
        got = await back.start()
        assert [m["text"][:4] for m in got] == ["1/30", "1/30"]  # kept, then the screen again
        assert (await User.get()).age_group == "18-24"
        assert await mode.store.get(KEPT + resident) is None
        assert await InboxUpdate.filter(channel="web").count() == 7  # each frame once
        got = await back.press(got, "Интересно")
        assert got[-1]["text"].startswith("2/30")


async def test_a_notice_waits_until_the_resident_connects(mode):
    async with web_chat(mode) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        await onboard(visitor)
        await visitor.close()
        user = await User.get()
        assert await events_notices.notify(user.id, N_("We missed you at «{title}». Other "
                                                       "events are in /events — come next "
                                                       "time!"), "missed:1", {"title": "Ярмарка"},
                                           button=(N_("🎟 My ticket"), "myevents"))
        assert await channel.sender.deliver() == 0  # nobody to give it to: it waits
        assert (await OutboxMessage.get()).status == "pending"

        back = Visitor(http, url, channel, token=visitor.token)
        got = await back.start()
        notice = next(m for m in got if "Ярмарка" in m["text"])
        assert any(m["text"].startswith("Главное меню") for m in got)  # either may come first
        assert notice["buttons"] == [{"text": "🎟 Мой билет", "data": "go|myevents", "row": 0}]
        async def sent():
            return (await OutboxMessage.get()).status == "sent"

        await eventually(sent)
        got = await back.say({"type": "click", "data": "go|myevents"})  # it opens the dialog
        assert "записей" in text_of(got).lower(), text_of(got)


async def test_too_many_frames_or_connections_are_refused_politely(mode):
    limits = Limits(frame_burst=3, frame_rate=0.01, connections=2, strikes=5)
    async with web_chat(mode, limits) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        await visitor.start()
        await visitor.text("привет")
        await visitor.text("привет")
        got = await visitor.say({"type": "text", "text": "привет"})
        assert [f["code"] for f in got] == ["too_fast"]
        for _ in range(4):
            await visitor.ws.send_json({"type": "text", "text": "привет"})
        frames = [await visitor.ws.receive(timeout=5) for _ in range(5)]
        assert frames[-1].type == aiohttp.WSMsgType.CLOSE and frames[-1].data == 1008

        ws = url.replace("http", "ws") + "/webchat/ws"
        from_one = {"X-Forwarded-For": "203.0.113.7"}  # through the proxy on this machine
        first = await http.ws_connect(ws, headers=from_one)
        second = await http.ws_connect(ws, headers=from_one)
        try:
            refused = await http.ws_connect(ws, headers=from_one)
        except aiohttp.WSServerHandshakeError as exc:
            assert exc.status == 429
        else:
            await refused.close()
            raise AssertionError("a third connection from one address was let in")
        other = await http.ws_connect(ws, headers={"X-Forwarded-For": "203.0.113.8"})
        for socket in (first, second, other):
            await socket.close()


async def test_the_conversation_survives_a_restart_of_the_service(mode):
    async with aiohttp.ClientSession() as http:
        async with web_chat(mode) as (url, channel):
            visitor = Visitor(http, url, channel)
            menu = await onboard(visitor)
            got = await visitor.press(menu, "🧭 Тест на профориентацию")
            got = await visitor.press(got, "Начать тест")
            assert (await visitor.press(got, "18–24"))[-1]["text"].startswith("1/30")
        async with web_chat(mode) as (url, channel):  # the store and database kept, as deployed
            back = Visitor(http, url, channel, token=visitor.token)
            got = await back.start()
            assert got[-1]["text"].startswith("1/30")
            assert (await back.press(got, "Интересно"))[-1]["text"].startswith("2/30")


async def test_a_ticket_and_a_calendar_file_come_as_links_and_a_phone_is_typed(mode):
    await make_event()
    async with web_chat(mode) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        await onboard(visitor)
        got = await visitor.text("/events")
        assert "Профпроба «Сварщик» (демо)" in text_of(got)
        got = await visitor.press(got, "1")
        got = await visitor.press(got, "✍ Записаться")
        got = await visitor.press(got, "18–24")
        got = await visitor.text("Иван Петров")
        assert got[-1]["input"] == "phone"  # a browser has no contact button: typed
        got = await visitor.text("8 911 000-11-22")
        assert "input" not in got[-1]
        got = await visitor.text("Котлас")
        got = await visitor.press(got, "✅ Записаться")
        ticket, calendar = got[:2]
        assert ticket["text"].startswith("Вы записаны!")
        assert calendar["file"]["name"] == "event.ics" and "image" not in calendar
        async with http.get(url + ticket["image"]["url"]) as picture:
            assert picture.status == 200 and picture.content_type == "image/png"
            assert (await picture.read()).startswith(b"\x89PNG")
            assert picture.headers["Cache-Control"] == "private, no-store"
        async with http.get(url + calendar["file"]["url"]) as ics:
            assert ics.content_type == "text/calendar"
            assert ics.headers["Content-Disposition"].startswith("attachment;")
            assert "BEGIN:VEVENT" in await ics.text()
        for wrong in ("/webchat/files/" + "A" * 22 + "/ticket.png", "/webchat/files/x/y.png",
                      "/webchat/files/..%2F..%2Fetc/passwd"):
            async with http.get(url + wrong) as missing:
                assert missing.status == 404, wrong
        assert (await User.get()).phone == "+79110001122"


async def test_the_widget_its_style_and_the_demo_page_are_served(mode):
    async with web_chat(mode) as (url, channel), aiohttp.ClientSession() as http:
        async with http.get(url + "/widget.js") as script:
            source = await script.text()
            assert script.content_type == "text/javascript"
        assert '"open": "Написать нам"' in source and '"open": "Chat with us"' in source
        assert "/*SETTINGS*/" not in source
        async with http.get(url + "/webchat/widget.css") as css:
            assert css.status == 200 and css.content_type == "text/css"
        async with http.get(url + "/webchat/?lang=en") as demo:
            page = await demo.text()
            assert "script-src 'self'" in demo.headers["Content-Security-Policy"]
        assert '<html lang="en">' in page and "<title>The Center&#x27;s web chat</title>" in page
        assert "<script src=\"/widget.js\" defer></script>" in page and "style=" not in page


async def test_a_store_outage_gets_a_polite_error_and_the_chat_goes_on(mode):
    store = FailsOnce(mode.store)
    async with web_chat(mode, store=store) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        await onboard(visitor)
        await visitor.close()
        back = Visitor(http, url, channel, token=visitor.token)
        await back.connect()
        store.failing = True  # Redis restarting as the resident comes back
        got = await back.say({"type": "start", "token": back.token})
        assert [(f["type"], f["code"]) for f in got] == [("error", "try_again")]
        assert got[0]["text"].startswith("Не получилось принять сообщение.")
        got = messages(await back.say({"type": "start", "token": back.token}))
        assert got[-1]["text"].startswith("Главное меню")
        got = await back.press(got, "❓ Справка")
        assert "/mydata" in text_of(got)


async def test_a_broadcast_reaches_a_web_resident_when_they_come_back(mode):
    async with web_chat(mode) as (url, channel), aiohttp.ClientSession() as http:
        visitor = Visitor(http, url, channel)
        await onboard(visitor)
        await visitor.close()
        broadcast = await broadcasts.create(actor="staff:1", title="Ярмарка", text="Приходите!",
                                            audience=Audience(channels=("web",)),
                                            button={"label": "Подробнее", "link": "events"})
        assert await broadcasts.start(broadcast.id, actor="staff:1", now=datetime.now(UTC)) == 1
        for _ in range(50):
            await channel.broadcaster.deliver()
            if (await Broadcast.get(id=broadcast.id)).status == "done":
                break
        assert (await Broadcast.get(id=broadcast.id)).status == "done"
        assert (await OutboxMessage.get()).status == "pending"  # kept for the resident

        back = Visitor(http, url, channel, token=visitor.token)
        got = await back.start()
        mailing = next(m for m in got if m["text"] == "Приходите!")
        assert mailing["buttons"] == [{"text": "Подробнее", "data": "go|events", "row": 0}]
        await channel.broadcaster.deliver()
        assert await OutboxMessage.all().count() == 1  # queued once, however often delivered
