"""Municipality names as people and files write them, reduced to one key."""

import re

# "Вельский муниципальный округ", "г. Котлас", "Котласский район" → the short name.
_KIND_WORDS = re.compile(r"\b(муниципальный округ|городской округ|муниципальный район|район|"
                         r"город|г\.)\s*", re.IGNORECASE)


def place_key(name: str) -> str:
    return _KIND_WORDS.sub("", name).strip().lower()
