"""Consultants in the panel: only they open conversations, each opening journaled; filters,
assigning, notes the resident never gets, canned answers, reopening, the live feed, statistics
and their CSV."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime, timedelta

from backend.models import (
    AuditEvent,
    Consultation,
    Organization,
    OutboxMessage,
    StaffAccount,
    User,
)
from backend.services import consultations
from tests.consultations.helpers import post, reply
from tests.panel import (
    card_journal,
    has_entry,
    make_account,
    page_token,
    panel,
    sign_in,
    signed_in,
    url,
)


async def a_question(external_id: str = "4242", text: str = "Как записаться на курсы?") -> int:
    user = await User.create(platform="telegram", external_id=external_id, pd_consent=True,
                             locale="ru")
    number, _ = await consultations.ask(user.id, text, channel="telegram")
    return number


async def test_a_teacher_cannot_open_a_conversation_and_a_consultant_is_journaled(mode):
    number = await a_question()
    college = await Organization.create(name="Колледж (демо)")
    await make_account("teacher", "teacher", college.id)
    teacher = await panel(mode.store)
    await sign_in(teacher, "teacher")
    for path in (url("consultation", id=number), url("inbox"),
                 url("consultation_live", id=number)):
        async with teacher.get(path) as response:
            assert response.status == 403, path
    olga = await signed_in(mode.store, "olga", "staff")
    async with olga.get(url("consultation", id=number)) as page:
        assert page.status == 200
        assert "Как записаться на курсы?" in await page.text()
    async with olga.get(url("consultation", id=number + 1)) as missing:
        assert missing.status == 404
    olga_id = (await StaffAccount.get(login="olga")).id
    assert await AuditEvent.filter(actor=f"staff:{olga_id}", action="pd.viewed",
                                   object_type="consultation", object_id=str(number)).count() == 1
    assert not await AuditEvent.filter(actor__startswith="staff:", action="pd.viewed",
                                       object_id=str(number)).exclude(
        actor=f"staff:{olga_id}").exists()
    # The resident's card links to the conversation and shows who opened it.
    resident_id = (await Consultation.get(id=number)).user_id
    async with olga.get(url("resident", id=resident_id)) as card:
        assert f'href="/admin/inbox/{number}"' in await card.text()
    assert has_entry(await card_journal(olga, resident_id), f"staff:{olga_id}", "pd.viewed",
                     f"consultation {number}")
    await teacher.close()
    await olga.close()


async def test_filters_assigning_and_notes(mode):
    first = await a_question("1", "первый вопрос")
    second = await a_question("2", "второй вопрос")
    await Consultation.filter(id=first).update(
        waiting_since=datetime.now(UTC) - timedelta(hours=3))
    olga = await signed_in(mode.store, "olga", "staff")
    await signed_in(mode.store, "ivan", "staff")
    ivan_id = (await StaffAccount.get(login="ivan")).id
    async with await post(olga, second, "assign", assignee="me") as assigned:
        assert assigned.status == 302
    async with await post(olga, first, "assign", assignee=str(ivan_id)) as assigned:
        assert assigned.status == 302

    async def listed(view: str) -> list[int]:
        async with olga.get(url("inbox", {"view": view})) as page:
            html = await page.text()
        return [n for n in (first, second) if f'href="/admin/inbox/{n}"' in html]

    assert await listed("mine") == [second]
    assert await listed("unassigned") == []
    async with olga.get(url("inbox", {"view": "longest"})) as page:
        html = await page.text()
        assert html.index("первый вопрос") < html.index("второй вопрос")
        assert "180 мин" in html
    async with await post(olga, first, "note", text="перезвонить после обеда") as noted:
        assert noted.status == 302
    assert not await OutboxMessage.filter(key__startswith=consultations.REPLY_KEY).exists()
    async with olga.get(url("consultation", id=first)) as page:
        assert "перезвонить после обеда" in await page.text()
    async with await post(olga, first, "assign", assignee="99999") as refused:
        assert refused.status == 422
        assert "Выберите одного из консультантов." in await refused.text()
    await olga.close()


async def test_canned_answers_are_kept_edited_and_offered(mode):
    number = await a_question()
    olga = await signed_in(mode.store, "olga", "staff")
    token = await page_token(olga, url("inbox_canned"))
    async with olga.post(url("inbox_canned"), data={
            "csrf_token": token, "action": "save", "title": "Адреса",
            "text": "Адреса колледжей: copp29.ru/colleges"}, allow_redirects=False) as saved:
        assert saved.status == 302
    async with olga.post(url("inbox_canned"), data={
            "csrf_token": token, "action": "save", "title": " ", "text": "x"}) as refused:
        assert refused.status == 422
        assert "У готового ответа должны быть название и текст." in await refused.text()
    canned = (await consultations.canned_answers())[0]
    async with olga.post(url("inbox_canned"), data={
            "csrf_token": token, "action": "save", "id": str(canned.id), "title": "Адреса",
            "text": "Адреса: copp29.ru"}, allow_redirects=False) as edited:
        assert edited.status == 302
    async with olga.get(url("consultation", id=number)) as page:
        assert '<option value="Адреса: copp29.ru">Адреса</option>' in await page.text()
    await olga.close()


async def test_closing_then_reopening_and_replying_to_a_closed_one(mode):
    number = await a_question()
    olga = await signed_in(mode.store, "olga", "staff")
    async with await post(olga, number, "close") as closed:
        assert closed.status == 302
    assert await reply(olga, number, "поздно") == 422
    async with await post(olga, number, "reopen") as reopened:
        assert reopened.status == 302
    assert await reply(olga, number, "снова здесь") == 302
    consultation = await Consultation.get(id=number)
    assert consultation.status == "open" and consultation.closed_at is None
    actions = await AuditEvent.filter(object_type="consultation").values_list("action",
                                                                               flat=True)
    assert {"consultation.closed", "consultation.reopened", "consultation.replied"} <= set(
        actions)
    await olga.close()


async def read_events(response, wanted: int) -> list[dict]:
    found = []
    while len(found) < wanted:
        line = (await asyncio.wait_for(response.content.readline(), 10)).decode()
        if line.startswith("data: "):
            found.append(json.loads(line[6:]))
    return found


async def test_the_live_feed_brings_new_messages_once_in_order(mode):
    number = await a_question()
    olga = await signed_in(mode.store, "olga", "staff")
    async with olga.get(url("consultation_live", id=number)) as feed:
        assert feed.headers["Content-Type"].startswith("text/event-stream")
        [question] = await read_events(feed, 1)
        assert (question["author"], question["text"]) == ("resident", "Как записаться на курсы?")
        assert await reply(olga, number, "Через бот, раздел «Курсы»") == 302
        user_id = (await Consultation.get(id=number)).user_id
        await consultations.write(user_id, "спасибо!")
        fresh = await read_events(feed, 2)
    assert [(m["author"], m["who"], m["text"]) for m in fresh] == [
        ("staff", "olga", "Через бот, раздел «Курсы»"), ("resident", None, "спасибо!")]
    await olga.close()


async def test_statistics_medians_p90_ratings_and_csv(mode):
    base = datetime(2026, 11, 24, 7, 0, tzinfo=UTC)  # Tuesday 10:00 in Arkhangelsk
    await signed_in(mode.store, "olga", "staff")
    olga = (await StaffAccount.get(login="olga")).id
    for index, minutes in enumerate([5, 10, 15, 20, 60]):
        user = await User.create(platform="vk", external_id=str(index), pd_consent=True)
        created = datetime.now(UTC) - timedelta(days=2) + timedelta(minutes=index)
        await Consultation.create(user=user, channel="vk", created_at=created,
                                  last_message_at=created, changed_at=created,
                                  assignee_id=olga,
                                  first_reply_at=created + timedelta(minutes=minutes),
                                  closed_at=created + timedelta(minutes=2 * minutes),
                                  status="closed", rating=5 if index % 2 else 4)
    assert base
    client = await signed_in(mode.store, "boss", "admin")
    async with client.get(url("inbox_statistics")) as page:
        html = await page.text()
    total = html.split('id="total"', 1)[1].split("</table>", 1)[0]
    cells = [cell.split("<", 1)[0] for cell in total.split("<td>")[1:]]
    assert cells[:6] == ["Всего", "5", "15.0", "60.0", "30.0", "120.0"]
    async with client.get(url("inbox_statistics", {"format": "csv"})) as exported:
        rows = list(csv.reader(io.StringIO((await exported.read()).decode("utf-8-sig")),
                           delimiter=";"))
    assert rows[0][:3] == ["group", "value", "conversations"]
    assert rows[1][:7] == ["total", "", "5", "15.0", "60.0", "30.0", "120.0"]
    assert ["consultant", "olga", "5"] == rows[[r[0] for r in rows].index("consultant")][:3]
    ratings = {r[1]: r[2] for r in rows if r[0] == "rating"}
    assert ratings == {"1": "0", "2": "0", "3": "0", "4": "3", "5": "2"}
    await client.close()
