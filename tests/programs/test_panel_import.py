"""Staff import the catalog in the panel: a dry run, problems by line, then the real thing."""

from __future__ import annotations

import asyncio
import threading

from aiohttp import FormData

from backend.models import Program
from backend.programs import files
from tests.panel import page_token, signed_in
from tests.programs.test_import import GOOD, csv_file, too_many_rows, xlsx_bomb


def upload(token: str, data: bytes, filename: str = "catalog.csv", **flags: str) -> FormData:
    form = FormData()
    form.add_field("csrf_token", token)
    form.add_field("file", data, filename=filename, content_type="application/octet-stream")
    for name, value in flags.items():
        form.add_field(name, value)
    return form


async def test_import_in_the_panel(mode):
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/catalog/import")
    bad = csv_file(GOOD[0], GOOD[1].replace(",72,", ",8,"))
    async with client.post("/admin/catalog/import",
                           data=upload(token, bad, create_missing="yes")) as response:
        assert response.status == 422
        assert "не меньше 16 часов" in await response.text()
    async with client.post("/admin/catalog/import", data=upload(
            token, csv_file(*GOOD), create_missing="yes", dry_run="yes")) as response:
        assert response.status == 200 and "Ничего не сохранено" in await response.text()
    assert await Program.all().count() == 0
    async with client.post("/admin/catalog/import",
                           data=upload(token, csv_file(*GOOD), create_missing="yes")) as response:
        assert 'id="import-done"' in await response.text()
    assert await Program.all().count() == 2
    async with client.get("/admin/catalog/export") as export:
        assert "WELD-1" in (await export.read()).decode("utf-8-sig")
    await client.close()


async def test_an_oversized_file_and_a_zip_bomb_are_refused_with_a_clear_message(mode):
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/catalog/import")
    async with client.post("/admin/catalog/import",
                           data=upload(token, too_many_rows(), dry_run="yes")) as response:
        assert response.status == 422
        assert "В файле больше 10000 строк. Разделите его на части." in await response.text()
    async with client.post("/admin/catalog/import", data=upload(
            token, xlsx_bomb(), "catalog.xlsx", create_missing="yes")) as response:
        assert response.status == 422
        assert "больше 24 МБ" in await response.text()
    assert await Program.all().count() == 0
    await client.close()


async def test_the_page_lists_the_first_100_problems_and_counts_the_rest(mode):
    rows = [GOOD[0].replace("WELD-1", f"W-{n}").replace(",320,", ",0,") for n in range(150)]
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/catalog/import")
    async with client.post("/admin/catalog/import", data=upload(
            token, csv_file(*rows), create_missing="yes")) as response:
        html = await response.text()
    assert response.status == 422
    assert html.count("<tr><td>") == 100 and "…и ещё 50 ошибок." in html
    await client.close()


async def test_healthz_answers_while_an_import_is_being_read(mode, monkeypatch):
    reading, answered, seen = threading.Event(), threading.Event(), []
    read_rows = files.read_rows

    def held_read_rows(data: bytes, filename: str):
        reading.set()
        # Read on the event loop, this would hold /healthz until the wait gives up.
        seen.append(answered.wait(20))
        return read_rows(data, filename)

    monkeypatch.setattr(files, "read_rows", held_read_rows)
    client = await signed_in(mode.store, "anna", "staff")
    token = await page_token(client, "/admin/catalog/import")

    async def post():
        async with client.post("/admin/catalog/import", data=upload(
                token, csv_file(*GOOD), create_missing="yes")) as response:
            return response.status, await response.text()

    importing = asyncio.ensure_future(post())
    assert await asyncio.to_thread(reading.wait, 20)
    async with client.get("/healthz") as health:
        assert health.status == 200
    answered.set()
    status, html = await importing
    assert seen == [True] and status == 200 and 'id="import-done"' in html
    await client.close()
