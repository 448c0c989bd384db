"""Municipality names as people and files write them, reduced to one key."""

import re

# "Вельский муниципальный округ", "г. Котлас", "Котласский район" → the short name.
_KIND_WORDS = re.compile(r"\b(муниципальный округ|городской округ|муниципальный район|район|"
                         r"округ|город|г\.)\s*", re.IGNORECASE)
_ADJECTIVE = re.compile(r"(ский|цкий|ской|ный|ной|ий|ый|ой)$", re.IGNORECASE)


def place_key(name: str) -> str:
    return _KIND_WORDS.sub("", name).strip().lower()


def place_label(name: str, kind: str) -> str:
    """A district named as people say it: «Каргопольский» of a «муниципальный округ» is
    «Каргопольский округ»; a town («Котлас», «Мирный») is its own name."""
    if not kind or kind.startswith("городск") or not _ADJECTIVE.search(name.strip()):
        return name
    return f"{name} {kind.split()[-1]}"
