"""Sentence boundaries, fragments and layout (newsroom.text.sentences).

Every case is fictional text written for these tests. A case lists the sentences a reader
would see; the input is those sentences joined by one space.
"""

import pytest

from newsroom.text.sentences import (
    PARAGRAPH,
    POST,
    is_fragment,
    is_heading,
    read_layout,
    sentences_of,
    split_sentences,
)


def case(*sentences: str, id: str):
    return pytest.param(list(sentences), id=id)


ENGLISH = [
    # names and abbreviations with a dot inside a sentence
    case("Liga.Net reported the strike overnight.", "Officials confirmed it.", id="Liga.Net"),
    case(
        "The claim was carried by Ukrainska Pravda/Liga.net on Monday.",
        "Moscow denied it.",
        id="Pravda/Liga.net",
    ),
    case("According to Liga.net, the bridge was hit.", "The governor said two died.", id="liga"),
    case("The convoy had approx. 40 lorries.", "It reached Izium by noon.", id="approx"),
    case(
        "A statement from No. 10 said the prime minister had spoken to Zelenskiy.",
        "He pledged more aid.",
        id="No. 10",
    ),
    case("U.S. officials said the convoy was hit.", "The Pentagon gave no details.", id="U.S."),
    case("The U.K. defence ministry said Russia had advanced.", "Kyiv denied it.", id="U.K."),
    case("Gen. Valeriy Zaluzhnyi said the line held.", "Russia claimed otherwise.", id="Gen."),
    case(
        "Lt. Col. Oleh Petrenko said the unit had pulled back.",
        "The move was planned.",
        id="Lt. Col.",
    ),
    case("Mr. Peskov said talks were frozen.", "Kyiv did not comment.", id="Mr."),
    case(
        "The report was written by J. R. Smith for the institute.",
        "It was published on Friday.",
        id="initials",
    ),
    case("Dr. A. Kovalenko treated the wounded.", "She said supplies were short.", id="Dr. A."),
    case(
        "The aid included food, blankets, medicine etc. and was sent by rail.",
        "It arrived on Sunday.",
        id="etc-inside",
    ),
    case(
        "The convoy carried food, water, fuel, etc.",
        "The UN said more would follow.",
        id="etc-at-the-end",
    ),
    case(
        "The list named Moldova, Georgia etc.",
        "Officials said more would join.",
        id="etc-before-a-noun",
    ),
    case(
        "The shells came from Belgorod, i.e. from Russian territory.",
        "Moscow denied it.",
        id="i.e.",
    ),
    case("St. Petersburg hosted the forum.", "Putin spoke on Friday.", id="St."),
    case("The vote is set for Sept. 12 in Kyiv.", "Officials expect a high turnout.", id="Sept."),
    case("See p. 4 of the report.", "It lists every strike.", id="p. 4"),
    case("The strike came as Jan. talks stalled.", "Officials blamed Moscow.", id="Jan."),
    # numbers
    case("Inflation reached 3.5 per cent in June.", "The central bank held rates.", id="3.5"),
    case("The sirens sounded at 10.30 local time.", "They stopped an hour later.", id="10.30"),
    case("The decree was signed on 12.07.2022 in Kyiv.", "It takes effect at once.", id="date"),
    case("Officials met at 9.", "The talks lasted all day.", id="number-ends"),
    case("Officials said 12 died.", "40 people were hurt.", id="number-starts"),
    case("The strike hit at 3 p.m.", "Officials said 12 died.", id="p.m."),
    case("Shelling went on until 6 a.m. on Tuesday.", "Nobody was hurt.", id="a.m.-inside"),
    # punctuation
    case("The line went quiet...", "Then the shelling resumed.", id="dots"),
    case("The mayor hesitated…", "Then he ordered an evacuation.", id="ellipsis"),
    case(
        "The 2018 tournament was staged in … er … Russia.",
        "Nobody forgot.",
        id="ellipsis-inside",
    ),
    case("“We will not leave the city.”", "The governor said this on Sunday.", id="quote"),
    case("He said the city was “fully under control.”", "Kyiv denied it.", id="quote-end"),
    case('The ministry said "the attack was repelled."', "No figures were given.", id="straight"),
    case(
        "He said: “We hesitated… Then we fired. We held.”",
        "The army agreed.",
        id="inside-a-quotation",
    ),
    case("“Why?” asked the governor.", "Nobody answered.", id="quote-then-lower-case"),
    case("Two soldiers were wounded (one seriously).", "The rest returned.", id="brackets"),
    case(
        "The village was retaken.",
        "(The ministry gave no date.)",
        "Residents began to return.",
        id="bracketed-sentence",
    ),
    case("Where is the convoy?", "Nobody knows.", "It left Kherson at dawn!", id="? and !"),
    # a sentence that ends in a word that is also an abbreviation
    case(
        "He asked whether a ceasefire was possible and the reply was no.",
        "Officials in Kyiv rejected it.",
        id="no.",
    ),
    case("The answer was No.", "Officials were surprised.", id="No."),
    case("The siege began in May.", "Reuters could not verify the account.", id="May."),
    case(
        "The town has been shelled every day since May.",
        "Reuters could not verify the claims.",
        id="since-May.",
    ),
    case("It was Theresa May.", "Reuters said so.", id="name-May."),
    case("He denied Putin was ill.", "Lavrov said he was well.", id="ill."),
    case("The talks were held in the U.S.", "The embassy said they would resume.", id="U.S.-end"),
    case("Talks were held in the U.S.", "Officials in Kyiv welcomed them.", id="in-the-U.S."),
    case(
        "The missiles were supplied by the U.K.",
        "The ministry declined to comment.",
        id="by-the-U.K.",
    ),
    case(
        "Aid went to the U.S. Embassy in Kyiv.",
        "Staff returned on Monday.",
        id="U.S.-Embassy",
    ),
    case("Kyiv.", "The army said it held the line.", id="lost-space"),
]

RUSSIAN = [
    case("В г. Харьков ночью были слышны взрывы.", "Об этом сообщил мэр.", id="г. city"),
    case("Снаряд попал в дом на ул. Пушкина.", "Пострадавших нет.", id="ул."),
    case(
        "Эвакуировали детей, стариков и т.д.",
        "Спасатели работают на месте.",
        id="т.д.",
    ),
    case("Ущерб оценили в 5 млн. рублей.", "Власти обещали помощь.", id="млн. lower"),
    case(
        "Обстрел произошел в Белгородской обл. вечером.",
        "Губернатор сообщил о раненых.",
        id="обл. inside",
    ),
    case(
        "Обстрел произошел в Харьковской обл.",
        "Губернатор сообщил о раненых.",
        id="обл. at the end",
    ),
    case("Об этом заявил А.Б. Петров на брифинге.", "Он не привел доказательств.", id="А.Б."),
    case(
        "Как сообщил В. В. Иванов, удар пришелся по складу.",
        "В Киеве это опровергли.",
        id="В. В.",
    ),
    case("Атака началась в 10.30 по местному времени.", "Данные уточняются.", id="10.30"),
    case("Указ подписан 12.07.2022 г.", "Он вступает в силу немедленно.", id="г. year end"),
    case(
        "В 2022 г. Россия начала вторжение.",
        "Киев это осудил.",
        id="г. year opens",
    ),
    case("Война идёт с февраля 2022 г.", "Это признают все.", id="г. year then Это"),
    case("Бои идут с мая.", "Проверить эти данные не удалось.", id="plain"),
    case("Об этом сообщает «РИА Новости».", "В Минобороны пока не комментируют.", id="«»"),
    case("Он сказал: «Мы не уйдем.»", "Киев это отрицает.", id="«.»"),
    case("Потери составили ок. 300 человек.", "Эти данные не подтверждены.", id="ок."),
]

UKRAINIAN = [
    case(
        "Про це повідомив В. Зеленський у зверненні.",
        "Він закликав партнерів до допомоги.",
        id="В. Зеленський",
    ),
    case("Вибухи пролунали у м. Київ вночі.", "Працює ППО.", id="м. Київ"),
    case(
        "Обстріл тривав у Харківській обл. до ранку.",
        "Загинули двоє людей.",
        id="обл.",
    ),
    case("Збитки оцінюють у 2 млн. гривень.", "Уряд обіцяє компенсацію.", id="млн. lower"),
    case("Сума збитків сягнула 5 млн.", "Відновлення триватиме роки.", id="млн. end"),
    case("Евакуювали дітей, літніх людей тощо.", "Рятувальники працюють.", id="тощо"),
    case(
        "Пошкоджено будинки на вул. Сумській, школи, лікарні і т.д.",
        "Кількість постраждалих уточнюється.",
        id="вул. and т.д.",
    ),
    case("Про це повідомило видання Liga.net.", "Росія це заперечує.", id="Liga.net"),
    case("Бої тривають з травня.", "Перевірити ці дані неможливо.", id="plain"),
    case("Речник сказав: «Ми не відступимо».", "Москва не коментує.", id="«»."),
    case("Удар завдано о 10.30.", "Інформація про загиблих уточнюється.", id="10.30 end"),
    case(
        "Документ підписав С. Шойгу ще 12.07.2022 р.",
        "Його оприлюднили лише тепер.",
        id="С. and р.",
    ),
    case("Заяву зробив О.О. Коваленко.", "Він не навів доказів.", id="О.О."),
]


@pytest.mark.parametrize("sentences", ENGLISH + RUSSIAN + UKRAINIAN)
def test_sentences_split_where_a_reader_would(sentences: list[str]) -> None:
    assert split_sentences(" ".join(sentences)) == sentences


def test_the_case_list_is_long_enough() -> None:
    assert len(ENGLISH) >= 40 and len(RUSSIAN) >= 10 and len(UKRAINIAN) >= 10


@pytest.mark.parametrize(
    ("paragraph", "language", "sentences"),
    [
        ("В г. Харьков пришла зима. Снег лёг.", "ru", ["В г. Харьков пришла зима.", "Снег лёг."]),
        ("У м. Київ спокійно. Так.", "uk", ["У м. Київ спокійно.", "Так."]),
    ],
)
def test_a_language_can_be_forced(paragraph: str, language: str, sentences: list[str]) -> None:
    assert sentences_of(paragraph, language) == sentences
    assert split_sentences(paragraph, language) == sentences


def test_bullets_start_new_sentences() -> None:
    text = "The yacht sailed. • The Alfa was seen in Tivat. It left. • The Nova was seen. He spoke."
    assert split_sentences(text) == [
        "The yacht sailed.",
        "The Alfa was seen in Tivat.",
        "It left.",
        "The Nova was seen.",
        "He spoke.",
    ]


# Fragments with no words are not items -------------------------------------------------


@pytest.mark.parametrize(
    "fragment",
    [
        "-",
        "•",
        "*",
        "—",
        "…",
        "...",
        "🇺🇦🇺🇦",
        "🔥",
        "1.",
        "12",
        "(2)",
        "Photograph: Alex Smith/Reuters",
        "Photo: Ministry of Defence of Ukraine",
        "Photos: AP",
        "Image: Planet Labs",
        "Credit: Handout",
        "Illustration: Guardian Design",
        "Фото: пресс-служба ВСУ",
        "Фото: Генштаб ЗСУ",
        "Advertisement",
        "ADVERTISEMENT",
        "Реклама",
        "Key events",
        "Related:",
        "Related: Russia claims full control of Lysychansk",
        "Read more: How the Velmar ferry was stopped",
        "Читайте також: Що відомо про обстріл Тесків",
    ],
)
def test_fragments_without_words_are_not_sentences(fragment: str) -> None:
    assert is_fragment(fragment)
    assert split_sentences(fragment) == []
    assert split_sentences(f"Kyiv denied it.\n\n{fragment}\n\nMoscow said nothing.") == [
        "Kyiv denied it.",
        "Moscow said nothing.",
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Kyiv denied it.",
        "No.",
        "Yes, he said.",
        "Two died.",
        "Россия это отрицает.",
        "Photographs of the strike were shared widely.",
        "Related reports were denied.",
        "The photo: a staged scene, Kyiv said.",
        "Photo: the moment the missile hit the bridge in Velmar, which the army says it shot "
        "down before it reached the river, though witnesses told the Lantern Post otherwise.",
    ],
)
def test_short_real_sentences_are_kept(sentence: str) -> None:
    assert not is_fragment(sentence)
    assert split_sentences(sentence) == [sentence]


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Flooded streets in Tesk on Sunday. Photograph: Anna Berg/Reuters",
            ["Flooded streets in Tesk on Sunday."],
        ),
        (
            "Photograph: Anna Berg/Reuters Officials said the flood had receded.",
            ["Officials said the flood had receded."],
        ),
        (
            "Photograph: Anna Berg/AFP/Getty Images “We lost everything,” she said.",
            ["“We lost everything,” she said."],
        ),
        (
            "Photograph: Oleh Marchenko/PA Media He said the bridge was hit.",
            ["He said the bridge was hit."],
        ),
        (
            # a credit that ends in no agency we know stays with the sentence: nothing is lost
            "Photograph: Serhii Bondar Nadia Koval, Lviv, said she left in March.",
            ["Photograph: Serhii Bondar Nadia Koval, Lviv, said she left in March."],
        ),
        (
            "The pier in Tesk.   Photograph: Anna Berg   Officials said it was hit.",
            ["The pier in Tesk.", "Officials said it was hit."],
        ),
        (
            "Kyiv denied it.   Related: Russia claims full control of Norvik as its forces "
            "push west of the river after weeks of heavy fighting in the region   Moscow said "
            "nothing.",
            ["Kyiv denied it.", "Moscow said nothing."],
        ),
        (
            # run into the next sentence, a long teaser is kept rather than losing a statement
            "Related: Russia claims full control of Norvik as its forces push west of the "
            "river The governor said nothing.",
            [
                "Related: Russia claims full control of Norvik as its forces push west of the "
                "river The governor said nothing."
            ],
        ),
    ],
)
def test_photo_credits_and_teasers_come_off(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


# Layout: paragraphs, headings, posts ---------------------------------------------------


@pytest.mark.parametrize(
    ("paragraph", "heading"),
    [
        ("Key events", True),
        ("Russia claims Lysychansk", True),
        ("Ukraine’s defence ministry denies Russian claims over Norvik", True),
        ("‘We will not leave’: Norvik’s mayor on the siege", True),
        ("Росія заявляє про захоплення Норвіка", True),
        ("Kyiv denied it.", False),
        ("Is the bridge still standing?", False),
        ("The governor said:", False),
        ("lower-case opening line", False),
        ("Aiden Ross and Shaun Pike. Photograph: Alamy", False),
        ("A very long line " * 10, False),
        ("12", False),
    ],
)
def test_is_heading(paragraph: str, heading: bool) -> None:
    assert is_heading(paragraph) is heading


def test_a_heading_is_not_a_sentence_but_names_what_follows() -> None:
    layout = read_layout(
        "Russia claims Norvik\n\nRussia said its forces held the town. Kyiv denied it.\n\n"
        "Floods in Tesk\n\nHeavy rain flooded the port."
    )
    assert layout.sentences == [
        "Russia said its forces held the town.",
        "Kyiv denied it.",
        "Heavy rain flooded the port.",
    ]
    assert layout.headings == ["Russia claims Norvik", "", "Floods in Tesk"]
    assert layout.breaks == [0, 0, PARAGRAPH]


def test_a_short_line_is_a_heading_only_before_prose() -> None:
    # a list of short lines is a list: its lines are items; the last line is kept too
    layout = read_layout("Ferries docked at Tesk\n\nThe port closed at noon\n\nKyiv said so")
    assert layout.sentences == ["Ferries docked at Tesk", "The port closed at noon", "Kyiv said so"]
    assert split_sentences("Only a short line") == ["Only a short line"]


@pytest.mark.parametrize(
    "marker",
    ["10.32 BST", "Updated at 14:05", "09:40", "3 Jul 2022 10.32 BST", "2h ago", "* * *", "---"],
)
def test_post_markers_break_posts_and_are_not_sentences(marker: str) -> None:
    layout = read_layout(
        f"{marker}\n\nShelling hit Norvik.\n\nThe port closed.\n\n{marker}\n\nRain hit Tesk."
    )
    assert layout.sentences == ["Shelling hit Norvik.", "The port closed.", "Rain hit Tesk."]
    assert layout.breaks == [0, PARAGRAPH, POST]


def test_post_break_with_a_heading() -> None:
    layout = read_layout("Shelling hit Norvik.\n\n10.05 BST\n\nFloods in Tesk\n\nRain hit Tesk.")
    assert layout.breaks == [0, POST]
    assert layout.headings == ["", "Floods in Tesk"]


def test_no_paragraphs_no_breaks() -> None:
    layout = read_layout("Shelling hit Norvik. The port closed. Rain hit Tesk.")
    assert layout.breaks == [0, 0, 0]
    assert layout.headings == ["", "", ""]
    assert read_layout("").sentences == []


def test_a_long_text_keeps_every_sentence() -> None:
    """Speed is measured in bench/, never asserted here; this checks a long input's count."""
    paragraph = (
        "Russia’s defence ministry said on Sunday its forces had taken the town, a claim Kyiv "
        "denied. U.S. officials said approx. 40 vehicles were hit since May. The governor, "
        "Gen. A. Petrenko, said: “We hold the line. We will not leave.” Photograph: A Berg/AP "
    )
    text = "\n\n".join([paragraph * 5] * 40)
    sentences = split_sentences(text)
    assert len(sentences) == 40 * 5 * 3


@pytest.mark.parametrize(
    "text",
    [
        "A drone hit the depot. [Video: firefighters at the depot in Mykolaiv] No group claimed it.",
        "A drone hit the depot. [Фото: пожежники на складі] No group claimed it.",
    ],
)
def test_a_bracketed_media_label_is_no_item_and_runs_into_nothing(text: str) -> None:
    assert split_sentences(text) == ["A drone hit the depot.", "No group claimed it."]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It ended. Ms. Bondar disagreed.", ["It ended.", "Ms. Bondar disagreed."]),
        (
            "The talks were led by Ms. Bondar in Kyiv on Monday.",
            ["The talks were led by Ms. Bondar in Kyiv on Monday."],
        ),
        (
            "Prof. Hale and Capt. Ross left. Dr. Ivanova stayed.",
            ["Prof. Hale and Capt. Ross left.", "Dr. Ivanova stayed."],
        ),
    ],
)
def test_a_title_before_a_name_ends_no_sentence(text: str, expected: list[str]) -> None:
    assert split_sentences(text) == expected


@pytest.mark.parametrize("marker", ["09.05 GMT", "10:15", "Updated at 14:05", "11.30 BST"])
def test_a_post_time_on_a_line_of_its_own_starts_a_post(marker: str) -> None:
    """A live blog copied as text puts each post's time on its own line, the post on the
    next: the time is no part of the post's first sentence (nor of a speaker's name)."""
    text = (
        f"{marker}\nMoldova's government said it would extend the state of emergency.\n\n"
        "12.10 GMT\nThe bridge at Kupiansk is intact, said local official Yurii Dudka."
    )
    layout = read_layout(text)
    assert layout.sentences == [
        "Moldova's government said it would extend the state of emergency.",
        "The bridge at Kupiansk is intact, said local official Yurii Dudka.",
    ]
    assert layout.breaks == [0, POST]


def test_a_time_inside_a_line_of_prose_is_no_post() -> None:
    layout = read_layout("Sirens sounded at\n10.15 in Kyiv, officials said.")
    assert layout.sentences == ["Sirens sounded at 10.15 in Kyiv, officials said."]


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "MOSCOW, March 11 (Harbor Wire) - Russian forces have captured Stepove, "
            "the ministry said.",
            "Russian forces have captured Stepove, the ministry said.",
        ),
        ("KYIV (Reuters) - Air defences shot down 12 drones.", "Air defences shot down 12 drones."),
        ("ODESA, Ukraine (AP) — A drone hit the port.", "A drone hit the port."),
        ("KYIV, Jan 3 - Sirens sounded across the city.", "Sirens sounded across the city."),
        ("МОСКВА, 11 марта (Вести) - Войска заняли село.", "Войска заняли село."),
    ],
)
def test_a_wire_dateline_is_no_part_of_the_first_statement(text: str, first: str) -> None:
    assert read_layout(text).sentences[0] == first


@pytest.mark.parametrize(
    "text",
    [
        "NATO - the alliance - said nothing.",
        "NATO — The alliance said nothing.",
        "ВСУ - это армия.",
        "UPDATE 2-Russia says it captured the village.",
        "NATO, the EU and the G7 - All three condemned the strike.",
        "PESKOV (through interpreter) - We deny it.",
    ],
)
def test_capitals_and_a_dash_without_a_date_or_an_agency_are_no_dateline(text: str) -> None:
    assert read_layout(text).sentences[0] == text
