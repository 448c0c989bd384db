"""The lexicon of professions and everyday words: every target exists, staff entries join."""

import importlib

from backend.demo import programs as demo_programs
from backend.programs import english, lexicon, search
from backend.programs.terms import terms

COMPETENCIES = {name for name, _ in
                importlib.import_module("migrations.0010_competencies_data").COMPETENCIES}
GROUPS = {demo_programs.UNEMPLOYED, demo_programs.PARENTS, demo_programs.MOTHERS,
          demo_programs.SENIORS, demo_programs.DISABLED, demo_programs.AT_RISK,
          demo_programs.VETERANS, demo_programs.PUPILS}


def catalog_terms() -> set[str]:
    return {term for program in demo_programs.PROGRAMS
            for text in (program[0], program[1], program[7], program[8])
            for term in terms(text)}


def test_the_lexicon_is_of_real_size_and_every_target_exists():
    entries = lexicon.shipped()
    assert len(entries) >= 500
    known = catalog_terms()
    for entry in entries:
        assert entry.competencies or entry.words or entry.groups, entry
        assert set(entry.competencies) <= COMPETENCIES, entry
        assert set(entry.groups) <= GROUPS, entry
        # catalog words: the demo catalog's, or spelled as a phrase of the line names them (a
        # trade the demo catalog lacks: кран, маникюр); a typo would have to be made twice
        line = {term for phrase in entry.synonyms for term in terms(phrase)}
        for words in entry.words:
            assert set(terms(words)) <= known | line, entry


def test_every_english_word_leads_somewhere():
    """Russian words, most of them the lexicon's or the demo catalog's; the rest name trades
    other catalogs teach (матрос, швея), as residents type them in English."""
    lex = lexicon.Lexicon.with_extra()
    known = catalog_terms()
    dictionary = english.dictionary()
    assert len(dictionary) >= 600
    leading = 0
    for word, russian in dictionary.items():
        found = terms(russian)
        assert found and all(not term.isascii() or term in ("smm", "excel") for term in found), (
            word, russian)
        leading += all(lex.knows(term) or term in known for term in found)
    assert leading >= 0.7 * len(dictionary)


def test_a_phrase_needs_all_its_words():
    lex = lexicon.Lexicon(lexicon.parse("чинить машины\tРемонт и обслуживание легковых "
                                        "автомобилей\nмама|декрет\t+" + demo_programs.PARENTS))
    chinit, mashiny = terms("чинить машины")
    assert lex.find(chinit, {chinit}) == []
    assert [e.phrase for e in lex.find(chinit, {chinit, mashiny})] == ["чинить машины"]
    assert lex.find(terms("маме")[0], {terms("маме")[0]})[0].groups == (demo_programs.PARENTS,)


def test_staff_entries_join_the_shipped_ones_at_index_build():
    documents = [search.Document(1, {"title": "Оператор котельной", "competency":
                                     "Эксплуатация котельного оборудования"})]
    assert search.Index(documents).search("банщик") == {}
    extra = [lexicon.Entry("банщик", competencies=("Эксплуатация котельного оборудования",))]
    index = search.Index(documents, lexicon=lexicon.Lexicon.with_extra(extra))
    assert set(index.search("банщик")) == {1}
    assert set(index.search("кочегар")) == {1}  # the shipped entries stay


def test_every_lexicon_phrase_has_a_topic_word_or_a_number():
    """A phrase of everyday words only would be completed by «работать» in any query."""
    for entry in lexicon.shipped():
        found = terms(entry.phrase)  # none at all (c++): the lexicon finds it by no word
        topic = any(map(search.is_topic, found)) or any(t.isdigit() for t in found)
        assert topic or not found, entry.phrase
