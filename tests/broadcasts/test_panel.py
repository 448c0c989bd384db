"""Staff compose a broadcast, count its audience, test it, send it and read the report."""

from __future__ import annotations

from backend.models import (
    AuditEvent,
    Broadcast,
    BroadcastRecipient,
    Municipality,
    OutboxMessage,
    StaffAccount,
)
from tests.broadcasts.test_delivery import residents
from tests.panel import page_token, signed_in


async def test_compose_count_test_send_pause_and_report(mode):
    people = await residents(6, "telegram")
    kotlas = await Municipality.get(name="Котлас")
    for person in people[:4]:
        await person.__class__.filter(id=person.id).update(municipality_id=kotlas.id)
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/broadcasts/new")
    form = {"csrf_token": token, "title": "Ярмарка в Котласе", "text": "Приходите 5 декабря!",
            "label": "Подробнее", "link": "events", "municipalities": str(kotlas.id),
            "channels": "telegram"}
    async with client.post("/admin/broadcasts/new", data={**form, "action": "count"}) as page:
        assert "4 человека получат" in await page.text()
    async with client.post("/admin/broadcasts/new", data={**form, "text": "", "action": "save"}
                           ) as page:
        assert page.status == 422
    async with client.post("/admin/broadcasts/new", data={**form, "action": "save"},
                           allow_redirects=False) as response:
        assert response.status == 302
    broadcast = await Broadcast.get()
    path = f"/admin/broadcasts/{broadcast.id}"
    async with client.get("/admin/broadcasts") as page:
        assert f'<a href="{path}">Ярмарка в Котласе</a>' in await page.text()
    await StaffAccount.filter(login="anna").update(telegram_id="777")  # her linked chat
    await client.post(path, data={"csrf_token": token, "action": "test"})
    test = await OutboxMessage.get(address="777")
    assert test.text == "Приходите 5 декабря!" and test.button["link"] == "events"
    async with client.post(path, data={"csrf_token": token, "action": "start"}) as page:
        assert "Рассылка 4 людям началась" in await page.text()
    assert await BroadcastRecipient.filter(broadcast_id=broadcast.id).count() == 4
    await client.post(path, data={"csrf_token": token, "action": "pause"})
    assert (await Broadcast.get(id=broadcast.id)).status == "paused"
    async with client.post(path, data={"csrf_token": token, "action": "pause"}) as page:
        assert page.status == 422  # not while paused
    await BroadcastRecipient.filter(broadcast_id=broadcast.id).limit(1).update(
        state="blocked", error="Forbidden: bot was blocked by the user")
    async with client.get(path) as page:
        text = await page.text()
        assert 'id="remaining">' in text and "Forbidden: bot was blocked by the user" in text
    assert await AuditEvent.filter(action__startswith="broadcast.").count() == 4
    await client.close()


async def test_a_button_opens_only_what_the_bot_has(mode):
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/broadcasts/new")
    form = {"csrf_token": token, "title": "T", "text": "Текст", "label": "Открыть",
            "action": "save"}
    await client.post("/admin/broadcasts/new", data={**form, "link": "https://evil.example"})
    await client.post("/admin/broadcasts/new", data={**form, "link": "surveys-s12"})
    first, second = await Broadcast.all().order_by("id")
    assert first.button is None
    assert second.button == {"label": "Открыть", "link": "surveys-s12"}
    await client.close()


async def test_staff_write_an_english_version(mode):
    client = await signed_in(mode.store, "anna", "staff")
    form = {"csrf_token": await page_token(client, "/admin/broadcasts/new"), "title": "Ярмарка",
            "text": "Приходите!", "text_en": "Come along!", "label": "Подробнее",
            "label_en": "More", "link": "events", "action": "save"}
    async with client.post("/admin/broadcasts/new", data=form) as page:
        text = await page.text()
    broadcast = await Broadcast.get()
    assert broadcast.text_en == "Come along!"
    assert broadcast.button == {"label": "Подробнее", "link": "events", "label_en": "More"}
    assert "Come along!" in text and "«Подробнее» / «More»" in text
    await client.close()
