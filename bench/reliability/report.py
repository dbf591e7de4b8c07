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
            f"| `kill -9` during `wiredesk ingest` of {crash.bulletins:,} bulletins (+ denial"
            f" pairs), then a re-run | {crash.kills:,} kills in {crash.trials} trials"
            f" ({crash.finished_before_kill} ingests ended before their kill) |"
            f" {len(crash.failures)} differences from a clean run, duplicates or integrity"
            " errors |"
        )
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


def update_doc(path: Path, section: str) -> None:
    """Put ``section`` between the markers of ``path`` (the whole file when it has none)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section.rstrip("\n") + rest.split(END, 1)[1]
    else:
        text = "# Reliability\n\n" + section
    path.write_text(text, encoding="utf-8")
