"""Verdicts in Block Kit: a verdict line and menu on every item, within Slack's limits, and
nothing an editor types can ping, mention or forge a link."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest

from bot.desk import ItemHistory, VerdictOutcome
from handlers.blocks import (
    BADGES,
    answer_blocks,
    evidence_link,
    history_blocks,
    item_block_id,
    item_place,
    verdict_line,
    verdict_outcome_blocks,
)
from handlers.verdict_view import ModalState, verdict_view
from newsroom.errors import UserError
from newsroom.verdicts import Challenge, HistoryEntry, Verdict
from tests.support.slack_app import texts
from tests.test_blocks import (
    MARKUP,
    NOW,
    PROSE,
    assert_within_limits,
    big_answer,
    long_text,
    serialised,
)

DATE = re.compile(r"<!date\^\d+\^[^|<>]*\|[^<>]*>")


def verdict(
    unit: str = PROSE, *, by: str = "U1", evidence: str | None = None, challenges: int = 0
) -> Verdict:
    return Verdict(
        status="verified",
        by=by,
        at=NOW,
        note=long_text(unit, 2000),
        evidence=evidence,
        challenged_by=[
            Challenge(item_id=n, source=long_text(unit, 300), at=NOW + timedelta(hours=n))
            for n in range(challenges)
        ]
        or None,
    )


def live(text: str) -> str:
    """What is left of ``text`` once the app's own tokens (dates, mentions, links) are gone."""
    text = DATE.sub("", text)
    text = re.sub(r"<@U1>", "", text)
    return re.sub(r"<https?://[^<>|]*\|evidence link>", "", text)


@pytest.mark.parametrize("unit", [PROSE, MARKUP], ids=["prose", "markup"])
@pytest.mark.parametrize("evidence", [None, "https://example.org/" + "a" * 1900])
def test_a_huge_answer_full_of_verdicts_fits(unit: str, evidence: str | None) -> None:
    answer = big_answer(unit)
    for n, item in enumerate(answer.items):
        item.verdict = verdict(
            unit, by=long_text(unit, 300) if n % 2 else "U1", evidence=evidence, challenges=n % 3
        )
        item.status = "verified"
    dicts = serialised(answer_blocks(answer))
    assert_within_limits(dicts)
    sections = [b for b in dicts if b.get("accessory")]
    assert len(sections) >= 20
    for section in sections:
        assert section["accessory"]["type"] == "overflow"
        assert len(section["block_id"]) <= 255
        assert "VERIFIED* by" in section["text"]["text"]
        assert "`item " in section["text"]["text"]
    shown = live("\n".join(texts({"blocks": dicts})))
    assert "<" not in shown, shown[:200]
    if evidence:
        assert "evidence link too long to show here" in shown


def test_the_verdict_line_shows_who_when_note_evidence_and_challenge() -> None:
    line = verdict_line(
        Verdict(
            status="verified",
            by="U1",
            at=NOW,
            note="Called <!channel> & <@U999>\nthen checked",
            evidence="https://example.org/a?b=1&c=<x>|forged_label",
            challenged_by=[Challenge(item_id=9, source="Rumour <Mill>", at=NOW)],
        ),
        item_id=5,
    )
    first, second = line.split("\n")
    assert first.startswith(f"{BADGES['verified']} by <@U1> · <!date^{int(NOW.timestamp())}^")
    assert "Called &lt;!channel&gt; &amp; &lt;@U999&gt; then checked" in first
    assert first.endswith(
        "<https://example.org/a?b=1&amp;c=&lt;x&gt;%7Cforged_label|evidence link>"
    )
    assert second.startswith(":rotating_light: challenged by Rumour &lt;Mill&gt; at <!date^")


@pytest.mark.parametrize("evidence", ["javascript:alert(1)", "ftp://example.org/x", "", None])
def test_only_web_links_are_shown_as_evidence(evidence: str | None) -> None:
    assert evidence_link(evidence) is None


@pytest.mark.parametrize(
    ("by", "shown"),
    [
        ("U1", "<@U1>"),
        ("W0ABC123", "<@W0ABC123>"),
        ("console:amy", "console:amy"),
        ("<!here>", "&lt;!here&gt;"),
        ("UNDERWOOD", "UNDERWOOD"),
    ],
)
def test_who_set_it(by: str, shown: str) -> None:
    line = verdict_line(Verdict(status="false", by=by, at=NOW, note=None, evidence=None))
    assert line.startswith(f":x: *FALSE* by {shown} · ")


@pytest.mark.parametrize("topic", ["Lysychansk", "a|b|c", "Лисичанськ " * 18])
@pytest.mark.parametrize("shared_by", [None, "U777"])
def test_the_item_block_id_carries_the_answer(topic: str, shared_by: str | None) -> None:
    block_id = item_block_id(123456, topic, shared_by)
    assert len(block_id) <= 255
    place = item_place(block_id)
    assert (place.item_id, place.topic, place.shared_by) == (123456, topic, shared_by)


def test_a_topic_too_long_for_the_block_id_is_left_out() -> None:
    place = item_place(item_block_id(1, "x" * 300, "U1"))
    assert (place.item_id, place.topic, place.shared_by) == (1, None, "U1")
    assert item_place("actions") is None and item_place("item|x|y|z") is None


def outcome(choice: str, unit: str = MARKUP) -> VerdictOutcome:
    entry = HistoryEntry(
        id=1,
        item_id=3,
        old_status="claimed",
        new_status=choice,
        by="U1",
        at=NOW,
        note=None,
        evidence=None,
        origin="command",
    )
    v = None if choice == "cleared" else verdict(unit)
    return VerdictOutcome(
        item_id=3, item_text=long_text(unit, 3000), entry=entry, verdict=v, status="claimed"
    )


@pytest.mark.parametrize("count", [1, 2, 60])
@pytest.mark.parametrize("choice", ["verified", "cleared"])
def test_verdict_replies_fit(count: int, choice: str) -> None:
    dicts = serialised(verdict_outcome_blocks([outcome(choice)] * count))
    assert_within_limits(dicts)
    assert "<@U999>" not in json.dumps(dicts)


def test_a_long_history_fits() -> None:
    entries = [
        HistoryEntry(
            id=n,
            item_id=3,
            old_status="claimed",
            new_status="false",
            by=long_text(MARKUP, 200),
            at=NOW,
            note=long_text(MARKUP, 2000),
            evidence="https://example.org/" + "b" * 1900,
            origin="reaction",
        )
        for n in range(120)
    ]
    dicts = serialised(history_blocks(ItemHistory(3, long_text(MARKUP, 3000), entries)))
    assert_within_limits(dicts)
    assert "80 older changes not shown" in dicts[-1]["elements"][0]["text"]


@pytest.mark.parametrize("items", [1, 3, 150])
@pytest.mark.parametrize("choice", ["verified", "false", "disputed", "clear"])
def test_the_modal_fits(items: int, choice: str) -> None:
    state = ModalState(items=list(range(items)), choice=choice, origin="shortcut", channel="C1")
    view = verdict_view(state, {n: long_text(MARKUP, 3000) for n in range(items)}).to_dict()
    assert len(view["title"]["text"]) <= 24
    assert len(view["blocks"][0]["text"]["text"]) <= 3000
    assert "<@U999>" not in view["blocks"][0]["text"]["text"]
    assert ModalState.read(view["private_metadata"]) == state


def test_too_many_items_for_one_modal() -> None:
    state = ModalState(
        items=list(range(1_000_000, 1_000_400)), choice="verified", origin="shortcut"
    )
    with pytest.raises(UserError, match="too many statements"):
        state.metadata()
