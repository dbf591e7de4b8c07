"""Challenges: a later bulletin that denies or contradicts a verified item marks the verdict
challenged (never changes it) and queues one message for the verifier."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from newsroom.ask import ask
from newsroom.challenges import find_challenges
from newsroom.ingest import IngestReport, ingest
from newsroom.verdicts import Verdict, history, set_verdict
from store.bulletins import add_bulletins
from store.outbox import outbox_rows
from store.statements import item_ids_after, last_item_id
from tests.conftest import Wiredesk, item_ids_with, make_bulletin

VERIFIER = "U0VERIFY"
VERIFIED = "Flooding closed the Vasco da Gama bridge in Lisbon on Monday morning."
VERIFIED_BULLETIN = f"{VERIFIED} Commuters were told to use the ferries until further notice."
VERDICT_AT = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
DENIAL = (
    "The national roads agency denied that the Vasco da Gama bridge in Lisbon had been "
    "closed by flooding."
)


def _record(text: str, source: str, published: str | None) -> dict:
    record = {"source": source, "text": text}
    if published:
        record["published"] = published
    return record


def _ingest(db: Database, path: Path, *records: dict) -> IngestReport:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    report = IngestReport()
    ingest(db, str(path), report, fmt="jsonl")
    return report


@pytest.fixture
def verified(db: Database) -> int:
    """The bridge closure, published at 08:00 and verified at 09:00 by VERIFIER."""
    add_bulletins(
        db,
        [make_bulletin(VERIFIED_BULLETIN, source="Lisbon Daily", published="2024-03-04T08:00Z")],
    )
    (item_id,) = item_ids_with(db, "Flooding closed")
    set_verdict(
        db,
        item_id,
        "verified",
        by=VERIFIER,
        origin="cli",
        note="Seen on the traffic cameras",
        now=VERDICT_AT,
    )
    return item_id


def _verdict(db: Database, item_id: int) -> Verdict:
    """The verdict on an item as the answer about the bridge shows it."""
    return next(i.verdict for i in ask(db, "Vasco da Gama").items if i.id == item_id)


def _challenges(db: Database) -> list[tuple]:
    return db.execute(
        "SELECT item_id, challenger_item_id, source, at FROM challenges ORDER BY id"
    ).fetchall()


def test_a_later_denial_challenges_the_verdict_and_tells_the_verifier(
    db: Database, verified: int, tmp_path: Path, wiredesk: Wiredesk
) -> None:
    path = tmp_path / "later.jsonl"
    path.write_text(json.dumps(_record(DENIAL, "Iberia Wire", "2024-03-04T11:00:00Z")) + "\n")

    ingested = wiredesk("ingest", str(path))

    assert ingested.exit_code == 0, ingested.output
    assert "1 verdict challenged" in ingested.output
    (denial,) = item_ids_with(db, "denied that the Vasco")
    assert _challenges(db) == [(verified, denial, "Iberia Wire", "2024-03-04T11:00:00+00:00")]
    (message,) = outbox_rows(db)
    assert (message.kind, message.recipient) == ("challenge", VERIFIER)
    assert message.dedupe_key == f"challenge:{history(db, verified)[0].id}:{denial}"
    assert message.sent_at is None and message.attempts == 0
    for part in (f"item {verified}", "*verified*", "4 Mar 2024 09:00 UTC", VERIFIED, "Iberia Wire"):
        assert part in message.text
    assert "4 Mar 2024 11:00 UTC" in message.text and DENIAL in message.text

    answer = json.loads(wiredesk("ask", "Vasco da Gama", "--json").output)
    item = next(i for i in answer["items"] if i["id"] == verified)
    assert item["status"] == "verified"
    assert item["verdict"]["by"] == VERIFIER
    assert item["verdict"]["challenged_by"] == [
        {"item_id": denial, "source": "Iberia Wire", "at": "2024-03-04T11:00:00Z"}
    ]
    assert "challenged by Iberia Wire" in answer["headline"]


def test_the_verdict_itself_never_changes(db: Database, verified: int, tmp_path: Path) -> None:
    before = history(db, verified)

    _ingest(db, tmp_path / "later.jsonl", _record(DENIAL, "Iberia Wire", "2024-03-04T11:00Z"))

    after = history(db, verified)
    assert [e.model_copy(update={"challenged_by": None}) for e in after] == before
    assert [c.source for c in after[0].challenged_by] == ["Iberia Wire"]  # beside it
    assert _verdict(db, verified).status == "verified"


def test_ingesting_the_denial_again_adds_nothing(
    db: Database, verified: int, tmp_path: Path
) -> None:
    record = _record(DENIAL, "Iberia Wire", "2024-03-04T11:00:00Z")
    assert _ingest(db, tmp_path / "a.jsonl", record).challenged == 1

    again = _ingest(db, tmp_path / "b.jsonl", record)

    assert (again.added, again.duplicates, again.challenged) == (0, 1, 0)
    assert len(_challenges(db)) == 1 and len(outbox_rows(db)) == 1


def test_looking_at_the_same_items_again_records_nothing(
    db: Database, verified: int, tmp_path: Path
) -> None:
    before = last_item_id(db)
    _ingest(db, tmp_path / "later.jsonl", _record(DENIAL, "Iberia Wire", "2024-03-04T11:00Z"))

    assert find_challenges(db, item_ids_after(db, before)) == []
    assert len(_challenges(db)) == 1 and len(outbox_rows(db)) == 1


def test_a_republished_denial_challenges_once(db: Database, verified: int, tmp_path: Path) -> None:
    wire = f"{DENIAL} The agency said both carriageways had stayed open through the storm."
    report = _ingest(
        db,
        tmp_path / "copies.jsonl",
        _record(wire, "Iberia Wire", "2024-03-04T11:00:00Z"),
        _record(f"LISBON (Tagus Post) - {wire}", "Tagus Post", "2024-03-04T11:30:00Z"),
        _record(f"{wire} (Reporting by the Harbour staff)", "Harbour Post", "2024-03-04T12:00Z"),
    )

    assert report.near_duplicates == 2
    assert [row[2] for row in _challenges(db)] == ["Iberia Wire"]
    assert len(outbox_rows(db)) == 1


def test_a_denial_published_before_the_verdict_does_not_challenge(
    db: Database, verified: int, tmp_path: Path
) -> None:
    # Ingested now, but published at 07:30: the verifier could already weigh it at 09:00.
    report = _ingest(
        db, tmp_path / "early.jsonl", _record(DENIAL, "Iberia Wire", "2024-03-04T07:30:00Z")
    )

    assert report.added == 1 and report.challenged == 0
    assert _challenges(db) == [] and outbox_rows(db) == []
    assert _verdict(db, verified).challenged_by is None


def test_with_no_publication_time_the_ingest_time_counts(db: Database, verified: int) -> None:
    before = last_item_id(db)
    undated = make_bulletin(DENIAL, source="Iberia Wire", published=None)
    add_bulletins(db, [undated], now=datetime(2024, 3, 5, 10, 0, tzinfo=UTC))

    (found,) = find_challenges(db, item_ids_after(db, before))

    assert found.at == datetime(2024, 3, 5, 10, 0, tzinfo=UTC)
    assert found.source == "Iberia Wire" and found.notified


@pytest.mark.parametrize(
    "text",
    [
        # another place
        "Porto's mayor denied that the city had asked the army for help with the floods.",
        # the same bridge, another statement
        "The roads agency denied that the Vasco da Gama bridge in Lisbon would charge higher "
        "tolls from April.",
        # another bridge in the same city
        "The roads agency denied that flooding had closed the Salgueiro Maia bridge in Lisbon.",
        # the same statement, not contradicted
        "Flooding closed the Vasco da Gama bridge in Lisbon on Monday, the roads agency said.",
        # a negation that does not contradict it
        "The Vasco da Gama bridge in Lisbon did not reopen on Tuesday.",
        # a denial naming nothing
        "The agency denied the reports.",
        # a negation whose only capitalised word opens the sentence
        "Flooding did not close the bridge in the end.",
    ],
)
def test_what_does_not_contradict_the_verified_item_does_not_challenge(
    db: Database, verified: int, tmp_path: Path, text: str
) -> None:
    report = _ingest(
        db, tmp_path / "other.jsonl", _record(text, "Iberia Wire", "2024-03-05T10:00Z")
    )

    assert report.added == 1 and report.challenged == 0
    assert _challenges(db) == [] and outbox_rows(db) == []


@pytest.mark.parametrize(
    "text",
    [
        # a negation of the verified statement
        "The Vasco da Gama bridge was not closed on Monday, and traffic crossed it normally.",
        # a denial of a claim in the same bulletin that restates the verified item
        "Flooding closed the Vasco da Gama bridge in Lisbon, a traffic blog claimed on Monday. "
        "The roads agency rejected the claims as false.",
        # a denial in other words and another order
        "Lisbon city hall dismissed as fake the reports that the Vasco da Gama bridge was "
        "closed by flooding.",
    ],
)
def test_contradictions_in_other_forms_challenge(
    db: Database, verified: int, tmp_path: Path, text: str
) -> None:
    report = _ingest(db, tmp_path / "other.jsonl", _record(text, "Tagus Post", "2024-03-05T10:00Z"))

    assert report.challenged == 1
    assert [row[2] for row in _challenges(db)] == ["Tagus Post"]


def test_a_cleared_verdict_is_not_challenged(db: Database, verified: int, tmp_path: Path) -> None:
    set_verdict(db, verified, "clear", by=VERIFIER, origin="cli", now=VERDICT_AT.replace(hour=10))

    report = _ingest(
        db, tmp_path / "later.jsonl", _record(DENIAL, "Iberia Wire", "2024-03-04T11:00Z")
    )

    assert report.challenged == 0 and _challenges(db) == [] and outbox_rows(db) == []


def test_a_false_verdict_is_not_challenged_by_a_denial(
    db: Database, verified: int, tmp_path: Path
) -> None:
    set_verdict(db, verified, "false", by=VERIFIER, origin="cli", now=VERDICT_AT.replace(hour=10))

    report = _ingest(
        db, tmp_path / "later.jsonl", _record(DENIAL, "Iberia Wire", "2024-03-04T11:00Z")
    )

    assert report.challenged == 0 and outbox_rows(db) == []


def test_a_verdict_set_again_is_challenged_from_its_new_time(
    db: Database, verified: int, tmp_path: Path
) -> None:
    _ingest(db, tmp_path / "a.jsonl", _record(DENIAL, "Iberia Wire", "2024-03-04T11:00Z"))
    set_verdict(
        db,
        verified,
        "verified",
        by="U0OTHER",
        origin="cli",
        note="Rechecked",
        now=VERDICT_AT.replace(hour=12),
    )
    later = "Lisbon's port authority said the Vasco da Gama bridge was not closed by flooding."

    _ingest(db, tmp_path / "b.jsonl", _record(later, "Tagus Post", "2024-03-04T13:00Z"))

    verdict = _verdict(db, verified)
    assert [c.source for c in verdict.challenged_by] == ["Tagus Post"]
    assert [row.recipient for row in outbox_rows(db)] == [VERIFIER, "U0OTHER"]


def test_bulletin_text_in_the_message_cannot_ping_mention_or_link(
    db: Database, verified: int, tmp_path: Path
) -> None:
    hostile = f"{DENIAL[:-1]}, <!channel> <@U999> <https://evil.example|read more> & more."

    _ingest(
        db, tmp_path / "later.jsonl", _record(hostile, "Iberia <!here> Wire", "2024-03-04T11:00Z")
    )

    (message,) = outbox_rows(db)
    assert "<" not in message.text and ">" not in message.text
    assert "&lt;!channel&gt; &lt;@U999&gt; &lt;https://evil.example|read more&gt; &amp; more" in (
        message.text
    )
    assert "Iberia &lt;!here&gt; Wire" in message.text


def test_a_verifier_who_is_not_a_slack_user_gets_the_challenge_but_no_message(
    db: Database, tmp_path: Path
) -> None:
    add_bulletins(
        db, [make_bulletin(VERIFIED, source="Lisbon Daily", published="2024-03-04T08:00Z")]
    )
    (item_id,) = item_ids_with(db, "Flooding closed")
    set_verdict(db, item_id, "verified", by="maria", origin="cli", now=VERDICT_AT)

    report = _ingest(
        db, tmp_path / "later.jsonl", _record(DENIAL, "Iberia Wire", "2024-03-04T11:00Z")
    )

    assert report.challenged == 1 and outbox_rows(db) == []
    assert _verdict(db, item_id).challenged_by[0].source == "Iberia Wire"


def test_nothing_to_check_without_verified_items(db: Database, tmp_path: Path) -> None:
    report = _ingest(db, tmp_path / "a.jsonl", _record(DENIAL, "Iberia Wire", "2024-03-04T11:00Z"))

    assert report.added == 1 and report.challenged == 0
    assert find_challenges(db, []) == []


def test_a_denial_of_another_figure_does_not_challenge(db: Database, tmp_path: Path) -> None:
    add_bulletins(
        db,
        [
            make_bulletin(
                "Floods forced 1,200 people from their homes in Valencia on Sunday.",
                source="Iberia Wire",
                published="2024-10-27T08:00Z",
            )
        ],
    )
    (item_id,) = item_ids_with(db, "Floods forced")
    set_verdict(
        db, item_id, "verified", by=VERIFIER, origin="cli", now=VERDICT_AT.replace(month=10, day=27)
    )
    other = "The regional government denied that floods forced 12,000 people from their homes in Valencia."
    same = "The regional government denied that floods forced 1,200 people from their homes in Valencia."

    assert (
        _ingest(
            db, tmp_path / "a.jsonl", _record(other, "Tagus Post", "2024-10-28T08:00Z")
        ).challenged
        == 0
    )
    assert (
        _ingest(
            db, tmp_path / "b.jsonl", _record(same, "Harbour Blog", "2024-10-28T09:00Z")
        ).challenged
        == 1
    )


def test_a_later_report_contradicting_a_verified_negation_challenges(
    db: Database, tmp_path: Path
) -> None:
    add_bulletins(
        db,
        [
            make_bulletin(
                "No one was injured when a crane collapsed at the Porto container terminal.",
                source="Porto Daily",
                published="2024-06-07T08:00Z",
            )
        ],
    )
    (item_id,) = item_ids_with(db, "No one was injured")
    set_verdict(
        db, item_id, "verified", by=VERIFIER, origin="cli", now=VERDICT_AT.replace(month=6, day=7)
    )
    later = "Two workers were injured when a crane collapsed at the Porto container terminal."

    report = _ingest(
        db, tmp_path / "later.jsonl", _record(later, "Iberia Wire", "2024-06-07T15:00Z")
    )

    assert report.challenged == 1
    assert [row[2] for row in _challenges(db)] == ["Iberia Wire"]


def test_a_slack_message_made_a_bulletin_can_challenge(db: Database, verified: int) -> None:
    from newsroom.messages import Message, message_bulletin

    message = Message(channel="C0WIRE", ts="1709550000.000100", text=DENIAL, source="#wire")
    message_bulletin(db, message)  # posted 2024-03-04 11:00 UTC, after the verdict

    (denial,) = item_ids_with(db, "denied that the Vasco")
    assert [(row[0], row[1], row[2]) for row in _challenges(db)] == [(verified, denial, "#wire")]
    assert [m.recipient for m in outbox_rows(db)] == [VERIFIER]
