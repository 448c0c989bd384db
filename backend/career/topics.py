"""What a resident said is not for them: the topics of the activities they found not
interesting, and whether a program or an event is about one of them."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from backend import stems
from backend.career.scoring import NOT_INTERESTING


def declined(items: Iterable, answers: Mapping[int, int]) -> list[str]:
    """Topics («погрузчик», «ремонт автомобилей») of the items answered «Неинтересно»."""
    return [topic.strip() for item in items if answers.get(item.position) == NOT_INTERESTING
            for topic in item.topics.split(",") if topic.strip()]


def about(title: str, topics: Iterable[str]) -> bool:
    """Whether a title names a topic: every word of it, in any form."""
    words = {stems.stem(word) for word in stems.words(title)}
    return any(all(stems.stem(word) in words for word in stems.words(topic))
               for topic in topics if topic.strip())
