"""The digest's content: its window, topics, counts and verdict changes, and its Block Kit."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from slack_sdk.models.blocks import Block
from sqlite_utils import Database

from bot.terminal import render_digest
from handlers.digest_blocks import digest_fallback, digest_messages
from newsroom.digest import Digest, build_digest, due_date, window_for
from newsroom.verdicts import set_verdict
from store.search import linked_items
from store.verdicts import ChallengeRow, add_challenge
from tests.conftest import AddText
from tests.support.digest_data import (
    LYSYCHANSK_CLAIM,
    LYSYCHANSK_DENIAL,
    SUDAN,
    SUDAN_DAY,
    SUDAN_STORIES,
    UKRAINE,
    UKRAINE_DAY,
    UKRAINE_STORIES,
    add_corpus,
    add_many_verdicts,
    item_id,
    utc,
)

EIGHT = (8, 0)

# ---------------------------------------------------------------------- the window


@pytest.mark.parametrize(
    ("day", "zone", "start", "end"),
    [
        (date(2022, 7, 4), "UTC", "2022-07-03T08:00", "2022-07-04T08:00"),
        # Kyiv is UTC+3 in summer, UTC+2 in winter.
        (date(2022, 7, 4), "Europe/Kyiv", "2022-07-03T05:00", "2022-07-04T05:00"),
        (date(2022, 1, 10), "Europe/Kyiv", "2022-01-09T06:00", "2022-01-10T06:00"),
        # Clocks go forward on 27 March 2022 in Kyiv: a 23-hour window.
        (date(2022, 3, 27), "Europe/Kyiv", "2022-03-26T06:00", "2022-03-27T05:00"),
        # And back on 30 October: 25 hours.
        (date(2022, 10, 30), "Europe/Kyiv", "2022-10-29T05:00", "2022-10-30T06:00"),
        (date(2022, 7, 4), "America/New_York", "2022-07-03T12:00", "2022-07-04T12:00"),
        (date(2022, 3, 13), "America/New_York", "2022-03-12T13:00", "2022-03-13T12:00"),
        (date(2022, 11, 6), "America/New_York", "2022-11-05T12:00", "2022-11-06T13:00"),
    ],
)
def test_window_is_the_day_before_the_due_time_in_the_zone(
    day: date, zone: str, start: str, end: str
) -> None:
    window = window_for(day, EIGHT, zone)
    assert (window.start, window.end) == (utc(start), utc(end))
    hours = (window.end - window.start) / timedelta(hours=1)
    assert hours == {"2022-03-27": 23, "2022-10-30": 25, "2022-03-13": 23, "2022-11-06": 25}.get(
        day.isoformat(), 24
    )


def test_window_at_another_clock_time() -> None:
    window = window_for(date(2022, 7, 4), (18, 30), "Europe/Kyiv")
    assert (window.start, window.end) == (utc("2022-07-03T15:30"), utc("2022-07-04T15:30"))


@pytest.mark.parametrize(
    ("now", "zone", "expected"),
    [
        ("2022-07-04T07:59", "UTC", date(2022, 7, 3)),
        ("2022-07-04T08:00", "UTC", date(2022, 7, 4)),
        # 07:59 and 08:00 in Kyiv (UTC+3 in July).
        ("2022-07-04T04:59", "Europe/Kyiv", date(2022, 7, 3)),
        ("2022-07-04T05:00", "Europe/Kyiv", date(2022, 7, 4)),
        # 22:00 on 3 July in New York is already 4 July in UTC: the local date counts.
        ("2022-07-04T02:00", "America/New_York", date(2022, 7, 3)),
        ("2022-07-04T11:59", "America/New_York", date(2022, 7, 3)),
        ("2022-07-04T12:00", "America/New_York", date(2022, 7, 4)),
        # After midnight in Kyiv but before 08:00: the digest due is yesterday's.
        ("2022-07-03T22:30", "Europe/Kyiv", date(2022, 7, 3)),
    ],
)
def test_due_date_before_and_after_the_due_time(now: str, zone: str, expected: date) -> None:
    assert due_date(utc(now), EIGHT, zone) == expected


# ---------------------------------------------------------------------- topics


@pytest.fixture
def two_conflicts(db: Database) -> Database:
    add_corpus(db, UKRAINE)
    add_corpus(db, SUDAN)
    return db


def test_topics_are_the_stories_of_the_window(two_conflicts: Database) -> None:
    ukraine = build_digest(two_conflicts, UKRAINE_DAY)
    sudan = build_digest(two_conflicts, SUDAN_DAY)
    assert {t.topic for t in ukraine.topics} == UKRAINE_STORIES
    assert {t.topic for t in sudan.topics} == SUDAN_STORIES


def test_topics_come_from_the_bulletins_not_a_list(db: Database) -> None:
    # The same day, two different corpora: the topics follow the text.
    add_corpus(db, UKRAINE)
    first = {t.topic for t in build_digest(db, UKRAINE_DAY).topics}
    other = Database(memory=True)
    from store.schema import ensure_schema

    ensure_schema(other)
    moved = [
        (text, source, when.replace("2023-05-01", "2022-07-03")) for text, source, when in SUDAN
    ]
    add_corpus(other, moved)
    second = {t.topic for t in build_digest(other, UKRAINE_DAY).topics}
    assert first == UKRAINE_STORIES and second == SUDAN_STORIES
    every_text = " ".join(text for text, _, _ in UKRAINE + SUDAN)
    assert all(topic in every_text for topic in first | second)


def test_one_topic_per_story_named_after_the_story(two_conflicts: Database) -> None:
    # The Lysychansk report also names Moscow and Ukraine: they do not become topics of
    # their own, nor the name of the Lysychansk story.
    digest = build_digest(two_conflicts, UKRAINE_DAY)
    quoted = [s.item_id for t in digest.topics for s in t.summary]
    assert len(quoted) == len(set(quoted)), "an item is quoted under two topics"
    names = [t.topic for t in digest.topics]
    assert len(names) == len(set(names))
    assert not {"Moscow", "Ukraine", "Vyacheslav Gladkov"} & set(names)
    lysychansk = next(t for t in digest.topics if t.topic == "Lysychansk")
    assert lysychansk.headline.startswith("Disputed")
    texts = [s.text for s in lysychansk.summary]
    assert LYSYCHANSK_CLAIM in texts and LYSYCHANSK_DENIAL in texts


def test_a_quiet_day_with_one_story_keeps_it(add_text: AddText, db: Database) -> None:
    # Three outlets, one story: "Lysychansk" is in nearly every item, and is still the topic.
    add_text(f"{LYSYCHANSK_CLAIM} {LYSYCHANSK_DENIAL}", published="2022-07-03T10:00:00Z")
    add_text(
        "Heavy shelling hit Lysychansk overnight, local officials said. Residents of "
        "Lysychansk sheltered in basements.",
        source="Radio East",
        published="2022-07-03T14:00:00Z",
    )
    add_text(
        "Water supplies in Lysychansk were cut, the city administration said.",
        source="Border Daily",
        published="2022-07-03T16:00:00Z",
    )
    [topic] = build_digest(db, UKRAINE_DAY).topics
    assert topic.topic == "Lysychansk"
    assert topic.counts["items"] == 5


def test_summary_never_shows_a_claim_without_its_denial(two_conflicts: Database) -> None:
    for day in (UKRAINE_DAY, SUDAN_DAY):
        for topic in build_digest(two_conflicts, day).topics:
            quoted = {s.item_id for s in topic.summary}
            assert len(topic.summary) >= 1
            for claim, denials in linked_items(two_conflicts, list(quoted)).items():
                assert set(denials) <= quoted, (topic.topic, claim, denials)


def test_summary_sentences_are_quoted_with_their_source(two_conflicts: Database) -> None:
    sources = {text: source for text, source, _ in UKRAINE}
    for topic in build_digest(two_conflicts, UKRAINE_DAY).topics:
        for sentence in topic.summary:
            bulletin = next(text for text in sources if sentence.text in text)
            assert sentence.source == sources[bulletin]
            assert sentence.published is not None


def test_summary_quotes_what_the_desk_judged(db: Database) -> None:
    add_corpus(db, UKRAINE)
    killed = item_id(db, "Three people were killed")
    set_verdict(db, killed, "false", by="U1", origin="cli", now=utc("2022-07-03T20:00"))
    belgorod = next(t for t in build_digest(db, UKRAINE_DAY).topics if t.topic == "Belgorod")
    assert belgorod.headline.startswith("Marked false by the desk")
    assert killed in [s.item_id for s in belgorod.summary]


def test_topic_counts_agree_with_the_headline(two_conflicts: Database) -> None:
    for day in (UKRAINE_DAY, SUDAN_DAY):
        for topic in build_digest(two_conflicts, day).topics:
            counts = dict(topic.counts)
            items = counts.pop("items")
            assert items == sum(counts.values()), topic
            noun = "statement" if items == 1 else "statements"
            assert f"({items} matching {noun}: " in topic.headline


def test_no_bulletins_no_topics(db: Database, add_text: AddText) -> None:
    add_text("Shelling hit Lysychansk, officials said.", published="2022-06-01T10:00:00Z")
    digest = build_digest(db, UKRAINE_DAY)
    assert digest.topics == [] and digest.changes == []
    assert digest.counts["bulletins"] == digest.counts["items"] == 0


# ---------------------------------------------------------------------- counts


def test_counts_cover_the_window_only(db: Database, add_text: AddText) -> None:
    window = window_for(UKRAINE_DAY, EIGHT, "Europe/Kyiv")  # 05:00 UTC to 05:00 UTC
    minute = timedelta(minutes=1)
    add_text(
        "Shelling hit Izium before the window, officials said.", published=window.start - minute
    )
    add_text("Shelling hit Izium as the window opened, officials said.", published=window.start)
    add_text(
        "Sirens sounded in Izium. Shelling hit Izium late, reportedly.",
        published=window.end - minute,
    )
    add_text("Shelling hit Izium as the window closed, officials said.", published=window.end)
    counts = build_digest(db, UKRAINE_DAY, zone="Europe/Kyiv").counts
    assert counts["bulletins"] == 2
    assert counts["items"] == 3
    assert counts["claimed"] == 1 and counts["reported"] == 1 and counts["unverified"] == 1
    assert sum(counts[s] for s in counts if s not in ("bulletins", "items")) == 3


def test_verdicts_outrank_text_statuses_in_counts(db: Database) -> None:
    add_corpus(db, UKRAINE)
    before = build_digest(db, UKRAINE_DAY).counts
    claim = item_id(db, "captured Lysychansk")  # disputed in the text
    toll = item_id(db, "death toll")  # claimed
    wounded = item_id(db, "Three people were killed")  # unverified (no evidence)
    at = utc("2022-07-03T20:00")
    set_verdict(db, claim, "false", by="U1", origin="cli", now=at)
    set_verdict(db, toll, "verified", by="U1", origin="cli", now=at)
    set_verdict(db, wounded, "verified", by="U1", origin="cli", now=at)
    set_verdict(db, wounded, "clear", by="U1", origin="cli", now=at + timedelta(minutes=5))
    after = build_digest(db, UKRAINE_DAY).counts
    assert after["false"] == before["false"] + 1
    assert after["verified"] == before["verified"] + 1
    assert after["disputed"] == before["disputed"] - 1
    assert after["claimed"] == before["claimed"] - 1
    assert after["unverified"] == before["unverified"]  # cleared: back to the text's status
    assert after["items"] == before["items"]


def test_republished_copies_are_not_new_bulletins(db: Database, add_text: AddText) -> None:
    text = "Shelling hit Lysychansk overnight and damaged the bread factory, officials said."
    add_text(text, source="Wire A", published="2022-07-03T10:00:00Z")
    add_text(text + " ", source="Wire B", published="2022-07-03T11:00:00Z")
    copied = "LYSYCHANSK, July 3 (Wire A) - " + text
    add_text(copied, source="Wire C", published="2022-07-03T12:00:00Z")
    distinct = db.execute("SELECT count(*) FROM bulletins WHERE duplicate_of IS NULL").fetchone()
    assert build_digest(db, UKRAINE_DAY).counts["bulletins"] == distinct[0]


# ---------------------------------------------------------------------- verdict changes


@pytest.fixture
def changes(db: Database) -> dict[str, int]:
    add_corpus(db, UKRAINE)
    ids = {
        "claim": item_id(db, "captured Lysychansk"),
        "toll": item_id(db, "death toll"),
        "blocks": item_id(db, "apartment blocks"),
        "rescue": item_id(db, "Rescuers"),
        "early": item_id(db, "Heavy shelling"),
    }
    set_verdict(db, ids["toll"], "verified", by="U1", origin="cli", now=utc("2022-07-03T09:00"))
    set_verdict(db, ids["claim"], "verified", by="U1", origin="cli", now=utc("2022-07-03T08:30"))
    set_verdict(
        db,
        ids["claim"],
        "false",
        by="U2",
        origin="cli",
        note="Ukrainian troops filmed in the centre",
        now=utc("2022-07-03T12:00"),
    )
    verified = set_verdict(
        db, ids["blocks"], "verified", by="U3", origin="cli", now=utc("2022-07-02T07:00")
    )
    add_challenge(
        db,
        ChallengeRow(
            verdict_id=verified.id,
            item_id=ids["blocks"],
            challenger_item_id=ids["rescue"],
            source="Radio East",
            at=utc("2022-07-03T11:00").isoformat(),
        ),
    )
    # Outside the window: just before it and at its end.
    set_verdict(db, ids["early"], "verified", by="U4", origin="cli", now=utc("2022-07-03T07:59"))
    set_verdict(db, ids["rescue"], "verified", by="U4", origin="cli", now=utc("2022-07-04T08:00"))
    return ids


def test_changes_in_the_window_downgrades_and_challenges_first(
    db: Database, changes: dict[str, int]
) -> None:
    listed = [
        (c.kind, c.item_id, c.was, c.now, c.downgrade)
        for c in build_digest(db, UKRAINE_DAY).changes
    ]
    assert listed == [
        ("challenge", changes["blocks"], "verified", "challenged", True),
        ("verdict", changes["claim"], "verified", "false", True),
        ("verdict", changes["claim"], "disputed", "verified", False),
        ("verdict", changes["toll"], "claimed", "verified", False),
    ]


def test_changes_read_as_the_desk_says_them(db: Database, changes: dict[str, int]) -> None:
    digest = build_digest(db, UKRAINE_DAY)
    false = digest.changes[1]
    assert (false.by, false.note, false.text) == (
        "U2",
        "Ukrainian troops filmed in the centre",
        LYSYCHANSK_CLAIM,
    )
    assert digest.changes[0].source == "Radio East"
    slack = json.dumps([[b.to_dict() for b in m] for m in digest_messages(digest, "UTC")])
    assert "was verified, now false (by U2)" in slack
    assert "now challenged by Radio East" in slack
    assert slack.index("now challenged") < slack.index("now false") < slack.index("now verified")
    text = render_digest(digest)
    assert "was verified, now false (by U2)" in text
    assert text.index("challenged by Radio East") < text.index("now false")


def test_changes_of_a_later_day_are_not_repeated(db: Database, changes: dict[str, int]) -> None:
    later = build_digest(db, date(2022, 7, 5))
    assert [(c.item_id, c.now) for c in later.changes] == [(changes["rescue"], "verified")]


# ---------------------------------------------------------------------- JSON


def test_json_shape(two_conflicts: Database) -> None:
    data = json.loads(json.dumps(build_digest(two_conflicts, UKRAINE_DAY).model_dump(mode="json")))
    assert set(data) == {"date", "window", "counts", "topics", "changes"}
    assert data["date"] == "2022-07-04"
    assert data["window"] == {"start": "2022-07-03T08:00:00Z", "end": "2022-07-04T08:00:00Z"}
    assert {"bulletins", "items", "verified", "false", "disputed", "unverified", "claimed"} <= set(
        data["counts"]
    )
    for topic in data["topics"]:
        assert set(topic) == {"topic", "headline", "summary", "counts"}
        assert isinstance(topic["summary"], list) and topic["summary"]
        assert {"text", "source", "published"} <= set(topic["summary"][0])
    assert data["changes"] == []


# ---------------------------------------------------------------------- Block Kit


def serialise(messages: list[list[Block]]) -> list[list[dict]]:
    """Every block through to_dict(), which runs slack_sdk's limit checks."""
    return [[block.to_dict() for block in message] for message in messages]


def texts_of(blocks: object) -> list[str]:
    """Every "text" string in a block tree."""
    if isinstance(blocks, dict):
        found = [blocks["text"]] if isinstance(blocks.get("text"), str) else []
        return found + [t for value in blocks.values() for t in texts_of(value)]
    if isinstance(blocks, list):
        return [t for value in blocks for t in texts_of(value)]
    return []


def test_digest_blocks_fit_in_one_message(two_conflicts: Database) -> None:
    digest = build_digest(two_conflicts, UKRAINE_DAY)
    [message] = serialise(digest_messages(digest, "Europe/Kyiv"))
    assert len(message) <= 50
    assert message[0]["type"] == "header"
    topics = [b for b in message if b.get("accessory", {}).get("action_id") == "digest_topic"]
    assert [json.loads(b["accessory"]["value"])["topic"] for b in topics] == [
        t.topic for t in digest.topics
    ]
    hints = [t for t in texts_of(message) if t.startswith("More: `/conflict ")]
    assert len(hints) == len(digest.topics)
    assert "Conflict desk digest" in digest_fallback(digest)


def test_a_long_digest_continues_in_a_thread(db: Database) -> None:
    add_corpus(db, UKRAINE)
    add_many_verdicts(
        db, 100, published=utc("2022-07-03T09:00"), at=utc("2022-07-03T20:00"), words=60
    )
    digest = build_digest(db, UKRAINE_DAY)
    assert len(digest.changes) == 200
    messages = serialise(digest_messages(digest, "UTC"))
    assert len(messages) >= 2
    assert all(1 <= len(m) <= 50 for m in messages)
    for n, message in enumerate(messages[:-1], start=2):
        assert f"Continued in the thread ({n}/{len(messages)})" in json.dumps(message)
    every = [t for m in messages for t in texts_of(m)]
    assert sum(t.count("`item ") for t in every) == 200
    assert all(len(t) <= 3000 for t in every)
    # The topics still come, after the changes.
    last = json.dumps(messages[-1])
    assert all(topic in last for topic in UKRAINE_STORIES)


def test_bulletin_text_cannot_ping_or_link(db: Database, add_text: AddText) -> None:
    for n, source in enumerate(("Wire <@U999>", "Radio & TV")):
        add_text(
            "<!channel> Shelling hit Lysychansk, officials said <http://evil.example|here> "
            f"& @here. Lysychansk residents fled, reportedly ({n}).",
            source=source,
            published=f"2022-07-03T1{n}:00:00Z",
        )
    ids = [item_id(db, f"fled, reportedly ({n})") for n in range(2)]
    set_verdict(
        db,
        ids[0],
        "false",
        by="<!here>",
        origin="cli",
        note="<@U1> said so",
        now=utc("2022-07-03T20:00"),
    )
    digest = build_digest(db, UKRAINE_DAY)
    assert digest.topics, "the bulletins should make a topic"
    body = json.dumps(serialise(digest_messages(digest, "UTC")), ensure_ascii=False)
    assert "&lt;!channel&gt;" in body
    assert "&lt;!here&gt;" in body and "&lt;@U1&gt;" in body
    for live in ("<!channel>", "<!here>", "<@U", "<http"):
        assert live not in body
    for message in serialise(digest_messages(digest, "UTC")):
        for text in texts_of(message):
            assert " & " not in text, text
    assert "<" not in digest_fallback(digest)


def test_overlong_names_still_fit_slack_limits(db: Database) -> None:
    add_corpus(db, UKRAINE)
    claim = item_id(db, "captured Lysychansk")
    set_verdict(db, claim, "false", by="editor " * 800, origin="cli", now=utc("2022-07-03T20:00"))
    digest = build_digest(db, UKRAINE_DAY)
    for message in serialise(digest_messages(digest, "UTC")):
        assert len(message) <= 50


def test_an_empty_digest_says_so(db: Database) -> None:
    digest = build_digest(db, UKRAINE_DAY)
    [message] = serialise(digest_messages(digest, "UTC"))
    assert "No bulletins arrived in this window." in json.dumps(message)
    assert "No bulletins arrived in this window." in render_digest(digest)


def test_render_digest_for_the_terminal(two_conflicts: Database) -> None:
    text = render_digest(build_digest(two_conflicts, UKRAINE_DAY))
    assert text.startswith("Conflict desk digest for 2022-07-04")
    assert "Window: 2022-07-03 08:00 UTC to 2022-07-04 08:00 UTC" in text
    for topic in UKRAINE_STORIES:
        assert f"More: /conflict {topic}" in text
    assert "6 new bulletins" in text


def test_digest_model_round_trips(two_conflicts: Database) -> None:
    digest = build_digest(two_conflicts, UKRAINE_DAY)
    assert Digest.model_validate(digest.model_dump(mode="json")) == digest
    assert isinstance(digest.window.start, datetime)
