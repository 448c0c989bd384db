"""Staff read the career test statistics and export them."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.admin_web.client import signed_in
from tests.dialogs.test_career import answer, by_type, start_test


async def test_statistics_page_and_workbook(mode):
    talk = await start_test(mode)
    await answer(talk, by_type(A=2))
    client = await signed_in(mode.store, "anna", "staff")
    async with client.get("/admin/career") as page:
        html = await page.text()
    assert page.status == 200 and "Тест на профориентацию" in html
    assert ">Творец</text>" in html and "100%" in html
    async with client.get("/admin/career", params={"format": "xlsx"}) as export:
        assert export.headers["Content-Disposition"] == 'attachment; filename="career-test.xlsx"'
        book = load_workbook(io.BytesIO(await export.read()))
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(values_only=True)}
    assert summary["Пройдено тестов"] == 1 and summary["Доля завершённых"] == 1.0
    assert ("Творец", 1) in list(book["По типам"].iter_rows(values_only=True))
    await client.close()
