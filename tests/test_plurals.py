"""Every count a user reads is in words that agree with it: "1 duplicate", "2 duplicates"
(issue 12)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.console import run_line
from handlers.digest_blocks import digest_fallback, digest_messages
from newsroom.counts import count
from newsroom.digest import build_digest
from store.schema import open_db
from tests.conftest import Wiredesk

BULLETIN = {
    "text": "The ferry across the Inhulets at Bilohirka resumed on Monday, regional police said.",
    "source": "Delta Wire",
    "published": "2025-02-10T15:00:00Z",
}
OTHER = {
    "text": "Volunteers in Bilohirka handed out forty heaters to families on Tuesday.",
    "source": "Steppe Courier",
    "published": "2025-02-11T09:00:00Z",
}
_WRONG = (" 1 duplicates", " 1 items", " 1 bulletins", " 1 reviews", " 1 verdicts", " 1 changes")


@pytest.mark.parametrize(
    ("number", "noun", "plural", "words"),
    [
        (0, "duplicate", None, "0 duplicates"),
        (1, "duplicate", None, "1 duplicate"),
        (2, "duplicate", None, "2 duplicates"),
        (1_204, "item", None, "1,204 items"),
        (1, "new bulletin", None, "1 new bulletin"),
        (3, "older change", None, "3 older changes"),
        (1, "match", "matches", "1 match"),
        (2, "match", "matches", "2 matches"),
    ],
)
def test_count(number: int, noun: str, plural: str | None, words: str) -> None:
    assert count(number, noun, plural) == words


def _write(path: Path, *records: dict) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_ingesting_one_duplicate_says_one_duplicate(wiredesk: Wiredesk, tmp_path: Path) -> None:
    path = _write(tmp_path / "twice.jsonl", BULLETIN, BULLETIN)
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1 added (1 item, 0 linked as re-publications), 1 duplicate skipped, 0 rejected\n"
    )
    assert f"{path}: 1 added, 1 duplicate, 0 rejected" in result.stderr
    again = wiredesk("ingest", str(path))
    assert again.stdout.startswith("0 added (0 items, 0 linked as re-publications), 2 duplicates")
    assert not any(wrong in result.output + again.output for wrong in _WRONG)


def test_the_digest_counts_one_bulletin_in_the_singular(
    wiredesk: Wiredesk, tmp_path: Path, db_path: Path
) -> None:
    wiredesk("ingest", str(_write(tmp_path / "one.jsonl", BULLETIN)))
    text = wiredesk("digest", "--date", "2025-02-11").stdout
    assert "1 new bulletin, 1 item" in text
    db = open_db(db_path)
    digest = build_digest(db, date(2025, 2, 11), clock=(8, 0), zone="UTC")
    db.close()
    assert "1 bulletin, 1 item, 0 disputed" in digest_fallback(digest)
    shown = json.dumps([[b.to_dict() for b in m] for m in digest_messages(digest, "UTC")])
    assert "1 new bulletin, 1 item" in shown
    assert not any(wrong in text + shown for wrong in _WRONG)


def test_console_help_counts_one_bulletin_in_the_singular(
    wiredesk: Wiredesk, tmp_path: Path, db_path: Path
) -> None:
    wiredesk("ingest", str(_write(tmp_path / "two.jsonl", BULLETIN, OTHER)))
    reply = run_line(str(db_path), "/conflict help")
    assert "  /conflict Bilohirka  (2 bulletins)\n  /conflict Inhulets  (1 bulletin)" in reply
