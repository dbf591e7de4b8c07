"""The benchmark harness runs end to end at a small N (a smoke test: no timing asserted)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.corpus import bulletins
from bench.run import TOPICS, main


def test_corpus_is_deterministic_and_mixes_scripts() -> None:
    first = list(bulletins(200, seed=3))
    assert first == list(bulletins(200, seed=3))
    text = " ".join(b["text"] for b in first)
    assert any("\u0400" <= ch <= "\u04ff" for ch in text)
    assert "denied" in text and "reportedly" in text


def test_harness_reports_every_figure(tmp_path: Path, capsys) -> None:
    results = main(["--n", "300", "--repeat", "2", "--out", str(tmp_path)])
    assert results["n"] == 300 and results["items"] > 300
    assert set(results["ask"]) == set(TOPICS)
    assert results["ask"]["absent"]["total"] == 0
    assert results["ask"]["common"]["total"] > results["ask"]["rare"]["total"]
    saved = json.loads((tmp_path / "results-300.json").read_text())
    assert saved["ingest"]["bulletins_per_s"] > 0
    assert "Ingest:" in capsys.readouterr().out
