"""The answer's headline and quoted summary (newsroom.answer)."""

from datetime import UTC, datetime

import pytest

from newsroom.answer import AnswerItem, build_answer, headline, summarise


def answer_item(
    id: int,
    status: str,
    attributed_to: str | None = None,
    signals: tuple[str, ...] = (),
    disputes: tuple[int, ...] = (),
    source: str = "Wire",
    text: str | None = None,
    published: datetime | None = None,
    bulletin_id: int = 1,
    matched: bool = True,
) -> AnswerItem:
    return AnswerItem(
        id=id,
        bulletin_id=bulletin_id,
        text=text or f"Statement number {id}.",
        source=source,
        published=published,
        url=None,
        attributed_to=attributed_to,
        signals=list(signals),
        status=status,
        disputes=list(disputes),
        matched=matched,
    )


CLAIM = answer_item(1, "disputed", "Russia", ("claim",), (2,))
DENIAL = answer_item(2, "disputed", "Ukraine’s defence ministry", ("denial",), (1,))


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            [CLAIM, DENIAL, answer_item(3, "reported")],
            "Disputed: a claim by Russia is denied by Ukraine’s defence ministry. "
            "(3 matching statements: 2 disputed, 1 reported)",
            id="claim-and-denial",
        ),
        pytest.param(
            [DENIAL, CLAIM],
            "Disputed: a claim by Russia is denied by Ukraine’s defence ministry. "
            "(2 matching statements: 2 disputed)",
            id="denial-listed-first",
        ),
        pytest.param(
            [answer_item(1, "disputed", "Hamas", ("claim",), (9,))],
            "Disputed: a claim by Hamas is contested. (1 matching statement: 1 disputed)",
            id="denial-not-in-the-answer",
        ),
        pytest.param(
            [
                answer_item(1, "disputed", "The RSF", ("claim",), (2,)),
                answer_item(2, "disputed", None, ("denial",), (1,)),
            ],
            "Disputed: a claim by The RSF is contested. (2 matching statements: 2 disputed)",
            id="unattributed-denial",
        ),
        pytest.param(
            [answer_item(1, "disputed", "Kigali", ("denial",)), answer_item(2, "claimed", "M23")],
            "Disputed: a claim is denied by Kigali. (2 matching statements: 1 disputed, 1 claimed)",
            id="denial-only",
        ),
        pytest.param(
            [
                answer_item(1, "unverified", None, ("hedged",)),
                answer_item(2, "unverified", "the army", ("claim", "no_evidence")),
                answer_item(3, "reported"),
            ],
            "Unverified: most reports are hedged or not independently verified. "
            "(3 matching statements: 2 unverified, 1 reported)",
            id="mostly-unverified",
        ),
        pytest.param(
            [
                answer_item(1, "unverified", None, ("not_independently_verified",)),
                answer_item(2, "reported"),
            ],
            "Unverified: most reports are hedged or not independently verified. "
            "(2 matching statements: 1 unverified, 1 reported)",
            id="half-unverified",
        ),
        pytest.param(
            [
                answer_item(1, "unverified", None, ("hedged",)),
                answer_item(2, "claimed", "Hamas", ("claim",)),
                answer_item(3, "reported"),
                answer_item(4, "reported"),
            ],
            "Claimed, not confirmed: statements credited to Hamas. "
            "(4 matching statements: 1 unverified, 1 claimed, 2 reported)",
            id="a-claim-among-reports",
        ),
        pytest.param(
            [
                answer_item(1, "claimed", "the army", ("claim",)),
                answer_item(2, "claimed", "the Russian army", ("claim",)),
                answer_item(3, "claimed", "officials", ("claim",)),
                answer_item(4, "claimed", "Ukrainian officials", ("claim",)),
                answer_item(5, "claimed", "RIA", ("claim",)),
                answer_item(6, "claimed", "Syria's foreign ministry", ("claim",)),
            ],
            "Claimed, not confirmed: statements credited to the army, the Russian army, "
            "officials and 3 more. (6 matching statements: 6 claimed)",
            id="a-name-added-makes-another-party",
        ),
        pytest.param(
            [
                answer_item(1, "claimed", "Hamas", ("claim",)),
                answer_item(2, "claimed", "the IDF", ("claim",)),
                answer_item(3, "claimed", "Hamas", ("claim",)),
                answer_item(4, "claimed", "UN officials", ("claim",)),
                answer_item(5, "claimed", "Qatar's foreign ministry", ("claim",)),
                answer_item(6, "claimed", "Egypt", ("claim",)),
            ],
            "Claimed, not confirmed: statements credited to Hamas, the IDF, UN officials and "
            "2 more. (6 matching statements: 6 claimed)",
            id="many-parties",
        ),
        pytest.param(
            [
                answer_item(1, "claimed", "the international monitors at the site", ("claim",)),
                answer_item(2, "claimed", "Maksym Tereshchenko", ("claim",)),
                answer_item(
                    3, "claimed", "the international monitors stationed at the site", ("claim",)
                ),
            ],
            "Claimed, not confirmed: statements credited to the international monitors at the "
            "site and Maksym Tereshchenko. (3 matching statements: 3 claimed)",
            id="one-party-written-two-ways-is-named-once",
        ),
        pytest.param(
            [
                answer_item(1, "claimed", "Hamas", ("claim",)),
                answer_item(2, "claimed", "the IDF", ("claim",)),
                answer_item(3, "claimed", "UN officials", ("claim",)),
            ],
            "Claimed, not confirmed: statements credited to Hamas, the IDF and UN officials. "
            "(3 matching statements: 3 claimed)",
            id="three-parties",
        ),
        pytest.param(
            [
                answer_item(1, "reported", source="Reuters"),
                answer_item(2, "corroborated", source="AP"),
                answer_item(3, "reported", source="Reuters"),
            ],
            "Reported by Reuters and AP; no claims or denials on record. "
            "(3 matching statements: 1 corroborated, 2 reported)",
            id="reported",
        ),
        pytest.param(
            [answer_item(1, "reported", source="AFP")],
            "Reported by AFP; no claims or denials on record. (1 matching statement: 1 reported)",
            id="one-report",
        ),
    ],
)
def test_headline(items: list[AnswerItem], expected: str) -> None:
    assert headline(items) == expected


@pytest.mark.parametrize(
    "items",
    [
        [CLAIM, DENIAL],
        [answer_item(1, "claimed", "Hamas", ("claim",)), answer_item(2, "reported")],
        [answer_item(1, "unverified", None, ("hedged",))],
    ],
)
def test_a_claim_is_never_headlined_as_a_fact(items: list[AnswerItem]) -> None:
    assert not headline(items).startswith("Reported by")


def test_nothing_found() -> None:
    answer = build_answer("Sake", 0, [], ["Goma"])
    assert answer.headline == "Nothing found about Sake."
    assert answer.summary == [] and answer.items == [] and answer.total == 0
    assert answer.suggestions == ["Goma"]


def when(hour: int) -> datetime:
    return datetime(2024, 2, 7, hour, tzinfo=UTC)


def test_summary_quotes_claim_with_denial_in_time_order() -> None:
    items = [
        answer_item(
            10,
            "disputed",
            "Rebels",
            ("claim",),
            (11,),
            text="Rebels claim they have taken the town of Sake, west of Goma.",
            published=when(9),
        ),
        answer_item(
            12,
            "claimed",
            "Aid groups",
            ("claim",),
            text="Aid groups said thousands had fled Sake towards Goma.",
            published=when(8),
            bulletin_id=2,
        ),
        answer_item(
            11,
            "disputed",
            "Congo's army",
            ("denial",),
            (10,),
            text="Congo's army denied the claims, saying it still held the town.",
            published=when(9),
        ),
        answer_item(
            13,
            "reported",
            text="Fighting around Sake has closed the main road to Goma.",
            published=when(7),
            bulletin_id=3,
        ),
        answer_item(
            14,
            "reported",
            text="The UN said it was moving staff out of Sake.",
            published=None,
            bulletin_id=4,
        ),
    ]
    summary = summarise(items)
    ids = [sentence.item_id for sentence in summary]
    assert 2 <= len(ids) <= 5
    assert 10 in ids and 11 in ids
    assert ids.index(11) == ids.index(10) + 1  # same time and bulletin: item order
    by_id = {item.id: item for item in items}
    for sentence in summary:
        item = by_id[sentence.item_id]
        assert (sentence.text, sentence.source, sentence.published) == (
            item.text,
            item.source,
            item.published,
        )
    times = [s.published for s in summary]
    dated = [t for t in times if t is not None]
    assert dated == sorted(dated)
    assert times[len(dated) :] == [None] * (len(times) - len(dated))


def test_build_answer_fills_headline_and_summary() -> None:
    answer = build_answer("Lysychansk", 7, [CLAIM, DENIAL], [])
    assert answer.total == 7
    assert answer.headline.startswith("Disputed: a claim by Russia is denied by")
    assert [s.item_id for s in answer.summary] == [1, 2]
    dumped = answer.model_dump(mode="json")
    assert "disputes" not in dumped["items"][0]
    assert "suggestions" not in dumped


# --- counts: the matching statements the headline is about ---------------------------------

CONTEXT_DENIAL = answer_item(
    2, "disputed", "Ukraine’s defence ministry", ("denial",), (1,), matched=False
)


@pytest.mark.parametrize(
    ("items", "total", "exact", "counts"),
    [
        pytest.param([CLAIM, CONTEXT_DENIAL], None, True, "(1 matching statement: 1 disputed)"),
        pytest.param(
            [CLAIM, CONTEXT_DENIAL, answer_item(3, "reported")],
            2,
            True,
            "(2 matching statements: 1 disputed, 1 reported)",
            id="context-not-counted",
        ),
        pytest.param(
            [CLAIM, CONTEXT_DENIAL, answer_item(3, "reported")],
            143,
            True,
            "(2 of 143 matching statements: 1 disputed, 1 reported)",
            id="the-best-of-many",
        ),
        pytest.param(
            [CLAIM, CONTEXT_DENIAL],
            10_000,
            False,
            "(1 of more than 10,000 matching statements: 1 disputed)",
            id="past-counting",
        ),
    ],
)
def test_the_headline_counts_matching_statements_only(
    items: list[AnswerItem], total: int | None, exact: bool, counts: str
) -> None:
    line = headline(items, total, total_is_exact=exact)
    assert line.startswith("Disputed: a claim by Russia is denied by Ukraine’s defence ministry.")
    assert line.endswith(" " + counts)


@pytest.mark.parametrize(
    ("items", "expected"),
    [
        pytest.param(
            [
                answer_item(2, "disputed", "Kyiv", ("denial",), (1,)),
                answer_item(1, "disputed", "Moscow", ("claim",), (2,), matched=False),
            ],
            "Disputed: a claim by Moscow is denied by Kyiv.",
            id="a-matching-denial-names-its-claimant",
        ),
        pytest.param(
            [
                answer_item(1, "disputed", "Artyom Sedykh", ("claim",), (2,)),
                answer_item(2, "disputed", "Sedykh", ("denial",), (1,)),
            ],
            "Disputed: a claim by Artyom Sedykh is contested.",
            id="a-claimant-never-denies-himself",
        ),
        pytest.param(
            [
                answer_item(1, "disputed", "Kyiv", ("claim",), (2, 3)),
                answer_item(2, "disputed", "Kyiv", ("claim",), (1,)),
                answer_item(3, "disputed", "Moscow", ("denial",), (1,)),
            ],
            "Disputed: a claim by Kyiv is denied by Moscow.",
            id="the-denier-is-the-party-of-a-denial",
        ),
        pytest.param(
            [
                answer_item(1, "claimed", "Hamas", ("claim",)),
                answer_item(2, "claimed", None, ("claim",)),
                answer_item(3, "claimed", "hamas", ("claim",)),
                answer_item(4, "claimed", "Egypt", ("claim",), matched=False),
            ],
            "Claimed, not confirmed: statements credited to Hamas.",
            id="parties-of-matching-statements-once-each",
        ),
    ],
)
def test_the_headline_names_the_parties(items: list[AnswerItem], expected: str) -> None:
    assert headline(items).startswith(expected + " (")


def test_build_answer_headlines_what_it_summarises_not_what_it_lists() -> None:
    listed = [CLAIM, CONTEXT_DENIAL]
    summarised = [CLAIM, CONTEXT_DENIAL, answer_item(3, "reported", text="Kyiv was calm.")]
    answer = build_answer("Kyiv", 2, listed, [], summarised=summarised)
    assert answer.headline.endswith("(2 matching statements: 1 disputed, 1 reported)")
    assert answer.items == listed
    assert answer.count_line() == "1 of 2 matching statements shown, 1 more shown as context"
