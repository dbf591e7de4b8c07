"""Words, folding and spelling-proof name keys (newsroom.names)."""

import pytest

from newsroom.names import fold, is_name, name_key, script_is_latin, words

# Each group is one place or person written in several transliterations, scripts and
# (for Ukrainian and Russian) grammatical cases. Every member must share one key.
VARIANT_GROUPS = {
    "Lysychansk": ["Lysychansk", "Lisichansk", "Лисичанськ", "Лисичанск", "Лисичанська"],
    "Kyiv": ["Kyiv", "Kiev", "Київ", "Киев", "Києві", "KYIV"],
    "Sievierodonetsk": ["Sievierodonetsk", "Severodonetsk", "Сєвєродонецьк", "Северодонецк"],
    "Kharkiv": ["Kharkiv", "Kharkov", "Харків", "Харьков"],
    "Zaporizhzhia": ["Zaporizhzhia", "Zaporozhye", "Запоріжжя", "Запорожье"],
    "Luhansk": ["Luhansk", "Lugansk", "Луганськ", "Луганск"],
    "Odesa": ["Odesa", "Odessa", "Одеса", "Одесса"],
    "Lviv": ["Lviv", "Lvov", "Львів", "Львов"],
    "Zelenskiy": ["Zelenskiy", "Zelensky", "Zelenskyy", "Зеленський", "Зеленский"],
    "Mariupol": ["Mariupol", "Маріуполь", "Мариуполь"],
    "Donetsk": ["Donetsk", "Донецьк", "Донецк"],
    "Bakhmut": ["Bakhmut", "Бахмут"],
    "Belgorod": ["Belgorod", "Бєлгород", "Белгород"],
}


@pytest.mark.parametrize(
    ("group", "spellings"), list(VARIANT_GROUPS.items()), ids=list(VARIANT_GROUPS)
)
def test_spelling_and_script_variants_share_a_key(group: str, spellings: list[str]) -> None:
    keys = {spelling: name_key(spelling) for spelling in spellings}
    assert len(set(keys.values())) == 1, keys


@pytest.mark.parametrize(
    ("spelling", "key"),
    [
        ("Lysychansk", "lasacansk"),
        ("Лисичанська", "lasacansk"),
        ("Kyiv", "kav"),
        ("Києві", "kav"),
        ("Kharkov", "xarkav"),
        ("Сєвєродонецьк", "savaradanack"),
    ],
)
def test_name_key_values(spelling: str, key: str) -> None:
    assert name_key(spelling) == key


def test_different_groups_keep_different_keys() -> None:
    keys = {group: name_key(spellings[0]) for group, spellings in VARIANT_GROUPS.items()}
    assert len(set(keys.values())) == len(keys), keys


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Kyiv", "Kharkiv"),
        ("Kyiv", "Lviv"),
        ("Kherson", "Kharkiv"),
        ("Kerch", "Kherson"),
        ("Gaza", "Goma"),
        ("Rafah", "Raqqa"),
        ("Sudan", "Sanaa"),
        ("Iraq", "Iran"),
        ("Mosul", "Minsk"),
        ("Donetsk", "Luhansk"),
    ],
)
def test_distinct_places_do_not_share_a_key(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


@pytest.mark.parametrize(
    ("first", "second"),
    [
        pytest.param(
            "Kyiv",
            "Kivu",
            marks=pytest.mark.xfail(
                strict=True,
                reason="name_key collapses every vowel run, so Kyiv and Congo's Kivu "
                "province share the key 'kav' (newsroom/names.py, outside this change)",
            ),
        ),
        ("Oman", "Yemen"),
        ("Oman", "Amman"),
        ("Amman", "Yemen"),
        pytest.param(
            "Goma",
            "Hama",
            marks=pytest.mark.xfail(
                strict=True,
                reason="h folds to g and the final vowel is dropped, so Goma (DR Congo) "
                "and Hama (Syria) share 'gam' (newsroom/names.py, outside this change)",
            ),
        ),
    ],
)
def test_known_key_collisions_between_conflict_places(first: str, second: str) -> None:
    assert name_key(first) != name_key(second)


@pytest.mark.parametrize(
    ("word", "collides_with"),
    [
        ("gauze", "Gaza"),
        ("home", "Goma"),
        ("hate", "Haiti"),
        ("homes", "Hamas"),
        ("iron", "Iran"),
        ("lemon", "Lyman"),
        ("mail", "Mali"),
        ("some", "Sumy"),
        ("kiev", "Kyiv"),
    ],
)
def test_common_words_that_share_a_key_are_not_names(word: str, collides_with: str) -> None:
    # The keys do collide; what keeps search honest is that lowercase words never get one.
    assert name_key(word) == name_key(collides_with)
    assert is_name(collides_with)
    assert not is_name(word)


@pytest.mark.parametrize(
    "word",
    ["live", "have", "key", "city", "keep", "shell", "strike", "border", "army", "said", "the"],
)
def test_lowercase_english_words_are_not_names(word: str) -> None:
    assert is_name(word) is False


@pytest.mark.parametrize(
    "word",
    ["Kyiv", "Lysychansk", "Khartoum", "IDF", "O’Brien", "Київ", "київ", "лисичанськ", "غزة"],
)
def test_capitalised_and_non_latin_words_are_names(word: str) -> None:
    assert is_name(word) is True


@pytest.mark.parametrize(
    ("word", "latin"),
    [("Kyiv", True), ("Zürich", True), ("Łódź", True), ("Київ", False), ("Газа", False)],
)
def test_script_is_latin(word: str, latin: bool) -> None:
    assert script_is_latin(word) is latin


@pytest.mark.parametrize(
    ("word", "folded"),
    [
        ("Kyiv", "kyiv"),
        ("Zürich", "zurich"),
        ("Łódź", "lodz"),
        ("Ukraine’s", "ukraine"),
        ("Russia's", "russia"),
        ("RUSSIA'S", "russia"),
        ("O’Brien", "obrien"),
        ("Київ", "kiiv"),
        ("Лисичанськ", "lisichansk"),
        ("Θεσσαλονίκη", "thessaloniki"),
        ("٣", "3"),
    ],
)
def test_fold(word: str, folded: str) -> None:
    assert fold(word) == folded


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shelling hit Kharkiv.", ["Shelling", "hit", "Kharkiv"]),
        ("Ukraine’s defence ministry", ["Ukraine’s", "defence", "ministry"]),
        ("O'Brien's view", ["O'Brien's", "view"]),
        ("a drone-strike", ["a", "drone", "strike"]),
        ("3,000 troops", ["3", "000", "troops"]),
        ("snake_case", ["snake", "case"]),
        ("обстріл Києва", ["обстріл", "Києва"]),
        ("“Full control”, said Sak.", ["Full", "control", "said", "Sak"]),
        ("🙂 !!! --", []),
        ("", []),
    ],
)
def test_words(text: str, expected: list[str]) -> None:
    assert list(words(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Zu\u0308rich", ["Z\u00fcrich"]),  # normalised to NFC
        ("ရန်ကုန်", ["ရန်ကုန်"]),
        ("दिल्ली", ["दिल्ली"]),
    ],
    ids=["latin-decomposed", "burmese-yangon", "devanagari-delhi"],
)
def test_words_keep_combining_marks(text: str, expected: list[str]) -> None:
    assert list(words(text)) == expected


@pytest.mark.parametrize(
    "spellings",
    [
        ("Yenakiieve", "Enakievo", "Єнакієве", "Енакиево"),
        ("Izium", "Izyum", "Ізюм"),
        ("Odesa", "Odessa", "Одеса"),
        ("Irpin", "Ірпінь"),
        ("Yuzhne", "Южное"),
        ("Uzhhorod", "Ужгород"),
    ],
)
def test_initial_vowel_alternations_share_a_key(spellings: tuple[str, ...]) -> None:
    assert len({name_key(s) for s in spellings}) == 1, [name_key(s) for s in spellings]
