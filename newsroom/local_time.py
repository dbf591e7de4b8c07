"""A daily wall-clock time in a time zone, as instants, whatever the summer-time changes.

A date's due instant is the first instant at which the zone's clock reads that date and a
time at or after the wanted one: an ordinary time is itself; a time skipped by a change
(02:30 in Los Angeles on 14 March 2021) is the first instant after the gap (03:00 PDT); a
time that occurs twice (01:30 in Los Angeles on 7 November 2021) is its first occurrence.
So every local date has exactly one due instant, and they only ever increase.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_SECOND = timedelta(seconds=1)


def due_instant(day: date, clock: tuple[int, int], zone: str) -> datetime:
    """The instant (UTC) at which ``clock`` (hour, minute) is first reached on ``day`` in
    ``zone``. Raises ``zoneinfo.ZoneInfoNotFoundError`` for an unknown zone."""
    tz = ZoneInfo(zone)
    wall = datetime.combine(day, time(*clock))
    early, late = sorted(wall.replace(tzinfo=tz, fold=fold).astimezone(UTC) for fold in (0, 1))
    if _wall(early, tz) == wall:
        return early  # the time exists (its first occurrence when it repeats)
    # Skipped by a change: the clock reads before the wanted time at ``early`` and after it
    # at ``late``; the change itself lies between them, on a whole second.
    while late - early > _SECOND:
        middle = early + (late - early) / 2
        middle = middle.replace(microsecond=0)
        if _wall(middle, tz) >= wall:
            late = middle
        else:
            early = middle
    return late


def due_date(now: datetime, clock: tuple[int, int], zone: str) -> date:
    """The local date whose due instant is the latest at or before ``now``."""
    today = now.astimezone(ZoneInfo(zone)).date()
    for day in (today, today - timedelta(days=1)):
        if due_instant(day, clock, zone) <= now:
            return day
    return today - timedelta(days=2)  # unreachable while a day's instant falls on its date


def next_due(after: datetime, clock: tuple[int, int], zone: str) -> datetime:
    """The first due instant strictly after ``after``."""
    day = after.astimezone(ZoneInfo(zone)).date() - timedelta(days=1)
    while (instant := due_instant(day, clock, zone)) <= after:
        day += timedelta(days=1)
    return instant


def _wall(instant: datetime, tz: ZoneInfo) -> datetime:
    return instant.astimezone(tz).replace(tzinfo=None)
