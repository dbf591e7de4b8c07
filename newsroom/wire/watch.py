"""A pass over every due source (``wiredesk watch --once``), the loop of passes
(``wiredesk watch``, and the job inside ``wiredesk run``), and each source's health."""

from __future__ import annotations

import itertools
import sqlite3
import statistics
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from newsroom.errors import UserError
from newsroom.wire.http import Limits, make_client
from newsroom.wire.poll import Poller, PollResult, Progress, holder_name
from store.schema import database_problem, open_db
from store.sources import Source, arrival_times, due_sources, next_due

POLLED_KINDS = ("feed", "folder")
"""Kinds polled here; a Slack channel's messages arrive as events instead."""
TICK_SECONDS = 5.0
"""Longest sleep of the watch loop between two looks at what is due."""
PROBLEM_WAIT = 30.0
"""Seconds the watch loop waits after a pass the database stopped (locked, read-only)."""
FAILING_AFTER = timedelta(hours=1)
SILENT_FACTOR = 3.0
"""A source is silent once nothing came for this many times its usual gap between arrivals."""
_MIN_ARRIVALS = 4


def watch_once(
    db_path: str | Path,
    *,
    holder: str | None = None,
    limits: Limits | None = None,
    allow: tuple[str, ...] = (),
    on_result: Callable[[PollResult], None] | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
    workers: int | None = None,
) -> list[PollResult]:
    """Poll every source due now, one after another; the results in that order.

    ``workers`` as for :func:`newsroom.ingest.prepare_all` (1: never a worker process, as
    inside the bot, whose threads must not be forked).
    """
    limits = limits or Limits()
    db = open_db(db_path)
    client = make_client(limits)
    poller = Poller(
        holder or holder_name(),
        client,
        limits=limits,
        allow=allow,
        progress=progress,
        workers=workers,
    )
    results = []
    try:
        moment = now or datetime.now(UTC)
        for source in due_sources(db, moment.timestamp(), POLLED_KINDS):
            result = poller.poll(db, source, now)
            results.append(result)
            if on_result:
                on_result(result)
    finally:
        client.close()
        db.close()
    return results


def watch_forever(
    db_path: str | Path,
    stop: threading.Event,
    *,
    limits: Limits | None = None,
    allow: tuple[str, ...] = (),
    on_result: Callable[[PollResult], None] | None = None,
    progress: Progress | None = None,
    on_problem: Callable[[str], None] | None = None,
) -> None:
    """Pass after pass until ``stop`` is set, sleeping until the next source is due (at most
    :data:`TICK_SECONDS`, so sources added meanwhile are seen).

    A pass the database stops (held locked by another process past the busy timeout,
    read-only, full) is said to ``on_problem`` and tried again after :data:`PROBLEM_WAIT`
    seconds: the loop never ends over it. A bug still ends it.
    """
    holder = holder_name()
    while not stop.is_set():
        try:
            watch_once(
                db_path,
                holder=holder,
                limits=limits,
                allow=allow,
                on_result=on_result,
                progress=progress,
            )
        except (sqlite3.OperationalError, UserError) as error:
            problem = pass_problem(error, db_path)
            if problem is None:
                raise
            if on_problem:
                on_problem(f"pass skipped: {problem}; trying again in {PROBLEM_WAIT:g} s")
            stop.wait(PROBLEM_WAIT)
            continue
        db = open_db(db_path)
        try:
            due = next_due(db, POLLED_KINDS)
        finally:
            db.close()
        wait = TICK_SECONDS
        if due is not None:
            wait = min(TICK_SECONDS, max(0.2, due - datetime.now(UTC).timestamp()))
        stop.wait(wait)


def pass_problem(error: Exception, db_path: str | Path) -> str | None:
    """What stopped a pass, in words, when the database's state did (a lock held too long,
    a read-only or full disk); None for anything else (a bug)."""
    if isinstance(error, UserError):
        return str(error)
    if isinstance(error, sqlite3.OperationalError):
        problem = database_problem(error, db_path)
        return str(problem) if problem is not None else None
    return None


@dataclass(frozen=True)
class Health:
    """A source with what a desk should notice about it."""

    source: Source
    problems: list[str]
    next_in: float | None
    """Seconds until it is due (negative: overdue), None when paused or not polled here."""


def source_health(db: Database, source: Source, now: datetime | None = None) -> Health:
    """Paused, failing for an hour or more, or silent for longer than usual."""
    now = now or datetime.now(UTC)
    problems = []
    if source.paused:
        problems.append("paused")
    if source.failing_since:
        since = datetime.fromisoformat(source.failing_since)
        if now - since >= FAILING_AFTER:
            problems.append(f"failing for {_ago(now - since)}: {source.last_error}")
    elif source.last_error:
        problems.append(f"last poll failed: {source.last_error}")
    arrivals = arrival_times(db, source.id)
    if len(arrivals) >= _MIN_ARRIVALS and not source.paused:
        gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(arrivals)]
        usual = max(statistics.median(gaps), source.every)
        quiet = (now - arrivals[-1]).total_seconds()
        if quiet > SILENT_FACTOR * usual:
            problems.append(
                f"silent for {_ago(timedelta(seconds=quiet))} "
                f"(usually something every {_ago(timedelta(seconds=usual))})"
            )
    polled = source.kind in POLLED_KINDS and not source.paused
    return Health(source, problems, source.next_due - now.timestamp() if polled else None)


def _ago(span: timedelta) -> str:
    seconds = span.total_seconds()
    if seconds < 90:
        return f"{seconds:.0f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f}m"
    if seconds < 2 * 86400:
        return f"{seconds / 3600:.1f}h"
    return f"{seconds / 86400:.1f}d"
