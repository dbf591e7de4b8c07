"""bench.compare_ingest runs both trees on one corpus and leaves no worktree behind.

A tiny run with HEAD as the baseline: the children really import their own trees, the
worktree is gone afterwards (also when the run is interrupted), and the doc section is
written beside bench.run's without touching it. No timing is asserted.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from bench import compare_ingest
from bench.compare_ingest import BEGIN, END, ROOT, main, order, run_child, update_doc
from bench.report import BEGIN as RUN_BEGIN
from bench.report import END as RUN_END

N = 300


def _worktrees() -> set[Path]:
    listing = subprocess.run(
        ["git", "worktree", "list", "--porcelain"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        Path(line.split(" ", 1)[1]) for line in listing.splitlines() if line.startswith("worktree ")
    }


def test_runs_alternate_baseline_first() -> None:
    assert order(1) == ["baseline", "current"]
    assert order(2) == ["baseline", "current", "current", "baseline"]
    assert order(3)[4:] == ["baseline", "current"]


def test_tiny_run_uses_both_trees_and_removes_the_worktree(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    run_section = f"{RUN_BEGIN}\n\n## Run at N = 5\n\nfigures\n\n{RUN_END}"
    doc.write_text(f"# Benchmarks\n\nIntro.\n\n{run_section}\n\n## Notes\n\nKEEP ME\n")
    out = tmp_path / "out"
    args = ["--n", str(N), "--baseline", "HEAD", "--repeat", "2", "--out", str(out)]
    results = main([*args, "--doc", "--doc-path", str(doc)])

    baseline_tree = Path(results["baseline"]["tree"])
    assert baseline_tree != ROOT and not baseline_tree.is_relative_to(ROOT)
    assert [r["label"] for r in results["runs"]] == ["baseline", "current", "current", "baseline"]
    for run in results["runs"]:
        expected = baseline_tree if run["label"] == "baseline" else ROOT
        assert Path(run["imported_from"]) == expected == Path(run["tree"])
        assert run["modules"] > 1 and run["added"] == N and run["items"] > N
        assert run["bulletins_per_s"] > 0 and run["database"]["bytes_per_bulletin"] > 0
    for figures in results["summary"].values():
        assert figures["runs"] == 2 and figures["items_agree_across_runs"]
        assert figures["items_per_bulletin"] > 1
    assert results["ratio"] > 0 and isinstance(results["within_10_percent"], bool)

    assert not baseline_tree.exists() and not baseline_tree.parent.exists()
    assert baseline_tree not in _worktrees()
    assert json.loads((out / f"compare-ingest-{N}.json").read_text()) == results

    text = doc.read_text(encoding="utf-8")
    assert run_section in text and "KEEP ME" in text
    assert text.count(BEGIN) == text.count(END) == 1
    assert f"N = {N:,} bulletins" in text and "Within 10%:" in text
    assert "## Ingest beside commit" in text  # the baseline here is HEAD, not af1b895
    update_doc(doc, {**results, "n": N + 1})
    again = doc.read_text(encoding="utf-8")
    assert again.count(BEGIN) == again.count(END) == 1 and f"N = {N + 1:,}" in again
    assert run_section in again and "KEEP ME" in again and f"N = {N:,} bulletins" not in again


def test_an_interrupted_run_removes_the_worktree(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[Path] = []

    def interrupted(label: str, tree: Path, *args: object) -> dict:
        seen.append(tree)
        assert tree in _worktrees() and (tree / "newsroom").is_dir()
        raise KeyboardInterrupt

    monkeypatch.setattr(compare_ingest, "run_child", interrupted)
    with pytest.raises(KeyboardInterrupt):
        main(["--n", "10", "--baseline", "HEAD", "--out", str(tmp_path)])
    assert seen and not seen[0].exists() and not seen[0].parent.exists()
    assert seen[0] not in _worktrees()


def test_a_child_fails_loudly_when_it_imports_another_tree(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    elsewhere = tmp_path / "not-a-tree"
    elsewhere.mkdir()  # nothing to import here: the editable install supplies this tree's
    with pytest.raises(SystemExit, match="ingest failed"):
        run_child("baseline", elsewhere, tmp_path / "corpus.jsonl", tmp_path / "x.db")
    assert "imported code from another tree" in capfd.readouterr().err
    assert not (tmp_path / "x.db").exists()


def test_an_unknown_baseline_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit, match="no such commit"):
        main(["--n", "10", "--baseline", "no-such-ref-0000", "--out", str(tmp_path)])
    assert not (tmp_path / "compare-ingest-10.json").exists()
