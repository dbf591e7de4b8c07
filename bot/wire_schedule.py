"""The live wire inside `wiredesk run`: a job of the bot's APScheduler makes a pass over the
due sources every few seconds (at most one at a time), as `wiredesk watch` does."""

from __future__ import annotations

import logging
import sqlite3
from zoneinfo import ZoneInfo

from apscheduler.schedulers.background import BackgroundScheduler

from bot.settings import Settings
from newsroom.errors import UserError
from newsroom.wire.poll import PollResult, holder_name
from newsroom.wire.watch import TICK_SECONDS, pass_problem, watch_once

JOB_ID = "live-wire"
log = logging.getLogger("wiredesk.wire")


def start_wire(
    settings: Settings,
    scheduler: BackgroundScheduler | None,
    *,
    every: float = TICK_SECONDS,
) -> BackgroundScheduler:
    """Add the polling job to ``scheduler`` (the digest's), or to a new one when there is
    none; the scheduler is returned, started."""
    if scheduler is None:
        scheduler = BackgroundScheduler(timezone=ZoneInfo(settings.wiredesk_timezone))
    holder = holder_name()

    def wire_pass() -> None:
        try:
            watch_once(
                settings.wiredesk_db,
                holder=holder,
                allow=settings.fetch_allow,
                on_result=_log,
                workers=1,  # no fork of the bot's threads: analysis stays in this process
            )
        except (sqlite3.OperationalError, UserError) as error:
            # a locked or read-only database: said, tried again at the next tick
            problem = pass_problem(error, settings.wiredesk_db)
            if problem is None:
                raise
            log.warning("Live wire pass skipped: %s", problem)

    scheduler.add_job(
        wire_pass,
        "interval",
        seconds=every,
        id=JOB_ID,
        coalesce=True,
        max_instances=1,
        misfire_grace_time=None,
    )
    if not scheduler.running:
        scheduler.start()
    log.info("Polling the live sources of %s (wiredesk sources list)", settings.wiredesk_db)
    return scheduler


def _log(result: PollResult) -> None:
    if result.outcome == "failed":
        log.warning("%s", result.line())
    elif result.changed:
        log.info("%s", result.line())
