"""Search over the catalog: Russian stems, typos, other layouts and alphabets, the lexicon of
professions and everyday words, who a program is for, ranking.

One in-memory index serves PostgreSQL and the embedded default alike (PERFORMANCE.md: a
Python inverted index with a Snowball stemmer answers in well under a millisecond and finds
what PostgreSQL full-text search finds). It is rebuilt when the catalog changes.

Each word of a query is read as typed; when that matches nothing, as a rewrite (English, the
other keyboard layout, transliteration), trusted less; then as the nearest known word a typo or
two away. A query whose words mostly match nothing finds nothing: «купить слона» is not a
course, even if «слона» is a typo away from some word.
"""

from __future__ import annotations

import functools
import math
from collections import defaultdict
from dataclasses import dataclass, field

from backend import stems
from backend.programs import rewrites
from backend.programs.lexicon import Entry, Lexicon
from backend.programs.terms import STOP, terms, words_with_terms
from backend.programs.typos import Typos, allowed

__all__ = ["Document", "Index", "Suggestion", "intents", "terms", "STOP"]

# Words that ask for a filter rather than for a topic: «курсы бесплатно», «1С онлайн».
INTENTS = {"бесплатн": ("free", True), "free": ("free", True), "онлайн": ("distance", True),
           "online": ("distance", True), "дистанцион": ("distance", True),
           "удален": ("distance", True), "удаленн": ("distance", True)}
WEIGHTS = {"title": 3.0, "competency": 2.5, "organization": 0.5, "description": 1.0,
           "requirements": 0.5, "free_for": 0.5}
LEXICON_WEIGHT = 2.5  # a profession word leads to its competency as strongly as its name does
FAMILY, TYPO = 0.5, 0.75  # stems sharing the first letters (сварщик ~ сварка), a typo away
EXACT, WEAK = "exact", "weak"


def intents(query: str) -> tuple[str, dict[str, bool]]:
    """The query without its filter words, and the filters those words ask for."""
    kept, asked = [], {}
    for word in query.split():
        found_terms = terms(word)
        found = [INTENTS[stem] for stem in found_terms if stem in INTENTS]
        if found and len(found_terms) == 1:
            asked.update(found)
        else:
            kept.append(word)
    return " ".join(kept), asked


def _normal(name: str) -> str:
    return " ".join(stems.words(name))


@dataclass(frozen=True)
class Document:
    id: int
    fields: dict[str, str]
    groups: tuple[str, ...] = ()  # who it is free for (free_for)


@dataclass(frozen=True)
class Suggestion:
    """For a query that found nothing: a corrected query and the nearest competencies."""

    did_you_mean: str | None
    competencies: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Reading:
    term: str
    factor: float
    kind: str  # EXACT, or WEAK for a typo or a prefix-only match


class Index:
    def __init__(self, documents: list[Document], lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon.with_extra()
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        self.surface: dict[str, str] = {}  # stem → a word of the catalog it came from
        self.competency: dict[int, str] = {}
        self.by_competency: dict[str, set[int]] = defaultdict(set)
        self.by_group: dict[str, set[int]] = defaultdict(set)
        self._compounds: dict[str, tuple[str, ...]] = {}
        for document in documents:
            self._add(document)
        self.size = max(len(documents), 1)
        self.family: dict[str, list[str]] = defaultdict(list)
        for term in self.postings:
            if len(term) >= 4:
                self.family[term[:4]].append(term)
        self.typos = Typos([*self.postings, *self.lexicon.by_term])
        self._word = functools.lru_cache(maxsize=8192)(self._word_uncached)

    def _add(self, document: Document) -> None:
        for name, text in document.fields.items():
            weight = WEIGHTS[name]
            for word, term in words_with_terms(text):
                self.surface.setdefault(term, word)
                for part in self._parts(term):
                    weights = self.postings[part]
                    if weights.get(document.id, 0.0) < weight:
                        weights[document.id] = weight
        if name := document.fields.get("competency"):
            self.competency[document.id] = name
            self.by_competency[_normal(name)].add(document.id)
        for group in document.groups:
            self.by_group[_normal(group)].add(document.id)

    def _parts(self, term: str) -> tuple[str, ...]:
        """The term, and the known word a compound ends with: электрогазосварщик is a сварщик,
        автослесарь a слесарь."""
        if (found := self._compounds.get(term)) is None:
            found = (term, *[term[start:] for start in range(3, len(term) - 4)
                             if term[start:] in self.lexicon.by_term])
            self._compounds[term] = found
        return found

    def _idf(self, term: str) -> float:
        return math.log(1 + self.size / len(self.postings[term]))

    def _known(self, term: str) -> bool:
        return term in self.postings or self.lexicon.knows(term)

    def _readings(self, token: str) -> list[_Reading]:
        """The terms one typed token stands for: as typed, rewritten, or a typo corrected."""
        own = terms(token)
        if any(self._known(term) for term in own):
            return [_Reading(term, 1.0, EXACT) for term in own]
        options = [(own, 1.0)] + [(terms(text), factor)
                                  for text, factor in rewrites.candidates(token)]
        for found, factor in options[1:]:
            if found and all(self._known(term) for term in found):
                return [_Reading(term, factor, EXACT) for term in found]
        for found, factor in options:
            corrected = [self._nearest(term) for term in found]
            if found and all(corrected):
                return [_Reading(term, factor * TYPO, WEAK) for term in corrected]
        return [_Reading(term, 1.0, WEAK) for term in own]

    def _nearest(self, term: str, limit: int | None = None) -> str | None:
        if self._known(term):
            return term
        near = self.typos.near(term, limit)
        if not near:
            return None
        best = near[0][0]
        return max((other for d, other in near if d == best),
                   key=lambda other: (len(self.postings.get(other, ())), other))

    def _matches(self, term: str) -> dict[int, float]:
        """Documents with the term, and with stems sharing its first letters, less."""
        best: dict[int, float] = {}
        found = [(term, 1.0)] if term in self.postings else []
        if len(term) >= 5:  # сварщик ~ сварка ~ сварочные
            found += [(other, FAMILY) for other in self.family.get(term[:4], ()) if other != term]
        for other, factor in found:
            scale = factor * self._idf(other)
            for doc, weight in self.postings[other].items():
                if (value := weight * scale) > best.get(doc, 0.0):
                    best[doc] = value
        return best

    def _phrase(self, words: str) -> dict[int, float]:
        """Documents matching every word of a phrase of catalog words."""
        found: dict[int, float] | None = None
        for term in terms(words):
            matches = self._matches(term)
            found = matches if found is None else {
                doc: min(value, matches[doc]) for doc, value in found.items() if doc in matches}
        return found or {}

    def _entry(self, entry: Entry) -> dict[int, float]:
        found: dict[int, float] = {}
        value = LEXICON_WEIGHT * math.log(1 + self.size / max(self.size / 20, 1))
        for name in entry.competencies:
            found.update(dict.fromkeys(self.by_competency.get(_normal(name), ()), value))
        for group in entry.groups:
            found.update(dict.fromkeys(self.by_group.get(_normal(group), ()), value))
        for words in entry.words:
            for doc, score in self._phrase(words).items():
                found[doc] = max(found.get(doc, 0.0), score)
        return found

    def _word_uncached(self, term: str, query: frozenset[str]) -> tuple[dict[int, float], bool]:
        """Documents for one query word (with the lexicon's phrases the query completes), and
        whether the match is only by four shared first letters (экскаватор, экскурсовод)."""
        direct = self._matches(term)
        prefix_only = term not in self.postings and not any(
            other.startswith(term[:5]) for other in self.family.get(term[:4], ()))
        related: dict[int, float] = {}
        for entry in self.lexicon.find(term, set(query)):
            prefix_only = False
            for doc, value in self._entry(entry).items():
                if value > related.get(doc, 0.0):
                    related[doc] = value
        if not related:
            return direct, prefix_only
        for doc, value in direct.items():  # the word itself and what it leads to: best of all
            related[doc] = related.get(doc, 0.0) + value
        return related, prefix_only

    def _score(self, query: str) -> tuple[dict[int, float], int, int, bool]:
        readings = [r for token in query.split() for r in self._readings(token)]
        query_terms = frozenset(r.term for r in readings)
        scores: dict[int, float] = defaultdict(float)
        matched, strong = 0, False
        for reading in readings:
            best, prefix_only = self._word(reading.term, query_terms)
            if not best:
                continue
            matched += not prefix_only
            strong = strong or (reading.kind == EXACT and not prefix_only)
            for doc, value in best.items():
                scores[doc] += reading.factor * (10 + value)  # each word counts more than weight
        return scores, matched, len(readings), strong

    def search(self, query: str) -> dict[int, float]:
        """Document ids with scores; documents matching more query words rank first.

        Nothing when most words match nothing, or when only typos and shared first letters
        match and not every word does.
        """
        scores, matched, total, strong = self._score(query)
        if not matched or matched * 2 < total or (not strong and matched < total):
            return {}
        return dict(scores)

    def suggest(self, query: str, top: int = 3) -> Suggestion:
        """For a query that found nothing: the nearest words the catalog knows, if that finds
        something, and the competencies of what the corrected or the given query comes near."""
        corrected = []
        for token in query.split():
            own = terms(token)
            if not own:
                continue
            options = [(own, 1)] + [(terms(text), 0) for text, _ in rewrites.candidates(token)]
            near = next((found for found in ([self._nearest(t, allowed(t) + more) for t in option]
                                             for option, more in options if option)
                         if all(found)), None)
            corrected += [self._word_for(term) for term in near] if near else [token]
        fixed = " ".join(corrected)
        found = self.search(fixed) if fixed != query else {}
        ranked: dict[str, float] = defaultdict(float)
        for doc, score in found.items():
            if doc in self.competency:
                ranked[self.competency[doc]] += score
        names = sorted(ranked, key=lambda name: -ranked[name])[:top]
        return Suggestion(fixed if found else None, names)

    def _word_for(self, term: str) -> str:
        if term in self.surface:
            return self.surface[term]
        entries = self.lexicon.by_term.get(term, ())
        return next((e.phrase for phrase, e in entries if len(phrase) == 1), term)
