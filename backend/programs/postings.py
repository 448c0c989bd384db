"""The catalog's words and which programs hold them, as arrays: a query word's programs are a
vector over the whole catalog, so combining words costs a few array operations, not a loop in
Python over thousands of programs."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable

import numpy as np

from backend.programs.terms import words_with_terms

WEIGHTS = {"title": 3.0, "competency": 2.5, "organization": 0.5, "description": 1.0,
           "requirements": 0.5, "free_for": 0.5}
FAMILY = 0.5  # stems sharing the first four letters: сварщик ~ сварка ~ сварочные


def _best(found: list[tuple[list[int], float]]) -> tuple[np.ndarray, np.ndarray]:
    """Positions with the best weight of each: a word in the title beats it in the text."""
    positions = np.concatenate([np.asarray(p, np.int32) for p, _ in found])
    weights = np.concatenate([np.full(len(p), w, np.float32) for p, w in found])
    order = np.lexsort((-weights, positions))
    positions, weights = positions[order], weights[order]
    first = np.ones(len(positions), bool)
    first[1:] = positions[1:] != positions[:-1]
    return positions[first], weights[first]


class Postings:
    """Positions (0…size-1, the documents' order) and weights of each term."""

    def __init__(self, fields: Iterable[dict[str, str]], parts: Callable[[str], tuple[str, ...]]
                 ) -> None:
        where: dict[tuple[str, str], list[int]] = defaultdict(list)  # a text's documents
        size = 0
        for position, texts in enumerate(fields):
            size = position + 1
            for name, text in texts.items():
                where[name, text].append(position)
        self.size = max(size, 1)
        self.surface: dict[str, str] = {}  # stem → its shortest word in the catalog («сварщик»)
        building: dict[str, list[tuple[list[int], float]]] = defaultdict(list)
        for (name, text), positions in where.items():
            for term in self._terms(text, parts):
                building[term].append((positions, WEIGHTS[name]))
        self.terms = {term: _best(found) for term, found in building.items()}
        self.named = {term for term, (_, weights) in self.terms.items()  # in a title or the
                      if weights.max() >= WEIGHTS["competency"]}  # competency of a program
        self.family: dict[str, list[str]] = defaultdict(list)
        for term in self.terms:
            if len(term) >= 4:
                self.family[term[:4]].append(term)

    def _terms(self, text: str, parts: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for word, term in words_with_terms(text):
            if len(word) < len(self.surface.get(term, word + " ")):
                self.surface[term] = word
            found.update(dict.fromkeys(parts(term)))
        return tuple(found)

    def __contains__(self, term: str) -> bool:
        return term in self.terms

    def count(self, term: str) -> int:
        return len(self.terms[term][0]) if term in self.terms else 0

    def empty(self) -> np.ndarray:
        return np.zeros(self.size, np.float32)

    def matches(self, term: str, family: bool | str = True) -> np.ndarray:
        """Each document's weight for the term, and for stems sharing its first letters, less
        (family="longer": only stems that go on from the whole term, дизел: дизельн)."""
        best = self.empty()
        found = [(term, 1.0)] if term in self.terms else []
        if family and len(term) >= 4:
            found += [(other, FAMILY) for other in self.family.get(term[:4], ())
                      if other != term and (len(term) >= 5 and family is True
                                            or other.startswith(term))]
        for other, factor in found:
            positions, weights = self.terms[other]
            scale = factor * math.log(1 + self.size / len(positions))
            best[positions] = np.maximum(best[positions], weights * scale)
        return best

    def phrase(self, words: Iterable[str], family: bool = True) -> np.ndarray:
        """Documents matching every one of the terms: the weakest match counts."""
        found = None
        for term in words:
            matches = self.matches(term, family)
            found = matches if found is None else np.minimum(found, matches)
        return self.empty() if found is None else found
