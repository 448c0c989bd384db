"""Staff import the catalog in the panel: a dry run, problems by line, then the real thing."""

from __future__ import annotations

from aiohttp import FormData

from backend.models import Program
from tests.admin_web.client import page_token, signed_in
from tests.catalog.test_import import GOOD, csv_file


def upload(token: str, data: bytes, **flags: str) -> FormData:
    form = FormData()
    form.add_field("csrf_token", token)
    form.add_field("file", data, filename="catalog.csv", content_type="text/csv")
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
