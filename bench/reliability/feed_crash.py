"""Crash safety of a feed poll: ``kill -9`` at random moments of a real ``wiredesk watch
--once``, then a re-run.

A loopback feed server (:class:`tests.support.feed_server.FeedServer`) serves ``feeds``
RSS feeds of ``entries`` fictional entries each (the synthetic corpus of
:mod:`bench.corpus`, plus the labelled denial pairs of the tests spread over the feeds, so
that cross-bulletin links are compared too). A pass is polled in two rounds:

1. the first poll of every feed: every entry is new;
2. the feeds change (a tenth of the entries rewritten under the same guid, some of them
   gaining the denial they were waiting for, and new entries added) and every source is
   made due again: rewritten entries revise their bulletins in place, new ones are stored.

One clean run of both rounds is the reference. Each trial starts from the same database
of registered sources, and in each round kills one or two ``watch --once`` processes at a
moment drawn uniformly over the clean round's duration, then lets one finish. After each
round the database must hold what the clean run's does (:mod:`bench.reliability.dbstate`,
the times of polls and revisions reduced to whether they are set), nothing twice, and pass
``PRAGMA integrity_check``. A lease may be left by a pass killed just after recording its
poll (its source is not due again, so the re-run does not take it over); it must be a dead
process's, and the next round, which polls every source, shows it is taken over.
"""

from __future__ import annotations

import random
import sqlite3
import subprocess
import time
from contextlib import closing
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

from bench.bot_process import WIREDESK, bot_environment
from bench.corpus import bulletins
from bench.reliability.crash import kill_after
from bench.reliability.dbstate import differences, duplicates, integrity, snapshot
from newsroom.wire.poll import is_dead_holder
from tests.support import denial_pairs
from tests.support.feed_server import Entry, FeedServer, Page, rss

#: Columns that say when a source was polled or a bulletin revised: compared only as set
#: or not (a revision's ``updated``, an item's ``retracted``, a source's ``next_due``...).
POLL_TIME_COLUMNS = frozenset(
    {"last_attempt", "last_success", "last_new", "next_due", "first_seen", "updated", "retracted"}
)
REWRITTEN_SHARE = 0.1
"""Share of each feed's entries rewritten for the second round."""
ADDED_SHARE = 0.1
"""New entries per feed in the second round, as a share of its entries."""
_PROXIES = ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")


@dataclass
class FeedCrashFigures:
    """What the feed-poll crash runs did and found."""

    feeds: int = 0
    entries: int = 0
    """Entries served in the first round, all feeds together."""
    rewritten: int = 0
    added: int = 0
    """Entries rewritten and added for the second round."""
    clean_seconds: list[float] = field(default_factory=list)
    """The clean run's duration, per round."""
    trials: int = 0
    kills: int = 0
    kills_per_round: list[int] = field(default_factory=lambda: [0, 0])
    reruns: int = 0
    finished_before_kill: int = 0
    leases_left: int = 0
    """Leases a killed pass left behind (its holder dead), taken over when next due."""
    kill_moments: list[float] = field(default_factory=list)
    """Each kill's moment as a share of its clean round's duration."""
    failures: list[str] = field(default_factory=list)


def feed_crash_runs(
    work: Path, *, feeds: int, entries: int, kills: int, seed: int = 12
) -> FeedCrashFigures:
    """Kill ``watch --once`` passes over ``feeds`` feeds of ``entries`` entries until
    ``kills`` kills were made (or a trial found a difference)."""
    figures = FeedCrashFigures(feeds=feeds)
    rounds = feed_rounds(feeds, entries, seed=seed)
    figures.entries = sum(len(items) for items in rounds[0])
    figures.rewritten, figures.added = _changes(rounds)
    server = FeedServer()
    try:
        template = work / "feed-sources.db"
        _register(template, [server.url(f"/feed/{n}") for n in range(feeds)])
        reference_db = work / "feed-clean.db"
        references = []
        for number, pages in enumerate(rounds):
            _serve(server, pages, number)
            if number == 0:
                _copy(template, reference_db)
            else:
                _make_due(reference_db)
            started = time.monotonic()
            _finish(reference_db, figures, f"the clean run's round {number + 1}")
            figures.clean_seconds.append(time.monotonic() - started)
            references.append(snapshot(reference_db, when_only=POLL_TIME_COLUMNS))
        rng = random.Random(seed)
        while figures.kills < kills and not figures.failures:
            figures.trials += 1
            db = work / "feed-trial.db"
            for number, pages in enumerate(rounds):
                _serve(server, pages, number)
                if number == 0:
                    _copy(template, db)
                else:
                    _make_due(db)
                for _ in range(rng.randint(1, 2)):
                    moment = rng.uniform(0, figures.clean_seconds[number])
                    if _kill_at(db, moment):
                        figures.kills += 1
                        figures.kills_per_round[number] += 1
                        figures.kill_moments.append(moment / figures.clean_seconds[number])
                    else:
                        figures.finished_before_kill += 1
                where = f"trial {figures.trials}, round {number + 1}"
                _finish(db, figures, f"the re-run of {where}")
                figures.reruns += 1
                figures.failures += _compare(db, dict(references[number]), where, figures)
                if figures.failures:
                    break
    finally:
        server.stop()
    return figures


def feed_rounds(feeds: int, entries: int, *, seed: int) -> list[list[list[Entry]]]:
    """Each round's entries, feed by feed: the first poll's, then the changed feeds'."""
    records = list(bulletins(feeds * entries, seed=seed))
    extra = bulletins(feeds * (entries + 1), seed=-seed)  # more than rewriting and adding use
    first: list[list[Entry]] = [[] for _ in range(feeds)]
    second: list[list[Entry]] = [[] for _ in range(feeds)]
    for number, record in enumerate(records):
        feed = number // entries
        entry = _entry(f"wire-{feed}-{number}", record)
        first[feed].append(entry)
        if (number % entries) % round(1 / REWRITTEN_SHARE) == 1:
            addition = next(extra)["text"].rsplit(" (ref", 1)[0]
            text = entry.text.replace(" (ref", f" {addition} (revised; ref", 1)
            second[feed].append(_replace(entry, text))
        else:
            second[feed].append(entry)
    for feed in range(feeds):
        for m in range(max(1, round(entries * ADDED_SHARE))):
            second[feed].append(_entry(f"wire-{feed}-late-{m}", next(extra)))
    # The labelled denial pairs, spread over the feeds; every third waits for its text (a
    # holding line) until the second round, when it revises its bulletin.
    for number, record in enumerate(denial_pairs.BULLETINS):
        feed = number % feeds
        entry = _entry(f"pair-{number}", {**record, "url": f"https://example.org/pair/{number}"})
        second[feed].append(entry)
        if number % 3 == 2:
            entry = _replace(entry, f"{record['source']} will update this report. (pair {number})")
        first[feed].append(entry)
    return [first, second]


def _entry(guid: str, record: dict) -> Entry:
    published = datetime.fromisoformat(record["published"].replace("Z", "+00:00"))
    return Entry(
        guid,
        record.get("title") or record["text"][:80],
        record["text"],
        published=format_datetime(published),
        link=record.get("url"),
    )


def _replace(entry: Entry, text: str) -> Entry:
    return Entry(entry.guid, entry.title, text, entry.published, entry.link)


def _changes(rounds: list[list[list[Entry]]]) -> tuple[int, int]:
    before = {e.guid: e.text for feed in rounds[0] for e in feed}
    after = [e for feed in rounds[1] for e in feed]
    rewritten = sum(e.guid in before and before[e.guid] != e.text for e in after)
    return rewritten, sum(e.guid not in before for e in after)


def _serve(server: FeedServer, pages: list[list[Entry]], number: int) -> None:
    for feed, items in enumerate(pages):
        server.pages[f"/feed/{feed}"] = Page(
            rss(items, title=f"Regional wire {feed}"), etag=f'"{feed}-{number}"'
        )


def _register(db: Path, urls: list[str]) -> None:
    """The sources, registered once as ``wiredesk sources add`` does (each trial copies them)."""
    from newsroom.wire.manage import add_feed
    from store.schema import open_db

    opened = open_db(db)
    try:
        for url in urls:
            add_feed(opened, url)
    finally:
        opened.close()


def _copy(source: Path, target: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    with closing(sqlite3.connect(source)) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)


def _make_due(db: Path) -> None:
    """Every source due now, as after its interval (the second round's poll)."""
    with closing(sqlite3.connect(db)) as opened, opened:
        opened.execute("UPDATE sources SET next_due = 0")


def _environment() -> dict[str, str]:
    env = {k: v for k, v in bot_environment().items() if k not in _PROXIES}
    return {**env, "no_proxy": "*"}


def _command(db: Path) -> list[str]:
    return [*WIREDESK, "--db", str(db), "watch", "--once"]


def _kill_at(db: Path, moment: float) -> bool:
    """Start a pass and SIGKILL it ``moment`` seconds later; False when it had finished."""
    return kill_after(_command(db), _environment(), db.parent, moment)


def _finish(db: Path, figures: FeedCrashFigures, what: str) -> None:
    result = subprocess.run(
        _command(db), env=_environment(), cwd=db.parent, capture_output=True, text=True
    )
    if result.returncode != 0 or "Traceback" in result.stderr or "): failed:" in result.stdout:
        figures.failures.append(
            f"{what} exited {result.returncode}: {(result.stdout + result.stderr)[-500:]}"
        )


def _compare(
    db: Path, reference: dict[str, tuple[int, str]], where: str, figures: FeedCrashFigures
) -> list[str]:
    state = snapshot(db, when_only=POLL_TIME_COLUMNS)
    # A pass killed between recording a poll and giving its lease back leaves the lease; it
    # is taken over when its source is next due (the next round polls every source), so it
    # is counted, not compared, as long as its holder is dead.
    state.pop("source_leases", None)
    reference.pop("source_leases", None)
    with closing(sqlite3.connect(db)) as opened:
        holders = [holder for (holder,) in opened.execute("SELECT holder FROM source_leases")]
    figures.leases_left += len(holders)
    found = [
        f"{where}: a lease held by a live process: {h}" for h in holders if not is_dead_holder(h)
    ]
    found += [f"{where}: {d}" for d in differences(state, reference)]
    if (twice := duplicates(db)) != 0:
        found.append(f"{where}: {twice} rows stored twice")
    if (verdict := integrity(db)) != "ok":
        found.append(f"{where}: integrity_check: {verdict}")
    return found
