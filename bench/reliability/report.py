"""The reliability run's figures as Markdown: printed, and written into docs/reliability.md
between :data:`BEGIN` and :data:`END` (notes outside the markers are kept)."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

BEGIN = (
    "<!-- reliability:begin: written by `python -m bench.reliability`; edit outside these"
    " markers -->"
)
END = "<!-- reliability:end -->"


@dataclass
class Run:
    """Every part's figures, how long each took, and the sizes asked for."""

    started: datetime
    sizes: dict[str, Any]
    parts: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)
    bot_tracebacks: int = 0
    finished: datetime | None = None

    def time(self, name: str, part: Callable[[], Any]) -> None:
        """Run one part and keep its figures and duration."""
        began = time.monotonic()
        self.parts[name] = part()
        self.seconds[name] = time.monotonic() - began

    def failures(self) -> list[str]:
        """Everything any part found wrong."""
        found = [f"{name}: {f}" for name, p in self.parts.items() for f in _failures(p)]
        if self.bot_tracebacks:
            found.append(f"the bot logged {self.bot_tracebacks} traceback(s)")
        return found


def _failures(part: Any) -> list[str]:
    return list(getattr(part, "failures", None) or getattr(part, "errors", None) or [])


def render(run: Run) -> str:
    """The generated section, markers included."""
    p = run.parts
    lines = [BEGIN, "", "## Last run", ""]
    minutes = ((run.finished or run.started) - run.started).total_seconds() / 60
    lines.append(
        f"One run of `python -m bench.reliability` on {run.started:%Y-%m-%d}, "
        f"{minutes:.0f} minutes, on {os.cpu_count()} cores."
    )
    failures = run.failures()
    lines += [
        "",
        f"**{'Nothing failed' if not failures else f'{len(failures)} failure(s)'}**: "
        + (
            "no traceback, no write from asking, no valid record lost, no difference from a"
            " clean run after any kill, nothing stored twice, no late or failed answer, one"
            " digest per date."
            if not failures
            else "see below."
        ),
        "",
        "| part | tried | result |",
        "|---|---:|---|",
    ]
    if "ask" in p:
        ask = p["ask"]
        lines.append(
            f"| `wiredesk ask` with generated topics (Hypothesis) | {ask.tried:,} topics |"
            f" {len(ask.failures)} failures (exit 3 or traceback), {ask.db_changes} writes |"
        )
    if "slack topics" in p:
        slack = p["slack topics"]
        lines.append(
            f"| signed `/conflict` with generated topics, to `wiredesk run` | {slack.tried:,}"
            f" requests | {len(slack.failures)} failures (non-200, apology), "
            f"{slack.db_changes} writes, {run.bot_tracebacks} tracebacks in the bot's log |"
        )
    if "ingest" in p:
        ing = p["ingest"]
        formats = ", ".join(f"{k} {v:,}" for k, v in ing.files.items())
        lines.append(
            f"| `wiredesk ingest` of generated files, half with damaged records and half with"
            f" damaged bytes ({formats}) | {ing.tried:,} files | {len(ing.failures)} failures;"
            f" {ing.damaged_records:,} damaged records or bytes; valid records kept:"
            f" {ing.kept_records:,} of {ing.valid_records:,} |"
        )
    if "crash" in p:
        crash = p["crash"]
        lines.append(
            f"{INGEST_CRASH_ROW} of {crash.bulletins:,} bulletins (+ denial"
            f" pairs), then a re-run | {crash.kills:,} kills in {crash.trials} trials"
            f" ({crash.finished_before_kill} ingests ended before their kill) |"
            f" {len(crash.failures)} differences from a clean run, duplicates or integrity"
            " errors |"
        )
    if "feed crash" in p:
        lines.append(feed_crash_row(p["feed crash"]))
    if "load" in p:
        load = p["load"]
        lines.append(
            f"| {load.concurrent} concurrent signed `/conflict` while `wiredesk ingest` adds"
            f" {load.ingested:,} bulletins to {load.stored:,} | {load.requests:,} requests in"
            f" {load.waves} waves | {len(load.errors)} errors, {load.late} over 3 s; p50"
            f" {load.p50:.2f} s, p95 {load.percentile(0.95):.2f} s, max"
            f" {max(load.latencies, default=0):.2f} s |"
        )
    if "slack" in p:
        sl = p["slack"]
        kinds = ", ".join(f"{k} {sl.handled[k]}/{n}" for k, n in sl.sent.items())
        lines.append(
            f"| bad requests refused, replays answered once, Web API and `response_url`"
            f" faults survived ({kinds}) | {sum(sl.sent.values()):,} requests or faults |"
            f" {len(sl.failures)} failures |"
        )
    if "digest" in p:
        dg = p["digest"]
        lines.append(
            f"| the digest with a fake clock over the clock changes of {', '.join(dg.zones)}"
            f" ({', '.join(str(y) for y in run.sizes['years'])}; 7 digest times) |"
            f" {dg.windows:,} five-day walks, {dg.dates:,} dates, {dg.restarts:,} restarts |"
            f" {dg.posts:,} posts for {dg.dates:,} dates; {len(dg.failures)} failures |"
        )
    lines += ["", "Seconds per part: " + ", ".join(f"{k} {v:.0f}" for k, v in run.seconds.items())]
    if failures:
        lines += ["", "### Failures", ""] + [f"- {f}" for f in failures[:50]]
    lines += ["", END]
    return "\n".join(lines) + "\n"


def feed_crash_row(feed: Any) -> str:
    """The table row of the feed-poll crash part."""
    seconds = " and ".join(f"{s:.1f} s" for s in feed.clean_seconds)
    return (
        f"{FEED_CRASH_ROW} over {feed.feeds} loopback RSS feeds ({feed.entries:,} entries, then"
        f" {feed.rewritten:,} rewritten and {feed.added:,} added; clean passes {seconds}), then"
        f" a re-run | {feed.kills:,} kills in {feed.trials} trials (first poll"
        f" {feed.kills_per_round[0]}, changed feeds {feed.kills_per_round[1]};"
        f" {feed.finished_before_kill} passes ended before their kill) |"
        f" {len(feed.failures)} differences from a clean run, duplicates or integrity errors;"
        f" {feed.leases_left} leases of killed passes left, taken over when due |"
    )


INGEST_CRASH_ROW = "| `kill -9` during `wiredesk ingest`"
FEED_CRASH_ROW = "| `kill -9` during `wiredesk watch --once`"
ROW_STARTS = {"feed crash": (FEED_CRASH_ROW, feed_crash_row)}
"""The parts that may be run alone (``--only``): how their rows begin, and the rows."""


def merge_doc(path: Path, run: Run, command: str) -> None:
    """Put the rows of a run of some parts alone into the section of ``path``, beside the
    other parts' figures: a part's row replaces its old one or joins the table, its seconds
    join the list, and a line says which command the rows come from."""
    text = path.read_text(encoding="utf-8")
    head, rest = text.split(BEGIN, 1)
    section, tail = rest.split(END, 1)
    lines = section.split("\n")
    rows = {
        start: row(run.parts[name])
        for name, (start, row) in ROW_STARTS.items()
        if name in run.parts
    }
    for start, row in rows.items():
        at = [i for i, line in enumerate(lines) if line.startswith(start)]
        if at:
            lines[at[0]] = row
        else:  # after the ingest crash row, as in a full run
            after = [i for i, line in enumerate(lines) if line.startswith(INGEST_CRASH_ROW)]
            last = max(i for i, line in enumerate(lines) if line.startswith("|"))
            lines.insert((after or [last])[0] + 1, row)
    minutes = ((run.finished or run.started) - run.started).total_seconds() / 60
    note = f"Run alone afterwards (`{command}`, {run.started:%Y-%m-%d}, {minutes:.0f} minutes):"
    said = note + " " + ", ".join(f"the {start.removeprefix('| ')} row" for start in rows) + "."
    for i in [i for i, line in enumerate(lines) if line.startswith(note.split(",")[0])][::-1]:
        del lines[i - 1 : i + 1]  # the note of an earlier run alone, and the blank line before
    header = next(i for i, line in enumerate(lines) if line.startswith("One run of"))
    lines[header + 1 : header + 1] = ["", said]
    for i, line in enumerate(lines):
        if line.startswith("Seconds per part: "):
            seconds = dict(
                part.rsplit(" ", 1) for part in line.removeprefix("Seconds per part: ").split(", ")
            )
            seconds.update({k: f"{v:.0f}" for k, v in run.seconds.items()})
            lines[i] = "Seconds per part: " + ", ".join(f"{k} {v}" for k, v in seconds.items())
    if failures := run.failures():
        end = len(lines) - 1
        lines[end:end] = ["### Failures (run alone)", ""] + [f"- {f}" for f in failures[:50]] + [""]
    path.write_text(head + BEGIN + "\n".join(lines) + END + tail, encoding="utf-8")


def update_doc(path: Path, section: str) -> None:
    """Put ``section`` between the markers of ``path`` (the whole file when it has none)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = "# Reliability\n\n" + section
    path.write_text(text, encoding="utf-8")
