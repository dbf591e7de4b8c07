"""``python -m bench.reliability``: every reliability part at full size; prints the figures
and writes ``docs/reliability.md``. Exit 1 when anything failed.

``--quick`` runs every part small (a minute or two), for trying the harness; a quick run
never writes the document unless ``--doc`` names a path. ``--only feed-crash`` runs that part
alone and puts its row into the document beside the other parts' figures.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from bench.reliability.report import ROW_STARTS, Run, merge_doc, render, update_doc

if TYPE_CHECKING:
    from bench.reliability.feed_crash import FeedCrashFigures

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "reliability.md"

FULL = {
    "topics": 10_000,
    "slack_topics": 10_000,
    "files": 400,
    "crash_bulletins": 6_000,
    "kills": 50,
    "feeds": 20,
    "feed_entries": 100,
    "feed_kills": 50,
    "load_stored": 2_000,
    "load_ingested": 10_000,
    "concurrent": 50,
    "slack_rounds": 20,
    "timeouts": 1,
    "years": (2021, 2022, 2023),
}
QUICK = {
    "topics": 200,
    "slack_topics": 200,
    "files": 10,
    "crash_bulletins": 1_000,
    "kills": 3,
    "feeds": 5,
    "feed_entries": 20,
    "feed_kills": 3,
    "load_stored": 300,
    "load_ingested": 1_000,
    "concurrent": 20,
    "slack_rounds": 1,
    "timeouts": 0,
    "years": (2022,),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.reliability", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="every part small")
    parser.add_argument("--doc", type=Path, help=f"where to write the report (default {DOC})")
    parser.add_argument("--no-doc", action="store_true", help="print the figures only")
    parser.add_argument(
        "--only",
        choices=[name.replace(" ", "-") for name in ROW_STARTS],
        help="run this part alone; its row joins the document's other figures",
    )
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL
    doc = None if args.no_doc else args.doc or (None if args.quick else DOC)
    with tempfile.TemporaryDirectory(prefix="wiredesk-reliability-") as folder:
        work = Path(folder)
        os.chdir(work)  # no .env of a developer's checkout is read
        only = args.only and args.only.replace("-", " ")
        run = run_alone(work, sizes, only) if only else run_all(work, sizes)
    text = render(run)
    print(text)
    if doc is not None and args.only:
        merge_doc(doc, run, f"python -m bench.reliability --only {args.only}")
        print(f"Written to {doc}", file=sys.stderr)
    elif doc is not None:
        update_doc(doc, text)
        print(f"Written to {doc}", file=sys.stderr)
    return 1 if run.failures() else 0


def run_alone(work: Path, sizes: dict, name: str) -> Run:
    """One part (of :data:`ROW_STARTS`) alone, timed."""
    run = Run(started=datetime.now(UTC), sizes=sizes)
    if name == "feed crash":
        run.time("feed crash", lambda: _feed_crash(work, sizes))
    run.finished = datetime.now(UTC)
    return run


def _feed_crash(work: Path, sizes: dict) -> FeedCrashFigures:
    from bench.reliability.feed_crash import feed_crash_runs

    return feed_crash_runs(
        _folder(work, "feed-crash"),
        feeds=sizes["feeds"],
        entries=sizes["feed_entries"],
        kills=sizes["feed_kills"],
    )


def run_all(work: Path, sizes: dict) -> Run:
    """Every part, in turn, each timed."""
    from bench.bot_process import SECRET, running_bot
    from bench.reliability.crash import crash_runs
    from bench.reliability.digest import digest_runs
    from bench.reliability.fuzz import fuzz_ask, fuzz_ingest, fuzz_slack
    from bench.reliability.load import load_run
    from bench.reliability.slack import slack_runs

    run = Run(started=datetime.now(UTC), sizes=sizes)
    ask_db = _asking_db(work)
    run.time("ask", lambda: fuzz_ask(ask_db, sizes["topics"]))
    slack_work = work / "slack"
    slack_work.mkdir()
    with running_bot(ask_db, slack_work) as bot:
        run.time("slack topics", lambda: fuzz_slack(bot.url, SECRET, ask_db, sizes["slack_topics"]))
        run.time(
            "slack",
            lambda: slack_runs(bot, rounds=sizes["slack_rounds"], timeouts=sizes["timeouts"]),
        )
        log = bot.log_path.read_text(encoding="utf-8", errors="replace")
        run.bot_tracebacks = log.count("Traceback")
    run.time("ingest", lambda: fuzz_ingest(_folder(work, "ingest"), sizes["files"]))
    run.time(
        "crash",
        lambda: crash_runs(
            _folder(work, "crash"), bulletins=sizes["crash_bulletins"], kills=sizes["kills"]
        ),
    )
    run.time("feed crash", lambda: _feed_crash(work, sizes))
    run.time(
        "load",
        lambda: load_run(
            _folder(work, "load"),
            stored=sizes["load_stored"],
            ingested=sizes["load_ingested"],
            concurrent=sizes["concurrent"],
        ),
    )
    run.time("digest", lambda: digest_runs(_folder(work, "digest"), years=sizes["years"]))
    run.finished = datetime.now(UTC)
    return run


def _asking_db(work: Path) -> Path:
    """A database of 2,000 synthetic bulletins to ask, ingested the way a user does."""
    import subprocess

    from bench.bot_process import WIREDESK, bot_environment
    from bench.corpus import write_jsonl

    corpus = write_jsonl(work / "ask-corpus.jsonl", 2_000, seed=3)
    db = work / "ask.db"
    subprocess.run(
        [*WIREDESK, "--db", str(db), "ingest", str(corpus)],
        env=bot_environment(),
        cwd=work,
        check=True,
        capture_output=True,
    )
    return db


def _folder(work: Path, name: str) -> Path:
    folder = work / name
    folder.mkdir(exist_ok=True)
    return folder


if __name__ == "__main__":
    started = time.monotonic()
    code = main()
    print(f"({time.monotonic() - started:.0f} s)", file=sys.stderr)
    sys.exit(code)
