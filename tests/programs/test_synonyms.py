"""Staff teach the search a phrase in the panel: it finds a competency's programs (or those with
some catalog words) until it is deleted; bad phrases are refused and nothing is written."""

from __future__ import annotations

import re

from backend.models import AuditEvent, Organization, SearchSynonym
from backend.programs.lexicon import shipped_entry
from backend.services import programs_synonyms
from tests.panel import make_account, page_token, panel, sign_in, signed_in, url
from tests.programs.test_search import answers_over_time, catalog_loaded, codes

PHRASE = "Мастер на все руки"  # the shipped lexicon does not know it


async def _post(client, **fields: str) -> tuple[int, str]:
    """The synonyms form sent as a browser does: its status and page."""
    token = await page_token(client, url("synonyms"))
    async with client.post(url("synonyms"), data={"csrf_token": token, **fields},
                           allow_redirects=False) as response:
        return response.status, await response.text()


async def test_a_phrase_added_in_the_panel_finds_programs_until_deleted(mode):
    await catalog_loaded()
    assert shipped_entry(PHRASE) is None
    assert await codes("мастер на все руки") == []
    client = await signed_in(mode.store, "anna", "staff")
    assert (await _post(client, phrase=PHRASE, competency="Сварочные технологии"))[0] == 302
    assert set(await codes("мастер на все руки")) == {"WELD-1", "WELD-2"}
    assert set(await codes("ищу курсы для мастера на все руки")) == {"WELD-1", "WELD-2"}
    async with client.get(url("synonyms")) as page:
        html = await page.text()
    assert "мастер на все руки" in html and "Сварочные технологии" in html and "anna" in html
    synonym = await SearchSynonym.get(phrase="мастер на все руки")
    assert (await _post(client, remove=str(synonym.id)))[0] == 302
    assert await codes("мастер на все руки") == []
    assert (await _post(client, remove=str(synonym.id)))[0] == 302  # a second click
    journal = await AuditEvent.filter(object_type="search_synonym").order_by("id").values_list(
        "actor", "action", "object_id")
    actor = f"staff:{(await programs_synonyms.StaffAccount.get(login='anna')).id}"
    assert journal == [(actor, "catalog.synonym_added", str(synonym.id)),
                       (actor, "catalog.synonym_removed", str(synonym.id))]
    await client.close()


async def test_a_phrase_can_lead_to_catalog_words(mode):
    await catalog_loaded()
    assert await codes("золотые руки") == []
    client = await signed_in(mode.store, "anna", "staff")
    assert (await _post(client, phrase="золотые руки", words="горячий цех"))[0] == 302
    assert await codes("золотые руки") == ["COOK-1"]
    async with client.get(url("synonyms")) as page:
        assert "«горячий цех»" in await page.text()
    await client.close()


async def test_bad_phrases_are_refused_with_the_form_as_typed_and_nothing_written(mode):
    await catalog_loaded()
    client = await signed_in(mode.store, "anna", "staff")
    assert (await _post(client, phrase="мастер на все руки",
                        competency="Сварочные технологии"))[0] == 302
    welding = "Сварочные технологии"
    bad = [({"phrase": "", "competency": welding}, "Напишите"),
           ({"phrase": "ж" * 101, "competency": welding}, "100"),
           ({"phrase": "хочу курсы и", "competency": welding}, "не заметит"),
           ({"phrase": "123 456", "competency": welding}, "не заметит"),
           ({"phrase": "рукастый", "competency": ""}, "компетенцию"),
           ({"phrase": "рукастый", "competency": welding, "words": "сварка"}, "компетенцию"),
           ({"phrase": "рукастый", "competency": "Космонавтика"}, "Такой компетенции нет"),
           ({"phrase": "рукастый", "words": "и на"}, "слово"),
           ({"phrase": "Сварщики", "competency": welding}, "уже знает «сварщик»"),
           ({"phrase": "на все руки мастера", "competency": welding},
            "Уже есть синоним «мастер на все руки»")]
    for fields, message in bad:
        status, html = await _post(client, **{"competency": "", "words": "", **fields})
        assert status == 422, fields
        assert message in html, (fields, re.findall(r'role="alert">([^<]*)', html))
        if fields["phrase"]:
            assert f'value="{fields["phrase"]}"' in html  # what was typed is there to fix
    assert await SearchSynonym.all().count() == 1
    assert await AuditEvent.filter(object_type="search_synonym").count() == 1
    await client.close()


async def test_only_the_catalog_role_may_see_or_change_synonyms(mode):
    await catalog_loaded()
    college = await Organization.get(name="Вельский колледж (демо)")
    await make_account("olga", "teacher", college.id)
    client = await panel(mode.store)
    await sign_in(client, "olga")
    async with client.get(url("synonyms")) as page:
        assert page.status == 403
    token = await page_token(client, url("password"))
    async with client.post(url("synonyms"), data={
            "csrf_token": token, "phrase": PHRASE, "competency": "Сварочные технологии"}) as r:
        assert r.status == 403
    assert await SearchSynonym.all().count() == 0
    await client.close()


async def test_a_synonym_another_process_added_is_found_within_the_check(mode, monkeypatch):
    """The snapshot's stamp notices synonyms added or removed elsewhere."""
    await catalog_loaded()
    assert await codes("мастер на все руки") == []
    monkeypatch.setattr(programs_synonyms.programs_search, "invalidate", lambda: None)
    monkeypatch.setattr(programs_synonyms.programs_search, "CHECK_EVERY", 0.0)
    await programs_synonyms.add_synonym(PHRASE, competency="Сварочные технологии",
                                        actor="staff:1")
    assert set((await answers_over_time("мастер на все руки"))[-1]) == {"WELD-1", "WELD-2"}
    first = await SearchSynonym.get()
    await programs_synonyms.remove_synonym(first.id, actor="staff:1")
    assert (await answers_over_time("мастер на все руки"))[-1] == []
