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

# Words that carry no topic alone («работать», «профессия», «новую», «поселок», a number,
# questions and greetings): they complete a lexicon phrase («работа с детьми», «кому за 50»),
# never match by themselves. Not STOP: a query of them alone is no request for the whole list.
VAGUE_WORDS = ("что", "это", "такое", "такой", "такие", "эти", "этот", "чем", "кто", "чего",
               "зачем", "почему", "тут", "там", "привет", "здравствуйте", "здравствуй", "добрый",
               "спасибо", "будет", "будут", "буду", "вы", "ты", "мой", "моя", "мое", "мои", "вас",
               "нас", "тех", "кому", "ну", "вот", "так", "же", "уже", "еще", "очень", "тоже",
               "только", "все", "им", "их", "его", "ее", "он", "она", "они", "мы",
               "работать", "работа", "работы", "работу", "работе", "работой", "работаю",
               "работает", "делать", "сделать", "дело", "дела", "заниматься", "занятие", "пойти",
               "идти", "пойду", "быстро", "быстрые", "хороший", "хорошая", "новую", "новая",
               "новый", "новое", "профессия", "профессию", "профессии", "специальность",
               "специальности", "поселок", "поселке", "деревня", "деревне", "село", "селе",
               "город", "городе", "район", "районе", "округ", "округе", "недорого", "дешево",
               "нравится", "люблю", "умею", "могу", "получить", "знать", "знания", "хорошо",
               "jobs", "job", "work", "working", "learn", "learning", "make", "making", "operator",
               "my", "me", "how", "what", "where", "new")


@functools.cache
def vague() -> frozenset[str]:
    return frozenset(stems.stem(word) for word in VAGUE_WORDS)


def is_vague(term: str) -> bool:
    """A number or an everyday word: the topic is elsewhere in the query."""
    return term.isdigit() or term in vague()


@functools.lru_cache(maxsize=20_000)  # a catalog repeats its texts (organizations, requirements)
def terms(text: str) -> tuple[str, ...]:
    return tuple(stems.stem(word) for word in stems.words(text)
                 if word not in STOP and len(word) > 1)


def words_with_terms(text: str) -> list[tuple[str, str]]:
    """Each meaningful word of the text with its stem: the stem finds, the word is shown."""
    return [(word, stems.stem(word)) for word in stems.words(text)
            if word not in STOP and len(word) > 1]
