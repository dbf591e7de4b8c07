"""`wiredesk history ITEM` and `/conflict history ITEM` say when a verdict was challenged,
as every answer does (issue 12)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.console import run_line
from bot.desk import item_history
from handlers.blocks import history_blocks
from tests.conftest import Wiredesk, item_ids_with

VERIFIED = "Flooding closed the Zhuravka bridge in Bilohirka on Monday morning."
DENIAL = (
    "The regional roads service denied that the Zhuravka bridge in Bilohirka had been closed "
    "by flooding."
)


def _ingest(wiredesk: Wiredesk, path: Path, text: str, source: str, published: str) -> str:
    path.write_text(
        json.dumps({"text": text, "source": source, "published": published}) + "\n",
        encoding="utf-8",
    )
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def challenged(wiredesk: Wiredesk, tmp_path: Path, db: Database) -> tuple[int, int]:
    """(the verified item, the later item that challenges it). The verdict is set now, so
    the challenger is published later than any test run."""
    _ingest(wiredesk, tmp_path / "a.jsonl", VERIFIED, "Steppe Courier", "2025-01-06T07:00:00Z")
    (verified,) = item_ids_with(db, "Flooding closed")
    assert wiredesk("flag", str(verified), "verified", "--by", "U0DESK").exit_code == 0
    later = _ingest(wiredesk, tmp_path / "b.jsonl", DENIAL, "Delta Wire", "2099-01-06T09:00:00Z")
    assert "1 verdict challenged" in later
    (denial,) = item_ids_with(db, "denied that the Zhuravka")
    return verified, denial


def test_cli_history_names_the_challenge(wiredesk: Wiredesk, challenged: tuple[int, int]) -> None:
    verified, denial = challenged
    text = wiredesk("history", str(verified)).stdout
    assert f"CHALLENGED by Delta Wire at 2099-01-06 09:00 UTC (item {denial})" in text


def test_cli_history_json_lists_the_challenge(
    wiredesk: Wiredesk, challenged: tuple[int, int]
) -> None:
    verified, denial = challenged
    [entry] = json.loads(wiredesk("history", str(verified), "--json").stdout)
    assert entry["challenged_by"] == [
        {"item_id": denial, "source": "Delta Wire", "at": "2099-01-06T09:00:00Z"}
    ]


def test_console_history_names_the_challenge(challenged: tuple[int, int], db_path: Path) -> None:
    verified, denial = challenged
    reply = run_line(str(db_path), f"/conflict history {verified}")
    assert f"CHALLENGED by Delta Wire at 2099-01-06 09:00 UTC (item {denial})" in reply


def test_slack_history_names_the_challenge(challenged: tuple[int, int], db_path: Path) -> None:
    verified, denial = challenged
    blocks = [b.to_dict() for b in history_blocks(item_history(str(db_path), verified))]
    lines = [b["text"]["text"] for b in blocks if b.get("text")]
    [line] = [t for t in lines if "challenged by" in t]
    stamp = int(datetime(2099, 1, 6, 9, tzinfo=UTC).timestamp())
    assert f":rotating_light: challenged by Delta Wire at <!date^{stamp}^" in line
    assert f"(`item {denial}`)" in line


def test_a_history_without_challenges_says_none(
    wiredesk: Wiredesk, tmp_path: Path, db: Database
) -> None:
    _ingest(wiredesk, tmp_path / "a.jsonl", VERIFIED, "Steppe Courier", "2025-01-06T07:00:00Z")
    (verified,) = item_ids_with(db, "Flooding closed")
    assert wiredesk("flag", str(verified), "false", "--by", "U0DESK").exit_code == 0
    assert "CHALLENGED" not in wiredesk("history", str(verified)).stdout
    [entry] = json.loads(wiredesk("history", str(verified), "--json").stdout)
    assert entry["challenged_by"] is None
