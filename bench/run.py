"""Benchmark: ingest throughput and `ask` latency, each beside raw SQLite in the same run.

    python -m bench.run --n 100000

Builds a deterministic synthetic corpus (bench/corpus.py), ingests it through the real
path (JSONL in, full text analysis, one transaction), then times `ask` for a common, a
rare, a Cyrillic and an absent topic. Baselines on the same texts in the same run:
plain sqlite3 ``executemany`` into a table with an FTS5 index, and an FTS5
``MATCH ... ORDER BY bm25 LIMIT 20`` query for the same topic.
"""

from __future__ import annotations

import argparse
import json
import platform
import shutil
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.corpus import write_jsonl
from newsroom.ask import ask
from newsroom.ingest import IngestReport, ingest
from store.schema import open_db

TOPICS = {
    "common": "Kharkiv",
    "rare": "Verkhnivka",
    "cyrillic": "Лисичанськ",
    "absent": "Atlantis",
}


def _percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _time(function, repeat: int) -> dict[str, float]:
    function()  # warm the page cache and the statement cache
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return {
        "p50_ms": statistics.median(samples),
        "p95_ms": _percentile(samples, 0.95),
        "p99_ms": _percentile(samples, 0.99),
    }


def baseline_ingest(corpus: Path, db_path: Path) -> float:
    """Seconds to executemany the same texts into a plain table with an FTS5 index."""
    texts = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    connection = sqlite3.connect(db_path)
    connection.execute("CREATE TABLE b (id INTEGER PRIMARY KEY, source, published, text)")
    connection.execute(
        "CREATE VIRTUAL TABLE b_fts USING fts5(text, content='b', content_rowid='id')"
    )
    start = time.perf_counter()
    with connection:
        connection.executemany(
            "INSERT INTO b (source, published, text) VALUES (?, ?, ?)",
            [(t["source"], t["published"], t["text"]) for t in texts],
        )
        connection.execute("INSERT INTO b_fts (b_fts) VALUES ('rebuild')")
    elapsed = time.perf_counter() - start
    connection.close()
    return elapsed


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="bulletins in the corpus")
    parser.add_argument("--repeat", type=int, default=50, help="timed runs per query")
    parser.add_argument("--out", type=Path, default=Path("bench/out"), help="results folder")
    parser.add_argument("--keep", action="store_true", help="keep the corpus and databases")
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="wiredesk-bench-"))
    try:
        return _run(args, work)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _run(args: argparse.Namespace, work: Path) -> dict:
    corpus = write_jsonl(work / f"corpus-{args.n}.jsonl", args.n)
    db = open_db(work / "wiredesk.db")
    report = IngestReport()
    start = time.perf_counter()
    ingest(db, str(corpus), report, fmt="jsonl")
    ingest_seconds = time.perf_counter() - start
    baseline_seconds = baseline_ingest(corpus, work / "baseline.db")

    raw = sqlite3.connect(work / "baseline.db")
    results: dict = {
        "machine": f"{platform.processor() or platform.machine()}, {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}",
        "n": args.n,
        "items": report.items,
        "ingest": {
            "bulletins_per_s": args.n / ingest_seconds,
            "baseline_bulletins_per_s": args.n / baseline_seconds,
            "ratio": baseline_seconds / ingest_seconds,
        },
        "ask": {},
        "db_bytes_per_bulletin": (work / "wiredesk.db").stat().st_size / args.n,
    }
    for label, topic in TOPICS.items():
        answer = ask(db, topic)
        timing = _time(lambda t=topic: ask(db, t), args.repeat)
        base = _time(
            lambda t=topic: raw.execute(
                "SELECT rowid FROM b_fts WHERE b_fts MATCH ? ORDER BY bm25(b_fts) LIMIT 20",
                [f'"{t}"'],
            ).fetchall(),
            args.repeat,
        )
        timing.update(
            topic=topic,
            total=answer.total,
            baseline_p95_ms=base["p95_ms"],
            ratio_p95=timing["p95_ms"] / max(base["p95_ms"], 1e-6),
        )
        results["ask"][label] = timing
    raw.close()
    db.close()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"results-{args.n}.json").write_text(json.dumps(results, indent=2))
    _print(results)
    return results


def _print(results: dict) -> None:
    ingest_figures = results["ingest"]
    print(
        f"Machine: {results['machine']}; N = {results['n']:,} bulletins ({results['items']:,} items)"
    )
    print(
        f"Ingest: {ingest_figures['bulletins_per_s']:,.0f} bulletins/s; raw SQLite "
        f"{ingest_figures['baseline_bulletins_per_s']:,.0f}/s; ratio {ingest_figures['ratio']:.2f}"
    )
    print(f"Database: {results['db_bytes_per_bulletin']:,.0f} bytes per bulletin")
    print(
        f"{'ask':<10}{'topic':<14}{'matches':>9}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}"
        f"{'FTS5 p95':>10}{'ratio':>7}"
    )
    for label, row in results["ask"].items():
        print(
            f"{label:<10}{row['topic']:<14}{row['total']:>9,}{row['p50_ms']:>9.1f}{row['p95_ms']:>9.1f}"
            f"{row['p99_ms']:>9.1f}{row['baseline_p95_ms']:>10.2f}{row['ratio_p95']:>7.1f}"
        )


if __name__ == "__main__":
    main()
