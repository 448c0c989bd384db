"""Rewrites of a typed word: keyboard layout, transliteration, English; typo distance."""

from backend.programs import english, layout, rewrites, translit, typos


def test_the_other_keyboard_layout_both_ways():
    assert layout.to_cyrillic("cdfhobr") == "сварщик"
    assert layout.to_cyrillic(",e[ufknth") == "бухгалтер"  # keys that are punctuation in Latin
    assert layout.to_cyrillic("1c") == "1с"
    assert layout.to_latin("знерщт") == "python"
    assert layout.to_latin("йцукен") == "qwerty"
    assert layout.to_cyrillic("сварщик") is None and layout.to_latin("python") is None


def test_transliteration_the_ways_people_spell():
    for spelled in ("svarshchik", "svarschik"):
        assert translit.to_cyrillic(spelled)[0] == "сварщик"
    assert translit.to_cyrillic("svarshik")[0] == "сваршик"  # a typo away: the index forgives
    assert translit.to_cyrillic("buhgalter")[0] == translit.to_cyrillic("bukhgalter")[0]
    assert translit.to_cyrillic("elektrik") == ["электрик", "електрик"]
    assert translit.to_cyrillic("dizainer")[0] == "дизайнер"
    assert translit.to_cyrillic("kukhnia")[0] == translit.to_cyrillic("kuhnya")[0] == "кухня"
    assert "официант" in translit.to_cyrillic("oficiant")  # «ia» is also two letters
    assert translit.to_cyrillic("zhenshchina") == ["женщина"]
    assert translit.to_cyrillic("yoga")[0] == "йога"
    assert translit.to_latin("питон") == "piton" and translit.to_latin("python") is None


def test_english_words_in_any_form():
    assert english.russian("Welders") == "сварщик"
    assert english.russian("kindergarten") == "детский сад"
    assert english.russian("сварщик") is None and english.russian("asdfgh") is None


def test_candidates_are_trusted_less_than_the_word_as_typed():
    found = dict(rewrites.candidates("cdfhobr"))
    assert found["сварщик"] == rewrites.LAYOUT < 1
    assert dict(rewrites.candidates("welder"))["сварщик"] == rewrites.ENGLISH
    assert "1с" in dict(rewrites.candidates("1c"))


def test_typo_distance_and_the_deletion_index():
    assert typos.distance("сварщик", "свращик", 2) == 1  # two letters swapped
    assert typos.distance("бугалтер", "бухгалтер", 2) == 1
    assert typos.distance("кот", "слон", 1) == 2
    index = typos.Typos(["сварщик", "бухгалтер", "повар", "парикмахер"])
    assert index.near("сврщик") == [(1, "сварщик")]
    assert index.near("пароикмахер") == [(1, "парикмахер")]
    assert index.near("повр") == []  # short words must be typed right
    assert index.near("бгалтр") == []  # two typos need eight letters
    assert typos.allowed("кот") == 0 and typos.allowed("сварщик") == 1


def test_english_names_trades_of_every_family():
    for word, russian in (("seamstress", "швея"), ("beekeeping", "пчеловод"),
                          ("sailor", "матрос"), ("railway", "железнодорожный"),
                          ("bulldozer", "бульдозер"), ("guard", "охранник"),
                          ("gardener", "садовник"), ("cheese", "сыр"), ("fish", "рыба")):
        assert english.russian(word) == russian, word
    assert english.russian("security") == "охрана"  # guards; cybersecurity is the IT one


def test_two_english_words_that_name_one_trade_are_read_together():
    assert english.with_phrases("makeup artist courses") == "визажист courses"
    assert english.with_phrases("Security Guard training") == "охранник training"
    assert english.with_phrases("сварщик artist") == "сварщик artist"  # Latin pairs only
    assert english.with_phrases("artist") == "artist"
