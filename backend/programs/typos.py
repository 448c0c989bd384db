"""Words a typo away: a deletion index over a vocabulary (SymSpell), so a lookup costs a few
dictionary probes instead of a distance to every word of the catalog."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable


def allowed(word: str) -> int:
    """How many typos a word of this length may carry and still be recognised."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


def distance(a: str, b: str, limit: int) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from a to b; limit+1 past limit."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before, previous = None, list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            if before and i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                value = min(value, before[j - 2] + 1)
            current.append(value)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def _deletions(word: str, depth: int) -> set[str]:
    found, frontier = {word}, {word}
    for _ in range(depth):
        frontier = {w[:i] + w[i + 1:] for w in frontier if len(w) > 1 for i in range(len(w))}
        found |= frontier
    return found


class Typos:
    """The vocabulary's words within `allowed(word)` edits of a word, nearest first."""

    def __init__(self, vocabulary: Iterable[str], depth: int = 2) -> None:
        self.depth = depth
        self.keys: dict[str, list[str]] = defaultdict(list)
        for word in set(vocabulary):
            if len(word) >= 4:  # two typos need eight letters, so within two of six
                for variant in _deletions(word, depth if len(word) >= 6 else 1):
                    self.keys[variant].append(word)

    def near(self, word: str, limit: int | None = None) -> list[tuple[int, str]]:
        limit = min(allowed(word) if limit is None else limit, self.depth)
        if limit == 0:
            return []
        seen: set[str] = set()
        found = []
        for variant in _deletions(word, limit):
            for other in self.keys.get(variant, ()):
                if other not in seen and other != word:
                    seen.add(other)
                    if (d := distance(word, other, limit)) <= limit:
                        found.append((d, other))
        return sorted(found)
