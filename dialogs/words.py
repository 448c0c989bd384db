"""Typed words compared as people write them: in any case, with ё or е, without the emoji and
punctuation of a button, in any grammatical form. «НАЗАД», «назад!» and «‹ Назад» are one
answer; so are «курсы» and «курс»."""

from __future__ import annotations

import functools

from backend import stems


@functools.lru_cache(maxsize=4096)
def key(text: str) -> tuple[str, ...]:
    """The stems of the words in `text`; empty when it has no letters or digits."""
    return tuple(stems.stem(word) for word in stems.words(text))


def same(typed: str, label: str) -> bool:
    """Whether typed text says what a label says. Labels of signs only («‹», «›») match as
    they are."""
    wanted = key(typed)
    return typed.casefold() == label.casefold() if not wanted else wanted == key(label)


# Plain answers to a yes-or-no question, in either language, as people type them.
YES = ("да", "ага", "ок", "ok", "конечно", "хорошо", "yes", "yeah", "sure")
NO = ("нет", "неа", "no", "nope")


def phrases(text: str) -> set[tuple[str, ...]]:
    """«курсы; программы; каталог» → the key of each phrase."""
    return {key(phrase) for phrase in text.split(";") if key(phrase)}
