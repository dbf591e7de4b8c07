"""Timings, memory, database size and the machine, as plain figures for the benchmark."""

from __future__ import annotations

import os
import platform
import resource
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

MB = 1024 * 1024


def percentile(samples: list[float], q: float) -> float:
    """The nearest-rank ``q`` quantile (0..1) of ``samples``."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summarise(samples_ms: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of timings in milliseconds, with how many there were."""
    return {
        "p50_ms": statistics.median(samples_ms),
        "p95_ms": percentile(samples_ms, 0.95),
        "p99_ms": percentile(samples_ms, 0.99),
        "max_ms": max(samples_ms),
        "runs": len(samples_ms),
    }


def time_calls(function: Callable[[], Any], repeat: int, *, warm: bool = True) -> dict[str, float]:
    """Call ``function`` ``repeat`` times and summarise the wall-clock times; one untimed call
    first (``warm``) fills the page cache and the statement caches."""
    if warm:
        function()
    samples = []
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return summarise(samples)


def own_peak_mb() -> float:
    """This process's peak resident set so far (getrusage ``ru_maxrss``), in MB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MB if sys.platform == "darwin" else peak / 1024  # bytes on macOS, KB on Linux


def process_memory_mb(pid: int) -> dict[str, float | None]:
    """Peak (VmHWM) and current (VmRSS) resident set of process ``pid`` in MB, read from
    /proc/PID/status; None where /proc is not available."""
    figures: dict[str, float | None] = {"peak_mb": None, "rss_mb": None}
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return figures
    for line in lines:
        name, _, value = line.partition(":")
        if name in ("VmHWM", "VmRSS"):
            kilobytes = int(value.split()[0])
            figures["peak_mb" if name == "VmHWM" else "rss_mb"] = kilobytes / 1024
    return figures


def database_size(path: Path, bulletins: int) -> dict[str, float]:
    """Bytes of the database file and its -wal after a TRUNCATE checkpoint, and per bulletin."""
    connection = sqlite3.connect(path)
    try:
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    main = path.stat().st_size
    wal_path = path.with_name(path.name + "-wal")
    wal = wal_path.stat().st_size if wal_path.exists() else 0
    return {
        "db_bytes": main,
        "wal_bytes": wal,
        "total_bytes": main + wal,
        "bytes_per_bulletin": (main + wal) / max(bulletins, 1),
    }


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM, OS, Python and SQLite versions of this machine."""
    cpu = platform.processor() or platform.machine()
    ram_gb = None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.partition(":")[2].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                ram_gb = int(line.split()[1]) / 1024 / 1024
                break
    except OSError:
        pass
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": usable,
        "ram_gb": ram_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
    }
