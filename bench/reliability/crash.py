"""Crash safety: ``kill -9`` at random moments of a real ``wiredesk ingest``, then a re-run.

One clean run of ``wiredesk ingest corpus.jsonl`` into an empty database is the reference.
Each trial starts from an empty database, kills one to three ingests of the same file at a
moment drawn uniformly over the clean run's duration (SIGKILL to the ingest and its worker
processes, as when a container is stopped), then lets one run finish. The database must
then hold what the clean run's does (:mod:`bench.reliability.dbstate`), nothing twice, and
pass ``PRAGMA integrity_check``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.bot_process import WIREDESK, bot_environment
from bench.corpus import write_jsonl
from bench.reliability.dbstate import differences, duplicates, integrity, snapshot
from tests.support import denial_pairs


@dataclass
class CrashFigures:
    """What the crash runs did and found."""

    bulletins: int = 0
    clean_seconds: float = 0.0
    trials: int = 0
    kills: int = 0
    reruns: int = 0
    finished_before_kill: int = 0
    kill_moments: list[float] = field(default_factory=list)
    """Seconds after start of each kill, as a share of the clean run's duration."""
    failures: list[str] = field(default_factory=list)


def crash_runs(work: Path, *, bulletins: int, kills: int, seed: int = 12) -> CrashFigures:
    """Kill ingests of a ``bulletins``-bulletin JSONL file until ``kills`` kills were made
    (or a trial found a difference)."""
    figures = CrashFigures(bulletins=bulletins)
    corpus = write_corpus(work / "crash-corpus.jsonl", bulletins, seed=seed)
    reference_db = work / "crash-clean.db"
    started = time.monotonic()
    _finish(reference_db, corpus, figures, "the clean run")
    figures.clean_seconds = time.monotonic() - started
    reference = snapshot(reference_db)
    rng = random.Random(seed)
    while figures.kills < kills and not figures.failures:
        figures.trials += 1
        db = work / "crash-trial.db"
        _remove(db)
        for _ in range(rng.randint(1, 3)):
            moment = rng.uniform(0, figures.clean_seconds)
            if _kill_at(db, corpus, moment):
                figures.kills += 1
                figures.kill_moments.append(moment / figures.clean_seconds)
            else:
                figures.finished_before_kill += 1
        _finish(db, corpus, figures, f"the re-run of trial {figures.trials}")
        figures.reruns += 1
        trial = f"trial {figures.trials}"
        figures.failures += [f"{trial}: {d}" for d in differences(snapshot(db), reference)]
        if (twice := duplicates(db)) != 0:
            figures.failures.append(f"{trial}: {twice} rows stored twice")
        if (verdict := integrity(db)) != "ok":
            figures.failures.append(f"{trial}: integrity_check: {verdict}")
    return figures


def write_corpus(path: Path, bulletins: int, *, seed: int) -> Path:
    """The synthetic corpus, then the labelled denial pairs (claims and the denials that
    answer them in other bulletins), so that cross-bulletin links are compared too."""
    write_jsonl(path, bulletins, seed=seed)
    with path.open("a", encoding="utf-8") as out:
        for record in denial_pairs.BULLETINS:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def _command(db: Path, corpus: Path) -> list[str]:
    return [*WIREDESK, "--db", str(db), "ingest", str(corpus)]


def _kill_at(db: Path, corpus: Path, moment: float) -> bool:
    """Start an ingest and SIGKILL it ``moment`` seconds later; False when it had finished."""
    return kill_after(_command(db, corpus), bot_environment(), db.parent, moment)


def kill_after(command: list[str], env: dict[str, str], cwd: Path, moment: float) -> bool:
    """Start ``command`` and SIGKILL its process group ``moment`` seconds later; False when
    it had already finished."""
    process = subprocess.Popen(
        command,
        env=env,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own group: the pool workers die with it
    )
    try:
        process.wait(timeout=moment)
        return False
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
        return True


def _finish(db: Path, corpus: Path, figures: CrashFigures, what: str) -> None:
    result = subprocess.run(
        _command(db, corpus), env=bot_environment(), cwd=db.parent, capture_output=True, text=True
    )
    if result.returncode != 0:
        figures.failures.append(f"{what} exited {result.returncode}: {result.stderr[-500:]}")


def _remove(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
