"""From a bulletin to stories and items (newsroom.text.analyse)."""

from itertools import combinations

import pytest

from newsroom.models import SIGNALS, Item, RawBulletin
from newsroom.text.analyse import analyse, link_disputes, second_party, status_from_text


def read(text: str, source: str | None = None) -> list[tuple]:
    """(story, attributed_to, signals, status, disputes) for each item."""
    bulletin = analyse(RawBulletin(text=text, source=source))
    assert [item.position for item in bulletin.items] == list(range(len(bulletin.items)))
    return [(i.story, i.attributed_to, i.signals, i.status, i.disputes) for i in bulletin.items]


CLAIM_DENIAL_RESTATEMENT = (
    "Rebels in eastern Congo claim they have taken the town of Sake, west of Goma. "
    "Congo's army denied the rebels' claims, saying its troops still held the town. "
    "The M23 rebels said their fighters had taken the town of Sake and the road to Goma. "
    "Aid groups said thousands of people had fled towards Goma."
)


def test_claim_denial_and_restated_claim_are_linked_and_disputed() -> None:
    assert read(CLAIM_DENIAL_RESTATEMENT) == [
        (0, "Rebels in eastern Congo", ["claim"], "disputed", [1]),
        (0, "Congo's army", ["denial"], "disputed", [0, 2]),
        (0, "The M23 rebels", ["claim"], "disputed", [1]),
        (0, "Aid groups", ["claim"], "claimed", []),  # people fleeing the same fighting
    ]


def test_multi_story_bulletin() -> None:
    text = (
        "Sudan's Rapid Support Forces claim they have captured the city of El Fasher, the "
        "last army stronghold in Darfur. "
        "The army has denied the claims, saying its troops still hold the airport. "
        "The city has been under siege since the spring. "
        "Reuters could not independently verify either account. "
        "Heavy rain has flooded parts of Dhaka, where the Bangladesh Meteorological "
        "Department recorded 300 millimetres of rain in a day. "
        "The department warned that more storms were expected along the coast. "
        "Colombia's government and the ELN rebel group agreed on Friday to extend their "
        "ceasefire, the chief government negotiator, Otty Patiño, said. "
        "He said the next round of talks would begin in Caracas. "
        "The talks have reportedly been hosted by Cuba since the ceasefire began."
    )
    assert read(text, source="Reuters") == [
        (0, "Sudan's Rapid Support Forces", ["claim"], "disputed", [1]),
        (0, "The army", ["denial"], "disputed", [0]),
        (0, None, [], "reported", []),
        (0, None, ["not_independently_verified"], "unverified", []),
        (1, None, [], "reported", []),
        (1, "The department", ["claim"], "claimed", []),
        (2, "Otty Patiño", ["claim"], "claimed", []),
        (2, "Otty Patiño", ["claim"], "claimed", []),
        (2, None, ["hedged"], "unverified", []),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Militants allegedly attacked a convoy near Gao, the army said without providing "
            "evidence.",
            [(0, "the army", ["claim", "hedged", "no_evidence"], "unverified", [])],
        ),
        (
            "Shelling hit a market in Donetsk, Reuters reported.",
            [(0, None, [], "reported", [])],
        ),
        (
            "Shelling hit a market in Donetsk, the city's mayor said.",
            [(0, "the city's mayor", ["claim"], "claimed", [])],
        ),
        (
            "Kigali has denied backing the rebels.",
            [(0, "Kigali", ["denial"], "disputed", [])],
        ),
        (
            "The talks in Doha will resume on Monday.",
            [(0, None, [], "reported", [])],
        ),
        (
            "Several drones were reported to have been shot down over Belgorod.",
            [(0, None, ["hedged"], "unverified", [])],
        ),
    ],
    ids=["unverified-claim", "outlet-own-report", "claimed", "lone-denial", "reported", "passive"],
)
def test_single_sentence_statuses(text: str, expected: list[tuple]) -> None:
    assert read(text, source="Reuters") == expected


def test_denial_links_to_the_explicit_claim_not_the_latest_statement() -> None:
    text = (
        "Russia claims its forces have destroyed a Patriot battery near Kyiv. "
        "The ministry said the strike used hypersonic missiles. "
        "The air force in Kyiv denied the claims."
    )
    items = analyse(RawBulletin(text=text)).items
    assert [i.story for i in items] == [0, 0, 0]
    assert items[2].disputes == [0]
    assert items[0].disputes == [2]
    assert items[1].disputes == []
    assert [i.status for i in items] == ["disputed", "claimed", "disputed"]


def test_denial_in_another_story_is_not_linked() -> None:
    text = (
        "Myanmar's junta claims its forces have retaken the town of Lashio. "
        "The junta says its troops met little resistance. "
        "Elsewhere, Thailand's army denied the reports of shelling on the border."
    )
    items = analyse(RawBulletin(text=text)).items
    assert [i.story for i in items] == [0, 0, 1]
    assert [i.disputes for i in items] == [[], [], []]
    assert [i.status for i in items] == ["claimed", "claimed", "disputed"]


def test_immediate_denial_by_a_new_party_is_linked() -> None:
    items = analyse(
        RawBulletin(
            text="Sudan's army claims it has retaken the presidential palace in Khartoum. "
            "The RSF has denied the claims."
        )
    ).items
    assert [i.status for i in items] == ["disputed", "disputed"]
    assert items[0].disputes == [1]


def test_empty_bulletin_has_no_items() -> None:
    assert analyse(RawBulletin(text="")).items == []


SIGNAL_SETS = [list(c) for n in range(len(SIGNALS) + 1) for c in combinations(SIGNALS, n)]


def expected_status(signals: list[str], disputed: bool) -> str:
    if disputed or "denial" in signals:
        return "disputed"
    if {"hedged", "not_independently_verified", "no_evidence"} & set(signals):
        return "unverified"
    return "claimed" if "claim" in signals else "reported"


@pytest.mark.parametrize("disputed", [False, True])
@pytest.mark.parametrize("signals", SIGNAL_SETS, ids=lambda s: "+".join(s) or "none")
def test_status_precedence_over_every_signal_combination(
    signals: list[str], disputed: bool
) -> None:
    status = status_from_text(signals, disputed)
    assert status == expected_status(signals, disputed)
    assert status != "corroborated"  # one bulletin is never two independent sources


@pytest.mark.parametrize(
    ("signals", "disputed", "status"),
    [
        ([], False, "reported"),
        (["claim"], False, "claimed"),
        (["claim", "hedged"], False, "unverified"),
        (["not_independently_verified"], False, "unverified"),
        (["claim", "no_evidence"], False, "unverified"),
        (["denial"], False, "disputed"),
        (["claim"], True, "disputed"),
        (["claim", "hedged", "not_independently_verified", "no_evidence"], True, "disputed"),
    ],
)
def test_status_precedence_examples(signals: list[str], disputed: bool, status: str) -> None:
    assert status_from_text(signals, disputed) == status


def item(position: int, text: str, signals: list[str], story: int = 0) -> Item:
    return Item(position=position, story=story, text=text, signals=signals)


def test_link_disputes_links_restatements_on_both_sides() -> None:
    items = [
        item(0, "Officials said the dam at Kakhovka was intact.", ["claim"]),
        item(1, "The army claims the dam at Kakhovka was blown up by saboteurs.", ["claim"]),
        item(2, "The engineers denied the claims.", ["denial"]),
        item(3, "The army repeated that saboteurs had blown up the Kakhovka dam.", ["claim"]),
        item(4, "Water levels downstream rose by two metres.", []),
    ]
    link_disputes(items)
    assert [i.disputes for i in items] == [[], [2], [1, 3], [2], []]


def test_link_disputes_falls_back_to_a_hedged_statement() -> None:
    items = [
        item(0, "The bridge was reportedly destroyed overnight.", ["hedged"]),
        item(1, "The regional governor denied the reports.", ["claim", "denial"]),
    ]
    link_disputes(items)
    assert [i.disputes for i in items] == [[1], [0]]


def test_link_disputes_needs_an_earlier_statement() -> None:
    items = [
        item(0, "The ministry denied any strike on the hospital.", ["denial"]),
        item(1, "Hamas claims the hospital was hit by an Israeli strike.", ["claim"]),
    ]
    link_disputes(items)
    assert [i.disputes for i in items] == [[], []]


def test_link_disputes_does_not_cross_stories() -> None:
    items = [
        item(0, "Russia claims it has taken the village of Pisky.", ["claim"], story=0),
        item(1, "Ukraine denied the claims.", ["denial"], story=1),
    ]
    link_disputes(items)
    assert [i.disputes for i in items] == [[], []]


def test_denial_by_a_new_party_in_a_long_page_is_linked() -> None:
    items = analyse(
        RawBulletin(
            text="Floods closed the main road into Port Harcourt on Tuesday. Schools in the city "
            "stayed shut. Aid lorries waited at the river crossing for a second day. "
            "Sudan's army claims it has retaken the presidential palace in Khartoum. "
            "The RSF has denied the claims. "
            "Separately, a ferry sank on Lake Victoria with 30 passengers on board."
        )
    ).items
    claim, denial = items[3], items[4]
    assert claim.story == denial.story != items[5].story
    assert (claim.status, denial.status) == ("disputed", "disputed")
    assert denial.position in claim.disputes


def test_one_sentence_holds_a_claim_and_its_denial_by_another_party() -> None:
    bulletin = analyse(RawBulletin(text="Kyiv says the dam was mined, a claim Moscow denies."))
    (item,) = bulletin.items
    assert item.attributed_to == "Kyiv"
    assert item.signals[:2] == ["claim", "denial"]
    assert item.status == "disputed"


def test_a_not_verified_note_qualifies_the_claims_of_its_story() -> None:
    text = (
        "The governor of Kherson said Russian shelling had destroyed a grain terminal in the "
        "port. He said two workers were killed. Meridian Wire was not able to independently "
        "verify the reports."
    )
    items = analyse(RawBulletin(text=text, source="Meridian Wire")).items
    assert [i.status for i in items] == ["unverified", "unverified", "unverified"]
    assert items[0].signals == ["claim"]


def test_a_denial_answers_every_claim_of_its_story_it_takes_up() -> None:
    text = (
        "Kyiv's general staff said its drones had struck an ammunition depot near Lysychansk. "
        "Colonel Ivan Sirko, a spokesman for the eastern command, said the depot supplied "
        "three brigades. Oleg Marchenko, a Russian-installed official, denied that any depot "
        "had been hit and said the drones struck a grain store."
    )
    items = analyse(RawBulletin(text=text)).items
    assert items[2].signals == ["denial"]
    assert sorted(items[2].disputes) == [0, 1]
    assert [i.status for i in items] == ["disputed"] * 3


def test_a_denial_never_answers_its_own_party() -> None:
    text = (
        "The ministry said its troops had taken the hill near the river. The ministry "
        "later denied reports that its troops had withdrawn from the hill."
    )
    items = analyse(RawBulletin(text=text)).items
    assert "denial" in items[1].signals
    assert items[0].disputes == []


def test_a_heading_is_no_item_but_finds_its_story() -> None:
    text = (
        "Blasts in Zorianivka\n\nTwo explosions shook the town before dawn. "
        "Windows were blown out in three streets."
    )
    items = analyse(RawBulletin(text=text)).items
    assert items[0].text == "Two explosions shook the town before dawn."
    assert "zorianivka" in items[0].words.split()


def test_a_denial_does_not_answer_a_claim_far_back_that_it_does_not_take_up() -> None:
    text = (
        "The mayor of Izium said the bridge over the Donets had been repaired. "
        "Trains to Kharkiv ran on time. Schools reopened in the district. "
        "Shops in the centre were busy. Queues formed at the post office. "
        "The occupation administration denied that any shelling took place near Balakliia."
    )
    items = analyse(RawBulletin(text=text)).items
    assert "denial" in items[-1].signals
    assert items[0].disputes == []


def test_sentences_inside_one_quotation_take_its_speaker() -> None:
    from newsroom.text.analyse import credit_quotations

    items = [
        item(0, "“The city is holding.", []),
        item(1, "Nobody is leaving.", []),
        item(2, "We have water until Friday,” Mayor Olena Dub said.", ["claim"]),
        item(3, "Trains ran on time.", []),
    ]
    items[2].attributed_to = "Mayor Olena Dub"
    credit_quotations(items)
    assert [i.attributed_to for i in items] == ["Mayor Olena Dub"] * 3 + [None]
    assert items[1].signals == ["claim"]


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        # an untagged quotation right after a credited one continues its speaker
        (
            "“We understand the supply is meant to make up for losses,” Putin said. “This is "
            "nothing new. It doesn’t change anything in essence.”",
            ["Putin", "Putin"],  # the quotation is one item
        ),
        (
            "“We need certainty,” he said in an interview. “He must decide.”",
            [None, None],  # "he" with nobody before it: nobody, and nobody to continue
        ),
        (
            "Mayor Olena Dub said the water was back. “We have enough until Friday.”",
            ["Mayor Olena Dub", "Mayor Olena Dub"],
        ),
        (
            'Jan Egeland said he was "horrified". "We fear 12,000 civilians remain. The '
            'shelling is constant."',
            ["Jan Egeland", "Jan Egeland"],
        ),
        # not after a paragraph break, nor after a sentence that credits nobody
        (
            "Officials said the bridge was hit.\n\n“It was terrifying.”",
            ["Officials", None],
        ),
        ("The bridge collapsed at dawn. “It was terrifying.”", [None, None]),
        # nor after a sentence that introduces another person by name: the quotation may be theirs
        (
            "Police said a 72-year-old woman, Halyna Petrenko, was among the injured. “I thought "
            "it was the end.”",
            ["Police", None],
        ),
        (
            "Police said 72-year-old pensioner Halyna Petrenko was among the injured. “I "
            "thought it was the end.”",
            ["Police", None],
        ),
        (
            "Zelensky said he had spoken to a soldier who survived the assault, Serhiy Koval. "
            "“We held the line for six days.”",
            ["Zelensky", None],
        ),
        (
            "The mayor of Kyiv, Vitali Klitschko, said three people were hurt. “The shelter "
            "saved lives.”",
            ["Vitali Klitschko", "Vitali Klitschko"],
        ),
    ],
)
def test_an_untagged_quotation_continues_the_speaker_before_it(
    text: str, speakers: list[str | None]
) -> None:
    items = analyse(RawBulletin(text=text)).items
    assert [i.attributed_to for i in items] == speakers


def _linked(text: str, source: str | None = None) -> list[list[int]]:
    return [disputes for *_, disputes in read(text, source)]


@pytest.mark.parametrize(
    "text",
    [
        # the new user's examples: two places, one live blog
        "In Kharkiv, the regional governor said a missile hit a warehouse overnight.\n\n"
        "In Odesa, Russian officials denied that their navy had fired on a grain ship.",
        "Ukraine's air force said it had shot down 20 drones over Poltava. "
        "Russian officials denied that any drones had been launched at Chernihiv.",
        # siblings: other places, prepositions, tenses and languages
        "Moldova's police said a drone crashed near Ocnita on Sunday. "
        "Romanian officials denied that any debris had fallen in Tulcea.",
        "The mayor said shelling damaged a school in Nikopol. "
        "Russian-installed officials rejected reports of strikes outside Enerhodar as false.",
        "Губернатор заявил, что беспилотник упал в Курске. "
        "В Минобороны опровергли сообщения об атаке под Белгородом.",
        "Голова ОВА заявив, що ракета влучила у склад у Харкові. "
        "У Москві заперечили удар по Одесі.",
    ],
)
def test_a_denial_about_another_place_answers_no_claim(text: str) -> None:
    """A wrong link is worse than none: a denial that places its subject elsewhere than the
    claim (and does not refer back to it) disputes nothing."""
    assert all(disputes == [] for disputes in _linked(text, "Live blog"))


@pytest.mark.parametrize(
    "text",
    [
        # the same place, or a denial that names no place, still answers the claim
        "Russia said its troops had captured Bakhmut. "
        "Ukraine's military denied that the city had fallen.",
        "Russia's defence ministry said its missiles destroyed a depot near Kramatorsk. "
        "Ukraine's army denied any strike near Kramatorsk.",
        # the denier's own place is no place of the event
        "The mayor's office said a missile had struck a block in the Obolon district. "
        "The Russian embassy in Berlin said the reports were 'fake'.",
        # a denial that refers back answers what came before, whatever it names
        "Officials said a missile hit a hospital in Kherson. "
        "Moscow rejected the claims as provocation staged in Kyiv.",
    ],
)
def test_a_denial_about_the_same_place_or_none_still_answers(text: str) -> None:
    assert _linked(text)[:2] == [[1], [0]]


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        # a note that something came without evidence or could not be verified is no claim
        # a later denial answers; the claim it is about is
        (
            "Belarus's defence minister said saboteurs had crossed the border near Mozyr. "
            "He did not back the claim with evidence. "
            "Kyiv's border service called the allegation absurd.",
            0,
        ),
        (
            "Russian state television said its footage showed a captured tank near Robotyne. "
            "Analysts at a monitoring group said they could not verify the video. "
            "A Ukrainian brigade spokesman rejected the Russian account.",
            0,
        ),
    ],
)
def test_a_denial_answers_the_claim_not_the_caveat_about_it(text: str, answered: int) -> None:
    links = _linked(text)
    assert links[2] == [answered]
    assert links[1] == []


@pytest.mark.parametrize(
    "text",
    [
        "Belarus's defence minister said Russia was moving troops to Rylsk. It presented no proof.",
        "Russia's defence ministry said its forces destroyed 40 vehicles near Robotyne. "
        "The ministry gave no evidence for the figure.",
        "Separatist commander Oleg Maryin said Ukrainian forces shelled Horlivka. "
        "He offered no evidence.",
        "Глава администрации заявил, что ВСУ обстреляли Горловку. Доказательств он не привел.",
    ],
)
def test_a_note_without_evidence_leaves_the_claim_before_it_unverified(text: str) -> None:
    (_, speaker, signals, status, _), note = read(text)[:2]
    assert speaker and "claim" in signals
    assert status == "unverified"
    assert "no_evidence" in note[2]


def test_a_claim_made_without_evidence_in_its_own_sentence_qualifies_no_earlier_claim() -> None:
    items = read(
        "Ukraine's general staff said Russian troops shelled Kupiansk. "
        "Russia's defence ministry said, without providing evidence, that Ukrainian forces "
        "shelled Vovchansk."
    )
    assert items[0][3] == "claimed"
    assert items[1][3] == "unverified"


@pytest.mark.parametrize(
    "text",
    [
        "A video shared by Russian channels purports to show a downed jet near Pokrovsk.",
        "Footage that claims to show the strike on the bridge circulated on Telegram.",
        "Images purporting to show the damaged ship were posted overnight.",
    ],
)
def test_footage_that_purports_to_show_is_hedged(text: str) -> None:
    (_, _, signals, status, _), *_ = read(text)
    assert "hedged" in signals and status == "unverified"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The claim was rejected by Kyiv as false.", "Kyiv"),
        ("The report was dismissed by the Kremlin as propaganda.", "the Kremlin"),
        ("The allegation was denied by Ukraine's defence ministry.", "Ukraine's defence ministry"),
    ],
)
def test_a_passive_rejection_is_a_denial_by_its_agent(text: str, speaker: str) -> None:
    (item,) = analyse(RawBulletin(text=text, source="Test")).items
    assert item.attributed_to == speaker
    assert "denial" in item.signals


def test_a_quoted_denial_of_claims_is_a_denial_not_a_claim() -> None:
    text = (
        "The governor, Oleh Syniehubov, spoke on Monday. "
        '"They are lying," he said of Russian claims that the city had fallen.'
    )
    item = analyse(RawBulletin(text=text, source="Test")).items[-1]
    assert item.attributed_to == "Oleh Syniehubov"
    assert "denial" in item.signals and "claim" not in item.signals
    assert item.status == "disputed"


@pytest.mark.parametrize(
    "text",
    [
        "Russian forces hit an electricity substation in Sumy region, the regional "
        "administration said. Peskov rejected as false a newspaper report that Moscow was "
        "preparing a new mobilisation wave.",
        "The governor said two drones hit a grain terminal overnight. "
        "The Kremlin denied reports of a new offensive towards the border.",
        "Officials said a missile struck a rail depot. "
        "The ministry dismissed claims about troop movements as propaganda.",
        "Губернатор заявил, что ракета попала в склад. "
        "В Кремле опровергли сообщения о новой волне мобилизации.",
        "Голова ОВА заявив, що дрон влучив у склад. "
        "У Генштабі спростували повідомлення про наступ на півночі.",
    ],
)
def test_a_denial_that_carries_what_it_denies_answers_no_other_claim(text: str) -> None:
    """ "rejected a report that ..." denies the report it names, not the claim before it."""
    assert all(disputes == [] for disputes in _linked(text))


def test_a_habitual_denial_still_answers_the_accusation_before_it() -> None:
    """News copy gives a party's standing denial as its answer ("who have repeatedly denied
    targeting civilians")."""
    links = _linked(
        "The governor said a missile hit a bus station in Kramatorsk. There was no comment "
        "from Moscow, which has repeatedly denied targeting civilians."
    )
    assert links[:2] == [[1], [0]]


@pytest.mark.parametrize(
    ("text", "unverified"),
    [
        # the note names its party, or takes up the claim's words: that claim, not the nearest
        (
            "Two drones struck an energy facility in Lviv region, Governor Maksym Kozytskyi "
            "said. In Kyiv, the city military administration said debris fell on a car park. "
            "The Lviv governor gave no evidence that the drones were Iranian-made.",
            [True, False],
        ),
        (
            "The navy said it had sunk two boats near Izmail. "
            "Officials in Reni said a grain silo was damaged. "
            "The navy gave no evidence for its account of the boats.",
            [True, False],
        ),
        (
            "Губернатор Вячеслав Гладков заявил, что ВСУ обстреляли Шебекино. "
            "В Курске власти сообщили о падении беспилотника. "
            "Доказательств губернатор не предоставил.",
            [True, False],
        ),
        # a caveat about another place qualifies no claim about this one
        (
            "Three civilians were killed in shelling of Nikopol, regional head Serhiy Lysak "
            "said. Russian forces also shelled Huliaipole, officials said. Reuters could not "
            "independently verify casualty figures from Huliaipole.",
            [False, True],
        ),
    ],
)
def test_a_caveat_qualifies_the_claim_it_is_about(text: str, unverified: list[bool]) -> None:
    statuses = [status for _, _, _, status, _ in read(text)][:2]
    assert [s == "unverified" for s in statuses] == unverified


def test_a_denial_of_what_the_story_said_stays_in_its_story() -> None:
    """ "denied that Lysychansk had fallen" answers the claim before it, in a long page too."""
    items = read(
        "Russian forces claimed to have captured Lysychansk, the defence ministry in Moscow "
        "said. Ukraine's general staff denied that Lysychansk had fallen, saying fighting "
        "continued on the outskirts. Residents of Lysychansk said shelling had damaged the "
        "bread factory. Explosions shook Belgorod early on Sunday, governor Vyacheslav "
        "Gladkov said. Three people were killed in Belgorod, he said. Rescuers in Kremenchuk "
        "recovered two more bodies, regional officials said. The death toll in Kremenchuk "
        "rose to 20, the emergency service said."
    )
    assert items[0][0] == items[1][0]
    assert (items[0][4], items[1][4]) == ([1], [0])


@pytest.mark.parametrize(
    "text",
    [
        # a claim made without evidence in its own sentence qualifies no other claim
        "Kramatorsk came under a guided-bomb attack, injuring five people, said Oleksiy "
        "Hurin, head of the city military administration. Russian military bloggers claimed "
        "the strike hit a command post but offered no evidence.",
        # a statement of its own that came without evidence is no note on the claim before
        "The group staged a protest in Kyiv, organisers said. Russia's defence ministry "
        "repeated on Thursday that the site had held weapons, without offering proof.",
    ],
)
def test_a_statement_without_evidence_leaves_the_claim_before_it_alone(text: str) -> None:
    assert read(text)[0][3] == "claimed"


def test_a_party_named_in_short_is_the_same_party() -> None:
    """ "в штабе" after "оперативный штаб Краснодарского края": the headquarters does not
    deny itself."""
    items = read(
        "Пожар на НПЗ в Туапсе локализован, сообщил оперативный штаб Краснодарского края. "
        "Как отметили в штабе, причиной возгорания стало падение обломков беспилотника. "
        "Сведения о прямом попадании в установку в штабе назвали фейком."
    )
    assert items[2][2] == ["denial"]
    assert all(disputes == [] for *_, disputes in items)


@pytest.mark.parametrize(
    ("text", "denier"),
    [
        (
            "Губернатор Харьковской области заявил о гибели троих человек в Купянске, однако "
            "в Минобороны России эти данные опровергли.",
            "Минобороны России",
        ),
        (
            "Голова ОВА заявив про загибель трьох людей у Куп'янську, проте в Міноборони Росії "
            "ці дані спростували.",
            "Міноборони Росії",
        ),
    ],
)
def test_the_denier_before_a_fronted_claim_noun_is_the_second_party(text: str, denier: str) -> None:
    (item,) = analyse(RawBulletin(text=text, source="Test")).items
    assert "denial" in item.signals
    assert second_party(item.text, item.attributed_to) == denier


@pytest.mark.parametrize(
    "text",
    [
        # a month after "in" is no place
        "Russia's defence ministry claimed in March that its forces captured Bakhmut. "
        "Ukraine's military denied in April that the town had fallen.",
        # a name both mention keeps them together, wherever each says it happened
        "Russia said its troops captured Stepove in the Donetsk region. Ukraine's army "
        "denied that Stepove had fallen, saying fighting continued near Avdiivka.",
        # bare "officials" are not the same party as "Russian officials"
        "Officials claimed Russian troops shelled a school in Kherson. "
        "Russian officials denied any shelling.",
        # a claim made without evidence is still a claim a denial answers
        "Russia's defence ministry claimed, without providing evidence, that Ukrainian "
        "saboteurs carried out the attack in Bryansk. Kyiv denied it.",
    ],
)
def test_a_denial_still_answers_these_claims(text: str) -> None:
    assert _linked(text)[:2] == [[1], [0]]


@pytest.mark.parametrize(
    "text",
    [
        "Large-scale military drills were staged in Belarus on Monday.",
        "Officials said the drone was mistaken for a plane.",
    ],
)
def test_words_that_may_call_something_false_are_no_denial_here(text: str) -> None:
    assert "denial" not in read(text)[0][2]


def test_a_claim_noun_before_the_verb_is_never_the_speaker() -> None:
    (_, speaker, signals, *_), *_ = read("Данные о потерях опровергли.")
    assert speaker is None and signals == ["denial"]
