"""Benchmark: ingest, `/conflict` over HTTP, the digest, memory and size, beside raw SQLite.

    python -m bench.run                    # N = 1,000,000
    python -m bench.run --n 20000 --doc    # and write the figures to docs/benchmarks.md

One run on one deterministic corpus (bench/corpus.py) measures:

1. ingest through the real path (JSONL in, all text analysis, one transaction);
2. `/conflict` latency through `wiredesk run` over HTTP (signed slash commands) for a
   common, a rare, a Cyrillic and an absent topic, and `ask` in-process for the same;
3. the digest of the busy day (1% of the corpus: 10,000 bulletins at a million);
4. the bot's peak memory and the database's bytes per bulletin.

Baselines on the same texts in the same run: plain sqlite3 ``executemany`` into a table with
an FTS5 index, and FTS5 ``MATCH ... ORDER BY bm25 LIMIT 20`` for each topic. Targets are
reported met or missed; nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.bot_process import running_bot
from bench.corpus import DIGEST_CLOCK, SHARED_DATA, TOPICS, plan, shared_sentences, write_jsonl
from bench.measure import database_size, machine, own_peak_mb, summarise, time_calls
from bench.report import evaluate_targets, render, today, update_doc
from newsroom.ask import ask
from newsroom.digest import build_digest
from newsroom.ingest import IngestReport, ingest
from store.schema import open_db

__all__ = ["TOPICS", "main"]

DEFAULT_N = 1_000_000
DEFAULT_REPEAT = 100
DEFAULT_DIGEST_REPEAT = 5
DOC = Path("docs/benchmarks.md")
FLOOR_COMMAND = "history 1"
"""A `/conflict` command that goes the whole HTTP path with a trivial lookup."""
FLOORS = {
    "transport": "forged signature, refused (401)",
    "listener": f"/conflict {FLOOR_COMMAND}",
}
BASELINE_QUERY = "SELECT rowid FROM b_fts WHERE b_fts MATCH ? ORDER BY bm25(b_fts) LIMIT 20"


def baseline_ingest(corpus: Path, db_path: Path) -> float:
    """Seconds to executemany the same texts into a plain table with an FTS5 index."""
    with corpus.open(encoding="utf-8") as lines:
        rows = [(r["source"], r["published"], r["text"]) for r in map(json.loads, lines)]
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE b (id INTEGER PRIMARY KEY, source, published, text)")
    connection.execute(
        "CREATE VIRTUAL TABLE b_fts USING fts5(text, content='b', content_rowid='id')"
    )
    start = time.perf_counter()
    with connection:
        connection.executemany("INSERT INTO b (source, published, text) VALUES (?, ?, ?)", rows)
        connection.execute("INSERT INTO b_fts (b_fts) VALUES ('rebuild')")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def command_line(args: argparse.Namespace) -> str:
    """The command that reproduces this run's figures."""
    parts = ["python", "-m", "bench.run", "--n", str(args.n)]
    if args.repeat != DEFAULT_REPEAT:
        parts += ["--repeat", str(args.repeat)]
    if args.digest_repeat != DEFAULT_DIGEST_REPEAT:
        parts += ["--digest-repeat", str(args.digest_repeat)]
    if args.mix_shared:
        parts.append("--mix-shared")
    return " ".join(parts)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--n", type=int, default=DEFAULT_N, help="bulletins in the corpus")
    parser.add_argument(
        "--repeat", type=int, default=DEFAULT_REPEAT, help="timed runs per query and topic"
    )
    parser.add_argument(
        "--digest-repeat", type=int, default=DEFAULT_DIGEST_REPEAT, help="timed digest builds"
    )
    parser.add_argument(
        "--mix-shared",
        action="store_true",
        help=f"mix in sentences from {SHARED_DATA} when it is present",
    )
    parser.add_argument("--out", type=Path, default=Path("bench/out"), help="results folder")
    parser.add_argument("--doc", action="store_true", help=f"write the figures into {DOC}")
    parser.add_argument("--doc-path", type=Path, default=DOC, help=argparse.SUPPRESS)
    parser.add_argument("--keep", action="store_true", help="keep the corpus and databases")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1 or args.digest_repeat < 1:
        parser.error("--n, --repeat and --digest-repeat must be at least 1")
    return args


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Run the benchmark, print and save its figures; return them."""
    args = parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="wiredesk-bench-"))
    try:
        results = _run(args, work)
    finally:
        if args.keep:
            print(f"Corpus and databases kept in {work}", file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"results-{args.n}.json").write_text(
        json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    print("\n".join(render(results)))
    if args.doc:
        update_doc(args.doc_path, results)
        print(f"\nWritten to {args.doc_path}")
    return results


def _run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    began = time.perf_counter()
    shared = shared_sentences() if args.mix_shared else []
    if args.mix_shared and not shared:
        print(f"--mix-shared: {SHARED_DATA} is absent; the corpus is synthetic only.")
    layout = plan(args.n)
    corpus = write_jsonl(work / f"corpus-{args.n}.jsonl", args.n, shared=shared)

    db_path = work / "wiredesk.db"
    db = open_db(db_path)
    report = IngestReport()
    start = time.perf_counter()
    ingest(db, str(corpus), report, fmt="jsonl")
    ingest_seconds = time.perf_counter() - start
    harness_peak = own_peak_mb()  # before the baseline loads the whole corpus
    baseline_seconds = baseline_ingest(corpus, work / "baseline.db")
    size = database_size(db_path, args.n)

    raw = sqlite3.connect(work / "baseline.db")
    baseline, in_process = {}, {}
    for label, topic in TOPICS.items():
        phrase = [f'"{topic}"']
        count = raw.execute("SELECT count(*) FROM b_fts WHERE b_fts MATCH ?", phrase).fetchone()
        baseline[label] = {
            "topic": topic,
            "bulletins": count[0],
            "share": count[0] / args.n,
            **time_calls(lambda p=phrase: raw.execute(BASELINE_QUERY, p).fetchall(), args.repeat),
        }
        answer = ask(db, topic)
        timing = time_calls(lambda t=topic: ask(db, t), args.repeat)
        in_process[label] = {
            "topic": topic,
            "total": answer.total,
            "total_is_exact": answer.total_is_exact,
            **timing,
            "ratio_p95": timing["p95_ms"] / max(baseline[label]["p95_ms"], 1e-6),
        }
    raw.close()

    samples = []
    for _ in range(args.digest_repeat):  # no untimed run first: the first one is reported too
        start = time.perf_counter()
        digest = build_digest(db, layout.digest_day, clock=DIGEST_CLOCK, zone="UTC")
        samples.append((time.perf_counter() - start) * 1000)
    db.close()

    with running_bot(db_path, work) as bot:
        floors = {
            "transport": time_calls(bot.refused, args.repeat),
            "listener": time_calls(lambda: bot.command(FLOOR_COMMAND), args.repeat),
        }
        conflict_http = {}
        for label, topic in TOPICS.items():
            answer_text = bot.command(topic)["text"]  # the untimed first request
            timing = time_calls(lambda t=topic: bot.command(t), args.repeat, warm=False)
            conflict_http[label] = {
                "topic": topic,
                "answer": answer_text[:160],
                **timing,
                "baseline_p95_ms": baseline[label]["p95_ms"],
                "ratio_p95": timing["p95_ms"] / max(baseline[label]["p95_ms"], 1e-6),
            }
        bot_memory = bot.memory_mb()

    results: dict[str, Any] = {
        "n": args.n,
        "command": command_line(args),
        "date": today(),
        "machine": machine(),
        "corpus": {
            "seed": 7,
            "days": layout.days,
            "mixed_shared": bool(shared),
            "added": report.added,
            "items": report.items,
            "near_duplicates": report.near_duplicates,
            "duplicates": report.duplicates,
            "rejected": len(report.rejected),
        },
        "ingest": {
            "seconds": ingest_seconds,
            "bulletins_per_s": args.n / ingest_seconds,
            "baseline_seconds": baseline_seconds,
            "baseline_bulletins_per_s": args.n / baseline_seconds,
            "ratio": baseline_seconds / ingest_seconds,
        },
        "baseline": baseline,
        "conflict_http": conflict_http,
        "http_floor": {name: {"request": FLOORS[name], **floors[name]} for name in FLOORS},
        "ask_in_process": in_process,
        "digest": {
            "day": layout.digest_day.isoformat(),
            "bulletins_written": layout.busy_count,
            "bulletins": digest.counts["bulletins"],
            "items": digest.counts["items"],
            "topics": len(digest.topics),
            "first_ms": samples[0],
            **summarise(samples),
        },
        "memory": {
            "bot_peak_mb": bot_memory["peak_mb"],
            "bot_rss_mb": bot_memory["rss_mb"],
            "harness_ingest_peak_mb": harness_peak,
        },
        "database": size,
    }
    results["targets"] = evaluate_targets(results)
    results["elapsed_s"] = time.perf_counter() - began
    return results


if __name__ == "__main__":
    main()
