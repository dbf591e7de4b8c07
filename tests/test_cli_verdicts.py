"""Verdicts from the CLI: flag, history, the append-only table, and the ClaimReview export."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from store.schema import open_db
from tests.conftest import Wiredesk

CLAIM = "Russian forces claimed on Tuesday to have captured the village of Dovha Balka."
DENIAL = "Ukraine's general staff denied the claim, saying its troops still held the village."
FACT = "Heavy rain flooded the road into the village on Wednesday."


@pytest.fixture
def items(wiredesk: Wiredesk, tmp_path: Path, db_path: Path) -> dict[str, int]:
    path = tmp_path / "wire.jsonl"
    path.write_text(
        json.dumps(
            {
                "source": "Test Wire",
                "published": "2024-05-02T09:00:00Z",
                "url": "https://example.org/dovha-balka",
                "text": f"{CLAIM} {DENIAL} {FACT}",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    assert wiredesk("ingest", str(path)).exit_code == 0
    db = open_db(db_path)
    found = dict(db.execute("SELECT text, id FROM items").fetchall())
    db.close()
    return found


def item_json(wiredesk: Wiredesk, item_id: int, topic: str = "Dovha Balka") -> dict:
    data = json.loads(wiredesk("ask", topic, "--json").stdout)
    return next(i for i in data["items"] if i["id"] == item_id)


def test_flag_sets_a_verdict_that_every_answer_shows(
    wiredesk: Wiredesk, items: dict[str, int]
) -> None:
    claim = items[CLAIM]
    result = wiredesk(
        "flag",
        str(claim),
        "false",
        "--by",
        "U0EDITOR",
        "--note",
        "Drone footage shows Ukrainian troops in the village on Wednesday",
        "--evidence",
        "https://example.org/footage",
    )
    assert result.exit_code == 0, result.output
    assert "disputed -> false" in result.stdout
    item = item_json(wiredesk, claim)
    assert item["status"] == "false"
    assert item["verdict"]["status"] == "false"
    assert item["verdict"]["by"] == "U0EDITOR"
    assert item["verdict"]["evidence"] == "https://example.org/footage"
    assert item["verdict"]["note"].startswith("Drone footage")
    assert item["verdict"]["challenged_by"] is None
    assert item["verdict"]["at"].endswith("Z")
    text = wiredesk("ask", "Dovha Balka").stdout
    assert "[FALSE] item" in text and "Desk verdict: FALSE by U0EDITOR" in text
    assert "Marked false by the desk" in text.splitlines()[2]


def test_history_is_complete_newest_first(wiredesk: Wiredesk, items: dict[str, int]) -> None:
    fact = str(items[FACT])
    assert wiredesk("flag", fact, "verified", "--by", "ann").exit_code == 0
    assert (
        wiredesk("flag", fact, "disputed", "--by", "bo", "--note", "Photos contradict").exit_code
        == 0
    )
    assert wiredesk("flag", fact, "clear", "--by", "ann").exit_code == 0
    entries = json.loads(wiredesk("history", fact, "--json").stdout)
    assert [(e["old_status"], e["new_status"], e["by"]) for e in entries] == [
        ("disputed", "cleared", "ann"),
        ("verified", "disputed", "bo"),
        ("reported", "verified", "ann"),
    ]
    assert all(e["origin"] == "cli" for e in entries)
    assert item_json(wiredesk, items[FACT], "heavy rain")["verdict"] is None
    assert item_json(wiredesk, items[FACT], "heavy rain")["status"] == "reported"
    text = wiredesk("history", fact).stdout
    assert text.index("-> cleared") < text.index("-> disputed") < text.index("-> verified")


def test_repeating_the_same_verdict_adds_no_history(
    wiredesk: Wiredesk, items: dict[str, int]
) -> None:
    fact = str(items[FACT])
    for _ in range(3):
        assert wiredesk("flag", fact, "verified", "--by", "ann", "--note", "seen it").exit_code == 0
    assert len(json.loads(wiredesk("history", fact, "--json").stdout)) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["flag", "9999", "verified", "--by", "ann"], "There is no item 9999"),
        (["flag", "ITEM", "clear", "--by", "ann"], "has no verdict to clear"),
        (
            ["flag", "ITEM", "verified", "--by", "ann", "--evidence", "javascript:alert(1)"],
            "Evidence must be",
        ),
        (["flag", "ITEM", "verified", "--by", "ann", "--note", "x" * 2001], "keep it under"),
        (["flag", "ITEM", "verified", "--by", "\x1b\x07\t "], "Say who sets the verdict"),
        (["history", "9999"], "There is no item 9999"),
        (["export", "claimreview", "--since", "someday"], "--since"),
    ],
)
def test_mistakes_get_a_clear_message_and_exit_2(
    wiredesk: Wiredesk, items: dict[str, int], args: list[str], message: str
) -> None:
    args = [str(items[FACT]) if a == "ITEM" else a for a in args]
    result = wiredesk(*args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_the_database_refuses_to_rewrite_history(
    wiredesk: Wiredesk, items: dict[str, int], db_path: Path
) -> None:
    assert wiredesk("flag", str(items[FACT]), "verified", "--by", "ann").exit_code == 0
    connection = sqlite3.connect(db_path)
    for statement in ("UPDATE verdicts SET by = 'mallory'", "DELETE FROM verdicts"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            connection.execute(statement)
    connection.close()
    db = open_db(db_path)
    assert db.execute("SELECT by FROM verdicts").fetchall() == [("ann",)]


def test_export_claimreview_is_json_ld_with_one_review_per_verdict(
    wiredesk: Wiredesk, items: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_ORG_NAME", "The Example Desk")
    assert (
        wiredesk(
            "flag",
            str(items[CLAIM]),
            "false",
            "--by",
            "ann",
            "--evidence",
            "https://example.org/check",
        ).exit_code
        == 0
    )
    assert wiredesk("flag", str(items[FACT]), "verified", "--by", "bo").exit_code == 0
    assert wiredesk("flag", str(items[DENIAL]), "disputed", "--by", "bo").exit_code == 0
    assert wiredesk("flag", str(items[DENIAL]), "clear", "--by", "bo").exit_code == 0
    document = json.loads(wiredesk("export", "claimreview").stdout)
    assert document["@context"] == "https://schema.org"
    reviews = {r["claimReviewed"]: r for r in document["@graph"]}
    assert set(reviews) == {CLAIM, FACT}  # the cleared verdict is not exported
    false = reviews[CLAIM]
    assert false["@type"] == "ClaimReview"
    assert false["author"] == {"@type": "Organization", "name": "The Example Desk"}
    assert false["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 1,
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": "False",
    }
    assert false["itemReviewed"]["@type"] == "Claim"
    assert false["itemReviewed"]["author"]["name"] == "Russian forces"
    assert false["itemReviewed"]["appearance"] == {
        "@type": "CreativeWork",
        "url": "https://example.org/dovha-balka",
    }
    assert false["url"] == "https://example.org/check"
    assert reviews[FACT]["reviewRating"]["ratingValue"] == 5
    assert reviews[FACT]["reviewRating"]["alternateName"] == "Verified"
    for review in document["@graph"]:
        assert review["datePublished"][:4].isdigit()


def test_export_since_keeps_later_verdicts(
    wiredesk: Wiredesk, items: dict[str, int], tmp_path: Path
) -> None:
    assert wiredesk("flag", str(items[FACT]), "verified", "--by", "bo").exit_code == 0
    out = tmp_path / "reviews.jsonld"
    assert wiredesk("export", "claimreview", "--since", "2999-01-01", "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text())["@graph"] == []
    assert (
        len(json.loads(wiredesk("export", "claimreview", "--since", "2000-01-01").stdout)["@graph"])
        == 1
    )


@pytest.mark.parametrize(
    ("evidence", "message"),
    [
        ("https://example.org/report>", "holds '>', which a link cannot; write it as '%3E'"),
        ("https://example.org/a<b>", "holds '<', which a link cannot; write it as '%3C'"),
        ("https://example.org/two words", "holds ' ', which a link cannot"),
        ("ftp://example.org/x", "Evidence must be a web link starting with http:// or https://"),
        ("example.org/x", "Evidence must be a web link starting with http:// or https://"),
    ],
)
def test_an_evidence_link_that_is_not_whole_is_refused_not_cut(
    wiredesk: Wiredesk, items: dict[str, int], evidence: str, message: str
) -> None:
    fact = str(items[FACT])
    result = wiredesk("flag", fact, "verified", "--by", "ann", "--evidence", evidence)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "no verdicts yet" in wiredesk("history", fact).stdout


@pytest.mark.parametrize(
    ("evidence", "kept"),
    [
        ("http://example.org/report", "http://example.org/report"),
        ("HTTPS://example.org/report", "HTTPS://example.org/report"),
        ("<https://example.org/report>", "https://example.org/report"),
        ("  https://example.org/a?b=1&c=%3E  ", "https://example.org/a?b=1&c=%3E"),
    ],
)
def test_http_and_https_links_are_kept_whole(
    wiredesk: Wiredesk, items: dict[str, int], evidence: str, kept: str
) -> None:
    fact = str(items[FACT])
    result = wiredesk("flag", fact, "verified", "--by", "ann", "--evidence", evidence)
    assert result.exit_code == 0, result.output
    [entry] = json.loads(wiredesk("history", fact, "--json").stdout)
    assert entry["evidence"] == kept


def test_control_characters_are_taken_out_of_who_set_a_verdict(
    wiredesk: Wiredesk, items: dict[str, int]
) -> None:
    item = str(items[FACT])
    assert wiredesk("flag", item, "verified", "--by", "ann\x1b[2J\x07").exit_code == 0
    shown = wiredesk("history", item).stdout
    assert "by ann[2J (via cli)" in shown and "\x1b" not in shown and "\x07" not in shown


def test_a_name_keeps_its_joiners_and_no_break_spaces(
    wiredesk: Wiredesk, items: dict[str, int]
) -> None:
    """Only control characters go: a Persian name's zero-width non-joiner, a no-break space
    and an emoji's zero-width joiner are part of how the editor writes their name."""
    item = str(items[FACT])
    name = "Mohammad\u00a0Ali Sar\u200cHadi \U0001f469\u200d\U0001f4bb"
    assert wiredesk("flag", item, "verified", "--by", name).exit_code == 0
    [entry] = json.loads(wiredesk("history", item, "--json").stdout)
    assert entry["by"] == name


@pytest.mark.parametrize("written", ["#{n}", "item {n}", "Item {n}", " item  {n} "])
def test_item_is_read_as_answers_show_it(
    wiredesk: Wiredesk, items: dict[str, int], written: str
) -> None:
    claim = str(items[CLAIM])
    result = wiredesk("flag", written.format(n=claim), "disputed", "--by", "ann", "--note", "x")
    assert result.exit_code == 0, result.output
    history = wiredesk("history", written.format(n=claim))
    assert history.exit_code == 0, history.output
    assert f"Verdict history of item {claim}" in history.stdout
