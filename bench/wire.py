"""Benchmark: polling the live wire on loopback (issue 11).

    python -m bench.wire                          # 200 feeds of 50 entries
    python -m bench.wire --feeds 20 --entries 10  # a quick run
    python -m bench.wire --doc                    # and write the figures to docs/benchmarks.md

A stdlib HTTP server on 127.0.0.1 serves ``--feeds`` RSS feeds of ``--entries`` entries each
(texts from bench/corpus.py), with ETags. One ``watch_once`` pass polls them all (everything
new: fetch, parse, analysis, storage), then a second pass finds nothing new (every answer a
304). Each pass reports wall time, this process's CPU time, requests and 304s. Then, in the
same run, `/conflict` p95 through `wiredesk run` over HTTP on the idle bot, and while the bot
polls the same feeds (all new, on a fresh database) with a ``wiredesk ingest`` of
``--ingest`` bulletins beside it. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from bench.corpus import bulletins
from bench.measure import machine
from newsroom.wire.manage import add_feed
from newsroom.wire.watch import watch_once
from store.schema import open_db

DOC = Path("docs/benchmarks.md")
BEGIN = "<!-- wire:begin: written by `python -m bench.wire --doc`; edit outside these markers -->"
END = "<!-- wire:end -->"


def feed_bodies(feeds: int, entries: int) -> dict[str, bytes]:
    """RSS documents by path, ``entries`` corpus texts each, every guid unique."""
    texts = bulletins(feeds * entries, seed=11)
    bodies = {}
    for n in range(feeds):
        items = []
        for m in range(entries):
            record = next(texts)
            items.append(
                f"<item><title>Bulletin {n}.{m}</title><guid>feed{n}-{m}</guid>"
                f"<pubDate>{_rfc822(record['published'])}</pubDate>"
                f"<description>{escape(record['text'])}</description></item>"
            )
        bodies[f"/feed/{n}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
            f"<title>Bench wire {n}</title><link>https://bench.example/</link>"
            f"<description>bench</description>{''.join(items)}</channel></rss>"
        ).encode()
    return bodies


def _rfc822(iso: str) -> str:
    from datetime import datetime
    from email.utils import format_datetime

    return format_datetime(datetime.fromisoformat(iso), usegmt=True)


@contextmanager
def serving(bodies: dict[str, bytes]) -> Iterator[tuple[str, dict[str, int]]]:
    """A loopback server for ``bodies`` (ETag per path); yields its base URL and counts."""
    counts = {"requests": 0, "not_modified": 0}
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            body = bodies.get(self.path)
            tag = f'"{hash(body)}"'
            with lock:
                counts["requests"] += 1
            if body is None:
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == tag:
                with lock:
                    counts["not_modified"] += 1
                self.send_response(304)
                self.send_header("ETag", tag)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", tag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", counts
    finally:
        server.shutdown()
        server.server_close()


def measure(feeds: int, entries: int) -> dict[str, Any]:
    """Both passes, timed."""
    bodies = feed_bodies(feeds, entries)
    with tempfile.TemporaryDirectory() as folder, serving(bodies) as (base, counts):
        db_path = Path(folder) / "wire.db"
        db = open_db(db_path)
        for path in bodies:
            add_feed(db, base + path)
        db.close()
        passes = {}
        for label in ("first", "nothing new"):
            if label != "first":
                db = open_db(db_path)
                db.execute("UPDATE sources SET next_due = 0")
                db.close()
            before = dict(counts)
            wall, cpu = time.perf_counter(), time.process_time()
            results = watch_once(db_path)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            passes[label] = {
                "seconds": wall,
                "cpu_seconds": cpu,
                "requests": counts["requests"] - before["requests"],
                "not_modified": counts["not_modified"] - before["not_modified"],
                "new_entries": sum(r.new for r in results),
                "failed": sum(r.outcome == "failed" for r in results),
            }
        db = open_db(db_path)
        stored = db.execute("SELECT count(*) FROM bulletins").fetchone()[0]
        db.close()
    return {"feeds": feeds, "entries": entries, "stored": stored, "passes": passes}


def conflict_under_load(
    feeds: int, entries: int, ingest_n: int, repeat: int, topic: str = "Kharkiv"
) -> dict[str, Any]:
    """`/conflict TOPIC` p95 through `wiredesk run` over HTTP: on an idle bot, then while the
    bot polls ``feeds`` new feeds (its scheduler) and a ``wiredesk ingest`` of ``ingest_n``
    bulletins runs beside it, in the same run on the same database."""
    from bench.bot_process import WIREDESK, bot_environment, running_bot
    from bench.corpus import write_jsonl
    from bench.measure import summarise, time_calls
    from newsroom.ingest import IngestReport, ingest

    bodies = feed_bodies(feeds, entries)
    with tempfile.TemporaryDirectory() as folder, serving(bodies) as (base, _counts):
        work = Path(folder)
        db_path = work / "wire.db"
        seed = write_jsonl(work / "seed.jsonl", 2_000, seed=5)
        load = write_jsonl(work / "load.jsonl", ingest_n, seed=9)
        db = open_db(db_path)
        ingest(db, str(seed), IngestReport())
        db.close()
        with running_bot(db_path, work) as bot:
            bot.command(topic)
            idle = time_calls(lambda: bot.command(topic), repeat, warm=False)
            db = open_db(db_path)
            for path in bodies:
                add_feed(db, base + path)
            db.close()
            started = time.perf_counter()
            ingesting = subprocess.Popen(
                [*WIREDESK, "--db", str(db_path), "ingest", str(load)],
                cwd=work,
                env=bot_environment(),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            samples, polled, ingested_at = [], None, None
            while polled is None or ingested_at is None:
                start = time.perf_counter()
                bot.command(topic)
                samples.append((time.perf_counter() - start) * 1000)
                if ingested_at is None and ingesting.poll() is not None:
                    ingested_at = time.perf_counter() - started
                if polled is None and _entries(db_path) >= feeds * entries:
                    polled = time.perf_counter() - started
                if time.perf_counter() - started > 1800:
                    ingesting.kill()
                    break
            ingesting.wait()
    return {
        "topic": topic,
        "idle": idle,
        "loaded": summarise(samples),
        "poll_seconds": polled,
        "ingest_seconds": ingested_at,
        "ingest_n": ingest_n,
    }


def _entries(db_path: Path) -> int:
    db = open_db(db_path)
    try:
        return db.execute("SELECT count(*) FROM source_entries").fetchone()[0]
    finally:
        db.close()


def render(result: dict[str, Any], info: dict[str, Any]) -> str:
    """The figures as a Markdown section."""
    feeds, entries = result["feeds"], result["entries"]
    lines = [
        f"## Live wire: {feeds} feeds of {entries} entries on loopback",
        "",
        f"One run of `python -m bench.wire --feeds {feeds} --entries {entries}` on "
        f"{date.today().isoformat()} ({info.get('usable_cores', '?')} usable cores of {info.get('cpu', '?')}, Python "
        f"{info.get('python', '?')}); sources polled one after another by one `watch --once` "
        f"pass; {result['stored']:,} bulletins stored.",
        "",
        "| pass | seconds | CPU seconds | requests | 304s | new entries | entries/s |",
        "|------|--------:|------------:|---------:|-----:|------------:|----------:|",
    ]
    for label, p in result["passes"].items():
        rate = p["new_entries"] / p["seconds"] if p["seconds"] else 0
        lines.append(
            f"| {label} | {p['seconds']:.2f} | {p['cpu_seconds']:.2f} | {p['requests']:,} | "
            f"{p['not_modified']:,} | {p['new_entries']:,} | {rate:,.0f} |"
        )
    idle = result["passes"]["nothing new"]
    per_source = idle["seconds"] / max(1, feeds) * 1000
    lines += [
        "",
        f"A pass with nothing new costs {per_source:.1f} ms per source (a conditional GET "
        "answered 304, the lease taken and given back, the source's state written).",
    ]
    load = result.get("conflict")
    if load:
        idle, loaded = load["idle"], load["loaded"]
        lines += [
            "",
            f"`/conflict {load['topic']}` through `wiredesk run` over HTTP (signed slash "
            "commands, one at a time), on the idle bot, then while the bot's scheduler polls "
            f"the {feeds} feeds (all new) and `wiredesk ingest` of {load['ingest_n']:,} "
            "bulletins runs beside it on the same database:",
            "",
            "| bot | requests | p50 | p95 | p99 | max |",
            "|-----|---------:|----:|----:|----:|----:|",
        ]
        for label, t in (("idle", idle), ("polling + ingest", loaded)):
            lines.append(
                f"| {label} | {t['runs']:,} | {t['p50_ms']:.1f} ms | {t['p95_ms']:.1f} ms | "
                f"{t['p99_ms']:.1f} ms | {t['max_ms']:.1f} ms |"
            )
        poll_s, ingest_s = load["poll_seconds"], load["ingest_seconds"]
        lines += [
            "",
            f"The poll took {poll_s:.1f} s inside the bot and the ingest {ingest_s:.1f} s "
            "(both while answering)."
            if poll_s is not None and ingest_s is not None
            else "The poll or the ingest did not finish within 30 minutes.",
        ]
    return "\n".join(lines)


def update_doc(section: str, doc: Path = DOC) -> None:
    """Replace the text between the wire markers (appended the first time)."""
    text = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    block = f"{BEGIN}\n\n{section}\n\n{END}"
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    text = (
        pattern.sub(lambda _: block, text)
        if pattern.search(text)
        else f"{text.rstrip()}\n\n{block}\n"
    )
    doc.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--doc", action="store_true", help=f"Write the figures to {DOC}.")
    parser.add_argument(
        "--ingest", type=int, default=10_000, help="Bulletins ingested beside the poll."
    )
    parser.add_argument("--repeat", type=int, default=100, help="Timed idle /conflict runs.")
    parser.add_argument("--no-conflict", action="store_true", help="Skip /conflict p95 under load.")
    args = parser.parse_args(argv)
    result = measure(args.feeds, args.entries)
    if not args.no_conflict:
        result["conflict"] = conflict_under_load(args.feeds, args.entries, args.ingest, args.repeat)
    section = render(result, machine())
    print(section)
    if args.doc:
        update_doc(section)
    return result


if __name__ == "__main__":
    main()
