"""The digest fires once per local date across summer-time changes, in five kinds of zone.

A fake clock walks over the change days: the schedule's own trigger says when to fire, the
digest is posted through the real client to the Slack stand-in, and the process is
"restarted" (a new schedule catching up) at moments chosen to tempt a second post.
"""

from __future__ import annotations

import logging
import time as wall_time
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlite_utils import Database

from bench.reliability.digest import change_days, local_dates, posted_dates, run_days
from bot.app import build_client
from bot.scheduler import JOB_ID, DigestSchedule, start_scheduler
from bot.settings import Settings
from newsroom.local_time import due_date, due_instant, next_due
from tests.support.digest_data import utc
from tests.support.slack_standin import SlackStandIn
from tests.test_digest_schedule import CHANNEL, make_settings, standin

__all__ = ["standin"]  # the stand-in fixture, shared with the schedule tests

KYIV, LA, SYDNEY, LONDON = (
    "Europe/Kyiv",
    "America/Los_Angeles",
    "Australia/Sydney",
    "Europe/London",
)
SANTIAGO, TEHRAN = "America/Santiago", "Asia/Tehran"


# ---------------------------------------------------------------------- the due instants


@pytest.mark.parametrize(
    ("zone", "day", "clock", "expected_local"),
    [
        # The cases: midnight the day after Kyiv's change, a skipped 02:30 in LA.
        (KYIV, date(2022, 3, 28), (0, 0), "2022-03-28T00:00:00+03:00"),
        (KYIV, date(2022, 3, 27), (0, 0), "2022-03-27T00:00:00+02:00"),
        (KYIV, date(2022, 3, 27), (3, 30), "2022-03-27T04:00:00+03:00"),  # skipped: 04:00
        (LA, date(2021, 3, 14), (2, 30), "2021-03-14T03:00:00-07:00"),
        (LA, date(2022, 3, 13), (2, 30), "2022-03-13T03:00:00-07:00"),
        (LA, date(2022, 3, 14), (2, 30), "2022-03-14T02:30:00-07:00"),
        # Times that occur twice: the first occurrence.
        (LA, date(2021, 11, 7), (1, 30), "2021-11-07T01:30:00-07:00"),
        (KYIV, date(2022, 10, 30), (3, 30), "2022-10-30T03:30:00+03:00"),
        (LONDON, date(2022, 10, 30), (1, 0), "2022-10-30T01:00:00+01:00"),
        (LONDON, date(2022, 3, 27), (1, 15), "2022-03-27T02:00:00+01:00"),
        # Southern hemisphere: summer ends in April, starts in October.
        (SYDNEY, date(2022, 4, 3), (2, 30), "2022-04-03T02:30:00+11:00"),
        (SYDNEY, date(2022, 10, 2), (2, 30), "2022-10-02T03:00:00+11:00"),
        # Changes at midnight: the day starts at 01:00, or 23:00 happens twice.
        (SANTIAGO, date(2022, 9, 11), (0, 0), "2022-09-11T01:00:00-03:00"),
        (SANTIAGO, date(2022, 4, 2), (23, 30), "2022-04-02T23:30:00-03:00"),
        (TEHRAN, date(2022, 3, 22), (0, 0), "2022-03-22T01:00:00+04:30"),
        (TEHRAN, date(2022, 9, 21), (23, 45), "2022-09-21T23:45:00+04:30"),
    ],
)
def test_due_instant_across_changes(
    zone: str, day: date, clock: tuple[int, int], expected_local: str
) -> None:
    instant = due_instant(day, clock, zone)
    assert instant.tzinfo is UTC
    assert instant.astimezone(ZoneInfo(zone)).isoformat() == expected_local
    assert due_date(instant, clock, zone) == day
    assert due_date(instant - timedelta(seconds=1), clock, zone) == day - timedelta(days=1)
    assert next_due(instant - timedelta(seconds=1), clock, zone) == instant


# ---------------------------------------------------------------------- the fake clock
# The fake clock's walk (bench.reliability.digest.run_days) is the bench's own, run here small.


CHANGE_DAYS = [
    (KYIV, "00:00", "2022-03-25", "2022-03-31"),
    (KYIV, "03:30", "2022-10-28", "2022-11-01"),
    (LA, "02:30", "2021-03-12", "2021-03-16"),
    (LA, "02:30", "2022-03-11", "2022-03-16"),
    (LA, "01:30", "2021-11-05", "2021-11-09"),
    (SYDNEY, "02:30", "2022-04-01", "2022-04-05"),
    (SYDNEY, "02:30", "2022-09-30", "2022-10-04"),
    (LONDON, "01:30", "2022-03-25", "2022-03-29"),
    (LONDON, "01:30", "2022-10-28", "2022-11-01"),
    (SANTIAGO, "00:00", "2022-09-09", "2022-09-13"),
    (SANTIAGO, "23:30", "2022-03-31", "2022-04-04"),
    (TEHRAN, "00:00", "2022-03-20", "2022-03-24"),
    (TEHRAN, "23:30", "2022-09-19", "2022-09-23"),
]


@pytest.mark.parametrize(("zone", "clock", "first", "last"), CHANGE_DAYS)
def test_one_digest_per_local_date_over_the_changes(
    db: Database, db_path: Path, standin: SlackStandIn, zone: str, clock: str, first: str, last: str
) -> None:
    settings = make_settings(db_path, standin, wiredesk_timezone=zone, wiredesk_digest_time=clock)
    schedule = DigestSchedule(settings, build_client(settings))
    start, end = utc(f"{first}T12:00"), utc(f"{last}T12:00")
    # Restarts a minute after each fire time within the window (the catch-up finds it posted)
    # and in the middle of every change night.
    hours = settings.digest_clock
    due = [due_instant(d, hours, zone) for d in local_dates(zone, start, end, hours)]
    restarts = {moment + timedelta(minutes=1) for moment in due}
    restarts |= {moment + timedelta(hours=h) for moment in due for h in (-2, 3)}

    fired, restarted = run_days(schedule, start, end, step=timedelta(minutes=7), restarts=restarts)

    expected = local_dates(zone, start, end, hours)
    assert len(expected) >= 4 and restarted >= len(expected)
    assert fired == due
    assert [f.astimezone(ZoneInfo(zone)).date() for f in fired] == expected
    assert posted_dates(standin) == Counter(expected)
    posted = db.execute("SELECT date FROM digests WHERE posted_at IS NOT NULL ORDER BY date")
    assert [row[0] for row in posted] == [d.isoformat() for d in expected]


def test_a_clock_time_never_skipped_lands_at_its_own_time(
    db: Database, db_path: Path, standin: SlackStandIn
) -> None:
    # Sibling case: 12:00 is untouched by any change; every fire is at exactly 12:00 local.
    settings = make_settings(
        db_path, standin, wiredesk_timezone=SYDNEY, wiredesk_digest_time="12:00"
    )
    schedule = DigestSchedule(settings, build_client(settings))
    fired, _ = run_days(
        schedule, utc("2022-09-28T00:00"), utc("2022-10-06T00:00"), step=timedelta(hours=1)
    )
    assert len(fired) == 8
    assert {f.astimezone(ZoneInfo(SYDNEY)).time() for f in fired} == {time(12, 0)}


# ---------------------------------------------------------------------- a digest missed live


def test_a_digest_missed_while_running_is_logged_when_missed(
    db: Database, db_path: Path, standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    # The bot was busy (or the machine asleep) for seven hours past a due time: APScheduler
    # finds the run time beyond the six-hour grace and the schedule says so at once.
    zone = ZoneInfo(KYIV)
    local = datetime.now(UTC).astimezone(zone) + timedelta(hours=12)
    settings = make_settings(
        db_path, standin, wiredesk_digest_time=f"{local.hour:02d}:{local.minute:02d}"
    )
    with caplog.at_level(logging.INFO, logger="wiredesk.digest"):
        scheduler = start_scheduler(settings, build_client(settings))
        assert scheduler is not None
        try:
            late = datetime.now(UTC) - timedelta(hours=7)
            scheduler.modify_job(JOB_ID, next_run_time=late)
            scheduler.wakeup()
            deadline = wall_time.monotonic() + 5
            while "busy or asleep" not in caplog.text and wall_time.monotonic() < deadline:
                wall_time.sleep(0.05)
        finally:
            scheduler.shutdown(wait=True)
    [missed] = [r for r in caplog.records if "busy or asleep" in r.getMessage()]
    assert missed.levelno == logging.WARNING
    assert late.astimezone(zone).isoformat() in missed.getMessage()
    assert "WIREDESK_DIGEST_GRACE_HOURS" in missed.getMessage()
    assert standin.calls("chat.postMessage") == []


def test_the_scheduler_uses_the_once_a_date_trigger(db_path: Path, standin: SlackStandIn) -> None:
    settings: Settings = make_settings(db_path, standin, wiredesk_digest_grace_hours=0)
    scheduler = start_scheduler(settings, build_client(settings))
    assert scheduler is not None
    try:
        trigger = scheduler.get_job(JOB_ID).trigger
        # Kyiv's 28 March 2022 at midnight, which APScheduler's CronTrigger skipped.
        assert str(trigger) == "daily at 08:00 Europe/Kyiv"
        settings_midnight = make_settings(db_path, standin, wiredesk_digest_time="00:00")
        midnight = DigestSchedule(settings_midnight, build_client(settings_midnight)).trigger()
        first = midnight.get_next_fire_time(None, utc("2022-03-26T12:00"))
        second = midnight.get_next_fire_time(first, first)
        third = midnight.get_next_fire_time(second, second)
        assert [f.astimezone(ZoneInfo(KYIV)).isoformat() for f in (first, second, third)] == [
            "2022-03-27T00:00:00+02:00",
            "2022-03-28T00:00:00+03:00",
            "2022-03-29T00:00:00+03:00",
        ]
    finally:
        scheduler.shutdown(wait=True)
    assert CHANNEL


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        (KYIV, [date(2022, 3, 27), date(2022, 10, 30)]),
        (SYDNEY, [date(2022, 4, 3), date(2022, 10, 2)]),
        (SANTIAGO, [date(2022, 4, 2), date(2022, 9, 11)]),
        (TEHRAN, [date(2022, 3, 22), date(2022, 9, 21)]),
        ("UTC", []),
    ],
)
def test_the_bench_finds_each_change_day(zone: str, expected: list[date]) -> None:
    assert change_days(zone, 2022) == expected
