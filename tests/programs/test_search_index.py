"""The index alone: exact words beat rewrites, nonsense finds nothing, who-words, did-you-mean."""

from backend.demo import programs as demo_programs
from backend.programs import search

FREE = {demo_programs.UNEMPLOYED, demo_programs.PARENTS}


def index() -> search.Index:
    documents = []
    for n, program in enumerate(demo_programs.PROGRAMS):
        competency, title, *_ = program
        groups = tuple(sorted(FREE)) if n % 3 == 0 else ()
        documents.append(search.Document(n, {
            "title": title, "competency": competency, "description": program[7],
            "requirements": program[8], "free_for": " ".join(groups)}, groups))
    return search.Index(documents)


def titles(found: dict[int, float]) -> list[str]:
    return [demo_programs.PROGRAMS[n][1] for n in sorted(found, key=lambda n: -found[n])]


def test_a_real_latin_word_wins_over_its_rewrites():
    found = index()
    assert titles(found.search("python"))[0] == "Python для анализа данных"
    assert titles(found.search("excel"))[0] == "Оператор ЭВМ: 1С и офисные программы"
    assert titles(found.search("знерщт"))[0] == "Python для анализа данных"


def test_nonsense_finds_nothing():
    found = index()
    for query in ("asdfgh", "купить слона", "погода завтра", "йцукен", "qwerty", "космонавт"):
        assert found.search(query) == {}, query
    assert found.search("экскурсовод") and found.search("сврщик")


def test_who_words_find_programs_free_for_those_people():
    found = index()
    for query in ("мама в декрете", "безработным"):
        hits = found.search(query)
        assert hits and all(n % 3 == 0 for n in hits), query
    welding = titles(found.search("сварщик для безработных"))
    assert welding[0] == "Электрогазосварщик"  # the welding program free for the unemployed


def test_did_you_mean_corrects_to_known_words_and_names_competencies():
    found = index()
    assert found.search("бхгалтр") == {}  # two typos in seven letters: too far to search
    suggestion = found.suggest("бхгалтр")
    assert suggestion.did_you_mean == "бухгалтер"
    assert suggestion.competencies[0] == "Бухгалтерский учёт и 1С"
    assert found.suggest("asdfgh") == search.Suggestion(None, [])
    assert found.suggest("qwerty").did_you_mean is None
