"""A word typed with the wrong keyboard layout: «cdfhobr» is «сварщик», «зныщт» is «python»."""

from __future__ import annotations

_LATIN = "`qwertyuiop[]asdfghjkl;'zxcvbnm,./"
_CYRILLIC = "ёйцукенгшщзхъфывапролджэячсмитьбю."
_TO_CYRILLIC = str.maketrans(_LATIN, _CYRILLIC)
_TO_LATIN = str.maketrans(_CYRILLIC[:-1], _LATIN[:-1])  # «.» and «/» share a key


def to_cyrillic(token: str) -> str | None:
    """The token as the Russian layout would have typed it, if it was typed on the Latin one."""
    token = token.lower()
    if not token.isascii() or not any(c.isalpha() for c in token):
        return None
    return token.translate(_TO_CYRILLIC)


def to_latin(token: str) -> str | None:
    """The token as the Latin layout would have typed it, if it is all Russian letters."""
    token = token.lower()
    if not token.isalpha() or not all("а" <= c <= "я" or c == "ё" for c in token):
        return None
    return token.translate(_TO_LATIN)
