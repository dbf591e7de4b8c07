"""The reliability bench, small: every part of ``python -m bench.reliability`` runs here on
little input (a few kills, modest Hypothesis examples) and must find nothing wrong.

The full-size figures are in docs/reliability.md; speed is not asserted here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.bot_process import SECRET, RunningBot, running_bot
from bench.reliability.crash import crash_runs
from bench.reliability.digest import digest_runs
from bench.reliability.feed_crash import feed_crash_runs
from bench.reliability.fuzz import fuzz_ask, fuzz_ingest, fuzz_slack
from bench.reliability.load import DEADLINE, load_run
from bench.reliability.report import BEGIN, END, FEED_CRASH_ROW, Run, merge_doc, render, update_doc
from bench.reliability.slack import REFUSED, slack_runs
from tests.support.slack_app import fill_db


@pytest.fixture(scope="module")
def asked_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database of the Slack tests' bulletins, to ask."""
    return fill_db(tmp_path_factory.mktemp("ask") / "ask.db")


@pytest.fixture(scope="module")
def bot(asked_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    """`wiredesk run` over that database, as a subprocess, beside a Slack stand-in."""
    with running_bot(asked_db, tmp_path_factory.mktemp("bot")) as running:
        yield running


def test_generated_topics_through_ask_never_crash_or_write(asked_db: Path) -> None:
    tally = fuzz_ask(asked_db, examples=50)
    assert tally.failures == []
    assert tally.tried >= 50 and tally.db_changes == 0


def test_generated_topics_through_slack_never_crash_or_write(
    bot: RunningBot, asked_db: Path
) -> None:
    tally = fuzz_slack(bot.url, SECRET, asked_db, examples=60)
    assert tally.failures == []
    assert tally.tried >= 60 and tally.db_changes == 0
    assert "Traceback" not in bot.log_path.read_text(encoding="utf-8")


def test_damaged_files_keep_their_valid_records(tmp_path: Path) -> None:
    tally = fuzz_ingest(tmp_path, examples=4)
    assert tally.failures == []
    assert set(tally.files) == {"json", "jsonl", "csv", "rss", "atom", "html"}
    assert tally.valid_records > 0 and tally.kept_records == tally.valid_records
    assert tally.damaged_records > 0


def test_a_killed_ingest_re_run_equals_a_clean_run(tmp_path: Path) -> None:
    figures = crash_runs(tmp_path, bulletins=200, kills=2)
    assert figures.failures == []
    assert figures.kills >= 2 and figures.reruns == figures.trials


def test_a_killed_feed_poll_re_run_equals_a_clean_run(tmp_path: Path) -> None:
    figures = feed_crash_runs(tmp_path, feeds=3, entries=6, kills=2)
    assert figures.failures == []
    assert figures.kills >= 2 and figures.reruns == 2 * figures.trials
    assert figures.rewritten > 0 and figures.added > 0


def test_answers_stay_inside_three_seconds_during_an_ingest(tmp_path: Path) -> None:
    figures = load_run(tmp_path, stored=50, ingested=300, concurrent=10)
    assert figures.errors == []
    assert figures.requests >= 10 and figures.late == 0
    assert max(figures.latencies) <= DEADLINE


def test_bad_requests_replays_and_slack_faults(bot: RunningBot) -> None:
    figures = slack_runs(bot, rounds=1, timeouts=0)
    assert figures.failures == []
    assert set(REFUSED) | {"replayed", "share expired_url", "Web API 429"} <= set(figures.sent)
    assert figures.handled == figures.sent


def test_one_digest_per_date_over_the_clock_changes(tmp_path: Path) -> None:
    figures = digest_runs(tmp_path, years=(2022,), clocks=("00:30",))
    assert figures.failures == []
    assert figures.windows == 10 and figures.posts == figures.dates >= 50


def test_the_report_keeps_notes_outside_its_markers(tmp_path: Path) -> None:
    run = Run(started=datetime(2026, 11, 30, tzinfo=UTC), sizes={"years": (2022,)})
    section = render(run)
    assert section.startswith(BEGIN) and section.rstrip().endswith(END)
    doc = tmp_path / "reliability.md"
    doc.write_text(f"# Reliability\n\nNotes before.\n\n{BEGIN}\nold\n{END}\n\nNotes after.\n")
    update_doc(doc, section)
    text = doc.read_text()
    assert "Notes before." in text and "Notes after." in text and "old" not in text
    assert "Nothing failed" in text


def test_a_part_run_alone_joins_the_other_figures(tmp_path: Path) -> None:
    from bench.reliability.feed_crash import FeedCrashFigures

    doc = tmp_path / "reliability.md"
    full = Run(started=datetime(2026, 11, 30, tzinfo=UTC), sizes={"years": (2022,)})
    full.seconds["crash"] = 800.0
    update_doc(doc, render(full))
    alone = Run(started=datetime(2026, 11, 30, 2, tzinfo=UTC), sizes={})
    alone.parts["feed crash"] = FeedCrashFigures(feeds=20, entries=2_053, kills=51, trials=17)
    alone.seconds["feed crash"] = 400.0
    for _ in range(2):  # a second run alone replaces the first one's row and note
        merge_doc(doc, alone, "python -m bench.reliability --only feed-crash")
    text = doc.read_text()
    assert text.count(FEED_CRASH_ROW) == 1 and "51 kills in 17 trials" in text
    assert text.count("Run alone afterwards") == 1
    assert "Seconds per part: crash 800, feed crash 400" in text
    assert "Nothing failed" in text
