"""Staff read the career test statistics and export them."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.career.test_dialog import answer, by_type, start_test
from tests.panel import signed_in, url


async def test_statistics_page_and_workbook(mode):
    talk = await start_test(mode)
    await answer(talk, by_type(A=2))
    client = await signed_in(mode.store, "anna", "staff")
    async with client.get(url("career")) as page:
        html = await page.text()
    assert page.status == 200 and "Тест на профориентацию" in html
    assert ">Творец</text>" in html and "100%" in html
    async with client.get(url("career"), params={"format": "xlsx"}) as export:
        assert export.headers["Content-Disposition"] == 'attachment; filename="career-test.xlsx"'
        book = load_workbook(io.BytesIO(await export.read()))
    summary = {row[0]: row[1] for row in book["Сводка"].iter_rows(values_only=True)}
    assert summary["Пройдено тестов"] == 1 and summary["Доля завершённых"] == 1.0
    assert ("Творец", 1) in list(book["По типам"].iter_rows(values_only=True))
    await client.close()


async def test_editing_the_test_publishes_a_new_version(mode):
    import re

    from backend.models import AuditEvent, CareerTestVersion
    from tests.panel import token_in

    client = await signed_in(mode.store, "anna", "staff")
    async with client.get(url("career_edit")) as page:
        html = await page.text()
    form = dict(re.findall(r'name="((?:item|type)\w+)" value="([^"]*)"', html))
    form.update({f"item{n}_type": "RIASEC"[(n - 1) % 6] for n in range(1, 31)})
    form["item1_text_ru"] = "Собрать скворечник по чертежу"
    form["csrf_token"] = token_in(html)
    bad = {**form, "typeR_name_ru": "  "}
    try:
        async with client.post(url("career_edit"), data=bad) as response:
            assert response.status == 422
            assert 'value="Собрать скворечник по чертежу"' in await response.text()
        assert await CareerTestVersion.all().count() == 1
        async with client.post(url("career_edit"), data=form,
                               allow_redirects=False) as response:
            assert response.status == 302
        latest = await CareerTestVersion.filter(number=2).first()
        assert latest is not None
        talk = await start_test(mode)
        assert talk.text().startswith("1/30\n\nСобрать скворечник")
        assert await AuditEvent.filter(action="career.version_published").count() == 1
    finally:
        from backend.models import CareerAttempt
        await CareerAttempt.filter(version__number__gt=1).delete()
        await CareerTestVersion.filter(number__gt=1).delete()
    await client.close()
