"""Block Kit for answers and help stays within Slack's limits, however long the news."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from slack_sdk.models.blocks import Block

from bot.desk import USAGE, Help
from handlers.blocks import answer_blocks, answer_fallback, help_blocks
from handlers.format import escape, quote
from newsroom.answer import Answer, AnswerItem, SummarySentence
from newsroom.topics import ActiveTopics
from tests.support.slack_app import text_objects, texts

MAX_BLOCKS = 50
MAX_TEXT = 3000
MAX_HEADER = 150
NOW = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)
STATUSES = ("disputed", "unverified", "claimed", "corroborated", "reported")

# Plain prose, and text that doubles or triples in length when escaped for Slack.
PROSE = "Officials in Lysychansk said the depot was hit overnight and denied other reports. "
MARKUP = "<@U999> & <!here> <https://evil.example|click> Q&A "


def long_text(unit: str, size: int = 2000) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def big_answer(unit: str, *, items: int = 200, topic_size: int = 160) -> Answer:
    text = long_text(unit)
    return Answer(
        topic=long_text(unit, topic_size),
        total=items * 3,
        headline=long_text(unit),
        summary=[
            SummarySentence(
                text=text, item_id=n, source=long_text(unit), published=NOW - timedelta(hours=n)
            )
            for n in range(5)
        ],
        items=[
            AnswerItem(
                id=n,
                bulletin_id=n,
                text=text,
                source=long_text(unit),
                published=NOW - timedelta(minutes=n),
                url=None,
                attributed_to=long_text(unit),
                signals=["claim", "denial", "hedged", "not_independently_verified", "no_evidence"],
                status=STATUSES[n % len(STATUSES)],
                also_in=[long_text(unit)] * 5,
            )
            for n in range(items)
        ],
    )


def whole_entities(text: str) -> bool:
    """True when every `&` in ``text`` starts a whole `&amp;`, `&lt;` or `&gt;` (none was cut)."""
    plain = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    return escape(plain) == text


def serialised(blocks: list[Block]) -> list[dict[str, Any]]:
    """``to_dict()`` runs slack_sdk's validators (SlackObjectFormationError on a breach)."""
    dicts = [block.to_dict() for block in blocks]
    json.dumps(dicts)
    return dicts


def assert_within_limits(dicts: list[dict[str, Any]]) -> None:
    assert 1 <= len(dicts) <= MAX_BLOCKS
    for block in dicts:
        if block["type"] == "header":
            assert len(block["text"]["text"]) <= MAX_HEADER
            assert block["text"]["type"] == "plain_text"
        if block["type"] == "section":
            assert 1 <= len(block["text"]["text"]) <= MAX_TEXT
        if block["type"] == "context":
            assert len(block["elements"]) <= 10
    for obj in text_objects(dicts):
        assert len(obj["text"]) <= MAX_TEXT, obj["text"][:80]
        if obj["type"] == "mrkdwn":
            assert obj.get("verbatim") is True


@pytest.mark.parametrize("unit", [PROSE, MARKUP], ids=["prose", "markup"])
@pytest.mark.parametrize("shared_by", [None, "U123"])
def test_huge_answer_fits_one_message(unit: str, shared_by: str | None) -> None:
    answer = big_answer(unit)
    dicts = serialised(answer_blocks(answer, shared_by=shared_by, shareable=shared_by is None))
    assert_within_limits(dicts)
    shown_text = "\n".join(texts({"blocks": dicts}))
    assert "<@U999>" not in shown_text and "<!here>" not in shown_text
    assert "<https://evil" not in shown_text
    shown = {int(n) for n in re.findall(r"`item (\d+)`", shown_text)}
    assert shown and shown <= set(range(200))
    footer = dicts[-2 if shared_by is None else -1]["elements"][0]["text"]
    assert footer.startswith(f"{len(shown)} of {answer.total} matching statements shown")
    if shared_by:
        assert footer.endswith(f"shared by <@{shared_by}>")
    else:
        button = dicts[-1]["elements"][0]
        assert len(button["value"]) <= 2000
        assert json.loads(button["value"])["topic"]


@pytest.mark.parametrize("unit", [PROSE, MARKUP], ids=["prose", "markup"])
def test_long_topic_header_is_cut_and_escaped(unit: str) -> None:
    answer = big_answer(unit, items=1, topic_size=400)
    header = serialised(answer_blocks(answer))[0]["text"]["text"]
    assert len(header) <= MAX_HEADER
    assert header.endswith("…")
    assert "<" not in header
    assert whole_entities(header)


@pytest.mark.parametrize("unit", [PROSE, MARKUP], ids=["prose", "markup"])
def test_nothing_found_with_long_topic_and_suggestions(unit: str) -> None:
    answer = Answer(
        topic=long_text(unit, 190),
        total=0,
        headline="Nothing found.",
        summary=[],
        items=[],
        suggestions=[long_text(unit, 200)] * 5,
    )
    dicts = serialised(answer_blocks(answer))
    assert_within_limits(dicts)
    assert "Topics that look close" in dicts[1]["text"]["text"]


def test_nothing_in_the_dates_asked_says_how_much_is_at_other_dates() -> None:
    answer = Answer(topic="Kyiv", total=0, headline="x", summary=[], items=[], elsewhere=18)
    text = serialised(answer_blocks(answer))[1]["text"]["text"]
    assert (
        text
        == "Nothing found about *Kyiv* in the dates asked; 18 matching statements at other dates."
    )


def test_fallback_text_is_escaped() -> None:
    answer = big_answer(MARKUP, items=1)
    assert "<" not in answer_fallback(answer)


@pytest.mark.parametrize("size", [10, 150, 700], ids=["short", "long", "huge"])
@pytest.mark.parametrize("recent", [True, False])
def test_help_fits(size: int, recent: bool) -> None:
    names = [(long_text(f"Name{n}<&>", size), 100 - n) for n in range(8)]
    active = ActiveTopics(names, NOW - timedelta(days=7), NOW, recent=recent)
    dicts = serialised(help_blocks(Help(USAGE, active)))
    assert_within_limits(dicts)
    topics = dicts[-1]["text"]["text"]
    assert "/conflict" in topics
    assert "<" not in topics


def test_help_without_topics() -> None:
    dicts = serialised(help_blocks(Help(USAGE, ActiveTopics([], None, None, recent=False))))
    assert_within_limits(dicts)
    assert "wiredesk ingest" in dicts[-1]["text"]["text"]


@pytest.mark.parametrize("limit", [5, 1500, 2400])
@pytest.mark.parametrize("unit", [PROSE, MARKUP, "&" * 7 + " "], ids=["prose", "markup", "amps"])
def test_quote_fits_its_limit_once_escaped(unit: str, limit: int) -> None:
    quoted = quote(long_text(unit, 3 * limit), limit)
    assert len(quoted) <= limit
    assert quoted.endswith("…")
    assert "<" not in quoted and whole_entities(quoted)


def _item(
    n: int, *, group: int, matched: bool = True, disputes: tuple[int, ...] = ()
) -> AnswerItem:
    return AnswerItem(
        id=n,
        bulletin_id=n,
        text=f"Statement {n} about Lysychansk.",
        source="Wire",
        published=NOW,
        url=None,
        attributed_to=None,
        signals=["denial"] if not matched else ["claim"],
        status="disputed" if disputes else "claimed",
        matched=matched,
        context=None if matched else "denial",
        disputes=list(disputes),
        group=group,
    )


def _footer(dicts: list[dict[str, Any]]) -> str:
    return next(
        b["elements"][0]["text"]
        for b in reversed(dicts)
        if b["type"] == "context" and "matching statement" in b["elements"][0]["text"]
    )


def test_items_say_whether_they_match_or_come_as_context() -> None:
    items = [_item(1, group=0, disputes=(2,)), _item(2, group=0, matched=False, disputes=(1,))]
    answer = Answer(topic="Lysychansk", total=1, headline="h", summary=[], items=items)
    dicts = serialised(answer_blocks(answer))
    sections = [b["text"]["text"] for b in dicts if b.get("block_id", "").startswith("item|")]
    assert sections[0].startswith(":warning: *DISPUTED*  `item 1` · match\n")
    assert "`item 2` · _context: denial of a listed claim_\n" in sections[1]
    assert _footer(dicts) == "1 matching statement, 1 more shown as context"


def test_when_slack_cannot_show_every_item_the_footer_counts_those_shown_and_keeps_pairs() -> None:
    # 30 matches, each with its denial: 60 items, more than one message holds
    items = []
    for group in range(30):
        claim, denial = 2 * group + 1, 2 * group + 2
        items += [
            _item(claim, group=group, disputes=(denial,)),
            _item(denial, group=group, matched=False, disputes=(claim,)),
        ]
    answer = Answer(topic="Lysychansk", total=30, headline="h", summary=[], items=items)
    dicts = serialised(answer_blocks(answer))
    assert_within_limits(dicts)
    shown = [int(n) for n in re.findall(r"`item (\d+)`", "\n".join(texts({"blocks": dicts})))]
    assert len(shown) < len(items) and len(shown) % 2 == 0  # never a claim without its denial
    assert shown == list(range(1, len(shown) + 1))
    matching = len(shown) // 2
    assert _footer(dicts) == (
        f"{matching} of 30 matching statements shown, {matching} more shown as context"
    )


def test_an_item_names_the_sources_that_corroborate_it() -> None:
    item = _item(1, group=0)
    item.status = "corroborated"
    item.corroborated_by = ["Dnipro Dispatch", "<!here> Wire"]
    answer = Answer(topic="Kharkiv", total=1, headline="h", summary=[], items=[item])
    (section,) = [
        b["text"]["text"]
        for b in serialised(answer_blocks(answer))
        if b.get("block_id", "").startswith("item|")
    ]
    assert "\n:link: corroborated by Dnipro Dispatch, &lt;!here&gt; Wire" in section
