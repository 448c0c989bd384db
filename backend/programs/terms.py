"""Query and catalog text as the search compares it: stems of the words that carry meaning."""

from __future__ import annotations

import functools

from backend import stems

STOP = {"и", "в", "во", "на", "для", "по", "с", "со", "к", "о", "об", "от", "до", "из", "за",
        "а", "или", "не", "хочу", "хотел", "хотела", "курс", "курсы", "обучение", "учиться",
        "программа", "программы", "где", "как", "мне", "меня", "я", "купить", "сколько",
        "стоит", "нужно", "нужен", "нужна", "нужны", "можно", "есть", "ли", "бы", "какие",
        "какой", "какая", "какое", "пройти", "записаться", "подскажите", "пожалуйста",
        "интересует", "интересуют", "посоветуйте", "выучиться", "научиться", "обучиться",
        "отучиться", "переучиться", "стать", "освоить", "the", "a", "an",
        "for", "of", "in", "to", "and", "course", "courses", "training", "i", "want",
        # when, not what: «к лету» is not «до 7 лет»
        "лето", "лету", "летом", "зима", "зиме", "зимой", "осенью", "весной", "завтра",
        "сегодня", "скоро"}


@functools.lru_cache(maxsize=20_000)  # a catalog repeats its texts (organizations, requirements)
def terms(text: str) -> tuple[str, ...]:
    return tuple(stems.stem(word) for word in stems.words(text)
                 if word not in STOP and len(word) > 1)


def words_with_terms(text: str) -> list[tuple[str, str]]:
    """Each meaningful word of the text with its stem: the stem finds, the word is shown."""
    return [(word, stems.stem(word)) for word in stems.words(text)
            if word not in STOP and len(word) > 1]
