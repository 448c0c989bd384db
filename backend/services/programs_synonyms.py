"""Search synonyms staff add in the panel: a phrase people use («мастер на все руки») leading
to a competency or to words the programs' texts contain. They join the shipped lexicon
(backend/programs/lexicon.tsv) when the search snapshot is built."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from backend.errors import ServiceError
from backend.models import Competency, SearchSynonym, StaffAccount
from backend.programs.lexicon import Entry, shipped_entry
from backend.programs.terms import terms
from backend.services import audit, programs_search

MAX_PHRASE = 100
MAX_WORDS = 100
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Synonym:
    id: int
    phrase: str
    competency: str  # the competency's name; "" when the phrase leads to words
    words: str
    created_by: str  # a staff member's login, or the actor as journaled
    created_at: datetime


def normal(text: str) -> str:
    """A phrase as it is stored and compared: lower case, ё as е, single spaces."""
    return " ".join(text.lower().replace("ё", "е").split())


async def list_synonyms() -> list[Synonym]:
    """Every synonym, by phrase; who added it by their login where it was a staff account."""
    rows = await SearchSynonym.all().order_by("phrase").select_related("competency")
    logins = dict(await StaffAccount.filter(
        id__in={_staff_id(row.created_by) for row in rows} - {None}).values_list("id", "login"))
    return [Synonym(row.id, row.phrase, row.competency.name if row.competency else "",
                    row.words, logins.get(_staff_id(row.created_by), row.created_by),
                    row.created_at) for row in rows]


def _staff_id(actor: str) -> int | None:
    """The account of an actor «staff:<id>» (views.common.actor)."""
    number = actor.removeprefix("staff:")
    return int(number) if number != actor and number.isdecimal() and len(number) < 10 else None


def _shown(entry: Entry) -> str:
    """Where a lexicon entry leads, as staff read it."""
    return ", ".join([*entry.competencies, *(f"«{words}»" for words in entry.words),
                      *entry.groups])


async def _check(phrase: str, competency: str, words: str) -> Competency | None:
    """The competency the phrase leads to, if it does; ServiceError for what is wrong."""
    if not phrase:
        raise ServiceError("synonym_phrase_missing")
    if len(phrase) > MAX_PHRASE:
        raise ServiceError("synonym_phrase_long", max=MAX_PHRASE)
    found = terms(phrase)
    if not found or not _LETTER.search(phrase):
        raise ServiceError("synonym_phrase_empty")
    if bool(competency) == bool(words):
        raise ServiceError("synonym_target")
    if words and (len(words) > MAX_WORDS or not terms(words)):
        raise ServiceError("synonym_words", max=MAX_WORDS)
    target = None
    if competency:  # the ORM refuses a value longer than its column: no such name, then
        target = await Competency.get_or_none(name=competency) if len(competency) <= 200 \
            else None
        if target is None:
            raise ServiceError("synonym_unknown_competency")
    if known := shipped_entry(phrase):
        raise ServiceError("synonym_shipped", phrase=known.phrase, target=_shown(known))
    for other in await SearchSynonym.all().values_list("phrase", flat=True):
        if set(terms(other)) == set(found):
            raise ServiceError("synonym_exists", phrase=other)
    return target


async def add_synonym(phrase: str, *, competency: str = "", words: str = "",
                      actor: str) -> int:
    """A new synonym's id. It leads to a competency (by name) or to catalog words, not both."""
    phrase, words = normal(phrase), " ".join(words.split())
    target = await _check(phrase, " ".join(competency.split()), words)
    try:
        async with in_transaction():
            synonym = await SearchSynonym.create(phrase=phrase, competency=target, words=words,
                                                 created_by=actor)
            await audit.log(actor, "catalog.synonym_added", "search_synonym", synonym.id)
    except IntegrityError:  # another member of staff added it a moment ago
        raise ServiceError("synonym_exists", phrase=phrase) from None
    programs_search.invalidate()
    return synonym.id


async def remove_synonym(synonym_id: int, *, actor: str) -> bool:
    """Whether there was such a synonym to remove."""
    async with in_transaction():
        removed = await SearchSynonym.filter(id=synonym_id).delete()
        if removed:
            await audit.log(actor, "catalog.synonym_removed", "search_synonym", synonym_id)
    if removed:
        programs_search.invalidate()
    return bool(removed)
