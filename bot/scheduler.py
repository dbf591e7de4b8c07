"""The daily digest and the topic watch checks inside `wiredesk run`.

The digest: APScheduler fires at WIREDESK_DIGEST_TIME in WIREDESK_TIMEZONE once per local
date (summer-time changes included, see ``newsroom.local_time``), and start-up catches up on
a digest missed while the bot was down; a digest the running bot misses (busy or asleep past
the grace period) is logged. The watches are checked every minute, so news held back by
WIREDESK_WATCH_INTERVAL goes out once it has passed."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.events import EVENT_JOB_MISSED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from bot.digest_poster import PostResult, post_digest
from bot.settings import Settings
from newsroom.local_time import due_date, due_instant, next_due
from newsroom.watches import check_watches
from store.digest import digest_record
from store.schema import open_db

log = logging.getLogger("wiredesk.digest")
JOB_ID = "daily-digest"


class DailyTrigger(BaseTrigger):
    """APScheduler trigger firing once per local date at a wall-clock time.

    APScheduler's CronTrigger skips or repeats a day at summer-time changes (00:00 in Kyiv
    on 28 March 2022 never fired; 01:30 in Los Angeles fired twice on 7 November 2021).
    """

    def __init__(self, clock: tuple[int, int], zone: str) -> None:
        self.clock = clock
        self.zone = zone

    def get_next_fire_time(
        self, previous_fire_time: datetime | None, now: datetime
    ) -> datetime | None:
        """The first due instant after the previous fire time, or at or after ``now``
        (earlier ones passed while the scheduler was busy count as missed)."""
        if previous_fire_time is not None:
            return next_due(previous_fire_time, self.clock, self.zone)
        return next_due(now - timedelta(microseconds=1), self.clock, self.zone)

    def __str__(self) -> str:
        return f"daily at {self.clock[0]:02d}:{self.clock[1]:02d} {self.zone}"


class DigestSchedule:
    """When the digest is due, and what to do at that time or on start-up."""

    def __init__(self, settings: Settings, client: WebClient) -> None:
        self.settings = settings
        self.client = client
        self.channel = settings.wiredesk_digest_channel
        self.clock = settings.digest_clock
        self.zone = settings.wiredesk_timezone
        self.grace = timedelta(hours=settings.wiredesk_digest_grace_hours)

    def trigger(self) -> DailyTrigger:
        """Once per local date at the digest time, in the desk's time zone."""
        return DailyTrigger(self.clock, self.zone)

    def next_due(self, now: datetime) -> datetime:
        """The next time the digest is due at or after ``now`` (UTC)."""
        return self.trigger().get_next_fire_time(None, now)

    def last_due(self, now: datetime) -> datetime:
        """The most recent due time at or before ``now``, in the desk's zone."""
        day = due_date(now, self.clock, self.zone)
        return due_instant(day, self.clock, self.zone).astimezone(ZoneInfo(self.zone))

    def missed(self, event: JobExecutionEvent) -> None:
        """APScheduler's word that a run passed its grace time unrun: logged at once."""
        if event.job_id != JOB_ID:
            return
        due = event.scheduled_run_time.astimezone(ZoneInfo(self.zone))
        log.warning(
            "Missed the digest due %s: the bot was busy or asleep past the %s grace period"
            " (WIREDESK_DIGEST_GRACE_HOURS), so it is not posted late.",
            due.isoformat(),
            self.grace,
        )

    def post_due(self, now: datetime | None = None) -> PostResult:
        """Post the digest due most recently (a no-op if it already went out)."""
        now = now or datetime.now(UTC)
        day = due_date(now, self.clock, self.zone)
        return post_digest(
            self.settings.wiredesk_db,
            self.client,
            self.channel,
            day,
            clock=self.clock,
            zone=self.zone,
            now=now,
            browse_url=self.settings.wiredesk_browse_url,
        )

    def catch_up(self, now: datetime | None = None) -> PostResult | None:
        """On start-up: post the last due digest if still within the grace period."""
        now = now or datetime.now(UTC)
        due = self.last_due(now)
        if now - due <= self.grace:
            return self.post_due(now)
        db = open_db(self.settings.wiredesk_db)
        try:
            record = digest_record(db, self.channel, due.date().isoformat())
        finally:
            db.close()
        if not (record and record["posted_at"]):
            log.warning(
                "Missed the digest due %s: the bot was down, and it is now past the %s grace"
                " period (WIREDESK_DIGEST_GRACE_HOURS), so it is not posted late.",
                due.isoformat(),
                self.grace,
            )
        return None


WATCH_CHECK = timedelta(minutes=1)
"""How often the scheduler looks for watch alerts that waited out their interval."""


def check_watches_job(db_path: str, interval: timedelta) -> int:
    """One look at the topic watches (news that arrived while an alert was held back by the
    interval goes out once it has passed); returns the alerts queued."""
    db = open_db(db_path)
    try:
        return check_watches(db, interval=interval)
    finally:
        db.close()


def start_scheduler(settings: Settings, client: WebClient) -> BackgroundScheduler:
    """Start the topic watch checks, and the daily digest, or say once that there is none
    (no channel set)."""
    scheduler = BackgroundScheduler(timezone=ZoneInfo(settings.wiredesk_timezone))
    scheduler.add_job(
        check_watches_job,
        IntervalTrigger(seconds=WATCH_CHECK.total_seconds()),
        args=[settings.wiredesk_db, settings.watch_interval],
        id="topic-watches",
        coalesce=True,
        max_instances=1,
    )
    if not settings.wiredesk_digest_channel:
        log.info("No WIREDESK_DIGEST_CHANNEL set: the daily digest is off.")
        scheduler.start()
        return scheduler
    schedule = DigestSchedule(settings, client)
    scheduler.add_listener(schedule.missed, EVENT_JOB_MISSED)
    scheduler.add_job(
        schedule.post_due,
        schedule.trigger(),
        id=JOB_ID,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=int(schedule.grace.total_seconds()) or 1,
    )
    scheduler.start()
    log.info(
        "Daily digest to %s at %s %s; next at %s",
        schedule.channel,
        settings.wiredesk_digest_time,
        schedule.zone,
        schedule.next_due(datetime.now(UTC)).isoformat(),
    )
    scheduler.add_job(schedule.catch_up, id="digest-catch-up")  # now, off the start-up path
    return scheduler
