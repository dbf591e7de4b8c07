"""WIREDESK_BROWSE_URL (issue 13): `item N` in Slack answers and the digest links to the
item's row in `wiredesk browse`, escaped as Slack asks; without it, nothing links."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.settings import load_settings
from handlers.format import item_ref
from newsroom.errors import UserError
from newsroom.verdicts import set_verdict
from store.schema import open_db
from tests.support import browse_data, slack_app
from tests.support.slack_app import Desk, fill_db, texts

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk

BROWSE = "http://127.0.0.1:8001/wiredesk"
_LINK = re.compile(r"<([^|<>]+)\|item (\d+)>")


def links(message: dict) -> list[tuple[str, int]]:
    """(URL, item id) of each item link in a message's texts."""
    return [(url, int(n)) for text in texts(message) for url, n in _LINK.findall(text)]


@pytest.mark.parametrize(
    ("base", "item_id", "expected"),
    [
        ("", 42, "`item 42`"),
        (BROWSE, 42, f"<{BROWSE}/statements?item=42|item 42>"),
        (
            "https://desk.example.org/record",
            7,
            "<https://desk.example.org/record/statements?item=7|item 7>",
        ),
        ("http://h/a&b", 3, "<http://h/a&amp;b/statements?item=3|item 3>"),
    ],
)
def test_item_ref(base: str, item_id: int, expected: str) -> None:
    assert item_ref(item_id, base) == expected


@pytest.mark.parametrize(
    ("value", "stored"),
    [
        ("", ""),
        ("  ", ""),
        ("http://127.0.0.1:8001/wiredesk/", "http://127.0.0.1:8001/wiredesk"),
        ("https://desk.example.org/record", "https://desk.example.org/record"),
    ],
)
def test_browse_url_setting_accepts_an_address(value: str, stored: str) -> None:
    assert load_settings(wiredesk_browse_url=value).wiredesk_browse_url == stored


@pytest.mark.parametrize(
    "value",
    [
        "127.0.0.1:8001/wiredesk",
        "javascript:alert(1)",
        "ftp://desk.example.org/record",
        "http://",
        "http://127.0.0.1:8001/wiredesk?x=1",
        "http://127.0.0.1:8001/wiredesk#top",
        "http://127.0.0.1:8001/wire desk",
        "http://127.0.0.1:8001/wiredesk|click here",
        "http://127.0.0.1:8001/<!channel>",
    ],
)
def test_browse_url_setting_refuses_what_could_not_be_linked(value: str) -> None:
    with pytest.raises(UserError, match="WIREDESK_BROWSE_URL"):
        load_settings(wiredesk_browse_url=value)


def test_answers_link_every_item_when_the_setting_is_set(
    serve_desk: Callable[..., Desk], tmp_path: Path
) -> None:
    desk = serve_desk(fill_db(tmp_path / "w.db"), wiredesk_browse_url=BROWSE + "/")
    answer = desk.answer("Lysychansk")
    found = links(answer)
    assert found, "the answer lists items"
    assert all(url == f"{BROWSE}/statements?item={item}" for url, item in found)
    assert not any("`item " in text for text in texts(answer))


def test_answers_show_plain_item_numbers_without_the_setting(
    serve_desk: Callable[..., Desk], tmp_path: Path
) -> None:
    desk = serve_desk(fill_db(tmp_path / "w.db"))
    answer = desk.answer("Lysychansk")
    assert links(answer) == []
    assert any("`item " in text for text in texts(answer))


def test_the_digest_links_the_items_of_its_verdict_changes(
    serve_desk: Callable[..., Desk], tmp_path: Path
) -> None:
    path = fill_db(tmp_path / "w.db")
    db = open_db(path)
    (item_id,) = db.execute("SELECT min(id) FROM items").fetchone()
    set_verdict(
        db,
        item_id,
        "verified",
        by="U0EDITOR",
        origin="cli",
        now=datetime.now(UTC) - timedelta(minutes=5),
    )
    db.close()
    due = (datetime.now(UTC) - timedelta(minutes=1)).strftime("%H:%M")  # the window ends then
    desk = serve_desk(path, wiredesk_digest_time=due, wiredesk_browse_url=BROWSE)
    digest = desk.answer("digest")
    assert (f"{BROWSE}/statements?item={item_id}", item_id) in links(digest), json.dumps(digest)


def _unlinked(message: dict) -> list[str]:
    """The texts of a message that still show an item number as plain code."""
    return [text for text in texts(message) if re.search(r"`item \d+`|\(item \d+\)", text)]


@pytest.fixture
def challenged(tmp_path: Path) -> browse_data.Record:
    """A record where a verified item is challenged by a later report."""
    return browse_data.build(tmp_path / "desk.db")


def test_a_challenge_in_an_answer_links_the_challenging_item(
    serve_desk: Callable[..., Desk], challenged: browse_data.Record
) -> None:
    desk = serve_desk(challenged.path, wiredesk_browse_url=BROWSE)
    answer = desk.answer("Kherson")
    challenger = challenged.items["BRIDGE_DENIAL"]
    assert (f"{BROWSE}/statements?item={challenger}", challenger) in links(answer)
    assert _unlinked(answer) == []


def test_history_and_verdict_replies_link_their_items(
    serve_desk: Callable[..., Desk], challenged: browse_data.Record
) -> None:
    desk = serve_desk(
        challenged.path, wiredesk_browse_url=BROWSE, wiredesk_verifiers=browse_data.EDITOR
    )
    bridge, mayor = challenged.items["BRIDGE"], challenged.items["MAYOR"]
    history = desk.answer(f"history {bridge}")
    assert (f"{BROWSE}/statements?item={bridge}", bridge) in links(history)
    assert _unlinked(history) == []
    reply = desk.answer(f"verify {mayor} seen by our reporter", user_id=browse_data.EDITOR)
    assert (f"{BROWSE}/statements?item={mayor}", mayor) in links(reply)
    assert _unlinked(reply) == []
    cleared = desk.answer(f"clear {mayor}", user_id=browse_data.EDITOR)
    assert (f"{BROWSE}/statements?item={mayor}", mayor) in links(cleared)
    assert _unlinked(cleared) == []


def test_without_the_setting_history_keeps_plain_item_numbers(
    serve_desk: Callable[..., Desk], challenged: browse_data.Record
) -> None:
    desk = serve_desk(challenged.path)
    history = desk.answer(f"history {challenged.items['BRIDGE']}")
    assert links(history) == [] and _unlinked(history)
