"""When the digest is due, catching up after downtime, and the scheduler inside `wiredesk run`.

Time is passed in by the tests: nothing sleeps until 08:00.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from apscheduler.triggers.cron import CronTrigger
from slack_sdk import WebClient
from sqlite_utils import Database

from bot.app import build_client
from bot.scheduler import DigestSchedule, start_scheduler
from bot.settings import Settings
from store.digest import digest_record
from tests.support.digest_data import UKRAINE, add_corpus, utc
from tests.support.slack_standin import SlackStandIn

CHANNEL = "C0DIGEST"
KYIV = "Europe/Kyiv"


@pytest.fixture
def standin() -> Iterator[SlackStandIn]:
    with SlackStandIn() as server:
        yield server


def make_settings(db_path: Path, standin: SlackStandIn, **fields: object) -> Settings:
    values = {
        "slack_bot_token": "xoxb-test",
        "slack_api_url": standin.api_url,
        "wiredesk_db": str(db_path),
        "wiredesk_digest_channel": CHANNEL,
        "wiredesk_timezone": KYIV,
        **fields,
    }
    return Settings(_env_file=None, **values)


@pytest.fixture
def schedule(db: Database, db_path: Path, standin: SlackStandIn) -> DigestSchedule:
    """08:00 in Kyiv, six hours' grace, over the Ukraine bulletins of 3 July 2022."""
    add_corpus(db, UKRAINE)
    settings = make_settings(db_path, standin)
    return DigestSchedule(settings, build_client(settings))


def posts(standin: SlackStandIn) -> list:
    return standin.calls("chat.postMessage")


# ---------------------------------------------------------------------- when it is due


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        # 08:00 in Kyiv is 06:00 UTC in winter and 05:00 UTC in summer.
        ("2022-01-10T03:00", KYIV, "2022-01-10T06:00"),
        ("2022-07-04T03:00", KYIV, "2022-07-04T05:00"),
        ("2022-07-04T05:01", KYIV, "2022-07-05T05:00"),
        # Across the clock changes: the day after a change is due at the new offset.
        ("2022-03-26T07:00", KYIV, "2022-03-27T05:00"),
        ("2022-10-29T07:00", KYIV, "2022-10-30T06:00"),
        ("2022-07-04T03:00", "America/New_York", "2022-07-04T12:00"),
        ("2022-11-05T13:00", "America/New_York", "2022-11-06T13:00"),
        ("2022-07-04T03:00", "UTC", "2022-07-04T08:00"),
    ],
)
def test_next_due_in_the_configured_zone(
    db_path: Path, standin: SlackStandIn, now: str, zone: str, expected: str
) -> None:
    settings = make_settings(db_path, standin, wiredesk_timezone=zone)
    schedule = DigestSchedule(settings, WebClient())
    assert schedule.next_due(utc(now)) == utc(expected)


def test_next_due_at_another_time(db_path: Path, standin: SlackStandIn) -> None:
    settings = make_settings(db_path, standin, wiredesk_digest_time="18:30")
    schedule = DigestSchedule(settings, WebClient())
    assert schedule.next_due(utc("2022-07-04T16:00")) == utc("2022-07-05T15:30")
    assert schedule.last_due(utc("2022-07-04T16:00")) == utc("2022-07-04T15:30")


def test_the_trigger_fires_daily_at_local_time(schedule: DigestSchedule) -> None:
    trigger = schedule.trigger()
    fired, moment = [], utc("2022-10-28T12:00")
    for _ in range(3):
        moment = trigger.get_next_fire_time(None, moment + timedelta(seconds=1))
        fired.append(moment)
    assert fired == [utc("2022-10-29T05:00"), utc("2022-10-30T06:00"), utc("2022-10-31T06:00")]
    assert {f.astimezone(ZoneInfo(KYIV)).time() for f in fired} == {time(8, 0)}


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        ("2022-07-04T05:00", "2022-07-04T05:00"),  # at 08:00 Kyiv
        ("2022-07-04T04:59", "2022-07-03T05:00"),  # a minute before
        ("2022-07-03T22:00", "2022-07-03T05:00"),  # 01:00 Kyiv, the next local day
    ],
)
def test_last_due(schedule: DigestSchedule, now: str, expected: str) -> None:
    assert schedule.last_due(utc(now)) == utc(expected)


# ---------------------------------------------------------------------- posting and catching up


def test_post_due_posts_the_digest_due_last(
    schedule: DigestSchedule, standin: SlackStandIn, db: Database
) -> None:
    result = schedule.post_due(utc("2022-07-04T05:00"))  # 08:00 in Kyiv, on time
    assert result.outcome == "posted"
    [call] = posts(standin)
    assert call.params["channel"] == CHANNEL
    assert call.params["text"].startswith("Conflict desk digest for 4 Jul 2022")
    record = digest_record(db, CHANNEL, "2022-07-04")
    assert record and record["posted_at"]


def test_catch_up_within_the_grace_period_posts_once(
    schedule: DigestSchedule, standin: SlackStandIn
) -> None:
    due = utc("2022-07-04T05:00")
    result = schedule.catch_up(due + timedelta(hours=2))
    assert result is not None and result.outcome == "posted"
    # Another start-up an hour later: already posted.
    again = schedule.catch_up(due + timedelta(hours=3))
    assert again is not None and again.outcome == "skipped"
    assert len(posts(standin)) == 1


def test_catch_up_at_the_end_of_the_grace_period_still_posts(
    schedule: DigestSchedule, standin: SlackStandIn
) -> None:
    result = schedule.catch_up(utc("2022-07-04T05:00") + timedelta(hours=6))
    assert result is not None and result.outcome == "posted"
    assert len(posts(standin)) == 1


def test_catch_up_after_the_grace_period_says_it_was_missed(
    schedule: DigestSchedule,
    standin: SlackStandIn,
    db: Database,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.INFO, logger="wiredesk.digest"):
        result = schedule.catch_up(utc("2022-07-04T05:00") + timedelta(hours=6, minutes=1))
    assert result is None
    assert posts(standin) == []
    assert digest_record(db, CHANNEL, "2022-07-04") is None
    [missed] = [r for r in caplog.records if "Missed" in r.getMessage()]
    assert missed.levelno == logging.WARNING
    assert "2022-07-04T08:00:00+03:00" in missed.getMessage()
    assert "WIREDESK_DIGEST_GRACE_HOURS" in missed.getMessage()


def test_catch_up_when_already_posted_posts_nothing(
    schedule: DigestSchedule, standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    due = utc("2022-07-04T05:00")
    assert schedule.post_due(due).outcome == "posted"
    with caplog.at_level(logging.INFO, logger="wiredesk.digest"):
        within = schedule.catch_up(due + timedelta(hours=1))
        after = schedule.catch_up(due + timedelta(hours=10))
    assert within is not None and within.outcome == "skipped"
    assert after is None
    assert "Missed" not in caplog.text
    assert len(posts(standin)) == 1


def test_no_grace_means_no_late_digest(
    db: Database, db_path: Path, standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(db_path, standin, wiredesk_digest_grace_hours=0)
    schedule = DigestSchedule(settings, build_client(settings))
    with caplog.at_level(logging.WARNING, logger="wiredesk.digest"):
        assert schedule.catch_up(utc("2022-07-04T05:01")) is None
    assert "Missed" in caplog.text
    assert posts(standin) == []


def test_catch_up_before_today_due_time_looks_at_yesterday(
    schedule: DigestSchedule, standin: SlackStandIn
) -> None:
    # 07:00 in Kyiv on 5 July: the last due digest is 4 July's, 23 hours ago: missed.
    assert schedule.catch_up(utc("2022-07-05T04:00")) is None
    # 10:00 in Kyiv on 4 July: 4 July's, two hours late: posted.
    result = schedule.catch_up(utc("2022-07-04T07:00"))
    assert result is not None and result.outcome == "posted"
    assert len(posts(standin)) == 1


# ---------------------------------------------------------------------- the scheduler


def test_no_channel_no_digest_said_once(
    db_path: Path, standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    settings = make_settings(db_path, standin, wiredesk_digest_channel="")
    with caplog.at_level(logging.INFO, logger="wiredesk"):
        scheduler = start_scheduler(settings, build_client(settings))
    try:  # only the topic watch checks run
        assert {job.id for job in scheduler.get_jobs()} == {"topic-watches"}
    finally:
        scheduler.shutdown(wait=False)
    said = [r for r in caplog.records if "digest is off" in r.getMessage()]
    assert len(said) == 1
    assert "WIREDESK_DIGEST_CHANNEL" in said[0].getMessage()
    assert posts(standin) == []


def test_the_scheduler_runs_one_job_at_the_next_due_time(
    db: Database, db_path: Path, standin: SlackStandIn, caplog: pytest.LogCaptureFixture
) -> None:
    # A digest time twelve hours from now, so the test never runs into it; no grace, so
    # the start-up catch-up only says the last one was missed.
    zone = ZoneInfo("America/New_York")
    local = datetime.now(UTC).astimezone(zone) + timedelta(hours=12)
    clock = f"{local.hour:02d}:{local.minute:02d}"
    settings = make_settings(
        db_path,
        standin,
        wiredesk_timezone="America/New_York",
        wiredesk_digest_time=clock,
        wiredesk_digest_grace_hours=0,
    )
    before = datetime.now(UTC)
    with caplog.at_level(logging.INFO, logger="wiredesk.digest"):
        scheduler = start_scheduler(settings, build_client(settings))
    assert scheduler is not None
    try:
        job = scheduler.get_job("daily-digest")
        expected = CronTrigger(
            hour=local.hour, minute=local.minute, timezone=zone
        ).get_next_fire_time(None, before)
        assert job.next_run_time == expected
        assert job.next_run_time.astimezone(zone).strftime("%H:%M") == clock
        assert timedelta(hours=10) < job.next_run_time - before <= timedelta(hours=13)
        assert job.coalesce is True and job.max_instances == 1
        assert "Daily digest to C0DIGEST at " + clock in caplog.text
    finally:
        scheduler.shutdown(wait=True)  # lets the start-up catch-up finish
    assert {j.id for j in scheduler.get_jobs()} <= {
        "daily-digest",
        "digest-catch-up",
        "topic-watches",
    }
    assert posts(standin) == []


def test_the_scheduled_job_posts_the_digest(
    db: Database, db_path: Path, standin: SlackStandIn
) -> None:
    add_corpus(db, UKRAINE)
    settings = make_settings(db_path, standin, wiredesk_digest_grace_hours=0)
    scheduler = start_scheduler(settings, build_client(settings))
    assert scheduler is not None
    try:
        job = scheduler.get_job("daily-digest")
        # What APScheduler calls at 08:00 Kyiv on 4 July 2022 (here called with that time).
        assert job.func(utc("2022-07-04T05:00")).outcome == "posted"
        assert job.func(utc("2022-07-04T05:00")).outcome == "skipped"
    finally:
        scheduler.shutdown(wait=False)
    [call] = posts(standin)
    assert call.params["text"].startswith("Conflict desk digest for 4 Jul 2022")


def test_due_date_of_the_schedule_is_local(schedule: DigestSchedule) -> None:
    # 23:30 UTC on 3 July is 02:30 on 4 July in Kyiv: still before 08:00, so the 3 July digest.
    assert schedule.last_due(utc("2022-07-03T23:30")).date() == date(2022, 7, 3)
