"""The benchmark harness runs end to end at a small N, `wiredesk run` over HTTP included.

A smoke test of the harness: every figure is there and sane. No timing is asserted.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.corpus import TOPICS, bulletins, plan, shared_sentences
from bench.report import BEGIN, END, update_doc
from bench.run import main

N = 1500


def test_corpus_is_deterministic_and_mixes_scripts() -> None:
    first = list(bulletins(200, seed=3))
    assert first == list(bulletins(200, seed=3))
    text = " ".join(b["text"] for b in first)
    assert any("\u0400" <= ch <= "\u04ff" for ch in text)
    assert "denied" in text and "reportedly" in text


@pytest.mark.parametrize("count", [300, 20_000, 1_000_000])
def test_plan_scales_the_busy_day_and_the_rare_topic(count: int) -> None:
    layout = plan(count)
    assert layout.busy_count == max(1, round(count / 100))
    assert 3 <= layout.rare_count == len(layout.rare_numbers()) <= max(3, count // 10_000)
    assert layout.published(count - layout.busy_count) == layout.busy_start
    assert layout.busy_start <= layout.published(count - 1) < layout.busy_end
    assert layout.published(count - layout.busy_count - 1) < layout.busy_start


def test_corpus_has_a_common_a_rare_and_no_absent_topic() -> None:
    texts = [b["text"] for b in bulletins(N)]
    layout = plan(N)
    with_topic = {label: sum(topic in t for t in texts) for label, topic in TOPICS.items()}
    assert with_topic["common"] >= 0.02 * N
    assert with_topic["rare"] == layout.rare_count
    assert with_topic["cyrillic"] > 0
    assert with_topic["absent"] == 0
    busy = [b for b in bulletins(N) if b["published"] >= layout.busy_start.isoformat()]
    assert len(busy) == layout.busy_count


def test_shared_sentences_are_mixed_in_when_given(tmp_path: Path) -> None:
    assert shared_sentences(tmp_path / "absent") == []
    shared = ["A sentence from a real article, quoted here for the mix."]
    mixed = [b["text"] for b in bulletins(300, shared=shared)]
    assert 0 < sum(shared[0] in t for t in mixed) < 300


def _numbers(value: Any) -> Iterator[float]:
    if isinstance(value, dict):
        for inner in value.values():
            yield from _numbers(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _numbers(inner)
    elif isinstance(value, int | float) and not isinstance(value, bool):
        yield value


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path]:
    out = tmp_path_factory.mktemp("bench")
    doc = out / "benchmarks.md"
    args = ["--n", str(N), "--repeat", "3", "--digest-repeat", "2", "--out", str(out)]
    results = main([*args, "--doc", "--doc-path", str(doc)])
    return results, out


def test_harness_reports_every_figure(run: tuple[dict, Path]) -> None:
    results, out = run
    assert results["n"] == N and results["corpus"]["items"] > N
    assert all(number >= 0 for number in _numbers(results))
    assert json.loads((out / f"results-{N}.json").read_text()) == results

    for section in ("baseline", "conflict_http", "ask_in_process"):
        assert set(results[section]) == set(TOPICS)
        for figures in results[section].values():
            assert figures["p50_ms"] <= figures["p95_ms"] <= figures["p99_ms"]
    assert set(results["http_floor"]) == {"transport", "listener"}

    local, base = results["ask_in_process"], results["baseline"]
    assert local["common"]["total"] > local["rare"]["total"] > 0
    assert local["cyrillic"]["total"] > 0 and local["absent"]["total"] == 0
    assert base["common"]["share"] >= 0.02 and base["absent"]["bulletins"] == 0
    assert results["conflict_http"]["common"]["answer"].startswith("Kharkiv")

    digest = results["digest"]
    assert digest["bulletins_written"] == plan(N).busy_count
    assert 0 < digest["bulletins"] <= digest["bulletins_written"]
    assert digest["runs"] == 2

    assert results["ingest"]["bulletins_per_s"] > 0
    assert results["ingest"]["baseline_bulletins_per_s"] > 0
    assert results["memory"]["harness_ingest_peak_mb"] > 0
    assert results["database"]["bytes_per_bulletin"] > 0
    assert len(results["targets"]) == 10
    assert all(t["met"] in (True, False, None) for t in results["targets"])


def test_harness_writes_the_doc_and_keeps_notes_around_it(run: tuple[dict, Path]) -> None:
    results, out = run
    doc = out / "benchmarks.md"
    text = doc.read_text(encoding="utf-8")
    assert f"N = {N:,}" in text and "python -m bench.run --n 1500" in text
    assert "### Targets" in text and "SQLite" in text
    doc.write_text(text.replace("(Notes on profiles", "KEEP ME (Notes on profiles"))
    update_doc(doc, results)
    again = doc.read_text(encoding="utf-8")
    assert "KEEP ME" in again and again.count(BEGIN) == again.count(END) == 1
