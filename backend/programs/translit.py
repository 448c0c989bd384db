"""Russian written in Latin letters the ways people do (svarshik, svarshchik, buhgalter,
bukhgalter, voditel), and Russian words of the catalog's Latin ones (питон → piton)."""

from __future__ import annotations

import re

_VOWELS = "aeiouy"
# Longest first; «i» and «y» after a vowel are «й» (dizainer, sportivnyy).
_TO_CYRILLIC = [
    ("shch", "щ"), ("sch", "щ"), ("tch", "ч"), ("zh", "ж"), ("kh", "х"), ("ch", "ч"),
    ("sh", "ш"), ("ts", "ц"), ("tz", "ц"), ("yu", "ю"), ("iu", "ю"), ("ju", "ю"), ("ya", "я"),
    ("ia", "я"), ("ja", "я"), ("yo", "е"), ("jo", "е"), ("ye", "е"), ("je", "е"), ("ck", "к"),
    ("ph", "ф"), ("a", "а"), ("b", "б"), ("v", "в"), ("w", "в"), ("g", "г"), ("d", "д"),
    ("e", "е"), ("z", "з"), ("i", "и"), ("j", "й"), ("k", "к"), ("l", "л"), ("m", "м"),
    ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"), ("u", "у"),
    ("f", "ф"), ("h", "х"), ("c", "ц"), ("x", "кс"), ("q", "к"), ("y", "ы"), ("'", "ь"),
]
_PATTERN = re.compile("|".join(re.escape(latin) for latin, _ in _TO_CYRILLIC))
# «ia», «iu» are also two letters: oficiant is официант, not офицянт
_APART = re.compile("|".join(re.escape(latin) for latin, _ in _TO_CYRILLIC
                             if latin not in ("ia", "iu")))
_LETTERS = dict(_TO_CYRILLIC)
_TO_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya"})


def _letter(match: re.Match) -> str:
    latin, text, start = match.group(), match.string, match.start()
    after_vowel = start > 0 and text[start - 1] in _VOWELS
    if latin in ("i", "y") and after_vowel and text[match.end():match.end() + 1] not in _VOWELS:
        return "й"
    if latin in ("yo", "jo") and start == 0:
        return "йо"
    if latin == "e" and (start == 0 or after_vowel):
        return "э"
    return _LETTERS[latin]


def to_cyrillic(word: str) -> list[str]:
    """Russian spellings of a Latin word: «elektrik» → «электрик», also «електрик»; «ia» as
    «я» and as «иа»."""
    word = word.lower()
    if not word.isascii() or not word.replace("'", "").isalpha():
        return []
    first = _PATTERN.sub(_letter, word)
    plain = _PATTERN.sub(lambda m: _LETTERS[m.group()], word)
    apart = _APART.sub(_letter, word)
    # an infinitive's soft sign is rarely typed: rabotat, uchit are работать, учить
    soft = first + "ь" if first[-2:] in ("ат", "ят", "ит", "ет") else first
    return list(dict.fromkeys((first, plain, apart, soft)))


def to_latin(word: str) -> str | None:
    """A Russian word in Latin letters («питон» → «piton»), for the catalog's Latin words."""
    word = word.lower()
    if word.isascii() or not word.isalpha():
        return None
    return word.translate(_TO_LATIN)
