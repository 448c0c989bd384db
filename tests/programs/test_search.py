"""Search: word forms, typos, profession words, filters, ranking; the JSON API contract."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from aiohttp.test_utils import TestClient, TestServer

from backend.app import create_app
from backend.models import Program
from backend.services import programs_files, programs_search
from backend.settings import Settings
from tests.programs.test_import import GOOD, csv_file

MORE = [
    "COOK-1,Повар,prof_training,Поварское дело,очная,нет,480,25000,,Котлас,"
    "Котласский колледж (демо),2026-12-10,,Горячий цех и выпечка,,,published",
    "WELD-2,Сварка металлических конструкций судов,prof_upskilling,Сварочные технологии,"
    "очно-заочная,нет,120,18000,,Северодвинск,Северодвинский техникум (демо),,,"
    "Сварка корпусов,,,published",
    "DRAFT-1,Сварщик (черновик),prof_training,Сварочные технологии,очная,нет,100,0,"
    "безработные,Котлас,Котласский колледж (демо),,,,,,draft",
]


async def catalog_loaded() -> None:
    report = await programs_files.import_programs(csv_file(*GOOD, *MORE), "c.csv", actor="test",
                                           create_missing=True)
    assert report.problems == []


async def codes(query: str, **filters) -> list[str]:
    _, found = await programs_search.find_programs(query, programs_search.Filters(**filters))
    return [p.code for p in found]


async def answers_over_time(query: str) -> list[list[str]]:
    """The same search, again and again for a second: a look for changes made elsewhere
    happens in the background meanwhile."""
    answers = []
    for _ in range(50):
        answers.append(await codes(query))
        await asyncio.sleep(0.02)
    return answers


async def test_word_forms_typos_and_profession_words_find_welding(mode):
    await catalog_loaded()
    for query in ("сварщик", "хочу на сварщика", "сварка", "сварщики", "сврщик", "сварщека"):
        found = await codes(query)
        assert set(found[:2]) == {"WELD-1", "WELD-2"}, (query, found)
    assert "DRAFT-1" not in await codes("сварщик")  # drafts are not shown
    assert (await codes("1С бухгалтерия онлайн"))[0] == "ACC-1"
    assert (await codes("повар"))[0] == "COOK-1"
    assert await codes("космонавт") == []


async def test_nothing_found_offers_a_correction_and_competencies(mode):
    await catalog_loaded()
    assert await codes("сврщк") == []  # too far from any word to search
    suggestion = await programs_search.suggest("сврщк")
    assert suggestion.did_you_mean is not None
    assert "Сварочные технологии" in [area.name for area in suggestion.areas]
    assert await programs_search.suggest("купить слона") == programs_search.Suggestion(None, [])


async def test_words_with_no_topic_list_the_catalog_with_their_filters(mode):
    await catalog_loaded()
    everything = await codes("")
    assert await codes("курсы") == everything
    assert await codes("онлайн курсы") == await codes("", distance=True) == ["ACC-1"]
    assert await codes("?!") == []  # no words at all is not a search for everything


async def test_filters_narrow_the_results(mode):
    await catalog_loaded()
    assert await codes("сварщик", municipality="Вельский муниципальный округ") == ["WELD-1"]
    assert await codes("", free=True) == ["WELD-1"]
    assert await codes("", distance=True) == ["ACC-1"]
    assert await codes("", type="prof_upskilling") == ["WELD-2"]
    assert await codes("", form="ochnaya") == ["WELD-1", "COOK-1"]


async def test_a_place_in_the_words_is_where_to_study_not_what(mode):
    await catalog_loaded()
    assert await codes("сварщик в Вельске") == ["WELD-1"]
    assert await codes("курсы в Котласе") == ["COOK-1"]  # the place alone: all of it
    assert await codes("повар в Северодвинске") == ["COOK-1"]  # none there: the one elsewhere
    assert await codes("прогноз погоды в Архангельске") == []
    assert await codes("повар в Котласе бесплатно") == []  # the free-word stays a filter
    assert await codes("сварщик Архангельская область") == ["WELD-1", "WELD-2"]  # the region


async def test_the_api_contract(mode):
    await catalog_loaded()
    client = TestClient(TestServer(create_app(Settings(), mode.store)))
    await client.start_server()
    async with client.get("/api/v1/programs", params={"q": "сварщик", "limit": "1"}) as response:
        body = await response.json()
    assert body["total"] == 2 and len(body["items"]) == 1
    item = body["items"][0]
    assert set(item) >= {"code", "title", "type", "form", "distance", "hours", "price",
                         "municipality", "organization", "start_date", "url"}
    assert "did_you_mean" not in body
    async with client.get("/api/v1/programs", params={"q": "сврщк"}) as response:
        body = await response.json()
    assert body["total"] == 0 and body["did_you_mean"]
    assert "Сварочные технологии" in body["competencies"]
    async with client.get("/api/v1/programs/ACC-1") as response:
        assert (await response.json())["municipality"] == "Архангельск"
    async with client.get("/api/v1/programs/DRAFT-1") as response:
        assert response.status == 404
    for bad in ({"limit": "0"}, {"limit": "abc"}, {"free": "maybe"}, {"type": "x"},
                {"offset": "-1"}):
        async with client.get("/api/v1/programs", params=bad) as response:
            assert response.status == 400, bad
    await client.close()


async def test_a_change_made_by_another_process_is_seen_without_waiting_for_it(
        mode, monkeypatch):
    """Another `copp web` published a program: this process's searches keep answering from
    the snapshot they have while a look in the background finds the change."""
    await catalog_loaded()
    assert "COOK-1" in await codes("повар")
    monkeypatch.setattr(programs_search, "CHECK_EVERY", 0.0)
    # As another process would: straight to the database, nothing invalidated here.
    await Program.filter(code="COOK-1").update(status="draft", updated_at=datetime.now(UTC))
    answers = await answers_over_time("повар")
    assert "COOK-1" in answers[0]  # answered at once, from the snapshot it had
    assert "COOK-1" not in answers[-1]


async def test_a_district_is_named_by_its_centre_too(mode):
    await catalog_loaded()
    row = ("MEZ-1,Пекарь,prof_training,Поварское дело,очная,нет,320,0,безработные,"
           "Мезенский муниципальный округ,Мезенский техникум (демо),,,Хлеб и выпечка,,,published")
    report = await programs_files.import_programs(csv_file(row), "m.csv", actor="test",
                                                  create_missing=True)
    assert report.problems == []
    programs_search.invalidate()
    assert await codes("курсы в Мезени") == ["MEZ-1"]  # the centre's name: the district
    assert await codes("обучение в Мезенском районе") == ["MEZ-1"]
    assert await codes("пекарь мезень") == ["MEZ-1"]
