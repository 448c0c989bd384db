"""Other readings of a typed word, most trusted first: English, the other keyboard layout,
transliteration. Each comes with a factor below 1, so the word as typed wins when it matches."""

from __future__ import annotations

import functools

from backend.programs import english, layout, translit

ENGLISH, LAYOUT, TRANSLIT, TO_LATIN = 0.9, 0.85, 0.8, 0.7


@functools.lru_cache(maxsize=50_000)
def candidates(token: str) -> tuple[tuple[str, float], ...]:
    """Readings of one whitespace-separated token of a query, with their trust."""
    token = token.lower()
    found: list[tuple[str, float]] = []
    if russian := english.russian(token):
        found.append((russian, ENGLISH))
    if switched := layout.to_cyrillic(token):
        found.append((switched, LAYOUT))
        if russian := english.russian(switched):  # not Russian after all: layout then English
            found.append((russian, ENGLISH * LAYOUT))
    found += [(spelled, TRANSLIT) for spelled in translit.to_cyrillic(token)]
    if switched := layout.to_latin(token):
        found.append((switched, LAYOUT))
        if russian := english.russian(switched):
            found.append((russian, ENGLISH * LAYOUT))
    if spelled := translit.to_latin(token):
        found.append((spelled, TO_LATIN))
    unique = dict.fromkeys(text for text, _ in found if text != token)
    return tuple((text, max(f for t, f in found if t == text)) for text in unique)
