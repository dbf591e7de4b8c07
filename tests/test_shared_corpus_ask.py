"""The reference use over real material in ../shared/data (skipped when it is absent).

The texts stay where they are; these tests only read them through the CLI.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bot.cli import cli
from newsroom.ask import ask
from store.schema import open_db
from tests.conftest import SHARED_DATA, clear_wiredesk_environment, needs_shared_data

pytestmark = needs_shared_data

SEED = SHARED_DATA / "seed-live-blog.txt"
GUARDIAN = SHARED_DATA / "guardian-ukraine-2022.csv"
OTHER_STORIES = ("Belgorod", "Lukashenko", "Belarus", "Kremenchuk", "Berlin", "Gladkov", "Plymouth")


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *args])


@pytest.fixture(scope="module")
def isolated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A folder to work in, with the developer's settings kept out, for module fixtures."""
    folder = tmp_path_factory.mktemp("shared")
    with pytest.MonkeyPatch.context() as patch:
        clear_wiredesk_environment(patch)
        patch.chdir(folder)
        yield folder


@pytest.fixture(scope="module")
def seed_db(isolated: Path) -> Path:
    db = isolated / "seed.db"
    result = run(
        db, "ingest", str(SEED), "--source", "Live blog", "--published", "2022-07-03T12:00:00Z"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("1 added (")
    assert result.stdout.endswith(", 0 duplicates skipped, 0 rejected\n")
    return db


@pytest.fixture(scope="module")
def guardian(isolated: Path) -> tuple[Path, Result, Result]:
    db = isolated / "guardian.db"
    return db, run(db, "ingest", str(GUARDIAN)), run(db, "ingest", str(GUARDIAN))


def ask_json(db: Path, topic: str, *args: str) -> dict:
    result = run(db, "ask", topic, "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_lysychansk_lists_the_russian_claim_and_the_ukrainian_denial(seed_db: Path) -> None:
    data = ask_json(seed_db, "Lysychansk")
    items = data["items"]
    claims = [
        i
        for i in items
        if "claim" in i["signals"]
        and "Lysychansk" in i["text"]
        and "Russia" in (i["attributed_to"] or "")
    ]
    denials = [i for i in items if "denial" in i["signals"]]
    assert claims, items
    assert len(denials) == 1, items
    (denial,) = denials
    assert denial["attributed_to"] == "Ukraine’s defence ministry"
    assert "Lysychansk" not in denial["text"]  # it comes along as the claim's companion
    assert denial["status"] == "disputed"
    assert all(claim["status"] == "disputed" for claim in claims)
    assert "Russia" in claims[0]["attributed_to"]
    assert items.index(claims[0]) < items.index(denial)
    for item in items:
        assert (item["source"], item["published"]) == ("Live blog", "2022-07-03T12:00:00Z")
    quoted = {s["item_id"] for s in data["summary"]}
    assert claims[0]["id"] in quoted and denial["id"] in quoted
    assert data["headline"].startswith(
        "Disputed: a claim by Russia is denied by Ukraine’s defence ministry."
    )


def test_lysychansk_brings_nothing_from_the_pages_other_stories(seed_db: Path) -> None:
    data = ask_json(seed_db, "Lysychansk", "--limit", "200")
    for item in data["items"]:
        for name in OTHER_STORIES:
            assert name not in item["text"], item["text"]
    for sentence in data["summary"]:
        for name in OTHER_STORIES:
            assert name not in sentence["text"]


@pytest.mark.parametrize("topic", ["Лисичанськ", "Лисичанск", "Lisichansk"])
def test_other_spellings_of_lysychansk_find_the_same_items(seed_db: Path, topic: str) -> None:
    expected = ask_json(seed_db, "Lysychansk")
    found = ask_json(seed_db, topic)
    assert found["total"] == expected["total"]
    assert sorted(i["id"] for i in found["items"]) == sorted(i["id"] for i in expected["items"])


def test_reingesting_the_seed_adds_nothing(seed_db: Path) -> None:
    result = run(
        seed_db, "ingest", str(SEED), "--source", "Live blog", "--published", "2022-07-03T12:00:00Z"
    )
    assert result.exit_code == 0
    assert result.stdout == (
        "0 added (0 items, 0 linked as re-publications), 1 duplicate skipped, 0 rejected\n"
    )


def test_the_guardian_csv_ingests_with_no_options(guardian: tuple[Path, Result, Result]) -> None:
    _db, first, _second = guardian
    assert first.exit_code == 0, first.output
    assert first.stdout.startswith("199 added (")
    assert first.stdout.endswith(", 0 duplicates skipped, 0 rejected\n")


def test_the_guardian_csv_a_second_time_adds_nothing(
    guardian: tuple[Path, Result, Result],
) -> None:
    _db, _first, second = guardian
    assert second.exit_code == 0, second.output
    assert second.stdout == (
        "0 added (0 items, 0 linked as re-publications), 199 duplicates skipped, 0 rejected\n"
    )


def test_sievierodonetsk_and_severodonetsk_count_the_same(
    guardian: tuple[Path, Result, Result],
) -> None:
    db = guardian[0]
    totals = {t: ask_json(db, t)["total"] for t in ("Sievierodonetsk", "Severodonetsk")}
    assert totals["Sievierodonetsk"] == totals["Severodonetsk"] > 0
    assert ask_json(db, "Сєвєродонецьк")["total"] == totals["Sievierodonetsk"]


@pytest.mark.parametrize(
    "topic", ["Lysychansk", "Sievierodonetsk", "Kharkiv", "Zelenskiy", "Mariupol", "Kherson"]
)
def test_summaries_over_real_articles_keep_the_rules(
    guardian: tuple[Path, Result, Result], topic: str
) -> None:
    db = open_db(guardian[0])
    try:
        answer = ask(db, topic)
    finally:
        db.close()
    assert answer.total > 0
    by_id = {item.id: item for item in answer.items}
    assert 2 <= len(answer.summary) <= 5
    for sentence in answer.summary:
        assert sentence.text == by_id[sentence.item_id].text
    times = [s.published for s in answer.summary]
    assert times == sorted(times)
    quoted = {s.item_id for s in answer.summary}
    for item_id in quoted:
        item = by_id[item_id]
        if "claim" in item.signals:
            assert {d for d in item.disputes if d in by_id} <= quoted
    texts = [item.text for item in answer.items]
    assert len(texts) == len(set(texts))  # every statement listed once
