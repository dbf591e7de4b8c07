"""The benchmark's figures as tables: the issue's targets, met or missed, and docs/benchmarks.md.

The same Markdown tables are printed and written to the document. :func:`update_doc` only
rewrites the part between :data:`BEGIN` and :data:`END`, so notes written around it stay.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.corpus import TOPICS

TARGET_N = 1_000_000
"""The corpus size the issue's targets are set for (on a 2-core machine)."""
BEGIN = "<!-- bench:begin: written by `python -m bench.run --doc`; edit outside these markers -->"
END = "<!-- bench:end -->"

_OPS = {"<=": "≤", ">=": "≥"}


def evaluate_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target of issue 5 with the figure measured and whether it is met (None: not
    measurable here, such as memory without /proc)."""
    targets: list[dict[str, Any]] = []

    def target(figure: str, value: float | None, op: str, limit: float, unit: str) -> None:
        met = None if value is None else (value <= limit if op == "<=" else value >= limit)
        targets.append(
            {"figure": figure, "value": value, "op": op, "limit": limit, "unit": unit, "met": met}
        )

    ingest, http = results["ingest"], results["conflict_http"]
    target("Ingest throughput", ingest["bulletins_per_s"], ">=", 5_000, "per_s")
    target("Ingest, share of raw SQLite", ingest["ratio"], ">=", 0.25, "share")
    target("/conflict p95, common topic", http["common"]["p95_ms"], "<=", 250, "ms")
    target("/conflict p95, rare topic", http["rare"]["p95_ms"], "<=", 50, "ms")
    for label in TOPICS:
        target(f"/conflict p95 ÷ FTS5 p95, {label}", http[label]["ratio_p95"], "<=", 3, "times")
    target("Digest of the busy day (slowest run)", results["digest"]["max_ms"] / 1000, "<=", 2, "s")
    target("Bot peak memory (VmHWM)", results["memory"]["bot_peak_mb"], "<=", 400, "MB")
    return targets


def _duration(seconds: float) -> str:
    return f"{seconds:.0f} seconds" if seconds < 120 else f"{seconds / 60:.0f} minutes"


def _limit(value: float, unit: str) -> str:
    if unit in ("per_s", "share"):
        return show(value, unit).replace(".0%", "%")
    return {"times": f"{value:g}×", "ms": f"{value:g} ms", "s": f"{value:g} s"}.get(
        unit, f"{value:g} {unit}"
    )


def show(value: float | None, unit: str) -> str:
    """A figure for people: 1,234/s, 12.5%, 3.1×, 4.21 ms, 1.20 s, 95 MB."""
    if value is None:
        return "n/a"
    if unit == "per_s":
        return f"{value:,.0f}/s"
    if unit == "share":
        return f"{value:.1%}"
    if unit == "times":
        return f"{value:,.1f}×"
    if unit == "ms":
        return f"{value:.3f} ms" if value < 1 else f"{value:,.1f} ms"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:,.0f} MB"
    if unit == "bytes":
        return f"{value:,.0f} B"
    return f"{value:,}"


def table(headers: list[str], rows: list[list[str]], right: set[int] | None = None) -> list[str]:
    """A Markdown table padded to line up in a terminal; columns in ``right`` right-aligned."""
    right = right or set()
    widths = [max(len(str(c)) for c in column) for column in zip(headers, *rows, strict=True)]

    def line(cells: list[str]) -> str:
        padded = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = [("-" * (w + 1) + ":") if i in right else "-" * (w + 2) for i, w in enumerate(widths)]
    return [line(headers), "|" + "|".join(rule) + "|", *map(line, rows)]


def render(results: dict[str, Any]) -> list[str]:
    """Every figure of a run as Markdown: headline, targets, then one table per measurement."""
    n, corpus, ingest = results["n"], results["corpus"], results["ingest"]
    lines = [
        f"**N = {n:,} bulletins** ({corpus['items']:,} items), one run of "
        f"`{results['command']}` on {results['date']}, {_duration(results['elapsed_s'])}."
    ]
    if n != TARGET_N:
        lines.append(
            f"The targets are set for N = {TARGET_N:,} on a 2-core machine; at N = {n:,} they "
            "are checked all the same, as a guide."
        )
    lines += ["", "### Targets", ""]
    lines += table(
        ["figure", "measured", "target", "met"],
        [
            [
                t["figure"],
                show(t["value"], t["unit"]),
                f"{_OPS[t['op']]} {_limit(t['limit'], t['unit'])}",
                {True: "met", False: "**missed**", None: "n/a"}[t["met"]],
            ]
            for t in results["targets"]
        ],
        right={1, 2},
    )
    lines += ["", "### Ingest", ""]
    lines += table(
        ["path", "seconds", "bulletins/s"],
        [
            [
                "real path: `newsroom.ingest.ingest`, JSONL in, all analysis",
                f"{ingest['seconds']:,.1f}",
                show(ingest["bulletins_per_s"], "per_s"),
            ],
            [
                "baseline: sqlite3 `executemany` + FTS5 index",
                f"{ingest['baseline_seconds']:,.2f}",
                show(ingest["baseline_bulletins_per_s"], "per_s"),
            ],
        ],
        right={1, 2},
    )
    lines += ["", f"Ratio (real ÷ baseline throughput): {show(ingest['ratio'], 'share')}."]
    lines += _conflict_tables(results)
    lines += _digest_and_memory(results)
    return lines


def _conflict_tables(results: dict[str, Any]) -> list[str]:
    http, local, base = results["conflict_http"], results["ask_in_process"], results["baseline"]
    rows = []
    for label, topic in TOPICS.items():
        row, fts = http[label], base[label]
        rows.append(
            [
                f"{label}: {topic}",
                f"{fts['bulletins']:,} ({fts['share']:.2%})",
                _matches(local[label]),
                show(row["p50_ms"], "ms"),
                show(row["p95_ms"], "ms"),
                show(row["p99_ms"], "ms"),
                show(fts["p50_ms"], "ms"),
                show(fts["p95_ms"], "ms"),
                show(row["ratio_p95"], "times"),
            ]
        )
    for name, floor in results["http_floor"].items():
        rows.append(
            [
                f"floor, {name}: {floor['request']}",
                "",
                "",
                show(floor["p50_ms"], "ms"),
                show(floor["p95_ms"], "ms"),
                show(floor["p99_ms"], "ms"),
                "",
                "",
                "",
            ]
        )
    lines = ["", f"### `/conflict` over HTTP ({http['common']['runs']} timed runs per topic)", ""]
    lines += table(
        [
            "topic",
            "bulletins (FTS5)",
            "matches",
            "p50",
            "p95",
            "p99",
            "FTS5 p50",
            "FTS5 p95",
            "p95 ratio",
        ],
        rows,
        right=set(range(1, 9)),
    )
    lines += [
        "",
        "`ask` in-process (the same call without HTTP, bolt or opening the database):",
        "",
    ]
    lines += table(
        ["topic", "matches", "p50", "p95", "p99", "FTS5 p95", "p95 ratio"],
        [
            [
                f"{label}: {topic}",
                _matches(local[label]),
                show(local[label]["p50_ms"], "ms"),
                show(local[label]["p95_ms"], "ms"),
                show(local[label]["p99_ms"], "ms"),
                show(base[label]["p95_ms"], "ms"),
                show(local[label]["ratio_p95"], "times"),
            ]
            for label, topic in TOPICS.items()
        ],
        right=set(range(1, 7)),
    )
    return lines


def _digest_and_memory(results: dict[str, Any]) -> list[str]:
    digest, memory, size = results["digest"], results["memory"], results["database"]
    lines = ["", "### Digest of the busy day", ""]
    lines += table(
        [
            "digest date",
            "bulletins written",
            "in the digest",
            "items",
            "topics",
            "first run",
            "p50",
            "slowest",
            "runs",
        ],
        [
            [
                digest["day"],
                f"{digest['bulletins_written']:,}",
                f"{digest['bulletins']:,}",
                f"{digest['items']:,}",
                str(digest["topics"]),
                show(digest["first_ms"], "ms"),
                show(digest["p50_ms"], "ms"),
                show(digest["max_ms"], "ms"),
                str(digest["runs"]),
            ]
        ],
        right=set(range(1, 9)),
    )
    lines += ["", "### Memory and size", ""]
    lines += table(
        ["figure", "value"],
        [
            ["bot peak resident set (VmHWM of `wiredesk run`)", show(memory["bot_peak_mb"], "MB")],
            ["bot resident set after the runs (VmRSS)", show(memory["bot_rss_mb"], "MB")],
            [
                "harness peak during in-process ingest (getrusage)",
                show(memory["harness_ingest_peak_mb"], "MB"),
            ],
            ["database file", show(size["db_bytes"], "bytes")],
            ["-wal after a TRUNCATE checkpoint", show(size["wal_bytes"], "bytes")],
            ["database per bulletin", show(size["bytes_per_bulletin"], "bytes")],
        ],
        right={1},
    )
    return lines


def doc_section(results: dict[str, Any]) -> str:
    """The generated part of docs/benchmarks.md: machine, corpus, every figure, how to
    reproduce, what each figure measures."""
    m, corpus = results["machine"], results["corpus"]
    ram = f"{m['ram_gb']:.1f} GB" if m["ram_gb"] else "unknown"
    lines = [BEGIN, "", f"## Run at N = {results['n']:,}", ""]
    lines += render(results)
    lines += ["", "### Machine", ""]
    lines += table(
        ["CPU", "cores (usable)", "RAM", "OS", "Python", "SQLite"],
        [
            [
                m["cpu"],
                f"{m['cores']} ({m['usable_cores']})",
                ram,
                m["os"],
                m["python"],
                m["sqlite"],
            ]
        ],
    )
    shared = "with sentences from ../shared/data mixed in" if corpus["mixed_shared"] else ""
    lines += [
        "",
        "### Corpus",
        "",
        f"{results['n']:,} synthetic bulletins (`bench/corpus.py`, seed {corpus['seed']}"
        f"{', ' + shared if shared else ''}) over {corpus['days']} days: wire items and "
        f"live-blog posts, {corpus['items']:,} items after ingest, "
        f"{corpus['near_duplicates']:,} linked as re-publications. The busy day, the digest due "
        f"{results['digest']['day']} 08:00 UTC, holds {results['digest']['bulletins_written']:,} "
        f"bulletins (1% of N; 10,000 at N = {TARGET_N:,}).",
        "",
        "### How to reproduce",
        "",
        "From a fresh clone (Python 3.11 or newer, Linux for the memory figures):",
        "",
        "```sh",
        "python3 -m venv .venv && .venv/bin/pip install -q -e .",
        f".venv/bin/{results['command']}",
        "```",
        "",
        f"It prints every table above and saves `bench/out/results-{results['n']}.json`; add "
        "`--doc` to rewrite this section with the new figures. Without `--n` it runs "
        f"N = {TARGET_N:,}.",
        "",
        *MEASURES,
        "",
        END,
    ]
    return "\n".join(lines)


MEASURES = [
    "### What each figure measures",
    "",
    "- **Ingest**: wall-clock seconds of `newsroom.ingest.ingest` over the corpus as one JSONL "
    "file (parsing, sentence and story splitting, attribution, signals, near-copy detection, "
    "FTS index, one transaction), in the harness process. Baseline: the same texts, parsed "
    "beforehand, `executemany`'d into a plain table, then an FTS5 index rebuilt over it, in one "
    "transaction. Ratio: real throughput ÷ baseline throughput.",
    "- **`/conflict` over HTTP**: round trip of a signed slash command "
    "(`tests/support/signed.post_signed`) to `wiredesk run` serving HTTP as a user starts it, "
    "its Web API pointed at a local Slack stand-in; timed in the harness from sending to "
    "reading the answer (signature check, bolt, opening the database, the answer, Block Kit). "
    "One untimed request per topic first. Baseline: FTS5 `MATCH '\"topic\"' ORDER BY bm25 "
    "LIMIT 20` on the baseline table, in-process. *Bulletins (FTS5)* is how many baseline "
    "bulletins contain the word; *matches* is the answer's item total (every spelling), "
    "counted up to 10,000 (`> 10,000` beyond). "
    "Two floors split the fixed cost: *transport* is a request with a forged signature, "
    "refused with 401 before any listener runs (client, HTTP, waitress, bolt's signature "
    "check); *listener* is `/conflict history 1`, the whole path with a trivial lookup.",
    "- **`ask` in-process**: `newsroom.ask.ask(db, topic)` on an open connection, no HTTP.",
    "- **Digest**: `newsroom.digest.build_digest(db, day)` for the digest covering the busy day "
    "(24 hours to 08:00 UTC); *in the digest* is its own bulletin count, which leaves out "
    "re-publications.",
    "- **Memory**: VmHWM (peak resident set) of the `wiredesk run` process, read from "
    "/proc after every HTTP run; the harness's own peak (getrusage) is taken right after "
    "ingest, before the baseline loads the corpus.",
    "- **Size**: the database file plus its -wal after `PRAGMA wal_checkpoint(TRUNCATE)`, "
    "divided by N.",
    "- Percentiles are nearest-rank over the timed runs (with 100 runs, p99 is the second "
    "slowest).",
]

_TEMPLATE = """# Benchmarks

How fast Wiredesk ingests, answers `/conflict` and builds the digest, each beside what plain
SQLite does on the same machine, in the same run, on the same synthetic corpus (issue 5).
The section below is written by `python -m bench.run --doc`; notes outside it are kept.

{section}

## What limits the missed targets

(Notes on profiles and design limits go here.)
"""


def update_doc(path: Path, results: dict[str, Any]) -> None:
    """Write the run into ``path``: only the generated section when the file has one."""
    section = doc_section(results)
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if BEGIN in text and END in text:
            head, rest = text.split(BEGIN, 1)
            tail = rest.split(END, 1)[1]
            path.write_text(head + section + tail, encoding="utf-8")
            return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_TEMPLATE.format(section=section), encoding="utf-8")


def today() -> str:
    """Today's date in UTC, ISO 8601."""
    return datetime.now(UTC).date().isoformat()


def _matches(figures: dict[str, Any]) -> str:
    """The answer's item total as the answer states it: exact, or a lower bound."""
    total = f"{figures['total']:,}"
    return total if figures.get("total_is_exact", True) else f"> {total}"
