"""Words as a machine compares them: lower case, ё as е, letters and digits only, each cut to
its Snowball stem, so «курсы» and «курс», «Вельск» and «вельского» meet."""

from __future__ import annotations

import functools
import re

import snowballstemmer

_RU = snowballstemmer.stemmer("russian")
_EN = snowballstemmer.stemmer("english")
_WORD = re.compile(r"[0-9a-zа-я]+")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower().replace("ё", "е"))


@functools.lru_cache(maxsize=200_000)  # a catalog repeats its words: stem each once
def stem(word: str) -> str:
    return (_EN if word.isascii() else _RU).stemWord(word)
