"""The daily digest over summer-time changes, with a fake clock: one post per local date.

For each zone and year, the days around each clock change are walked through in small
steps: the schedule's own trigger says when to fire, the digest is posted with the real
client to the Slack stand-in, and the bot is "restarted" (a new schedule that catches up)
a minute after each due time and in the middle of the nights, which tempts a second post.
"""

from __future__ import annotations

import logging
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from bot.app import build_client
from bot.scheduler import DigestSchedule
from bot.settings import Settings
from newsroom.local_time import due_instant
from store.schema import open_db
from tests.support.slack_standin import SlackStandIn

CHANNEL = "C0DIGEST"
#: Kyiv and London (changes at 03:00/04:00 and 01:00/02:00), Los Angeles (02:00), Sydney
#: (southern hemisphere), Santiago (changes at midnight).
ZONES = (
    "Europe/Kyiv",
    "Europe/London",
    "America/Los_Angeles",
    "Australia/Sydney",
    "America/Santiago",
)
#: Digest times that fall inside one change or another: skipped, repeated, or at midnight.
CLOCKS = ("00:00", "00:30", "01:30", "02:30", "03:30", "08:00", "23:30")


@dataclass
class DigestFigures:
    """Dates walked, posts made, restarts, and any date posted other than once."""

    zones: tuple[str, ...] = ()
    windows: int = 0
    dates: int = 0
    posts: int = 0
    restarts: int = 0
    failures: list[str] = field(default_factory=list)


def change_days(zone: str, year: int) -> list[date]:
    """The local dates on which ``zone`` changes its offset in ``year``."""
    tz = ZoneInfo(zone)
    days = []
    day = date(year, 1, 1)
    while day.year == year:
        before = datetime.combine(day, datetime.min.time(), tzinfo=tz).utcoffset()
        after = datetime.combine(day + timedelta(days=1), datetime.min.time(), tzinfo=tz)
        if after.utcoffset() != before:
            days.append(day)
        day += timedelta(days=1)
    return days


def local_dates(zone: str, start: datetime, end: datetime, clock: tuple[int, int]) -> list[date]:
    """The local dates whose digest falls due in [start, end]."""
    first = start.astimezone(ZoneInfo(zone)).date() - timedelta(days=1)
    last = end.astimezone(ZoneInfo(zone)).date() + timedelta(days=1)
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    return [d for d in days if start <= due_instant(d, clock, zone) <= end]


def run_days(
    schedule: DigestSchedule,
    start: datetime,
    end: datetime,
    *,
    step: timedelta,
    restarts: set[datetime] = frozenset(),
) -> tuple[list[datetime], int]:
    """Walk a fake clock from ``start`` to ``end`` (both included): fire when the trigger
    says (posting at the tick's time, as a scheduler woken late would), restart at
    ``restarts``. The fire times, and how many restarts were made."""
    trigger = schedule.trigger()
    fired: list[datetime] = []
    restarted = 0
    upcoming = trigger.get_next_fire_time(None, start)
    now = start
    while now < end:
        now = min(now + step, end)  # the last tick is ``end`` itself
        while upcoming <= now:
            fired.append(upcoming)
            schedule.post_due(now)
            upcoming = trigger.get_next_fire_time(upcoming, now)
        if any(now - step < moment <= now for moment in restarts):
            # A new process: its own schedule, catching up first, then a fresh trigger.
            schedule = DigestSchedule(schedule.settings, schedule.client)
            schedule.catch_up(now)
            trigger = schedule.trigger()
            upcoming = trigger.get_next_fire_time(None, now)
            restarted += 1
    return fired, restarted


def restarts_around(due: list[datetime]) -> set[datetime]:
    """A minute after each due time (the catch-up finds it posted), two hours before and
    three hours after (the middle of a change night)."""
    return {moment + delta for moment in due for delta in (timedelta(minutes=1),)} | {
        moment + timedelta(hours=hours) for moment in due for hours in (-2, 3)
    }


def posted_dates(standin: SlackStandIn) -> Counter[date]:
    """How many digest messages (thread replies aside) went out for each date."""
    return Counter(
        datetime.strptime(call.params["text"].split(" for ", 1)[1].split(":")[0], "%d %b %Y").date()
        for call in standin.calls("chat.postMessage")
        if "thread_ts" not in call.params
    )


def digest_runs(
    work: Path,
    *,
    zones: tuple[str, ...] = ZONES,
    years: tuple[int, ...] = (2021, 2022, 2023),
    clocks: tuple[str, ...] = CLOCKS,
    step: timedelta = timedelta(minutes=7),
) -> DigestFigures:
    """Every zone, year, change and clock: one post per local date, restarts included."""
    figures = DigestFigures(zones=zones)
    # A restart logs each digest missed before the walk began: expected here, not news.
    quiet = logging.getLogger("wiredesk.digest")
    level, quiet.level = quiet.level, logging.ERROR
    try:
        with SlackStandIn() as standin:
            for zone in zones:
                for year in years:
                    for change in change_days(zone, year):
                        for clock in clocks:
                            _window(work, standin, figures, zone, change, clock, step)
    finally:
        quiet.setLevel(level)
    return figures


def _window(
    work: Path,
    standin: SlackStandIn,
    figures: DigestFigures,
    zone: str,
    change: date,
    clock: str,
    step: timedelta,
) -> None:
    db_path = work / f"digest-{zone.replace('/', '-')}-{change}-{clock.replace(':', '')}.db"
    open_db(db_path).close()
    standin.reset()
    settings = Settings(
        _env_file=None,
        slack_bot_token="xoxb-bench",
        slack_api_url=standin.api_url,
        wiredesk_db=str(db_path),
        wiredesk_digest_channel=CHANNEL,
        wiredesk_timezone=zone,
        wiredesk_digest_time=clock,
    )
    schedule = DigestSchedule(settings, build_client(settings))
    start = datetime.combine(change - timedelta(days=2), datetime.min.time(), tzinfo=UTC)
    end = start + timedelta(days=5)
    hours = settings.digest_clock
    expected = local_dates(zone, start, end, hours)
    due = [due_instant(d, hours, zone) for d in expected]
    fired, restarted = run_days(schedule, start, end, step=step, restarts=restarts_around(due))
    posted = posted_dates(standin)
    figures.windows += 1
    figures.dates += len(expected)
    figures.posts += sum(posted.values())
    figures.restarts += restarted
    where = f"{zone} {clock} around {change}"
    if fired != due:
        figures.failures.append(f"{where}: fired at {fired}, due at {due}")
    if posted != Counter(expected):
        figures.failures.append(f"{where}: posted {dict(posted)}, expected one for {expected}")
    db_path.unlink()
    for suffix in ("-wal", "-shm"):
        Path(f"{db_path}{suffix}").unlink(missing_ok=True)
