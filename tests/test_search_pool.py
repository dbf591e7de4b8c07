"""The ranking pool: topics with more matches than the pool are answered from the newest."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsroom.query import build_query
from store.search import search_items


def test_a_topic_with_more_matches_than_the_pool_is_ranked_among_the_newest(db, add_text) -> None:
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for day in range(12):
        add_text(
            f"Shelling hit a market in Kherson on day {day} of the siege, officials said.",
            published=start + timedelta(days=day),
        )
    total, rows = search_items(db, build_query("Kherson").fts, limit=3, pool_size=5)
    assert total == 12
    days = sorted(int(row.text.split("day ")[1].split()[0]) for row in rows)
    assert days == [9, 10, 11]


def test_cyrillic_case_endings_find_the_latin_name(db, add_text) -> None:
    add_text("Russian forces shelled Lysychansk overnight, the governor said.")
    for inflected in ("Лисичанськом", "Лисичанську", "Лисичанська", "Лисичанске"):
        total, _ = search_items(db, build_query(inflected).fts, limit=5)
        assert total == 1, inflected
