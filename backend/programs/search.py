"""Search over the catalog: Russian stems, typo tolerance, profession words, ranking.

One in-memory index serves PostgreSQL and the embedded default alike (PERFORMANCE.md: a
Python inverted index with a Snowball stemmer answers in well under a millisecond and finds
what PostgreSQL full-text search finds). It is rebuilt when the catalog changes.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from backend import stems

STOP = {"и", "в", "во", "на", "для", "по", "с", "со", "к", "о", "об", "от", "до", "из", "за",
        "а", "или", "не", "хочу", "хотел", "хотела", "курс", "курсы", "обучение", "учиться",
        "программа", "программы", "где", "как", "мне", "меня", "я"}
# Words people use for a profession, and the competency words that lead to it.
PROFESSIONS = {
    "сварщик": "сварочные технологии", "электросварщик": "сварочные технологии",
    "электрогазосварщик": "сварочные технологии", "бухгалтер": "бухучёт 1с",
    "бухгалтерия": "бухучёт 1с", "программист": "программные решения программирование",
    "повар": "поварское дело", "кондитер": "кондитерское дело", "парикмахер":
    "парикмахерское искусство", "электрик": "электромонтаж", "электромонтер": "электромонтаж",
    "водитель": "вождение транспорт", "логист": "складская логистика", "дизайнер": "дизайн",
    "воспитатель": "дошкольное воспитание", "сиделка": "медицинский социальный уход",
    "тракторист": "тракторист", "айти": "программные решения", "лесоруб": "харвестер",
    "медсестра": "медицинская сестра", "кадровик": "кадровое делопроизводство",
    "сисадмин": "системный администратор", "фрезеровщик": "фрезерные",
    "автомеханик": "ремонт автомобилей", "декрет": "отпуск уходу ребенком",
    "мама": "детьми", "пенсионер": "50",
}
# Words that ask for a filter rather than for a topic: «курсы бесплатно», «1С онлайн».
INTENTS = {"бесплатн": ("free", True), "free": ("free", True), "онлайн": ("distance", True),
           "online": ("distance", True), "дистанцион": ("distance", True),
           "удален": ("distance", True), "удаленн": ("distance", True)}
_PROFESSION_STEMS: dict[str, str] = {}  # filled below
WEIGHTS = {"title": 3.0, "competency": 2.5, "organization": 0.5, "description": 1.0,
           "requirements": 0.5, "free_for": 0.5}


_PROFESSION_STEMS.update({stems.stem(word): words for word, words in PROFESSIONS.items()})


def terms(text: str) -> list[str]:
    return [stems.stem(word) for word in stems.words(text) if word not in STOP and len(word) > 1]


def intents(query: str) -> tuple[str, dict[str, bool]]:
    """The query without its filter words, and the filters those words ask for."""
    kept, asked = [], {}
    for word in query.split():
        stems = terms(word)
        found = [INTENTS[stem] for stem in stems if stem in INTENTS]
        if found and len(stems) == 1:
            asked.update(found)
        else:
            kept.append(word)
    return " ".join(kept), asked


def _profession(term: str) -> str:
    """Competency words for a profession word, forgiving a typo or two."""
    if term in _PROFESSION_STEMS:
        return _PROFESSION_STEMS[term]
    limit = 1 if len(term) < 7 else 2
    close = [(_distance(term, stem, limit), stem) for stem in _PROFESSION_STEMS]
    best = min(close, default=(limit + 1, ""))
    return _PROFESSION_STEMS[best[1]] if best[0] <= limit else ""


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up past `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (char_a != char_b)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


@dataclass(frozen=True)
class Document:
    id: int
    fields: dict[str, str]


class Index:
    def __init__(self, documents: list[Document]) -> None:
        self.postings: dict[str, dict[int, float]] = defaultdict(dict)
        for document in documents:
            for name, text in document.fields.items():
                for term in terms(text):
                    weights = self.postings[term]
                    weights[document.id] = max(weights.get(document.id, 0.0), WEIGHTS[name])
        self.size = max(len(documents), 1)

    def _idf(self, term: str) -> float:
        return math.log(1 + self.size / len(self.postings[term]))

    def _expand(self, term: str) -> list[tuple[str, float]]:
        """The term itself, else its likely spelling; plus stems sharing its first letters."""
        if term in self.postings:
            found = [(term, 1.0)]
        else:
            limit = 1 if len(term) < 7 else 2
            close = [(other, _distance(term, other, limit)) for other in self.postings
                     if other[:1] == term[:1]]
            close = [(other, d) for other, d in close if d <= limit]
            found = [(min(close, key=lambda item: (item[1], item[0]))[0], 0.8)] if close else []
        if len(term) >= 5:  # сварщик ~ сварк ~ сварочн
            found += [(other, 0.5) for other in self.postings
                      if other != term and other[:4] == term[:4]]
        return found

    def _matches(self, query_term: str) -> dict[int, float]:
        """Documents matching one query word, each with its best weight."""
        best: dict[int, float] = {}
        for term, factor in self._expand(query_term):
            scale = factor * self._idf(term)
            for doc, weight in self.postings[term].items():
                value = weight * scale
                if value > best.get(doc, 0.0):
                    best[doc] = value
        return best

    def _phrase(self, words: str) -> dict[int, float]:
        """Documents matching every word of a competency phrase (сварочные технологии)."""
        found: dict[int, float] | None = None
        for term in terms(words):
            matches = self._matches(term)
            found = matches if found is None else {
                doc: min(value, matches[doc]) for doc, value in found.items() if doc in matches}
        return found or {}

    def search(self, query: str) -> dict[int, float]:
        """Document ids with scores; documents matching more query words rank first.

        A profession word also matches the documents of its competency: сварщик finds
        «Сварочные технологии» programs whatever their titles say.
        """
        scores: dict[int, float] = defaultdict(float)
        for query_term in terms(query):
            best = self._matches(query_term)
            if phrase := _profession(query_term):
                for doc, value in self._phrase(phrase).items():
                    best[doc] = max(best.get(doc, 0.0), value)
            for doc, value in best.items():
                scores[doc] += 10 + value  # each matched word counts more than any weight
        return dict(scores)
