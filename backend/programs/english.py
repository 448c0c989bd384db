"""English words for trades, jobs and topics, as the Russian word people mean (english.tsv)."""

from __future__ import annotations

import functools
from pathlib import Path

from backend import stems

WORDS = Path(__file__).with_name("english.tsv")


@functools.cache
def dictionary() -> dict[str, str]:
    """English stem → Russian words."""
    found = {}
    for line in WORDS.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            english, russian = line.split("\t")
            found.setdefault(stems.stem(english.strip().lower()), russian.strip())
    return found


def russian(word: str) -> str | None:
    word = word.lower()
    if not word.isascii() or not word.isalpha():
        return None
    return dictionary().get(stems.stem(word))
