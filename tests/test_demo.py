"""`wiredesk demo`: the shipped samples load once, and answer across scripts."""

from __future__ import annotations

import json
import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from bot.console import GREETING
from tests.conftest import Wiredesk

SAMPLES = resources.files("bot") / "samples" / "demo-bulletins.jsonl"


def sample_records() -> list[dict]:
    lines = SAMPLES.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture
def demo_db(wiredesk: Wiredesk, tmp_path: Path) -> Path:
    path = tmp_path / "demo.db"
    result = wiredesk("demo", "--no-console", db=path)
    assert result.exit_code == 0, result.output
    return path


def test_every_sample_is_a_usable_record() -> None:
    records = sample_records()
    assert len(records) >= 10
    for record in records:
        assert record["text"].strip()
        assert record["source"].strip()
        assert record["published"].endswith("Z")


def test_demo_loads_every_sample(wiredesk: Wiredesk, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = wiredesk("demo", "--no-console", db=path)
    assert result.exit_code == 0, result.output
    count = len(sample_records())
    with sqlite3.connect(path) as connection:
        stored = connection.execute("SELECT count(*) FROM bulletins").fetchone()[0]
        items = connection.execute("SELECT count(*) FROM items").fetchone()[0]
        copies = connection.execute(
            "SELECT count(*) FROM bulletins WHERE duplicate_of IS NOT NULL"
        ).fetchone()[0]
    assert stored == count
    assert result.stdout == (
        f"Sample bulletins in {path}: {count} added ({items} items, {copies} linked as "
        f"re-publications), 0 duplicates skipped, 0 rejected\n"
    )
    assert copies >= 1  # the samples include re-published wire copy


def test_demo_a_second_time_adds_nothing(wiredesk: Wiredesk, demo_db: Path) -> None:
    result = wiredesk("demo", "--no-console", db=demo_db)
    assert result.exit_code == 0, result.output
    count = len(sample_records())
    assert result.stdout == (
        f"Sample bulletins in {demo_db}: 0 added (0 items, 0 linked as re-publications), "
        f"{count} duplicates skipped, 0 rejected\n"
    )


def ask_ids(wiredesk: Wiredesk, db: Path, topic: str, *args: str) -> tuple[int, list[int]]:
    result = wiredesk("ask", topic, "--json", *args, db=db)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    return data["total"], sorted(item["id"] for item in data["items"])


@pytest.mark.parametrize(
    "spellings",
    [("Kyiv", "Київ", "Kiev", "Киев"), ("Lysychansk", "Лисичанськ", "Lisichansk", "Лисичанск")],
    ids=["kyiv", "lysychansk"],
)
def test_demo_answers_the_same_in_every_spelling(
    wiredesk: Wiredesk, demo_db: Path, spellings: tuple[str, ...]
) -> None:
    first = ask_ids(wiredesk, demo_db, spellings[0], "--limit", "200")
    assert first[0] > 0
    assert len(first[1]) >= first[0]  # every match listed, with its companions
    for spelling in spellings[1:]:
        assert ask_ids(wiredesk, demo_db, spelling, "--limit", "200") == first, spelling


def test_demo_kyiv_in_latin_and_cyrillic_gives_the_same_items(
    wiredesk: Wiredesk, demo_db: Path
) -> None:
    total, ids = ask_ids(wiredesk, demo_db, "Kyiv")
    assert total > 0 and ids
    assert ask_ids(wiredesk, demo_db, "Київ") == (total, ids)


def test_demo_samples_carry_both_scripts(demo_db: Path) -> None:
    with sqlite3.connect(demo_db) as connection:
        texts = [row[0] for row in connection.execute("SELECT text FROM bulletins")]
    assert any("Київ" in t or "Києв" in t for t in texts)
    assert any("Kyiv" in t for t in texts)


def test_demo_without_no_console_opens_the_prompt(wiredesk: Wiredesk, tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    result = wiredesk("demo", input="/conflict help\nquit\n", db=path)
    assert result.exit_code == 0, result.output
    assert GREETING in result.stdout
    assert "/conflict help: this help and the most active topics." in result.stdout
