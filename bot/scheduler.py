"""The daily digest and the topic watch checks inside `wiredesk run`.

The digest: APScheduler fires at WIREDESK_DIGEST_TIME in WIREDESK_TIMEZONE, and start-up
catches up on a digest missed while the bot was down. The watches are checked every minute,
so news held back by WIREDESK_WATCH_INTERVAL goes out once it has passed."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from slack_sdk import WebClient

from bot.digest_poster import PostResult, post_digest
from bot.settings import Settings
from newsroom.digest import due_date
from newsroom.watches import check_watches
from store.digest import digest_record
from store.schema import open_db

log = logging.getLogger("wiredesk.digest")


class DigestSchedule:
    """When the digest is due, and what to do at that time or on start-up."""

    def __init__(self, settings: Settings, client: WebClient) -> None:
        self.settings = settings
        self.client = client
        self.channel = settings.wiredesk_digest_channel
        self.clock = settings.digest_clock
        self.zone = settings.wiredesk_timezone
        self.grace = timedelta(hours=settings.wiredesk_digest_grace_hours)

    def trigger(self) -> CronTrigger:
        """Every day at the digest time, in the desk's time zone."""
        hours, minutes = self.clock
        return CronTrigger(hour=hours, minute=minutes, timezone=ZoneInfo(self.zone))

    def next_due(self, now: datetime) -> datetime:
        """The next time the digest is due after ``now``."""
        return self.trigger().get_next_fire_time(None, now)

    def last_due(self, now: datetime) -> datetime:
        """The most recent due time at or before ``now``."""
        day = due_date(now, self.clock, self.zone)
        return datetime.combine(day, time(*self.clock), tzinfo=ZoneInfo(self.zone))

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
    scheduler.add_job(
        schedule.post_due,
        schedule.trigger(),
        id="daily-digest",
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
