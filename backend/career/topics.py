"""Topics of the test's activities («погрузчик, харвестер»): whether a program or an event is
about one that the resident found not interesting."""

from __future__ import annotations

from collections.abc import Iterable

from backend import stems


def topics_of(text: str) -> tuple[str, ...]:
    """An item's topics as staff wrote them, separated by commas."""
    return tuple(topic.strip() for topic in text.split(",") if topic.strip())


def about(title: str, topics: Iterable[str]) -> bool:
    """Whether a title names a topic: every word of it, in any form."""
    words = {stems.stem(word) for word in stems.words(title)}
    return any(all(stems.stem(word) in words for word in stems.words(topic))
               for topic in topics if stems.words(topic))
