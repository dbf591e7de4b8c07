"""The live-wire benchmark runs end to end at a small size (no timing is asserted)."""

from __future__ import annotations

from pathlib import Path

from bench.wire import main, update_doc


def test_the_wire_benchmark_polls_everything_then_gets_only_304s() -> None:
    result = main(["--feeds", "3", "--entries", "4", "--ingest", "40", "--repeat", "5"])
    first, idle = result["passes"]["first"], result["passes"]["nothing new"]
    assert result["stored"] == 12
    assert (first["requests"], first["new_entries"], first["not_modified"]) == (3, 12, 0)
    assert (idle["requests"], idle["new_entries"], idle["not_modified"]) == (3, 0, 3)
    load = result["conflict"]
    assert load["idle"]["runs"] == 5 and load["loaded"]["runs"] >= 1
    assert load["poll_seconds"] is not None and load["ingest_seconds"] is not None


def test_the_doc_section_is_replaced_not_repeated(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text("# Benchmarks\n\nkept\n", encoding="utf-8")
    update_doc("first figures", doc)
    update_doc("second figures", doc)
    text = doc.read_text(encoding="utf-8")
    assert "kept" in text and "second figures" in text and "first figures" not in text
