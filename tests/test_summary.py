"""LexRank centrality and the choice of sentences to quote (newsroom.summary)."""

import random

import pytest

from newsroom.summary import MAX_SENTENCES, MIN_SENTENCES, choose, lexrank, needs_its_story

PORT = [
    "Russian shelling hit grain silos and a warehouse at the Odesa port overnight.",
    "The Odesa port authority said exports would resume within a week.",
    "Grain silos in the south hold most of this year's harvest.",
    "Rescuers searched a damaged warehouse near the docks.",
    "Overnight shelling also cut power to parts of the region.",
]
CROSSING = [
    "Lorries queued at the Rafah crossing.",
    "Aid agencies said the Rafah crossing into Gaza had reopened for fuel and food convoys.",
    "Fuel shortages closed two hospitals in the south of Gaza.",
    "The convoys carried flour and medicine.",
    "Egyptian officials said the border would stay open.",
]
FLOODS = [
    "Rescue boats reached three villages.",
    "The army deployed helicopters.",
    "Floods in Derna washed away two dams and much of the city centre, officials said.",
    "The city centre was still under water on Tuesday.",
    "Both dams had not been repaired for decades.",
]
UNRELATED = [
    "A ceasefire took hold in Tigray.",
    "Monsoon rains flooded Karachi.",
    "Mali's junta postponed elections.",
    "Polish farmers blocked a motorway.",
    "Taiwan scrambled fighter jets.",
    "Rebels freed forty hostages near Goma.",
]


@pytest.mark.parametrize(
    ("texts", "central"),
    [(PORT, 0), (CROSSING, 1), (FLOODS, 2)],
    ids=["port", "crossing", "floods"],
)
def test_most_central_sentence_scores_highest(texts: list[str], central: int) -> None:
    scores = lexrank(texts)
    assert max(range(len(texts)), key=scores.__getitem__) == central
    assert all(scores[central] > s for i, s in enumerate(scores) if i != central)


@pytest.mark.parametrize("texts", [PORT, CROSSING, FLOODS, UNRELATED])
def test_scores_are_a_distribution(texts: list[str]) -> None:
    scores = lexrank(texts)
    assert len(scores) == len(texts)
    assert sum(scores) == pytest.approx(1.0)
    assert all(s > 0 for s in scores)


def test_unconnected_sentences_score_alike() -> None:
    assert lexrank(UNRELATED) == pytest.approx([1 / len(UNRELATED)] * len(UNRELATED))


def test_lexrank_edge_cases() -> None:
    assert lexrank([]) == []
    assert lexrank(["A lone sentence about Kherson."]) == pytest.approx([1.0])


def test_scores_sum_to_one_with_a_content_free_sentence() -> None:
    scores = lexrank(["Shelling hit the port of Odesa.", "He said so.", "Odesa port shelled."])
    assert sum(scores) == pytest.approx(1.0)


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, []), (1, [0]), (2, [0, 1])],
)
def test_choose_takes_everything_up_to_two(count: int, expected: list[int]) -> None:
    assert choose(UNRELATED[:count], [[]] * count) == expected


@pytest.mark.parametrize(
    ("count", "wanted"),
    [(3, 2), (6, 2), (7, 3), (9, 3), (12, 4), (15, 5), (30, 5)],
)
def test_choose_takes_a_third_between_two_and_five(count: int, wanted: int) -> None:
    texts = [
        f"{word.capitalize()} item {n} about {word}{n}"
        for n, word in enumerate(["sake", "goma", "kherson", "tigray", "darfur", "rafah"] * 5)
    ][:count]
    chosen = choose(texts, [[] for _ in texts])
    assert len(chosen) == wanted
    assert len(set(chosen)) == len(chosen)


def test_choose_follows_centrality() -> None:
    assert choose(PORT, [[]] * len(PORT))[0] == 0
    assert choose(CROSSING, [[]] * len(CROSSING))[0] == 1


def test_priority_breaks_ties() -> None:
    priority = [0.0, 0.0, 0.0, 0.0, 1.0, 0.5]
    assert choose(UNRELATED, [[]] * len(UNRELATED), priority) == [4, 5]


def test_a_central_claim_brings_its_denial() -> None:
    texts = [
        "Russia claims its forces have taken the village of Robotyne near Zaporizhzhia.",
        "Russian forces say Robotyne is now under their full control.",
        "The Russian defence ministry published video it says shows Robotyne.",
        "Kyiv rejected the claims.",
        "Rain slowed fighting along the southern front.",
        "Robotyne had about 500 residents before the war.",
    ]
    links = [[3], [], [], [0], [], []]
    chosen = choose(texts, links)
    assert 0 in chosen and 3 in chosen
    assert 2 <= len(chosen) <= MAX_SENTENCES


def test_a_link_group_that_does_not_fit_is_skipped() -> None:
    texts = [*UNRELATED, "Ankara said talks on grain exports would resume."]
    # the most central item would need five denials: six texts, more than the five allowed
    links = [[1, 2, 3, 4, 5], [0], [0], [0], [0], [0], []]
    chosen = choose(texts, links, [1.0, 0, 0, 0, 0, 0, 0])
    # the claim is never taken on its own: it comes in with the first of its denials taken
    assert chosen == [1, 0, 2]


POOL = [
    "Russia claims it has taken full control of the town of Marinka.",
    "Ukraine's army denied the claims, saying fighting continued in the ruins.",
    "The governor of Donetsk said two civilians were killed in Kurakhove.",
    "Heavy rain flooded trenches along the Donetsk front.",
    "The Kremlin said the capture opened the road to Kurakhove.",
    "Analysts said Marinka had been reduced to rubble months ago.",
    "Hamas said 40 hostages would be released in the first phase.",
    "Israel's cabinet denied that a deal had been agreed.",
    "Aid lorries waited at the Kerem Shalom crossing.",
    "The UN said fuel in Gaza would run out within days.",
    "Sudan's army said it had broken the siege of El Obeid.",
    "The RSF rejected the army's account as propaganda.",
    "Cholera cases rose in camps near Port Sudan.",
    "Haitian police retook the main port in Port-au-Prince.",
    "Kenyan officers arrived to reinforce the mission in Haiti.",
]


@pytest.mark.parametrize("seed", range(40))
def test_choose_invariants_on_random_sets(seed: int) -> None:
    rng = random.Random(seed)
    count = rng.randint(2, len(POOL))
    texts = rng.sample(POOL, count)
    links: list[list[int]] = [[] for _ in texts]
    # claim and denial pairs, linked both ways as summarise builds them
    order = list(range(count))
    rng.shuffle(order)
    for claim, denial in zip(order[0::2][: rng.randint(0, 3)], order[1::2], strict=False):
        links[claim].append(denial)
        links[denial].append(claim)
    chosen = choose(texts, links, [rng.random() for _ in texts])
    assert MIN_SENTENCES <= len(chosen) <= MAX_SENTENCES
    assert len(set(chosen)) == len(chosen)
    assert all(0 <= i < count for i in chosen)
    for index in chosen:
        assert all(j in chosen for j in links[index]), (index, links[index], chosen)


def test_never_fewer_than_two_when_two_exist() -> None:
    texts = ["Shelling hit the port of Odesa overnight."] * 3
    assert len(choose(texts, [[], [], []])) >= MIN_SENTENCES


# --- sentences that need their story -------------------------------------------------------


@pytest.mark.parametrize(
    "sentence",
    [
        "Kiev has not commented on the incident.",
        "He said Russian artillery had shelled Ukrainian positions 46 times.",
        "A 58-year-old night watchman was injured, he said.",
        "Ukraine's eastern forces denied the claim, saying fighting was continuing.",
        "Savchuk dismissed the statement as propaganda.",
        "It comes after a drone attack on Lisichansk on Tuesday night.",
        "The city will hold a minute's silence at noon.",
        "The two men were charged with treason.",
        "But officials in Kyiv rejected it.",
        "По его словам, пожар удалось потушить к утру.",
        "Украинская сторона опровергла эти данные, назвав их ложью.",
        "Заяву міністерства він назвав брехнею.",
        "За його словами, поранено 58-річного сторожа.",
    ],
)
def test_a_sentence_that_needs_its_story(sentence: str) -> None:
    assert needs_its_story(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "Street fighting continued in Sievierodonetsk, the regional governor said.",
        "Russia's defence ministry did not comment on the Odesa strike.",
        "Two people were killed in the attack on Kharkiv.",
        "Larysa Ostapenko said she would stay.",
        "The backup power line to the Zaporizhzhia nuclear power plant was reconnected.",
        '"There was no attack, so there was nothing to repel," Colonel Kovalchuk said.',
        "Ukraine's general staff said its drones had struck an ammunition depot.",
        "Ukraine's military denied that its shelling had hit homes in Makiivka.",
        "Лисичанськ перебуває під контролем Росії з 2022 року.",
        "Киев удар официально не подтвердил.",
    ],
)
def test_a_sentence_that_stands_alone(sentence: str) -> None:
    assert not needs_its_story(sentence)


def test_a_text_that_cannot_be_quoted_is_never_chosen() -> None:
    requires: list[list[int] | None] = [[] for _ in UNRELATED]
    requires[4] = None
    chosen = choose(UNRELATED, [[]] * len(UNRELATED), [0, 0, 0, 0, 1.0, 0.5], requires=requires)
    assert 4 not in chosen and len(chosen) >= MIN_SENTENCES


def test_a_text_comes_after_the_text_it_requires() -> None:
    texts = [*UNRELATED, "He said the talks would resume."]
    requires: list[list[int] | None] = [[] for _ in texts]
    requires[6] = [2]
    priority = [0, 0, 0, 0, 0, 0, 1.0]
    chosen = choose(texts, [[]] * len(texts), priority, requires=requires)
    assert 6 in chosen and 2 in chosen and chosen.index(2) < chosen.index(6)


def test_a_linked_text_brings_the_text_it_requires() -> None:
    # a repeated claim (6) brings its denial (7), which answers an earlier claim (2): the
    # denial is never quoted without the claim it follows
    texts = [
        *UNRELATED,
        "Moscow repeated its claim that the village was under its control.",
        "A Ukrainian colonel dismissed the claim as propaganda.",
    ]
    links = [[] for _ in texts]
    links[6], links[7] = [7], [6]
    requires: list[list[int] | None] = [[] for _ in texts]
    requires[7] = [2]
    priority = [0, 0, 0, 0, 0, 0, 1.0, 0]
    chosen = choose(texts, links, priority, requires=requires)
    assert {2, 6, 7} <= set(chosen) and chosen.index(2) < chosen.index(7)


def test_only_texts_that_cannot_be_quoted_give_no_summary() -> None:
    assert choose(["He said so.", "It was."], [[], []], requires=[None, None]) == []
