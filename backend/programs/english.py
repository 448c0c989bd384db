"""English words for trades, jobs and topics, as the Russian word people mean (english.tsv)."""

from __future__ import annotations

import functools
from pathlib import Path

from backend import stems

WORDS = Path(__file__).with_name("english.tsv")


@functools.cache
def _lines() -> tuple[tuple[tuple[str, ...], str], ...]:
    found = []
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            english, russian = line.split("\t")
            key = tuple(stems.stem(word) for word in english.strip().lower().split())
            found.append((key, russian.strip()))
    return tuple(found)


@functools.cache
def dictionary() -> dict[str, str]:
    """English stem → Russian words."""
    found: dict[str, str] = {}
    for key, russian in _lines():
        if len(key) == 1:
            found.setdefault(key[0], russian)
    return found


@functools.cache
def phrases() -> dict[tuple[str, ...], str]:
    """Two English words that name one trade (makeup artist, security guard) → Russian."""
    found: dict[tuple[str, ...], str] = {}
    for key, russian in _lines():
        if len(key) > 1:
            found.setdefault(key, russian)
    return found


def with_phrases(query: str) -> str:
    """The query with its English two-word trades in Russian: «makeup artist» → «визажист»."""
    words = query.split()
    if len(words) < 2 or not phrases():
        return query
    out, i = [], 0
    while i < len(words):
        pair = tuple(stems.stem(w.lower()) for w in words[i:i + 2])
        if len(pair) == 2 and all(w.isascii() for w in words[i:i + 2]) and pair in phrases():
            out.append(phrases()[pair])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return " ".join(out)


def russian(word: str) -> str | None:
    word = word.lower()
    if not word.isascii() or not word.isalpha():
        return None
    return dictionary().get(stems.stem(word))
