"""The ranking pool: topics with more matches than the pool are answered from the newest;
topics with more matches than can be counted cheaply say so and are ranked on their words."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsroom.answer import Answer, AnswerItem
from newsroom.query import build_query
from store.search import COUNT_LIMIT, search_items

START = datetime(2026, 3, 1, tzinfo=UTC)


def test_a_topic_with_more_matches_than_the_pool_is_ranked_among_the_newest(db, add_text) -> None:
    for day in range(12):
        add_text(
            f"Shelling hit a market in Kherson on day {day} of the siege, officials said.",
            published=START + timedelta(days=day),
        )
    found = search_items(db, build_query("Kherson"), limit=3, pool_size=5)
    assert (found.total, found.total_is_exact) == (12, True)
    days = sorted(int(row.text.split("day ")[1].split()[0]) for row in found.rows)
    assert days == [9, 10, 11]


def test_cyrillic_case_endings_find_the_latin_name(db, add_text) -> None:
    add_text("Russian forces shelled Lysychansk overnight, the governor said.")
    for inflected in ("Лисичанськом", "Лисичанську", "Лисичанська", "Лисичанске"):
        found = search_items(db, build_query(inflected), limit=5)
        assert found.total == 1, inflected


def _kherson_day(db, add_text) -> None:
    """One day of Kherson news: a passing mention, a focused sentence, a long digression."""
    add_text(
        "Officials in the region reported power cuts in several districts, queues at water "
        "points, closed schools and damaged roads, and said repairs in Kherson would take "
        "weeks. Kherson shelled again: Kherson city hit twice overnight.",
        published=START,
    )
    for n in range(6):
        add_text(
            f"Bulletin {n}: a convoy reached Kherson with food and medicine on Tuesday.",
            published=START,
        )


def test_beyond_the_count_limit_the_total_is_a_lower_bound(db, add_text) -> None:
    _kherson_day(db, add_text)
    found = search_items(db, build_query("Kherson"), limit=3, count_limit=4)
    assert (found.total, found.total_is_exact) == (4, False)
    exact = search_items(db, build_query("Kherson"), limit=3)
    assert (exact.total, exact.total_is_exact) == (8, True)


def test_beyond_the_count_limit_items_are_ranked_on_their_words_like_bm25(db, add_text) -> None:
    """The focused sentence that names the topic twice leads either way; a passing mention
    in a long sentence comes last either way."""
    _kherson_day(db, add_text)
    query = build_query("Kherson")
    by_bm25 = search_items(db, query, limit=8)
    by_words = search_items(db, query, limit=8, count_limit=2)
    assert not by_words.total_is_exact
    for found in (by_bm25, by_words):
        assert found.rows[0].text.startswith("Kherson shelled again")
        assert found.rows[-1].text.startswith("Officials in the region")


FILLER = (
    "residents said queues formed at water points while repair crews worked through the night "
    "to restore heating and power across several districts of the region"
).split()


def test_the_words_ranking_orders_the_top_items_as_fts5_bm25_does(db, add_text) -> None:
    """Thirty items of different lengths naming the topic once to three times, all from one
    day and all matching (so FTS5's average length is the pool's): the top ten agree."""
    for n in range(30):
        mentions = 1 + n % 3
        filler = " ".join(FILLER[: 3 + (n * 7) % len(FILLER)])
        add_text(
            f"Report {n}: " + " and ".join(["Kherson"] * mentions) + f" again, as {filler}.",
            published=START,
        )
    query = build_query("Kherson")
    by_bm25 = search_items(db, query, limit=10)
    by_words = search_items(db, query, limit=10, count_limit=5)
    assert (by_bm25.total_is_exact, by_words.total_is_exact) == (True, False)
    assert [row.id for row in by_words.rows] == [row.id for row in by_bm25.rows]


def _answer(total: int, *, exact: bool = True) -> Answer:
    items = [
        AnswerItem(
            id=n,
            bulletin_id=n,
            text="A convoy reached Kherson.",
            source="Test Wire",
            published=START,
            url=None,
            attributed_to=None,
            signals=[],
            status="reported",
        )
        for n in range(3)
    ]
    return Answer(
        topic="Kherson", total=total, total_is_exact=exact, headline="", summary=[], items=items
    )


def test_the_count_line_says_more_than_when_the_total_is_a_lower_bound() -> None:
    assert _answer(3).count_line() == "3 matching statements"
    assert _answer(1_234).count_line() == "3 of 1,234 matching statements shown"
    capped = _answer(COUNT_LIMIT, exact=False)
    assert capped.count_line() == f"3 of more than {COUNT_LIMIT:,} matching statements shown"
