"""Search over the catalog: Russian stems, typos, other layouts and alphabets, the lexicon of
professions and everyday words, who a program is for, ranking.

One in-memory index serves PostgreSQL and the embedded default alike (PERFORMANCE.md: a
Python inverted index with a Snowball stemmer answers in well under a millisecond and finds
what PostgreSQL full-text search finds). It is rebuilt when the catalog changes.

Each word of a query is read as typed; when that matches nothing, as a rewrite (English, the
other keyboard layout, transliteration), trusted less; then as the nearest known word a typo or
two away. A query whose words mostly match nothing finds nothing: «купить слона» is not a
course, even if «слона» is a typo away from some word.

A word the lexicon knows means the entries spelling it as typed, and of those the longest
phrase the query completes («водитель трактора» is no car driver); within the competency it
leads to, programs naming a phrase of its line come first.
"""

from __future__ import annotations

import functools
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np

from backend import stems
from backend.programs import english, rewrites
from backend.programs.lexicon import Entry, Lexicon
from backend.programs.postings import Postings
from backend.programs.terms import STOP, is_vague, terms
from backend.programs.typos import Typos, allowed

__all__ = ["Document", "Index", "Suggestion", "intents", "is_topic", "terms", "STOP"]

# Words that ask for a filter rather than for a topic: «курсы бесплатно», «1С онлайн».
INTENTS = {"бесплатн": ("free", True), "free": ("free", True), "онлайн": ("distance", True),
           "online": ("distance", True), "дистанцион": ("distance", True),
           "удален": ("distance", True), "удаленн": ("distance", True)}
LEXICON_WEIGHT = 2.5  # a profession word leads to its competency as strongly as its name does
TYPO = 0.75  # a word a typo away
OUTSIDE = 0.4  # a word's programs outside its lexicon meaning
SYNONYM = 0.5  # a program naming a word of the entry's line, over the rest of its competency
DERIVED = 0.8  # a word read through the word it is made of (гипсокартонщик: гипсокартон)
# Endings that make a doer or an action of a word (stems as the stemmer leaves them), shortest
# first: the least cut off wins. And what turns a noun into an adjective or an action noun
# (глина: глиняная, лепить: лепка), with the consonants that alternate (теплица: тепличный).
AGENT = sorted(("", "щик", "чик", "ник", "ниц", "щиц", "чиц", "ист", "истк", "ер", "ерш", "ар",
                "янк", "ш", "к", "овод", "ирова", "ова", "ева", "ыва", "ива", "и", "а", "е"),
               key=len)
TAILS = ("", "н", "ов", "ев", "ян", "ан", "ск", "к", "ств", "енн")
ALTERNATE = {"ч": "ц", "ц": "ч", "ж": "г", "ш": "х"}
_NOWHERE = np.array([], np.int32)
_AGE = re.compile(r"\b(?:[5-9]\d)\s*(?:лет|года|год)\b", re.IGNORECASE)  # мне 55 лет: 50+
EXACT, WEAK, VAGUE, DERIVED_KIND = "exact", "weak", "vague", "derived"


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


def is_topic(term: str) -> bool:
    return not is_vague(term)


@functools.lru_cache(maxsize=4096)
def _normal(name: str) -> str:
    return " ".join(stems.words(name))


def _one_word(text: str) -> str:
    found = stems.words(text)
    return found[0] if len(found) == 1 else ""


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
    word: str = ""  # the word as typed (or rewritten), when it is one word


class Index:
    def __init__(self, documents: list[Document], lexicon: Lexicon | None = None) -> None:
        self.lexicon = lexicon or Lexicon.with_extra()
        self._compounds: dict[str, tuple[str, ...]] = {}
        self.postings = Postings((d.fields for d in documents), self._parts)
        self.size = self.postings.size
        self.ids = np.array([d.id for d in documents], np.int64)
        self.competency = [d.fields.get("competency", "") for d in documents]
        by_competency, by_group = defaultdict(list), defaultdict(list)
        for position, document in enumerate(documents):
            by_competency[_normal(self.competency[position])].append(position)
            for group in document.groups:
                by_group[_normal(group)].append(position)
        self.by_competency = {k: np.array(v, np.int32) for k, v in by_competency.items()}
        self.by_group = {k: np.array(v, np.int32) for k, v in by_group.items()}
        self._word = functools.lru_cache(maxsize=1024)(self._word_uncached)
        self._naming = functools.lru_cache(maxsize=256)(self._naming_uncached)  # a line each

    def _parts(self, term: str) -> tuple[str, ...]:
        """The term, and the known words a compound ends with after its linking vowel:
        электрогазосварщик is a сварщик, автослесарь a слесарь; подготовка is no готовка."""
        if (found := self._compounds.get(term)) is None:
            found = (term, *[term[start:] for start in range(3, len(term) - 4)
                             if term[start - 1] in "ое" and term[start:] in self.lexicon.by_term])
            self._compounds[term] = found
        return found

    @functools.cached_property
    def typos(self) -> Typos:
        """The catalog's words a typo away, built when a query first needs them."""
        return Typos(self.postings.terms)

    def _known(self, term: str) -> bool:
        return term in self.postings or self.lexicon.knows(term)

    def _readings(self, token: str) -> list[_Reading]:
        """The terms one typed token stands for: as typed, rewritten, or a typo corrected."""
        own = terms(token)
        if not own:
            return []
        if all(is_vague(term) for term in own):
            return [_Reading(term, 1.0, VAGUE, _one_word(token)) for term in own]
        if any(self._known(term) for term in own):
            return [_Reading(term, 1.0, EXACT, _one_word(token)) for term in own]
        options = [(own, 1.0)] + [(terms(text), factor)
                                  for text, factor in rewrites.candidates(token)]
        if any(all(map(is_vague, found)) for found, _ in options[1:]):
            return []  # «chto», «po»: a stop or vague word in Latin letters
        for (found, factor), text in zip(options[1:], rewrites.candidates(token), strict=True):
            if found and all(self._known(term) for term in found):
                return [_Reading(term, factor, EXACT, _one_word(text[0])) for term in found]
        for found, factor in options:
            derived = [self._derived(term) for term in found]
            if all(derived):
                return [_Reading(term, factor * DERIVED, DERIVED_KIND) for term in derived]
        if len(own) == 1 and (word := _one_word(token)) != own[0]:
            options.append(((word,), 1.0))  # флорсит: the stemmer cut a typo's «ит»
        for found, factor in options:
            corrected = [self._nearest(term) for term in found]
            if found and all(corrected):
                return [_Reading(term, factor * TYPO, WEAK) for term in corrected]
        return [_Reading(term, 1.0, WEAK) for term in own]

    def _derived(self, term: str) -> str | None:
        """The catalog's or the lexicon's word this one is made of, for a word known to
        neither: a doer's ending off (лифтер: лифт, гипсокартонщик: гипсокартон, дизелист:
        дизель), a verb's (ремонтировать: ремонт), the noun's adjective or action noun (глина:
        глиняная, лепить: лепка, теплица: тепличный). None when nothing is."""
        for ending in AGENT:
            base = term[:len(term) - len(ending)]
            if not term.endswith(ending) or len(base) < 3:
                continue
            for stem in dict.fromkeys((base, base[:-1] + ALTERNATE.get(base[-1], base[-1]))):
                for tail in TAILS if not ending else ("",):  # a cut or a tail, not both
                    if len(found := stem + tail) >= 4 and found != term and self._known(found):
                        return found
        return None

    def _nearest(self, term: str, limit: int | None = None) -> str | None:
        if self._known(term):
            return term
        near = sorted(self.typos.near(term, limit) + self.lexicon.typos.near(term, limit))
        if not near:
            return None
        best = near[0][0]
        return max((other for d, other in near if d == best),
                   key=lambda other: (self.postings.count(other), other))

    def _entry(self, entry: Entry) -> np.ndarray:
        """The entry's programs: its competencies and groups, programs naming its catalog
        words, and first of all those naming a phrase of its line (доярка: «Оператор
        машинного доения» before the tractors of the same competency). Who a program is for
        is its free_for, not its text: a group's line names nothing."""
        found = self.postings.empty()
        value = LEXICON_WEIGHT * math.log(21)  # as strong as a word in one program of twenty
        for name in entry.competencies:
            found[self.by_competency.get(_normal(name), _NOWHERE)] = value
        for group in entry.groups:
            found[self.by_group.get(_normal(group), _NOWHERE)] = value
        for words in entry.words:
            found = np.maximum(found, self.postings.phrase(terms(words)))
        if not entry.competencies:
            return found
        return found + SYNONYM * self._naming(entry.synonyms) * (found > 0)

    def _naming_uncached(self, phrases: tuple[str, ...]) -> np.ndarray:
        """Each document's best weight for one of the phrases, the words as they are."""
        return functools.reduce(np.maximum, (self.postings.phrase(terms(phrase), family=False)
                                             for phrase in phrases), self.postings.empty())

    def _word_uncached(self, term: str, word: str, query: frozenset[str], vague: bool = False,
                       family: bool | str = True) -> tuple[np.ndarray, np.ndarray, bool, bool]:
        """The documents (positions, scores) of one query word, with the lexicon's phrases the
        query completes; whether it matched only by shared first letters (экскаватор and
        экскурсовод, знакомства and знаков are other words); whether a title, a competency
        or the lexicon names it, not only some description."""
        entries = self.lexicon.find(term, set(query), word)
        if vague and not entries:  # «работать» alone is no topic; «работа с детьми» is
            return _NOWHERE, np.array([], np.float32), False, False
        direct = self.postings.matches(term, family)
        prefix_only = term not in self.postings and not any(
            other.startswith(term[:max(5, len(term) - 2)])
            for other in self.postings.family.get(term[:4], ()))
        named = bool(entries) or term in self.postings.named
        related = functools.reduce(np.maximum, map(self._entry, entries), self.postings.empty())
        if entries and not related.any():  # автобус: a meaning not taught here anchors
            named = term in self.postings  # only when the catalog has the word (макияж)
            phrase = terms(entries[0].phrase)
            if len(set(phrase)) > 1 and not all(self.postings.matches(t).any() for t in phrase):
                # мастер ногтевого сервиса: a phrase not taught here, and a word of it
                # nowhere; its other words apart (мастер, сервис) are other things
                return _NOWHERE, np.array([], np.float32), False, False
        if entries:
            prefix_only = False
        if related.any():
            # both: best of all; the word alone, outside what the lexicon says it means, is
            # likely another word of the same stem (водить, вода); with that meaning not
            # taught here, the word alone is all there is (компьютер: digital literacy)
            direct = np.where(related > 0, related + direct, OUTSIDE * direct)
        positions = np.flatnonzero(direct)  # kept sparse: a cache of whole vectors is big
        return positions, direct[positions], prefix_only, named

    def _score(self, query: str) -> tuple[np.ndarray, int, int, bool, bool]:
        readings = [r for token in query.split() for r in self._readings(token)]
        query_terms = frozenset(r.term for r in readings)
        scores = self.postings.empty()
        matched, strong, anchored, total = 0, False, False, len(readings)
        for reading in readings:
            positions, values, prefix_only, named = self._word(
                reading.term, reading.word, query_terms, reading.kind == VAGUE,
                "longer" if reading.kind == DERIVED_KIND else True)  # тепличница: теплица,
            # тепличный, not тепловоз
            if (not len(positions) or prefix_only) and reading.kind == EXACT and (
                    derived := self._derived(reading.term)):  # ремонтировать: known to the
                # lexicon only in phrases this query does not complete
                positions, values, prefix_only, named = self._word(derived, "", query_terms,
                                                                   False, "longer")
                values = values * DERIVED
            if not len(positions):
                total -= reading.kind == VAGUE and not named
                continue
            matched += not prefix_only
            strong = strong or (reading.kind != WEAK and not prefix_only)
            anchored = anchored or named
            scores[positions] += reading.factor * (self._presence(len(positions)) + values)
        return scores, matched, total, strong, anchored

    def _presence(self, count: int) -> float:
        """What matching a query word is worth: more than any weight, so programs matching
        more words come first, but less for a word half the catalog has («лет», «работа»)."""
        return 10.0 * min(1.0, max(0.3, 1.2 - 2 * count / self.size))

    def rank(self, query: str) -> np.ndarray | None:
        query = english.with_phrases(_AGE.sub(" старше 50 ", query))
        """Each document's score by position (0 = no match); None when nothing matches.

        Nothing when two words of three match nothing, or when not every word matches and
        those that do are only typos and shared first letters, or one word of some
        description: «лунный календарь» is no secretary's course for «календарь» in its text.
        """
        scores, matched, total, strong, anchored = self._score(query)
        if not matched or matched * 3 < total or (not strong and matched < total):
            return None
        if matched == 1 < total and not anchored:
            return None
        return scores

    def top(self, scores: np.ndarray, keep: np.ndarray | None, count: int
            ) -> tuple[int, list[int]]:
        """How many documents match (and are kept), and the ids of the best `count`, ties by
        id."""
        found = scores > 0 if keep is None else (scores > 0) & keep
        positions = np.flatnonzero(found)
        if len(positions) > count:
            least = np.partition(scores[positions], len(positions) - count)[-count]
            best = positions[scores[positions] >= least]
        else:
            best = positions
        order = np.lexsort((self.ids[best], -scores[best]))[:count]
        return len(positions), self.ids[best[order]].tolist()

    def search(self, query: str) -> dict[int, float]:
        """Document ids with scores; documents matching more query words rank first."""
        scores = self.rank(query)
        if scores is None:
            return {}
        positions = np.flatnonzero(scores)
        return dict(zip(self.ids[positions].tolist(), scores[positions].tolist(), strict=True))

    def suggest(self, query: str, top: int = 3) -> Suggestion:
        """For a query that found nothing: the nearest words the catalog knows, if that finds
        something, and the competencies of what the corrected or the given query comes near."""
        corrected, sensible, changed = [], True, False
        for token in query.split():
            own = terms(token)
            if not own or all(map(is_vague, own)):  # «это», «будет» are not misspelt topics
                continue
            options = [(own, 1)] + [(terms(text), 0) for text, _ in rewrites.candidates(token)]
            near = next((found for found in ([self._suggested(t, more) for t in option]
                                             for option, more in options if option)
                         if all(found)), None)
            corrected += [self._word_for(term) for term in near] if near else [token]
            sensible = sensible and bool(near)  # every word corrected, none left foreign
            changed = changed or near != list(own)
        fixed = " ".join(corrected)
        found = self.search(fixed) if sensible and changed else {}
        ranked: dict[str, float] = defaultdict(float)
        position = {doc: n for n, doc in enumerate(self.ids.tolist())} if found else {}
        for doc, score in found.items():
            if name := self.competency[position[doc]]:
                ranked[name] += score
        names = sorted(ranked, key=lambda name: -ranked[name])[:top]
        return Suggestion(fixed if found else None, names)

    def _suggested(self, term: str, more: int) -> str | None:
        """The word to suggest for a term: a typo more than a search allows, but the first
        letter as typed (дрова is no брови, айфон no пайтон)."""
        near = self._nearest(term, allowed(term) + more)
        return near if near and near[0] == term[0] else None

    def _word_for(self, term: str) -> str:
        if term in self.postings.surface:
            return self.postings.surface[term]
        entries = self.lexicon.by_term.get(term, ())
        return next((e.phrase for phrase, e in entries if len(phrase) == 1), term)
