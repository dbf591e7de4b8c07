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
            "(3 items: 2 disputed, 1 reported)",
            id="claim-and-denial",
        ),
        pytest.param(
            [DENIAL, CLAIM],
            "Disputed: a claim by Russia is denied by Ukraine’s defence ministry. "
            "(2 items: 2 disputed)",
            id="denial-listed-first",
        ),
        pytest.param(
            [answer_item(1, "disputed", "Hamas", ("claim",), (9,))],
            "Disputed: a claim by Hamas is contested. (1 item: 1 disputed)",
            id="denial-not-in-the-answer",
        ),
        pytest.param(
            [
                answer_item(1, "disputed", "The RSF", ("claim",), (2,)),
                answer_item(2, "disputed", None, ("denial",), (1,)),
            ],
            "Disputed: a claim by The RSF is contested. (2 items: 2 disputed)",
            id="unattributed-denial",
        ),
        pytest.param(
            [answer_item(1, "disputed", "Kigali", ("denial",)), answer_item(2, "claimed", "M23")],
            "Disputed: denials are on record. (2 items: 1 disputed, 1 claimed)",
            id="denial-only",
        ),
        pytest.param(
            [
                answer_item(1, "unverified", None, ("hedged",)),
                answer_item(2, "unverified", "the army", ("claim", "no_evidence")),
                answer_item(3, "reported"),
            ],
            "Unverified: most reports are hedged or not independently verified. "
            "(3 items: 2 unverified, 1 reported)",
            id="mostly-unverified",
        ),
        pytest.param(
            [
                answer_item(1, "unverified", None, ("not_independently_verified",)),
                answer_item(2, "reported"),
            ],
            "Unverified: most reports are hedged or not independently verified. "
            "(2 items: 1 unverified, 1 reported)",
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
            "(4 items: 1 unverified, 1 claimed, 2 reported)",
            id="a-claim-among-reports",
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
            "2 more. (6 items: 6 claimed)",
            id="many-parties",
        ),
        pytest.param(
            [
                answer_item(1, "reported", source="Reuters"),
                answer_item(2, "corroborated", source="AP"),
                answer_item(3, "reported", source="Reuters"),
            ],
            "Reported by Reuters, AP; no claims or denials on record. "
            "(3 items: 1 corroborated, 2 reported)",
            id="reported",
        ),
        pytest.param(
            [answer_item(1, "reported", source="AFP")],
            "Reported by AFP; no claims or denials on record. (1 item: 1 reported)",
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
