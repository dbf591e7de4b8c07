"""`wiredesk ask`: JSON and text output, options, errors, and --db."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from tests.conftest import ANSWER_ITEM_KEYS, Wiredesk

CLAIM = (
    "Russian forces claimed on Tuesday to have captured the outskirts of Lysychansk after a "
    "week of heavy shelling."
)
DENIAL = (
    "Ukraine's general staff denied that Russian forces had captured the outskirts, saying its "
    "troops still held the western districts."
)
WATER_UK = "У Лисичанську третій день немає води, повідомила міська влада."
AID = "Aid convoys reached Lisichansk on Thursday, the UN humanitarian office said."
KYIV = "Air raid sirens sounded across Kyiv for three hours on Monday night."
RECORDS = [
    {
        "text": f"{CLAIM} {DENIAL}",
        "source": "Test Wire",
        "published": "2024-03-05T09:00:00Z",
        "url": "https://example.org/lysychansk",
    },
    {"text": WATER_UK, "source": "Radio Step", "published": "2024-03-04T08:00:00Z"},
    {"text": AID, "source": "Relief Bulletin", "published": "2024-02-20T12:00:00Z"},
    {"text": KYIV, "source": "Capital Courier", "published": "2024-03-02T06:00:00Z"},
]
ITEM_KEYS = ANSWER_ITEM_KEYS


@pytest.fixture
def loaded(wiredesk: Wiredesk, tmp_path: Path, db_path: Path) -> Path:
    path = tmp_path / "bulletins.jsonl"
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in RECORDS), encoding="utf-8"
    )
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 0, result.output
    return db_path


def _tally(items: list[dict]) -> str:
    """The headline's tally of the matching statements other than the disputed claim."""
    statuses = [i["status"] for i in items if i["matched"] and i["status"] != "disputed"]
    return ", ".join(
        f"{statuses.count(s)} {s}" for s in ("unverified", "claimed", "reported") if s in statuses
    )


def ask_json(wiredesk: Wiredesk, *args: str) -> dict:
    result = wiredesk("ask", *args, "--json")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return json.loads(result.stdout)


def test_ask_json_has_the_documented_shape_and_values(wiredesk: Wiredesk, loaded: Path) -> None:
    data = ask_json(wiredesk, "Lysychansk")
    assert list(data) == ["topic", "total", "total_is_exact", "headline", "summary", "items"]
    assert data["topic"] == "Lysychansk"
    assert data["total"] == 3
    # the headline counts what it is about: the 3 matching statements (the denial is context)
    assert data["headline"] == (
        "Disputed: a claim by Russian forces is denied by Ukraine's general staff. "
        f"(3 matching statements: 1 disputed, {_tally(data['items'])})"
    )
    assert all(list(s) == ["text", "item_id", "source", "published"] for s in data["summary"])
    assert all(list(i) == ITEM_KEYS for i in data["items"])
    by_text = {i["text"]: i for i in data["items"]}
    assert set(by_text) == {CLAIM, DENIAL, WATER_UK, AID}
    assert by_text[CLAIM] == {
        "id": by_text[CLAIM]["id"],
        "bulletin_id": 1,
        "text": CLAIM,
        "source": "Test Wire",
        "published": "2024-03-05T09:00:00Z",
        "url": "https://example.org/lysychansk",
        "attributed_to": "Russian forces",
        "denied_by": None,
        "signals": ["claim"],
        "status": "disputed",
        "independent_sources": 1,
        "corroborated_by": [],
        "verdict": None,
        "matched": True,
        "context": None,
    }
    assert (by_text[DENIAL]["matched"], by_text[DENIAL]["context"]) == (False, "denial")
    assert all(by_text[t]["matched"] for t in (CLAIM, WATER_UK, AID))
    assert by_text[DENIAL]["attributed_to"] == "Ukraine's general staff"
    assert by_text[DENIAL]["signals"] == ["denial"]
    assert by_text[DENIAL]["status"] == "disputed"
    for item in data["items"]:
        assert datetime.fromisoformat(item["published"]).utcoffset().total_seconds() == 0
    summary_ids = [s["item_id"] for s in data["summary"]]
    assert by_text[CLAIM]["id"] in summary_ids and by_text[DENIAL]["id"] in summary_ids
    for sentence in data["summary"]:
        item = next(i for i in data["items"] if i["id"] == sentence["item_id"])
        assert sentence["text"] == item["text"]
        assert sentence["published"] == item["published"]
    assert [s["published"] for s in data["summary"]] == sorted(
        s["published"] for s in data["summary"]
    )


def test_ask_json_keeps_cyrillic_readable(wiredesk: Wiredesk, loaded: Path) -> None:
    result = wiredesk("ask", "Лисичанськ", "--json")
    assert result.exit_code == 0
    assert WATER_UK in result.stdout
    assert json.loads(result.stdout)["topic"] == "Лисичанськ"


def test_ask_prints_headline_summary_and_items(wiredesk: Wiredesk, loaded: Path) -> None:
    result = wiredesk("ask", "Lysychansk")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "/conflict Lysychansk"
    assert lines[2].startswith("Disputed: a claim by Russian forces is denied by Ukraine's")
    assert "Summary:" in lines and "Items:" in lines
    summary = lines[lines.index("Summary:") : lines.index("Items:")]
    assert "    — Test Wire, 2024-03-05 09:00 UTC" in summary
    assert "  “Russian forces claimed on Tuesday to have captured the outskirts of Lysychansk" in (
        "\n".join(summary)
    )
    items = "\n".join(lines[lines.index("Items:") :])
    assert items.count("[DISPUTED] item ") == 2
    assert items.count(" · match\n") == 3
    assert items.count(" · context: denial of a listed claim\n") == 1
    assert (
        "    Russian forces · Test Wire · 2024-03-05 09:00 UTC · signals: claim"
        in items.splitlines()
    )
    assert any(
        line.endswith(" · Radio Step · 2024-03-04 08:00 UTC · signals: none")
        or line.endswith(" · Radio Step · 2024-03-04 08:00 UTC · signals: claim")
        for line in items.splitlines()
    )
    assert f"“{WATER_UK}”" in items
    assert lines[-1] == "3 matching statements, 1 more shown as context"


def test_ask_with_a_limit_says_how_many_are_shown(wiredesk: Wiredesk, loaded: Path) -> None:
    result = wiredesk("ask", "Lysychansk", "--limit", "2")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[-1] == (
        "2 of 3 matching statements shown, 1 more shown as context"
    )
    data = ask_json(wiredesk, "Lysychansk", "--limit", "2")
    # --limit 2: the two best matching statements, each with its context (the denial)
    assert [i["text"] for i in data["items"]] == [CLAIM, DENIAL, WATER_UK]
    assert [i["matched"] for i in data["items"]] == [True, False, True]
    assert data["total"] == 3


def test_ask_with_days_counts_back_from_today(wiredesk: Wiredesk, loaded: Path) -> None:
    data = ask_json(wiredesk, "Lysychansk", "--days", "1")
    assert (data["total"], data["items"]) == (0, [])  # the bulletins are from 2024
    assert ask_json(wiredesk, "Lysychansk", "--days", "36500")["total"] == 3


def test_no_match_suggests_close_names(wiredesk: Wiredesk, loaded: Path) -> None:
    result = wiredesk("ask", "Lysychank")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[:3] == ["/conflict Lysychank", "", "Nothing found about “Lysychank”."]
    assert lines[3].startswith("Topics that look close: Lysychansk")
    data = ask_json(wiredesk, "Lysychank")
    assert data == {
        "topic": "Lysychank",
        "total": 0,
        "total_is_exact": True,
        "headline": "Nothing found about Lysychank.",
        "summary": [],
        "items": [],
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Kyiv", "--limit", "0"], "--limit must be between 1 and 200, not 0."),
        (["Kyiv", "--limit", "201"], "--limit must be between 1 and 200, not 201."),
        (["Kyiv", "--limit", "many"], "'many' is not a valid integer"),
        (["Kyiv", "--days", "0"], "--days must be between 1 and 36,525 (100 years), not 0;"),
        (["Kyiv", "--days", "100000000"], "not 100,000,000; leave it out for all dates."),
        (["Kyiv", "--days", "99999999999"], "not 99,999,999,999; leave it out for all dates."),
        (["Kyiv", "--days", "-99999999999999999999"], "not -99,999,999,999,999,999,999;"),
        (["Kyiv", "--days", "week"], "'week' is not a valid integer"),
        ([""], "Give a topic to look up, for example: Lysychansk"),
        (["x" * 10_000], "That topic is 10,000 characters long; keep it under 200"),
        (["🇺🇦🇺🇦"], "has no letters or digits to search for"),
        ([], "Missing argument 'TOPIC"),
    ],
)
def test_unusable_arguments_exit_2_with_a_message(
    wiredesk: Wiredesk, loaded: Path, args: list[str], message: str
) -> None:
    result = wiredesk("ask", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "topic", ['"; DROP TABLE items; --', "NEAR(Kyiv", "Kyiv OR", "*", '"', "AND"]
)
def test_hostile_topics_through_the_cli(wiredesk: Wiredesk, loaded: Path, topic: str) -> None:
    result = wiredesk("ask", topic, "--json")
    assert result.exit_code in (0, 2), result.output
    assert "Traceback" not in result.output
    assert "sqlite" not in result.output.lower()
    assert ask_json(wiredesk, "Kyiv")["total"] == 1


def test_ask_on_a_file_that_is_not_a_database_exits_2(wiredesk: Wiredesk, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list: bread, milk.\n" * 100, encoding="utf-8")
    result = wiredesk("ask", "Kyiv", db=notes)
    assert result.exit_code == 2
    assert f"Cannot open database {notes}: " in result.stderr
    assert "(is it a Wiredesk SQLite file?)" in result.stderr


def test_ask_on_a_folder_exits_2(wiredesk: Wiredesk, tmp_path: Path) -> None:
    result = wiredesk("ask", "Kyiv", db=tmp_path)
    assert result.exit_code == 2
    assert "is a directory; give a file name such as wiredesk.db." in result.stderr


def test_db_overrides_wiredesk_db_for_ask(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store.schema import open_db

    empty = tmp_path / "empty.db"
    open_db(empty).close()
    monkeypatch.setenv("WIREDESK_DB", str(empty))
    assert ask_json(wiredesk, "Kyiv")["total"] == 1  # --db given: the loaded database
    result = wiredesk("ask", "Kyiv", "--json", db=None)
    assert json.loads(result.stdout)["total"] == 0  # WIREDESK_DB: the empty one


def test_the_terminal_names_the_sources_that_corroborate_an_item() -> None:
    from bot.terminal import render_answer
    from newsroom.answer import Answer, AnswerItem

    item = AnswerItem(
        id=7,
        bulletin_id=3,
        text="A missile struck a nine-storey block in Kharkiv.",
        source="Eastern Monitor",
        published=None,
        url=None,
        attributed_to=None,
        signals=[],
        status="corroborated",
        independent_sources=2,
        corroborated_by=["Dnipro Dispatch"],
    )
    answer = Answer(topic="Kharkiv", total=1, headline="h", summary=[], items=[item])
    lines = render_answer(answer).splitlines()
    at = lines.index("  [CORROBORATED] item 7 · match")
    assert lines[at + 3] == "    corroborated by Dnipro Dispatch"
    assert lines[-1] == "1 matching statement"


def test_a_topic_of_several_words_needs_no_quotes(wiredesk: Wiredesk, loaded: Path) -> None:
    """`ask outskirts Lysychansk` is `ask "outskirts Lysychansk"`: the same answer."""
    unquoted = ask_json(wiredesk, "outskirts", "Lysychansk")
    quoted = ask_json(wiredesk, "outskirts Lysychansk")
    assert unquoted == quoted and unquoted["topic"] == "outskirts Lysychansk"
    assert unquoted["total"] >= 1


def test_nothing_in_the_dates_asked_says_the_topic_is_known_at_others(
    wiredesk: Wiredesk, loaded: Path
) -> None:
    """`--days 3` long after the bulletins: not "nothing found" with the topic's own
    spellings offered as look-alikes, but how many statements there are at other dates."""
    result = wiredesk("ask", "Lysychansk", "--days", "3")
    assert result.exit_code == 0
    shown = " ".join(result.stdout.split())
    assert "Nothing found about “Lysychansk” in the dates asked;" in shown
    assert "matching statements at other dates (leave out --days for all)." in shown
    assert "look close" not in shown
    assert ask_json(wiredesk, "Lysychansk", "--days", "3")["total"] == 0


def test_close_names_are_offered_once_each_whatever_their_spellings(
    wiredesk: Wiredesk, loaded: Path
) -> None:
    """Lysychansk, Lisichansk and Лисичанську are one place: offered once."""
    lines = wiredesk("ask", "Lysychank").stdout.splitlines()
    assert lines[3] == "Topics that look close: Lysychansk"
