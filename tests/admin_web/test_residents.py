"""Staff with residents: card reads are journaled, export on request, anonymization."""

from __future__ import annotations

import json

from backend.models import AuditEvent, User
from dialogs.model import Start
from tests.admin_web.client import make_account, page_token, panel, sign_in, signed_in
from tests.dialogs.talk import Talker, onboard


async def resident(mode) -> User:
    talk = Talker(mode.engine())
    await onboard(talk)
    await talk(Start())
    return await User.get(external_id="resident-1")


async def test_opening_a_card_is_journaled_with_who_and_where(mode):
    person = await resident(mode)
    staff = await make_account("anna", "staff")
    client = await panel(mode.store)
    await sign_in(client, "anna")
    async with client.get(f"/admin/residents/{person.id}") as page:
        text = await page.text()
        assert page.status == 200 and "resident-1" in text
        assert page.headers["Cache-Control"] == "no-store"
    event = await AuditEvent.get(action="pd.viewed", actor=f"staff:{staff.id}")
    assert event.object_id == str(person.id) and event.address == "127.0.0.1"
    await client.close()


async def test_search_finds_by_number_and_by_account_id(mode):
    person = await resident(mode)
    client = await signed_in(mode.store, "anna", "staff")
    for query in (str(person.id), "resident-1"):
        async with client.get("/admin/residents", params={"q": query}) as page:
            assert f'/admin/residents/{person.id}"' in await page.text()
    async with client.get("/admin/residents", params={"q": "nobody"}) as page:
        assert f'/admin/residents/{person.id}"' not in await page.text()
    await client.close()


async def test_export_is_a_json_attachment_and_is_journaled(mode):
    person = await resident(mode)
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, f"/admin/residents/{person.id}")
    async with client.post(f"/admin/residents/{person.id}/export",
                           data={"csrf_token": token}) as response:
        assert response.headers["Content-Disposition"] == (
            f'attachment; filename="resident-{person.id}.json"')
        data = json.loads(await response.read())
    assert data["resident"]["account_id"] == "resident-1"
    assert [c["granted"] for c in data["consents"]] == [True]
    assert await AuditEvent.filter(action="pd.exported", object_id=str(person.id)).count() == 1
    await client.close()


async def test_anonymizing_forgets_the_account_and_keeps_the_row(mode):
    person = await resident(mode)
    client = await signed_in(mode.store, "boss", "admin")
    token = await page_token(client, f"/admin/residents/{person.id}")
    async with client.post(f"/admin/residents/{person.id}/anonymize",
                           data={"csrf_token": token, "confirm": "yes"}) as response:
        assert response.status == 200
    after = await User.get(id=person.id)
    assert after.external_id.startswith("anonymized-") and after.anonymized_at
    assert not after.subscribed and after.pd_consent is False
    assert await AuditEvent.filter(action="pd.anonymized", object_id=str(person.id)).count() == 1
    async with client.post(f"/admin/residents/{person.id}/anonymize",
                           data={"csrf_token": token, "confirm": "yes"}) as again:
        assert again.status == 409
    # The same messenger account starts afresh: nothing links it to the old record.
    talk = Talker(mode.engine())
    await talk(Start())
    assert talk.buttons() == ["Русский", "English"]
    await client.close()


async def test_staff_may_not_anonymize(mode):
    person = await resident(mode)
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client)
    async with client.post(f"/admin/residents/{person.id}/anonymize",
                           data={"csrf_token": token, "confirm": "yes"}) as response:
        assert response.status == 403
    assert (await User.get(id=person.id)).anonymized_at is None
    await client.close()
