"""Load: waves of concurrent signed ``/conflict`` requests to ``wiredesk run`` while a
large ``wiredesk ingest`` writes to the same database.

The bot and the ingest are real subprocesses over one SQLite file; the requests are sent
from this process, ``concurrent`` at a time, wave after wave until the ingest ends. Every
request must be answered 200 with an answer within :data:`DEADLINE` seconds.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from bench.bot_process import SECRET, WIREDESK, bot_environment, running_bot
from bench.corpus import PLACES, TOPICS, write_jsonl
from tests.support.signed import post_signed, slash_command_body

DEADLINE = 3.0
"""Slack's window for a slash command's answer, in seconds."""


@dataclass
class LoadFigures:
    """What the load run did: requests, errors, and the latencies in seconds."""

    concurrent: int = 0
    stored: int = 0
    ingested: int = 0
    ingest_seconds: float = 0.0
    waves: int = 0
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return len(self.latencies)

    @property
    def late(self) -> int:
        """Answers that took longer than the deadline."""
        return sum(t > DEADLINE for t in self.latencies)

    def percentile(self, share: float) -> float:
        """The latency below which ``share`` of the answers came (nearest rank)."""
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else 0.0


def load_run(
    work: Path, *, stored: int, ingested: int, concurrent: int = 50, seed: int = 12
) -> LoadFigures:
    """A bot over ``stored`` bulletins answers waves of ``concurrent`` requests while
    another ``ingested`` are ingested."""
    figures = LoadFigures(concurrent=concurrent, stored=stored, ingested=ingested)
    db = work / "load.db"
    env = bot_environment()
    base = write_jsonl(work / "load-stored.jsonl", stored, seed=seed)
    subprocess.run(
        [*WIREDESK, "--db", str(db), "ingest", str(base)],
        env=env,
        cwd=work,
        check=True,
        capture_output=True,
    )
    incoming = write_jsonl(work / "load-incoming.jsonl", ingested, seed=seed + 1)
    rng = random.Random(seed)
    topics = [*TOPICS.values(), *(spellings[0] for spellings in PLACES[:12])]
    with running_bot(db, work) as bot, ThreadPoolExecutor(concurrent) as pool:
        started = time.monotonic()
        ingest = subprocess.Popen(
            [*WIREDESK, "--db", str(db), "ingest", str(incoming)],
            env=env,
            cwd=work,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        while ingest.poll() is None or figures.waves == 0:
            wave = [rng.choice(topics) for _ in range(concurrent)]
            for latency, error in pool.map(lambda t: _ask(bot.url, t), wave):
                figures.latencies.append(latency)
                if error:
                    figures.errors.append(error)
            figures.waves += 1
        _, stderr = ingest.communicate()
        figures.ingest_seconds = time.monotonic() - started
        if ingest.returncode != 0:
            figures.errors.append(f"the ingest exited {ingest.returncode}: {stderr[-300:]!r}")
        if "Traceback" in bot.log_path.read_text(encoding="utf-8", errors="replace"):
            figures.errors.append(f"the bot logged a traceback:\n{bot.log_tail()}")
    return figures


def _ask(url: str, topic: str) -> tuple[float, str | None]:
    """One signed ``/conflict TOPIC``: its latency, and what was wrong with its answer."""
    started = time.monotonic()
    try:
        status, _, body = post_signed(url, slash_command_body(topic), secret=SECRET, timeout=30)
    except OSError as error:
        return time.monotonic() - started, f"/conflict {topic}: {error}"
    latency = time.monotonic() - started
    if status != 200:
        return latency, f"/conflict {topic}: HTTP {status} {body[:100]!r}"
    answer = json.loads(body)
    if not answer.get("blocks") or answer.get("text", "").startswith(":"):
        return latency, f"/conflict {topic}: {answer.get('text')!r}"
    return latency, None
