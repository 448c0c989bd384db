"""Words people use for what the catalog teaches (lexicon.tsv): professions, machines, everyday
phrases and who a program is for, each leading to competencies, catalog words or free_for
groups. Staff may add entries of their own; they join the shipped ones when the index is built."""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from backend import stems
from backend.programs.terms import terms
from backend.programs.typos import Typos

SHIPPED = Path(__file__).with_name("lexicon.tsv")


@dataclass(frozen=True)
class Entry:
    phrase: str
    competencies: tuple[str, ...] = ()  # names as in the competencies table
    words: tuple[str, ...] = ()  # catalog words that must all be there («python»)
    groups: tuple[str, ...] = ()  # free_for groups («люди с инвалидностью»)
    synonyms: tuple[str, ...] = ()  # the phrases of its line: a program naming one fits best


def parse(text: str) -> list[Entry]:
    """Entries of lexicon.tsv's format: «phrase|phrase<TAB>Competency; =words; +group»."""
    entries = []
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrases, targets = line.split("\t")
        kinds: dict[str, list[str]] = {"": [], "=": [], "+": []}
        for target in filter(None, (t.strip() for t in targets.split(";"))):
            kind = target[0] if target[0] in "=+" else ""
            kinds[kind].append(target.lstrip("=+").strip())
        line = tuple(p.strip() for p in phrases.split("|") if p.strip())
        entries += [Entry(phrase, tuple(kinds[""]), tuple(kinds["="]), tuple(kinds["+"]), line)
                    for phrase in line]
    return entries


@functools.cache
def shipped() -> tuple[Entry, ...]:
    return tuple(parse(SHIPPED.read_text(encoding="utf-8")))


class Lexicon:
    """Entries found by the stems of a query's words; a phrase needs all its words there."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        self.by_term: dict[str, list[tuple[tuple[str, ...], Entry]]] = defaultdict(list)
        for entry in self.entries:
            if found := terms(entry.phrase):
                for term in set(found):
                    self.by_term[term].append((found, entry))

    @classmethod
    def with_extra(cls, extra: Iterable[Entry] = ()) -> Lexicon:
        """The shipped entries and those staff added (the shipped ones alone: built once; with
        the same staff entries as last time: not built again when only the catalog changed)."""
        extra = tuple(extra)
        return _extended(extra) if extra else _shipped_lexicon()

    @functools.cached_property
    def typos(self) -> Typos:
        """The lexicon's words a typo away; built once, whatever the catalog."""
        return Typos(self.by_term)

    def knows(self, term: str) -> bool:
        return term in self.by_term

    def find(self, term: str, query: set[str], word: str = "") -> list[Entry]:
        """Entries with this word whose other words are all in the query too; of those, the
        ones spelling the word as typed (портье, not порт: one stem), then the longest
        («водитель трактора» means the tractor, not the car)."""
        found = [(phrase, entry) for phrase, entry in self.by_term.get(term, ())
                 if all(other in query for other in phrase)]
        spelled = [(phrase, entry) for phrase, entry in found
                   if word in stems.words(entry.phrase)]
        found = spelled or found
        longest = max((len(set(phrase)) for phrase, _ in found), default=0)
        return [entry for phrase, entry in found if len(set(phrase)) == longest]


def shipped_entry(phrase: str) -> Entry | None:
    """The shipped entry with this phrase's words, in any order or form («сварщики»)."""
    return _shipped_phrases().get(frozenset(terms(phrase)))


@functools.cache
def _shipped_phrases() -> dict[frozenset[str], Entry]:
    return {frozenset(found): entry for entry in reversed(shipped())
            if (found := terms(entry.phrase))}


@functools.cache
def _shipped_lexicon() -> Lexicon:
    return Lexicon(shipped())


@functools.lru_cache(maxsize=2)
def _extended(extra: tuple[Entry, ...]) -> Lexicon:
    return Lexicon([*shipped(), *extra])
