"""The journals: filtered, paged, exported as CSV that a spreadsheet cannot execute."""

from __future__ import annotations

from backend.models import AuditEvent, SignInEvent
from tests.panel import make_account, panel, sign_in, url
from tests.spreadsheets import csv_rows


async def test_sign_in_journal_lists_and_filters(mode):
    await make_account("boss")
    client = await panel(mode.store)
    await sign_in(client, "=cmd|' /C calc'!A0", "whatever-password")
    await sign_in(client, "boss")
    async with client.get(url("journal_sign_ins"), params={"kind": "login_failed"}) as page:
        html = await page.text()
    assert "login_failed" in html and "login_ok" not in html
    async with client.get(url("journal_sign_ins"), params={"format": "csv"}) as export:
        assert export.headers["Content-Disposition"].startswith("attachment;")
        rows = csv_rows(await export.read())
    assert rows[0] == ["time_utc", "login", "account_id", "event", "address"]
    logins = {row[1] for row in rows[1:]}
    assert "'=cmd|' /c calc'!a0" in logins  # lower-cased at sign-in, escaped in the file
    assert await AuditEvent.filter(action="journal.exported").count() == 1
    await client.close()


async def test_data_journal_filters_by_who_and_dates(mode):
    boss = await make_account("boss")
    client = await panel(mode.store)
    await sign_in(client, "boss")
    async with client.get(url("journal_data"),
                          params={"who": f"staff:{boss.id}", "since": "2020-01-01",
                                  "until": "2099-12-31"}) as page:
        assert page.status == 200
    async with client.get(url("journal_data"), params={"since": "not-a-date"}) as page:
        assert page.status == 200  # an odd filter is ignored, not an error
    async with client.get(url("journal_data"), params={"who": "test"}) as page:
        assert "account.created" in await page.text()
    await client.close()


async def test_nobody_can_change_journal_entries_through_the_panel(mode):
    await make_account("boss")
    client = await panel(mode.store)
    await sign_in(client, "boss")
    before = (await SignInEvent.all().count(), await AuditEvent.all().count())
    for method in ("PUT", "DELETE", "PATCH", "POST"):
        async with client.request(method, url("journal_data")) as response:
            assert response.status in (403, 405)
    assert (await SignInEvent.all().count(), await AuditEvent.all().count()) == before
    await client.close()
