"""Sentences and story boundaries found from the text (newsroom.text.sentences, .stories)."""

import pytest

from newsroom.text.sentences import read_layout, split_sentences
from newsroom.text.stories import opens_continuation, segment_stories

# Four stories flattened into one paragraph, as a live-blog page arrives.
FOUR_STORIES = (
    "Sudan's Rapid Support Forces claim they have captured the city of El Fasher, the last "
    "army stronghold in Darfur. "
    "The army has denied the claims, saying its troops still hold the airport. "
    "It comes after weeks of shelling that aid groups say has cut off food to the camps "
    "around El Fasher. "
    "The city has been under siege since the spring. "
    "Reuters could not independently verify either account. "
    "Heavy rain has flooded parts of Dhaka, where the Bangladesh Meteorological Department "
    "recorded 300 millimetres of rain in a day. "
    "The department warned that more storms were expected along the coast. "
    "Colombia's government and the ELN rebel group agreed on Friday to extend their "
    "ceasefire, the chief government negotiator, Otty Patiño, said. "
    "He said the next round of talks would begin in Caracas. "
    "The talks have been hosted by Cuba and Venezuela since the ceasefire began. "
    "Polish farmers blocked border crossings with Ukraine for a third day in protest at "
    "grain imports. "
    "Their union said the blockade would continue until Warsaw met its demands."
)

THREE_STORIES = (
    "Gangs attacked the town of Mirebalais in central Haiti overnight, freeing hundreds of "
    "prisoners from its jail. "
    "The town's mayor said police had fled before the attack. "
    "He said at least ten people were killed. "
    "Haiti's transitional council condemned the raid and promised reinforcements. "
    "Myanmar's military government has extended a state of emergency by six months, state "
    "media said. "
    "The junta first declared the emergency after seizing power in a coup in 2021. "
    "It comes as resistance forces claim to have captured a border town near Thailand. "
    "Those claims could not be independently verified. "
    "Elsewhere, Burkina Faso's army said it had killed dozens of militants near Djibo. "
    "The statement gave no figure for its own losses."
)


@pytest.mark.parametrize(
    ("text", "stories"),
    [
        (FOUR_STORIES, [0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 3, 3]),
        (THREE_STORIES, [0, 0, 0, 0, 1, 1, 1, 1, 2, 2]),
    ],
    ids=["four-stories", "three-stories"],
)
def test_flattened_live_blog_splits_into_stories(text: str, stories: list[int]) -> None:
    sentences = split_sentences(text)
    assert len(sentences) == len(stories)
    assert segment_stories(sentences) == stories


def test_story_boundaries_fall_where_the_subject_changes() -> None:
    sentences = split_sentences(FOUR_STORIES)
    stories = segment_stories(sentences)
    firsts = [sentences[i] for i in range(len(sentences)) if i == 0 or stories[i] != stories[i - 1]]
    assert [first.split()[:2] for first in firsts] == [
        ["Sudan's", "Rapid"],
        ["Heavy", "rain"],
        ["Colombia's", "government"],
        ["Polish", "farmers"],
    ]
    # the denial and the "could not independently verify" sentence stay with the claim
    assert stories[sentences.index("Reuters could not independently verify either account.")] == 0
    assert stories[1] == stories[0]


@pytest.mark.parametrize(
    "text",
    [
        "An earthquake struck off the coast of Sumatra. There were no immediate reports of damage.",
        "Drones struck an oil depot in the Russian city of Bryansk overnight, the regional "
        "governor said. He said nobody was hurt. The fire was put out by morning.",
        "Heavy fighting broke out in the Libyan capital, Tripoli, on Monday night. The city was "
        "quiet by dawn. It comes after weeks of tension between rival militias.",
        "Rebels in eastern Congo say they have taken the town of Sake, west of Goma. Congo's "
        "army denied the rebels' claims, saying its troops still held the town.",
        "Nigeria's army said it had rescued 40 hostages in Zamfara state. The army said the "
        "kidnappers had fled into the forest.",
        "A ferry capsized on Lake Kivu with dozens on board. Rescuers could not independently "
        "confirm how many had drowned.",
        "Shelling hit a market in Kherson. But officials said the evacuation would continue.",
        "Only one sentence about a ceasefire in Tigray.",
        pytest.param(
            "A car bomb exploded outside a police station in Mogadishu, killing at least six "
            "people. Al-Shabaab said it carried out the attack. The group has waged an "
            "insurgency in Somalia for more than 15 years.",
            id="new-name-in-a-short-bulletin",
        ),
        pytest.param(
            "Sudan's army said it had retaken the presidential palace in Khartoum. The RSF "
            "denied the claim.",
            id="denial-by-a-new-party",
        ),
        pytest.param(
            "Ukraine says it has shot down 25 of 30 drones launched overnight. Kyiv’s air "
            "force said debris fell on two districts of the capital.",
            id="second-speaker",
        ),
    ],
)
def test_short_single_story_bulletins_stay_one_story(text: str) -> None:
    sentences = split_sentences(text)
    assert segment_stories(sentences) == [0] * len(sentences)


def test_shift_words_always_start_a_new_story() -> None:
    sentences = [
        "Shelling hit the centre of Kharkiv overnight.",
        "Elsewhere, shelling hit the centre of Kharkiv's suburbs.",
        "In other news, the Kharkiv shelling continued.",
    ]
    assert segment_stories(sentences) == [0, 1, 2]


def test_no_sentences_no_stories() -> None:
    assert segment_stories([]) == []


@pytest.mark.parametrize(
    ("sentence", "continues"),
    [
        ("He said the next round of talks would begin in Caracas.", True),
        ("She added that the convoy had turned back.", True),
        ("It comes after weeks of shelling.", True),
        ("His comments came before the vote.", True),
        ("They said aid could now enter.", True),
        ("But spokesman Yuriy Sak said the city had not fallen.", True),
        ("However, the talks broke down.", True),
        ("The city has been under siege since the spring.", True),
        ("The defence ministry gave no figures.", True),
        ("The department warned of more storms.", True),
        ("Sergiy Kuzan added that the partisans were active.", True),
        ("Earlier, the governor had ordered an evacuation.", True),
        ("The Kremlin said the talks were over.", False),
        ("The 2021 coup ended a decade of reform.", False),
        ("Sudan's army said it had retaken the palace.", False),
        ("Polish farmers blocked border crossings.", False),
        ("Elsewhere, the rains eased.", False),
        ("", True),
    ],
)
def test_opens_continuation(sentence: str, continues: bool) -> None:
    assert opens_continuation(sentence) is continues


@pytest.mark.parametrize(
    ("text", "sentences"),
    [
        (
            "Shelling hit Kharkiv. Officials said 12 died.",
            ["Shelling hit Kharkiv.", "Officials said 12 died."],
        ),
        (
            "Fighting resumed in June. Officials said 12 died.",
            ["Fighting resumed in June.", "Officials said 12 died."],
        ),
        (
            "The strike hit at 3 p.m. Officials said 12 died.",
            ["The strike hit at 3 p.m.", "Officials said 12 died."],
        ),
        (
            "U.S. officials said the strike hit Sanaa. Gen. Smith disagreed.",
            ["U.S. officials said the strike hit Sanaa.", "Gen. Smith disagreed."],
        ),
        (
            "He said: “We will hold. We will not leave.” The army agreed.",
            ["He said: “We will hold. We will not leave.”", "The army agreed."],
        ),
        (
            "A heading without a full stop\n\nThe first sentence. The second one.",
            ["The first sentence.", "The second one."],
        ),
        ("Several   spaces\tand\nbreaks inside.", ["Several spaces and breaks inside."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_split_sentences(text: str, sentences: list[str]) -> None:
    assert split_sentences(text) == sentences


def test_over_long_sentences_are_cut_at_a_space() -> None:
    text = " ".join(["word"] * 900)
    pieces = split_sentences(text)
    assert [len(p) for p in pieces] == [1999, 1999, 499]
    assert " ".join(pieces) == text


def test_over_long_word_is_cut_hard() -> None:
    pieces = split_sentences("x" * 4500)
    assert [len(p) for p in pieces] == [2000, 2000, 500]


def test_month_may_ends_a_sentence() -> None:
    assert split_sentences("The siege began in May. Reuters could not verify it.") == [
        "The siege began in May.",
        "Reuters could not verify it.",
    ]


# Structure first: posts, paragraphs and headings (read_layout) ---------------------------


def stories_of(text: str) -> list[int]:
    layout = read_layout(text)
    return segment_stories(layout.sentences, layout.breaks, layout.headings)


ARTICLE = (
    "Artillery struck warehouses near the river port of Norvik overnight, the regional "
    "governor, Olha Bilyk, said on Sunday. Two night-shift workers were injured.\n\n"
    "Bilyk said the shells had been fired from positions across the river.\n\n"
    "Port officials in Norvik said ferries would stay in dock until Tuesday.\n\n"
    "The Lantern Post was not able to independently verify the claim."
)


def test_paragraphs_of_one_article_about_one_subject_are_one_story() -> None:
    assert stories_of(ARTICLE) == [0, 0, 0, 0, 0]


LIVE_BLOG = (
    "10.32 BST\n\n"
    "Russia claims Norvik\n\n"
    "Russia's defence ministry said its forces had taken full control of the river town. "
    "Ukraine's general staff denied it.\n\n"
    "10.05 BST\n\n"
    "Heavy rain flooded parts of Tesk, where the weather service recorded a month's rain in "
    "one night.\n\n"
    "The service warned of more storms on Monday.\n\n"
    "09.40 BST\n\n"
    "Officials in Velmar said the ferry crossing would stay closed until Tuesday."
)


def test_each_live_blog_post_is_a_story_and_its_heading_names_it() -> None:
    layout = read_layout(LIVE_BLOG)
    assert layout.sentences[0].startswith("Russia's defence ministry")
    assert "Russia claims Norvik" not in layout.sentences
    assert segment_stories(layout.sentences, layout.breaks, layout.headings) == [0, 0, 1, 1, 2]


@pytest.mark.parametrize("marker", ["* * *", "11.05 BST", "Updated at 11:05"])
def test_a_post_always_starts_a_new_story(marker: str) -> None:
    # even in a bulletin of two sentences, and even when the posts share their words
    text = f"Shelling hit Norvik overnight.\n\n{marker}\n\nShelling hit Norvik again at noon."
    assert stories_of(text) == [0, 1]


SHELLING_THEN_RAIN = [
    "Russian shelling hit the river port of Norvik overnight, officials said.",
    "Two warehouses burned down near the Norvik docks.",
    "The market square and several schools flooded after a night of rain.",
    "It was the worst flood in a decade.",
]


def test_a_paragraph_break_is_a_strong_hint() -> None:
    # run together, a sentence without new names, or a definite description ("The market
    # square ..."), stays with the story ...
    assert stories_of(" ".join(SHELLING_THEN_RAIN)) == [0, 0, 0, 0]
    # ... but after a paragraph break it must share something with it, or refer back
    # with a pronoun or a linking word
    first, second = " ".join(SHELLING_THEN_RAIN[:2]), " ".join(SHELLING_THEN_RAIN[2:])
    assert stories_of(f"{first}\n\n{second}") == [0, 0, 1, 1]


def test_within_a_paragraph_the_cohesion_rules_apply() -> None:
    paragraphs = FOUR_STORIES.replace("Colombia's government", "\n\nColombia's government")
    assert stories_of(paragraphs) == [0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 3, 3]


@pytest.mark.parametrize(
    "opening",
    [
        "It rained all night and the river burst its banks.",
        "But the river burst its banks after a night of rain.",
    ],
)
def test_across_a_heading_a_pronoun_does_not_reach_back(opening: str) -> None:
    text = (
        "Russian shelling hit the river port of Norvik overnight, officials said.\n\n"
        "Two warehouses burned down near the Norvik docks.\n\n"
        f"Floods in Tesk\n\n{opening}\n\n"
        "The mayor of Tesk said schools would stay shut."
    )
    assert stories_of(text) == [0, 0, 1, 1]


def test_a_heading_about_the_same_subject_keeps_the_story() -> None:
    text = (
        "Artillery struck the river port of Norvik overnight, the governor said.\n\n"
        "Two warehouses burned near the Norvik docks.\n\n"
        "Shelling condemned in Norvik\n\n"
        "Norvik's mayor called the shelling a crime.\n\n"
        "Many residents of Norvik queued for water."
    )
    assert stories_of(text) == [0, 0, 0, 0]


def test_a_short_bulletin_in_paragraphs_is_one_story() -> None:
    text = (
        "Nigeria's army said it had rescued 40 hostages in Zamfara state.\n\n"
        "Officials in Abuja said the kidnappers had fled.\n\nNo one was hurt."
    )
    assert stories_of(text) == [0, 0, 0]


def test_structure_is_optional() -> None:
    sentences = split_sentences(FOUR_STORIES)
    assert segment_stories(sentences, [0] * len(sentences), [""] * len(sentences)) == (
        segment_stories(sentences)
    )


@pytest.mark.parametrize(
    ("text", "stories"),
    [
        (
            "Ночью беспилотники атаковали нефтебазу в Брянской области. Пожар на нефтебазе "
            "потушили к утру, сообщили власти. Пострадавших нет. Губернатор Брянской области "
            "добавил, что угрозы для жителей нет. Суд в Ростове приговорил двух жителей "
            "Херсона к 12 годам заключения. Защита намерена обжаловать приговор.",
            [0, 0, 0, 0, 1, 1],
        ),
        (
            "Уночі росіяни атакували Одесу ударними дронами. Сили ППО збили дев'ять дронів над "
            "Одесою. Уламки пошкодили будинок, повідомила міська влада. Постраждалих немає.",
            [0, 0, 0, 0],
        ),
    ],
    ids=["ru", "uk"],
)
def test_cyrillic_words_are_names_only_when_capitalised(text: str, stories: list[int]) -> None:
    # a capitalised first word that the text never capitalises inside a sentence
    # ("Пожар", "Сили") is a common word; other Cyrillic words are names by their capital
    assert segment_stories(split_sentences(text)) == stories


def test_a_long_page_is_compared_with_its_recent_sentences_not_all_it_has_said() -> None:
    """A long flattened page must not become one story because its vocabulary piled up:
    a sentence is compared with the last few sentences of the current story."""
    sentences = [
        "Shelling hit the port of Mykolaiv overnight, the governor Vitaliy Kim said.",
        "Kim said two grain warehouses burned near the port.",
        "Firefighters in Mykolaiv worked until dawn at the warehouses.",
        "In Kharkiv, the metro reopened after three weeks of repairs.",
        "The Kharkiv metro carried 40,000 passengers on its first day.",
        "Mayor Ihor Terekhov thanked the metro workers.",
        "Terekhov said the Kharkiv schools would open in September.",
        "Divers in Odesa cleared a sea mine from the city beach.",
        "The Odesa beach will stay closed until the navy checks it again.",
        "Navy divers found a second mine near the Odesa lighthouse.",
        "Grain exports from the port of Mykolaiv resumed on Friday.",
        "Kim said the port warehouses would be rebuilt by winter.",
    ]
    stories = segment_stories(sentences)
    assert stories[0] == stories[1] == stories[2]
    assert stories[3] == stories[4] != stories[2]
    assert stories[7] == stories[8] == stories[9] != stories[6]
    assert stories[10] != stories[9]  # back to Mykolaiv: a new story, not the whole page


@pytest.mark.parametrize(
    "text",
    [
        "Министерство обороны России заявило, что войска заняли село Новое. Удар пришёлся на "
        "окраину. Позже ведомство уточнило число пленных. Генштаб ВСУ опроверг эти сведения.",
        "Міноборони Росії заявило, що війська зайняли село Нове. Удар припав на околицю. "
        "Пізніше відомство уточнило кількість полонених. Генштаб ЗСУ спростував ці дані.",
    ],
)
def test_a_cyrillic_back_reference_keeps_the_denial_in_its_story(text: str) -> None:
    stories = segment_stories(split_sentences(text))
    assert stories[-1] == stories[0]


def _cut(*sentences: str) -> list[int]:
    """Stories of sentences run together on a page long enough for the cohesion rules."""
    filler = (
        "Trains between Lviv and Przemysl ran on time on Monday.",
        "The railway added two night services to Warsaw.",
    )
    return segment_stories([*filler, *sentences])[len(filler) :]


@pytest.mark.parametrize(
    ("sentences", "same"),
    [
        # a person the story brings in does not move it
        (
            (
                "Kherson came under shelling from across the Dnipro overnight.",
                "Oksana Lytvyn, head of the regional council, said two houses burned.",
            ),
            True,
        ),
        # a district or street of the story's place does not move it
        (
            (
                "Drones struck Kharkiv overnight, the regional governor said.",
                "Debris fell on a school in the Kyivskyi district.",
            ),
            True,
        ),
        # a demonym is no place
        (
            (
                "A drone hit a substation near Sumy on Sunday.",
                "Russian-installed officials blamed a short circuit for the outage.",
            ),
            True,
        ),
        # a party's silence and a bridging definite description refer back
        (
            (
                "Occupation officials said a rocket hit a depot near Melitopol.",
                "Ukraine's general staff did not immediately comment.",
            ),
            True,
        ),
        (
            (
                "A missile struck a clinic in Zaporizhzhia before dawn.",
                "The damaged clinic in Oleksandrivskyi will stay shut for a month.",
            ),
            True,
        ),
        # a speaker named again by surname
        (
            (
                "Shelling hit a hospital in Nova Kakhovka, the mayor, Ihor Sydor, said.",
                "According to Sydor, the shells came from the direction of Beryslav.",
            ),
            True,
        ),
        # a new place in a definite description of something new does move it
        (
            (
                "Air defences shot down 12 drones over Poltava overnight.",
                "The backup line to the Khmelnytskyi nuclear plant was reconnected on Sunday.",
            ),
            False,
        ),
        # a new place opening the sentence moves it
        (
            (
                "Air defences shot down 12 drones over Poltava overnight.",
                "In Mykolaiv, schools will teach online until Friday.",
            ),
            False,
        ),
    ],
)
def test_what_moves_a_run_on_page_to_a_new_story(sentences: tuple[str, str], same: bool) -> None:
    first, second = _cut(*sentences)
    assert (first == second) is same
