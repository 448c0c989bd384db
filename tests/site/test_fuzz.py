"""Whatever a stranger puts in the site's addresses and forms: a page, never a 500."""

from __future__ import annotations

import itertools
from urllib.parse import quote

import pytest
import pytest_asyncio
from hypothesis import given
from hypothesis import strategies as st
from tortoise import connections

from backend.store import MemoryStore
from tests.conftest import open_clean
from tests.fuzz import FUZZ, VALUES, form
from tests.site.helpers import form_token, make_event, make_program, place, site_client

IN_MODULE = pytest.mark.asyncio(loop_scope="module")
ADDRESSES = (f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}" for n in itertools.count(1))
QUERIES = {"/programs": ["q", "place", "kind", "form", "free", "online", "soon", "page"],
           "/events": ["place", "kind", "page"], "/": ["lang"], "/privacy": ["lang"],
           "/programs/{code}": ["lang"], "/events/{id}": ["lang"],
           "/events/{id}/ticket": [], "/events/{id}/event.ics": [], "/programs/{code}/applied": []}


@pytest_asyncio.fixture(loop_scope="module", scope="module")
async def site(pg_url):
    await open_clean(pg_url)
    await make_program()
    event = await make_event(questions=["Опыт?"])
    client = await site_client(MemoryStore())
    client.event = event.id
    client.place = (await place()).id
    client.token = await form_token(client, "/programs/WELD-1")
    yield client
    await client.close()
    await connections.close_all()


def forwarded() -> dict[str, str]:
    """Each request from an address of its own (behind the local nginx): the fuzzing tests
    the forms, not the rate limit."""
    return {"X-Forwarded-For": next(ADDRESSES)}


@IN_MODULE
@pytest.mark.parametrize("template", sorted(QUERIES))
@FUZZ
@given(data=st.data())
async def test_any_address_on_any_page_is_never_a_500(site, template, data):
    path = template.replace("{code}", quote(data.draw(
        st.one_of(st.just("WELD-1"), VALUES), label="code"), safe="")).replace(
        "{id}", quote(data.draw(st.one_of(st.just(str(site.event)), VALUES), label="id"),
                      safe=""))
    query = data.draw(st.dictionaries(st.sampled_from(QUERIES[template] or ["x"]), VALUES,
                                      max_size=3), label="query")
    async with site.get(path, params=query, headers={"Accept": "text/html"}) as response:
        assert response.status < 500, (path, query)


def templates(site) -> list[tuple[str, dict]]:
    contact = {"full_name": "Анна Иванова", "phone": "+79111234567", "place": str(site.place),
               "consent": "yes"}
    return [("/programs/WELD-1", contact),
            (f"/events/{site.event}", {**contact, "age": "18-24", "answer1": "никакого"})]


@IN_MODULE
@pytest.mark.parametrize("which", [0, 1], ids=["apply", "register"])
@FUZZ
@given(data=st.data())
async def test_any_form_values_give_a_form_with_errors_never_a_500(site, which, data):
    path, template = templates(site)[which]
    values = data.draw(form(template), label="form")
    async with site.post(path, data={**values, "csrf_token": site.token},
                         headers=forwarded(), allow_redirects=False) as response:
        assert response.status in (303, 422), (values, response.status)
