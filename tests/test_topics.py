"""The most active topics (newsroom.topics): names recurring across bulletins."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlite_utils import Database

from newsroom.topics import active_topics
from store.bulletins import add_bulletins
from tests.conftest import make_bulletin

NOW = datetime(2027, 4, 3, 12, tzinfo=UTC)


def test_an_outlet_naming_itself_is_no_topic(db: Database) -> None:
    """ "Meridian Wire could not verify ..." in Meridian Wire's own bulletins names the
    outlet, not a topic; another outlet naming it is still a mention."""
    for hour, place in enumerate(("Kupiansk", "Izium", "Balakliia")):
        add_bulletins(
            db,
            [
                make_bulletin(
                    f"Officials in {place} said a drone struck a depot. Meridian Wire could "
                    "not independently verify the claim.",
                    source="Meridian Wire",
                    published=f"2027-04-03T0{hour}:00:00Z",
                )
            ],
        )
    names = [name for name, _ in active_topics(db, now=NOW).topics]
    assert "Meridian Wire" not in names and "Kupiansk" in names

    add_bulletins(
        db,
        [
            make_bulletin(
                "Meridian Wire reported a strike on Kupiansk, citing officials.",
                source="Harbour Times",
                published="2027-04-03T05:00:00Z",
            )
        ],
    )
    counts = dict(active_topics(db, now=NOW).topics)
    assert counts.get("Meridian Wire") == 1
