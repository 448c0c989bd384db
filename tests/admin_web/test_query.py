"""Query parameters from the address bar: a bad one is a 400 with one log line, never a 500."""

from __future__ import annotations

import logging

from tests.panel import panel, signed_in

LISTS = ["/admin/residents", "/admin/applications", "/admin/catalog",
         "/admin/journals/sign-ins", "/admin/journals/data"]
BAD_PAGES = ["99999999999999999999", "²", "-1"]


async def test_a_page_out_of_range_is_refused_with_400_on_every_list(mode, caplog):
    client = await signed_in(mode.store, "boss")
    caplog.set_level(logging.INFO)
    caplog.clear()
    for path in LISTS:
        for value in BAD_PAGES:
            async with client.get(path, params={"page": value}) as response:
                assert response.status == 400, (path, value)
                assert "page" in await response.text()
        async with client.get(path, params={"page": "1"}) as response:
            assert response.status == 200, path
    assert caplog.text.count("bad query parameter page") == len(LISTS) * len(BAD_PAGES)
    assert "Traceback" not in caplog.text and "99999" not in caplog.text
    await client.close()


async def test_api_limit_and_offset_out_of_range_are_a_json_400(mode, caplog):
    client = await panel(mode.store)
    caplog.set_level(logging.INFO)
    queries = ["limit=99999999999999999999", "limit=²", "offset=²",
               "offset=99999999999999999999", "limit=-1"]
    for query in queries:
        async with client.get(f"/api/v1/programs?{query}") as response:
            assert response.status == 400, query
            assert "whole number" in (await response.json())["error"]
    assert caplog.text.count("bad query parameter") == len(queries)
    assert "Traceback" not in caplog.text
    await client.close()
