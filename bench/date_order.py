"""What deciding a file's day/month order costs: reading (no analysis) a CSV and a JSONL of
N bulletins of :mod:`bench.corpus`, with

- ISO 8601 dates (no order needed),
- numeric day-first dates ("03/07/2022 09:00"), the first of which both orders read: the
  order is decided by reading the whole file once more (what ``wiredesk ingest`` does),
- the same dates with the order given (``--dayfirst``: no second reading).

Usage: ``python -m bench.date_order [--n 20000]``. Prints seconds per variant (best of 3).
"""

from __future__ import annotations

import argparse
import csv
import json
import tempfile
import time
from datetime import datetime
from pathlib import Path

from bench.corpus import bulletins
from newsroom.sources import read_input
from newsroom.sources.dates import DateContext


def write(folder: Path, n: int) -> dict[str, Path]:
    """The four inputs: {csv,jsonl} x {iso,numeric}."""
    records = list(bulletins(n))
    paths = {}
    for kind in ("iso", "numeric"):
        rows = [
            {
                **record,
                "published": record["published"]
                if kind == "iso"
                else datetime.fromisoformat(record["published"]).strftime("%d/%m/%Y %H:%M"),
            }
            for record in records
        ]
        if kind == "numeric":
            rows[0]["published"] = "03/07/2022 09:00"  # both orders read it: decided by a scan
        jsonl = folder / f"{kind}.jsonl"
        jsonl.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
        table = folder / f"{kind}.csv"
        with open(table, "w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        paths[f"{kind}.jsonl"], paths[f"{kind}.csv"] = jsonl, table
    return paths


def seconds(path: Path, dates: DateContext | None = None) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        count = sum(1 for _ in read_input(str(path), dates=dates))
        best = min(best, time.perf_counter() - start)
    assert count > 0
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20_000, help="bulletins per file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        paths = write(Path(folder), args.n)
        for fmt in ("csv", "jsonl"):
            iso = seconds(paths[f"iso.{fmt}"])
            decided = seconds(paths[f"numeric.{fmt}"])
            given = seconds(paths[f"numeric.{fmt}"], DateContext(order="day", forced=True))
            print(
                f"{fmt:5} {args.n:,} records: ISO dates {iso:.2f} s; numeric dates, order"
                f" decided {decided:.2f} s, order given {given:.2f} s"
                f" (deciding costs {decided - given:+.2f} s)"
            )


if __name__ == "__main__":
    main()
