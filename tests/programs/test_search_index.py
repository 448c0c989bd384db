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


def test_a_word_means_what_its_lexicon_entry_spells_not_another_of_its_stem():
    found = index()
    assert titles(found.search("портье"))[0] == "Администратор гостиницы"  # «портье» ~ «порт»
    assert titles(found.search("порт"))[0] == "Логистика в порту и на Северном морском пути"


def test_the_longest_phrase_a_query_completes_decides_what_its_words_mean():
    found = index()
    for query in ("водитель трактора", "tractor driver"):
        assert titles(found.search(query))[0] == "Тракторист категорий B, C, E", query
    assert titles(found.search("водитель"))[0].startswith("Водитель")
    assert titles(found.search("варить металл"))[0] == "Электрогазосварщик"
    assert "Электрогазосварщик" not in titles(found.search("варить кофе"))[:3]


def test_a_program_naming_a_word_of_the_line_comes_first_in_its_competency():
    found = index()
    assert titles(found.search("завскладом"))[0] == "Кладовщик"
    assert titles(found.search("hr менеджер"))[0] == "Кадровое делопроизводство"
    assert titles(found.search("продавать на вайлдберриз"))[0] == \
        "Продажи в интернете и на маркетплейсах"


def test_a_word_the_catalog_lacks_is_not_found_by_its_first_letters():
    documents = [search.Document(1, {"title": "Стропальщик", "description":
                                     "Знаковая сигнализация, строповка грузов."})]
    assert search.Index(documents).search("знакомства") == {}
    assert search.Index(documents).search("стропальщики")


def test_a_compound_splits_after_its_linking_vowel_only():
    found = index()
    assert titles(found.search("газорезчик"))[0] == "Электрогазосварщик"  # газо|резчик
    assert all(title.startswith("Повар") for title in titles(found.search("повар")))  # not
    # «переподготовка» (пере|под|готовка): a prefix is no compound


def test_one_word_of_a_description_is_not_enough_when_the_others_match_nothing():
    documents = [search.Document(1, {"title": "Секретарь руководителя", "description":
                                     "Деловая переписка, календарь встреч, телефонные звонки."})]
    found = search.Index(documents)
    assert found.search("лунный календарь") == {}
    assert found.search("календарь")  # the word alone: what the catalog holds
    assert found.search("деловая переписка звонки")  # every word in the text
