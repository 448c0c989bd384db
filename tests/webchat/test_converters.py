"""The web chat's two converters and its limits, without a socket."""

import hashlib

import pytest

from bots.web import events, render
from bots.web.limits import Bucket, Guard, Limits
from dialogs.model import Again, Attachment, Button, Click, Reply, Start, Text


def test_a_frame_is_one_small_json_object_of_a_known_type():
    assert events.parse('{"type": "start"}') == {"type": "start"}
    assert events.parse('{"type": "text", "text": "хочу на сварщика"}')["text"] == (
        "хочу на сварщика")
    for raw, code in (("not json", "bad_json"), ("[1, 2]", "bad_json"), ("", "bad_json"),
                      ('{"type": "start"', "bad_json"), ('{"type": NaN}', "bad_json"),
                      ("[" * 100 + "]" * 100, "bad_json"),
                      ('{"type": "hello"}', "unknown_type"), ('{"text": "hi"}', "unknown_type"),
                      ('{"type": "text"}', "bad_frame"), ('{"type": "text", "text": 5}',
                                                          "bad_frame"),
                      ('{"type": "click", "data": null}', "bad_frame"),
                      ('{"type": "text", "text": "' + "я" * 5000 + '"}', "too_big")):
        with pytest.raises(events.FrameError) as refused:
            events.parse(raw)
        assert refused.value.code == code, raw


def test_the_server_keeps_a_hash_of_the_token_and_takes_only_tokens_of_its_own_form():
    token = events.new_token()
    assert events.token_of({"type": "start", "token": token}) == token
    resident = events.external_id(token)
    assert resident == hashlib.sha256(token.encode()).hexdigest() and token not in resident
    assert len(resident) == 64 and events.user_key(resident).startswith("web:")
    for bad in ("", "short", token + "x", token[:-1] + "!", 42, None, ["a"]):
        assert events.token_of({"type": "start", "token": bad}) is None
    assert events.new_token() != token


def test_frames_become_the_dialogs_inputs():
    resident = "ab" * 32

    def converted(frame, returning=False):
        payload = events.update(frame, resident, returning)
        assert "token" not in payload and payload["resident"] == resident
        account, event = events.to_input(payload, "c1-1")
        assert (account.platform, account.external_id, account.evidence) == (
            "web", resident, "web:c1-1")
        return event

    assert converted({"type": "start", "token": "x" * 43}) == Start()
    assert converted({"type": "start"}, returning=True) == Again()
    assert converted({"type": "start", "link": "events-12"}, returning=True) == Start(
        None, "events-12")
    assert converted({"type": "start", "link": "x" * 500}) == Start()
    assert converted({"type": "text", "text": "курсы"}) == Text("курсы")
    assert converted({"type": "click", "data": "3|ru"}) == Click("3|ru")


async def test_a_reply_becomes_a_message_with_buttons_a_picture_a_file_or_a_phone_field():
    kept = []

    async def keep(attachment):
        kept.append(attachment)
        return f"/webchat/files/n{len(kept)}/{attachment.filename}"

    reply = Reply("Выберите", ((Button("Да", "1|y"), Button("Нет", "1|n")),
                               (Button("Главное меню", "1|#menu"),)))
    assert await render.message(reply, keep) == {
        "type": "message", "text": "Выберите",
        "buttons": [{"text": "Да", "data": "1|y", "row": 0},
                    {"text": "Нет", "data": "1|n", "row": 0},
                    {"text": "Главное меню", "data": "1|#menu", "row": 1}]}
    picture = await render.message(Reply("Ваш профиль", attachment=Attachment(
        "profile.png", b"\x89PNG")), keep)
    assert picture["image"] == {"url": "/webchat/files/n1/profile.png"}
    assert picture["buttons"] == []
    calendar = await render.message(Reply("", attachment=Attachment(
        "event.ics", b"BEGIN:VCALENDAR", is_image=False)), keep)
    assert calendar["file"] == {"url": "/webchat/files/n2/event.ics", "name": "event.ics"}
    assert "image" not in calendar and [a.filename for a in kept] == ["profile.png", "event.ics"]
    phone = await render.message(Reply("Ваш телефон?", request_contact="📱 Отправить"), keep)
    assert phone["input"] == "phone"
    assert render.error("too_big", "Слишком длинно") == {
        "type": "error", "code": "too_big", "text": "Слишком длинно"}


def test_a_bucket_gives_a_burst_then_its_rate():
    bucket = Bucket(burst=3, rate=2.0, at=100.0)
    assert [bucket.take(100.0) for _ in range(4)] == [True, True, True, False]
    assert bucket.take(100.2) is False  # 0.4 of a frame so far
    assert bucket.take(100.5) is True
    assert [bucket.take(110.0) for _ in range(4)] == [True, True, True, False]  # burst, not 20


def test_an_address_is_held_to_its_connections_and_shares_one_bucket():
    guard = Guard(Limits(connections=2, frame_burst=5, address_burst=6, address_rate=0.001))
    assert guard.open("10.0.0.1") and guard.open("10.0.0.1")
    assert not guard.open("10.0.0.1") and guard.open("10.0.0.2")
    first, second = guard.connection_bucket(), guard.connection_bucket()
    passed = [guard.allow("10.0.0.1", first) for _ in range(5)]
    passed += [guard.allow("10.0.0.1", second) for _ in range(5)]
    assert passed.count(True) == 6  # the address's six, though each connection has five
    guard.close("10.0.0.1")
    assert guard.open("10.0.0.1")
    guard.close("10.0.0.1")
    guard.close("10.0.0.1")
    assert guard._open == {"10.0.0.2": 1} and "10.0.0.1" not in guard._buckets
