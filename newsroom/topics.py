"""The most active topics: names found in the most bulletins over recent days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from store import search
from store.bulletins import day_number

ACTIVE_DAYS = 7


@dataclass
class ActiveTopics:
    """Topics with their bulletin counts, and the window they were counted over."""

    topics: list[tuple[str, int]]
    start: datetime | None
    end: datetime | None
    recent: bool
    """False when nothing arrived in the last days and the window is the newest news."""


def active_topics(
    db: Database, *, days: int = ACTIVE_DAYS, now: datetime | None = None, limit: int = 8
) -> ActiveTopics:
    """Names recurring in the most bulletins of the last ``days`` days.

    When the database holds nothing that recent (an archive, the demo), the window is the
    ``days`` days up to its newest bulletin instead, and ``recent`` says so.
    """
    now = now or datetime.now(UTC)
    since = now - timedelta(days=days)
    topics = search.active_names(db, since_day=day_number(since), limit=limit)
    if topics:
        return ActiveTopics(topics, since, now, recent=True)
    newest = search.latest_day(db)
    if newest is None:
        return ActiveTopics([], None, None, recent=False)
    end = datetime.fromtimestamp(newest * 86400, UTC)
    start = end - timedelta(days=days)
    return ActiveTopics(
        search.active_names(db, since_day=day_number(start), limit=limit), start, end, recent=False
    )
