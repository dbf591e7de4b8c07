"""Fuzzing with Hypothesis: topics through ``wiredesk ask`` and signed ``/conflict``
requests, files of six formats through ``wiredesk ingest``.

A run never stops at the first surprise: each kind of input runs its examples and reports
how many were tried and what failed (Hypothesis shrinks a failure to its smallest form).
Failures are: a traceback or exit code 3 ("this is a bug"), an HTTP answer other than a 200
with an answer or a warning, a write to the database from asking, and a valid record of a
damaged file that did not get in.
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st

from bench.reliability.inputs import FORMATS, FuzzFile, mutated, topics
from bot.cli import cli
from handlers.errors import APOLOGY
from store.schema import open_db
from tests.support.signed import post_signed, slash_command_body

#: ``wiredesk ingest --format`` for each generated format (Atom is read as a feed).
FORMAT_OPTION = {"json": "json", "jsonl": "jsonl", "csv": "csv", "rss": "rss", "atom": "rss"}
FORMAT_OPTION["html"] = "html"


@dataclass
class Tally:
    """What one kind of input did: how many were tried, and every failure found."""

    tried: int = 0
    failures: list[str] = field(default_factory=list)
    db_changes: int = 0
    damaged_records: int = 0
    valid_records: int = 0
    kept_records: int = 0
    files: dict[str, int] = field(default_factory=dict)

    def fail(self, what: str) -> None:
        """Stop this example: Hypothesis shrinks it, and the run reports the smallest."""
        raise AssertionError(what[:800])


class ChangeWatch:
    """Sees whether any other connection committed to a database (``PRAGMA data_version``)."""

    def __init__(self, path: Path) -> None:
        self._connection = sqlite3.connect(path)
        self._version = self._read()

    def _read(self) -> int:
        return self._connection.execute("PRAGMA data_version").fetchone()[0]

    def changed(self) -> bool:
        """True once after each commit by another connection."""
        version = self._read()
        changed, self._version = version != self._version, version
        return changed

    def close(self) -> None:
        self._connection.close()


def run_examples(
    strategy: st.SearchStrategy[Any], check: Callable[[Any], None], examples: int, seed: int
) -> str | None:
    """Run ``check`` over ``examples`` values drawn from ``strategy``; None, or the failure
    Hypothesis shrank to (its message and the falsifying example)."""

    @settings(
        max_examples=examples,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        print_blob=False,
    )
    @hypothesis_seed(seed)
    @given(strategy)
    def prop(value: Any) -> None:
        check(value)

    try:
        prop()
    except Exception as error:  # the shrunk failure: reported, not raised
        notes = " ".join(getattr(error, "__notes__", []))
        return f"{type(error).__name__}: {error} {notes}".strip()[:1000]
    return None


# ---------------------------------------------------------------------- asking


def fuzz_ask(db_path: Path, examples: int, seed: int = 12) -> Tally:
    """``wiredesk ask -- TOPIC`` (text and --json) for generated topics: exit 0 or 2 only,
    and nothing written to the database."""
    tally = Tally()
    runner = CliRunner()
    watch = ChangeWatch(db_path)

    def check(topic: str) -> None:
        tally.tried += 1
        extra = ["--json"] if tally.tried % 2 else []
        result = runner.invoke(cli, ["--db", str(db_path), "ask", *extra, "--", topic])
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            tally.fail(f"ask {topic!r}: {type(result.exception).__name__}: {result.exception}")
        if result.exit_code not in (0, 2):
            tally.fail(f"ask {topic!r}: exit {result.exit_code}: {result.output[-300:]}")
        if result.exit_code == 0 and extra:
            json.loads(result.stdout)
        _unchanged(tally, watch, f"ask {topic!r}")

    return _run_watched(tally, watch, check, examples, seed)


def _unchanged(tally: Tally, watch: ChangeWatch, what: str) -> None:
    """Count and report a database that ``what`` (a question) changed."""
    if watch.changed():
        tally.db_changes += 1
        tally.fail(f"{what} changed the database")


def _run_watched(
    tally: Tally, watch: ChangeWatch, check: Callable[[str], None], examples: int, seed: int
) -> Tally:
    """Run ``check`` over generated topics, then close ``watch`` whatever happens."""
    try:
        problem = run_examples(topics(), check, examples, seed)
    finally:
        watch.close()
    _note(tally, problem)
    return tally


# ---------------------------------------------------------------------- Slack


def fuzz_slack(url: str, secret: str, db_path: Path, examples: int, seed: int = 13) -> Tally:
    """Signed ``/conflict TOPIC`` requests to a running app at ``url``: every one answered
    200 with JSON that is an answer, help or a warning (never the apology for a bug), and
    nothing written to the database."""
    tally = Tally()
    watch = ChangeWatch(db_path)

    def check(topic: str) -> None:
        tally.tried += 1
        status, headers, body = post_signed(
            url, slash_command_body(topic), secret=secret, timeout=30
        )
        if status != 200 or not headers.get("content-type", "").startswith("application/json"):
            tally.fail(f"/conflict {topic!r}: HTTP {status} {body[:200]!r}")
        answer = json.loads(body)
        if answer.get("text") == APOLOGY or not (answer.get("blocks") or answer.get("text")):
            tally.fail(f"/conflict {topic!r}: {answer.get('text')!r}")
        _unchanged(tally, watch, f"/conflict {topic!r}")

    return _run_watched(tally, watch, check, examples, seed)


# ---------------------------------------------------------------------- ingesting


def fuzz_ingest(work: Path, examples: int, seed: int = 14) -> Tally:
    """For each format, ``examples`` generated files with damaged records and ``examples``
    with damaged bytes through ``wiredesk ingest``: exit 0, 1 or 2 only, every valid record
    of a file with damaged records stored, and the database intact at the end."""
    tally = Tally()
    runner = CliRunner()
    db_path = work / "fuzz-ingest.db"
    open_db(db_path).close()
    files = iter(range(sys.maxsize))

    def check(fuzz_file: FuzzFile) -> None:
        tally.tried += 1
        tally.files[fuzz_file.fmt] = tally.files.get(fuzz_file.fmt, 0) + 1
        path = work / f"input-{next(files)}{fuzz_file.suffix}"
        path.write_bytes(fuzz_file.data)
        option = FORMAT_OPTION[fuzz_file.fmt]
        result = runner.invoke(cli, ["--db", str(db_path), "ingest", "--format", option, str(path)])
        path.unlink()
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            tally.fail(
                f"ingest {fuzz_file.fmt} {fuzz_file.data[:300]!r}: "
                f"{type(result.exception).__name__}: {result.exception}"
            )
        if result.exit_code not in (0, 1, 2):
            tally.fail(f"ingest {fuzz_file.fmt}: exit {result.exit_code}: {result.output[-300:]}")
        if result.exit_code != 0 and path.name not in result.stderr:
            tally.fail(f"ingest {fuzz_file.fmt}: a rejection that names no file: {result.stderr}")
        tally.damaged_records += fuzz_file.damaged
        tally.valid_records += len(fuzz_file.valid)
        lost = [m for m in fuzz_file.valid if not _stored(db_path, m)]
        tally.kept_records += len(fuzz_file.valid) - len(lost)
        if lost:
            tally.fail(
                f"ingest {fuzz_file.fmt}: valid records {lost} lost from {fuzz_file.data[:400]!r}"
                f"; said {result.stderr[-300:]!r}"
            )

    for number, strategy in enumerate(FORMATS.values()):
        _note(tally, run_examples(strategy(), check, examples, seed + number))
        _note(tally, run_examples(mutated(strategy()), check, examples, seed + 100 + number))
    with sqlite3.connect(db_path) as db:
        (verdict,) = db.execute("PRAGMA integrity_check").fetchone()
    if verdict != "ok":
        tally.failures.append(f"integrity_check after the ingest fuzz: {verdict}")
    return tally


def _stored(db_path: Path, marker: str) -> bool:
    with sqlite3.connect(db_path) as db:
        row = db.execute("SELECT 1 FROM bulletins WHERE instr(text, ?) > 0", [marker]).fetchone()
    return row is not None


def _note(tally: Tally, problem: str | None) -> None:
    """Keep the failure Hypothesis shrank to."""
    if problem:
        tally.failures.append(problem)
