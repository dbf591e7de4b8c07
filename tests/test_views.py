"""The readable views (issue 13): times as ISO 8601 UTC text, each statement beside its
bulletin and its verdict in force, the verdict log, challenges and disputes; read with
plain sqlite3, which knows no Wiredesk function."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from sqlite_utils import Database

from store.bulletins import add_bulletins, prepare
from store.revisions import revise_bulletin
from store.schema import _MIGRATIONS, SCHEMA_VERSION, _statements, open_db
from store.sources import add_source, record_failure, record_success, set_paused
from store.views import VIEWS
from tests.conftest import AddText, item_ids_with, make_bulletin
from tests.support import browse_data
from tests.support.browse_data import EDITOR, STANDARDS, Record

DOCS = Path(__file__).resolve().parents[1] / "docs" / "database.md"


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Record:
    return browse_data.build(tmp_path_factory.mktemp("views") / "desk.db")


def rows(path: Path, sql: str, *params: object) -> list[dict]:
    """Rows of ``sql`` as dicts, read through a plain read-only sqlite3 connection."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql, params)]
    finally:
        connection.close()


def utc_text(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def statement(record: Record, name: str) -> dict:
    (found,) = rows(record.path, "SELECT * FROM statements WHERE item = ?", record.items[name])
    return found


def test_every_view_is_in_a_new_database_and_reads_without_wiredesk(record: Record) -> None:
    names = {
        r["name"] for r in rows(record.path, "SELECT name FROM sqlite_master WHERE type = 'view'")
    }
    assert (
        names
        == set(VIEWS)
        == {
            "statements",
            "verdict_log",
            "verdict_challenges",
            "disputes",
            "source_health",
        }
    )
    for name in set(VIEWS) - {"source_health"}:  # the record has no live-wire sources
        assert rows(record.path, f"SELECT * FROM [{name}]"), name


def test_statements_show_the_time_in_utc_whatever_zone_it_came_in(record: Record) -> None:
    depot = statement(record, "DEPOT_CLAIM")  # ingested as +02:00
    assert depot["published"] == utc_text(record.today)
    assert depot["published"].endswith("Z")
    assert depot["source"] == "Steppe Wire"
    assert depot["url"] == "https://example.org/steppe/lysychansk-depot"
    assert depot["attributed_to"] == "Russia's defence ministry"
    assert depot["signals"] == '["claim"]'
    assert depot["status"] == "disputed"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", depot["ingested"])


def test_an_undated_bulletin_has_no_published_time_but_its_arrival(record: Record) -> None:
    undated = statement(record, "UNDATED")
    assert undated["published"] is None
    assert undated["ingested"] is not None and undated["ingested"].endswith("Z")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2024-03-01T10:00:00+00:00", "2024-03-01T10:00:00Z"),
        ("2024-03-01T10:00:00+03:00", "2024-03-01T07:00:00Z"),
        ("2024-03-01T01:30:00+05:30", "2024-02-29T20:00:00Z"),
        ("2024-03-01T23:59:59.999-05:00", "2024-03-02T04:59:59Z"),
        ("2023-12-31T22:00:00-02:00", "2024-01-01T00:00:00Z"),
        ("1999-06-30T12:00:00.5+10:00", "1999-06-30T02:00:00Z"),
    ],
)
def test_published_times_in_any_zone_read_as_utc(
    db: Database, db_path: Path, add_text: AddText, written: str, expected: str
) -> None:
    add_text("Shelling damaged a school in Orikhiv on Friday.", published=written)
    (item_id,) = item_ids_with(db, "Orikhiv")
    (row,) = rows(db_path, "SELECT published FROM statements WHERE item = ?", item_id)
    assert row["published"] == expected


def test_every_second_of_an_hour_reads_back_exactly(
    db: Database, db_path: Path, add_text: AddText
) -> None:
    start = datetime(2025, 5, 17, 13, 0, tzinfo=timezone(timedelta(hours=3)))
    moments = [start + timedelta(seconds=s) for s in range(0, 3600, 7)]
    for n, moment in enumerate(moments):
        add_text(f"Bulletin number {n} from the Zaporizhzhia front.", published=moment)
    shown = [
        r["published"] for r in rows(db_path, "SELECT published FROM statements ORDER BY item")
    ]
    assert shown == [utc_text(m) for m in moments]


def test_the_verdict_in_force_is_beside_the_statement(record: Record) -> None:
    bridge = statement(record, "BRIDGE")
    assert (bridge["status"], bridge["verdict"], bridge["verdict_by"]) == (
        "reported",
        "verified",
        EDITOR,
    )
    assert bridge["status_shown"] == "verified"
    assert bridge["verdict_at"].endswith("Z")
    depot = statement(record, "DEPOT_CLAIM")
    assert (depot["verdict"], depot["verdict_by"]) == ("disputed", STANDARDS)


def test_a_cleared_verdict_leaves_the_status_read_from_the_text(record: Record) -> None:
    mayor = statement(record, "MAYOR")  # marked false, then cleared
    assert (mayor["verdict"], mayor["verdict_by"], mayor["verdict_at"]) == (None, None, None)
    assert mayor["status_shown"] == mayor["status"] == "claimed"


def test_one_row_per_statement(record: Record) -> None:
    (count,) = rows(record.path, "SELECT count(*) AS n FROM items")
    (shown,) = rows(record.path, "SELECT count(*) AS n, count(DISTINCT item) AS d FROM statements")
    assert shown["n"] == shown["d"] == count["n"]


def test_the_verdict_log_keeps_every_change_and_marks_the_one_in_force(record: Record) -> None:
    log = rows(record.path, "SELECT * FROM verdict_log ORDER BY entry")
    mayor, bridge, depot = (
        record.items["MAYOR"],
        record.items["BRIDGE"],
        record.items["DEPOT_CLAIM"],
    )
    assert [(r["item"], r["old_status"], r["new_status"], r["by"], r["in_force"]) for r in log] == [
        (bridge, "reported", "verified", EDITOR, 1),
        (mayor, "claimed", "false", STANDARDS, 0),
        (mayor, "false", "cleared", STANDARDS, 0),
        (depot, "disputed", "disputed", STANDARDS, 1),
    ]
    assert [r["challenges"] for r in log] == [1, 0, 0, 0]
    assert log[0]["note"] == "Seen on the roads camera" and log[0]["origin"] == "button"
    assert log[3]["evidence"] == "https://example.org/checks/depot"
    assert all(r["at"].endswith("Z") for r in log)


def test_a_challenge_shows_the_verdict_and_the_report_that_contradicts_it(
    record: Record,
) -> None:
    (challenge,) = rows(record.path, "SELECT * FROM verdict_challenges")
    assert challenge["item"] == record.items["BRIDGE"]
    assert (challenge["verdict"], challenge["verdict_by"], challenge["verdict_in_force"]) == (
        "verified",
        EDITOR,
        1,
    )
    assert challenge["challenger_item"] == record.items["BRIDGE_DENIAL"]
    assert challenge["challenger_source"] == "Kherson Courier"
    assert challenge["challenger_text"] == browse_data.BRIDGE_DENIAL
    assert challenge["at"].endswith("Z")


def test_disputes_pair_each_claim_with_its_denial_in_the_story_and_across_bulletins(
    record: Record,
) -> None:
    pairs = rows(record.path, "SELECT * FROM disputes ORDER BY claim_item")
    items = record.items
    assert [(p["claim_item"], p["denial_item"], p["found_in"]) for p in pairs] == [
        (items["DEPOT_CLAIM"], items["DEPOT_DENIAL"], "same story"),
        (items["OLD_CLAIM"], items["OLD_DENIAL"], "another bulletin"),
    ]
    assert pairs[0]["claimed_by"] == "Russia's defence ministry"
    assert pairs[0]["denied_by"] == "Ukraine's eastern command"
    assert pairs[1]["denial_text"] == browse_data.OLD_DENIAL


def test_a_database_of_schema_4_gets_the_views_when_opened(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    for version in (1, 2):
        for sql in _statements(_MIGRATIONS[version]):
            connection.execute(sql)
    connection.execute("PRAGMA user_version=2")
    connection.commit()
    connection.close()
    open_db(path).close()  # migrations 3 to 5
    (version,) = rows(path, "PRAGMA user_version")
    assert version["user_version"] == SCHEMA_VERSION
    assert {
        r["name"] for r in rows(path, "SELECT name FROM sqlite_master WHERE type='view'")
    } == set(VIEWS)
    open_db(path).close()  # opening again changes nothing
    assert rows(path, "SELECT count(*) AS n FROM statements") == [{"n": 0}]


def _documented(text: str) -> dict[str, set[str]]:
    """The columns docs/database.md lists under each `### name` heading."""
    found: dict[str, set[str]] = {}
    current = None
    for line in text.splitlines():
        heading = re.match(r"### `(\w+)`", line)
        if heading:
            current = found.setdefault(heading.group(1), set())
        elif current is not None and (cell := re.match(r"\| `(\w+)` \|", line)):
            current.add(cell.group(1))
    return found


def test_docs_describe_every_table_and_view_column_by_column(record: Record) -> None:
    documented = _documented(DOCS.read_text(encoding="utf-8"))
    objects = rows(
        record.path,
        "SELECT name FROM sqlite_master WHERE type IN ('table', 'view')"
        " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'items_fts_%'",
    )
    for name in (o["name"] for o in objects):
        columns = {r["name"] for r in rows(record.path, f"PRAGMA table_info([{name}])")}
        assert name in documented, f"docs/database.md has no section for {name}"
        assert documented[name] == columns, name


def test_a_retracted_statement_is_marked_and_leaves_the_disputes(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    db = open_db(path)
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    claim = "Russia's defence ministry claimed its forces had taken the village of Brovnik."
    denial = "Officials in Kelsa denied the claims, saying fighting continued."
    add_bulletins(db, [make_bulletin(f"{claim} {denial}", published=now)])
    (claim_id,) = item_ids_with(db, "claimed its forces")
    (denial_id,) = item_ids_with(db, "Kelsa denied")
    assert [r["denial_item"] for r in rows(path, "SELECT * FROM disputes")] == [denial_id]
    edited = f"{claim} The ministry later said the bridge at Brovnik was destroyed."
    revise_bulletin(db, 1, prepare(make_bulletin(edited, published=now)), now)
    db.close()
    marked = {r["item"]: r["retracted"] for r in rows(path, "SELECT * FROM statements")}
    assert marked[denial_id] == "2026-03-02T09:00:00Z" and marked[claim_id] is None
    assert rows(path, "SELECT * FROM disputes") == []


def _sections(text: str) -> dict[str, str]:
    """The `## ` part of docs/database.md each `### name` heading sits in."""
    part, found = "", {}
    for line in text.splitlines():
        if line.startswith("## "):
            part = line[3:].strip()
        elif heading := re.match(r"### `(\w+)`", line):
            found[heading.group(1)] = part
    return found


def test_docs_list_views_under_views_and_tables_under_tables(record: Record) -> None:
    text = DOCS.read_text(encoding="utf-8")
    sections = _sections(text)
    objects = rows(
        record.path,
        "SELECT name, type FROM sqlite_master WHERE type IN ('table', 'view')"
        " AND name NOT LIKE 'sqlite_%'",
    )
    for o in objects:
        if o["name"].startswith("items_fts_"):  # FTS5's own storage, named in the index's section
            assert f"`{o['name']}`" in text, o["name"]
            continue
        expected = "Views" if o["type"] == "view" else "Tables"
        assert sections[o["name"]] == expected, o["name"]


def test_docs_give_the_schema_version_of_today() -> None:
    stated = re.search(r"`PRAGMA user_version` \((\d+) today\)", DOCS.read_text(encoding="utf-8"))
    assert stated and int(stated.group(1)) == SCHEMA_VERSION


def test_source_health_shows_each_source_with_utc_times_and_its_state(db_path: Path) -> None:
    """A feed that failed, a paused folder and one that works: times as UTC text (the
    table keeps next_due in Unix seconds), a state a reader can filter on."""
    db = open_db(db_path)
    added = datetime(2027, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=2)))
    failing, _ = add_source(
        db,
        "feed",
        "https://example.org/rss",
        name="Example",
        every=300,
        default_every=300,
        added_by="cli",
        guarded=False,
        now=added,
    )
    paused, _ = add_source(
        db,
        "folder",
        "/srv/drop",
        name=None,
        every=60,
        default_every=60,
        added_by="U1",
        guarded=False,
        now=added,
    )
    working, _ = add_source(
        db,
        "feed",
        "https://example.net/atom",
        name=None,
        every=900,
        default_every=900,
        added_by="cli",
        guarded=False,
        now=added,
    )
    polled = added + timedelta(minutes=5)
    record_failure(db, failing.id, now=polled, next_due=polled.timestamp() + 600, error="HTTP 500")
    set_paused(db, paused.id, True)
    record_success(
        db,
        working.id,
        now=polled,
        next_due=polled.timestamp() + 900,
        etag=None,
        last_modified=None,
    )
    db.close()

    found = {r["source"]: r for r in rows(db_path, "SELECT * FROM source_health")}
    assert (found[failing.id]["state"], found[failing.id]["last_error"]) == ("failing", "HTTP 500")
    assert found[failing.id]["failing_since"] == "2027-01-05T07:05:00Z"
    assert found[failing.id]["next_due"] == "2027-01-05T07:15:00Z"
    assert found[failing.id]["name"] == "Example" and found[failing.id]["added"] == (
        "2027-01-05T07:00:00Z"
    )
    assert (found[paused.id]["state"], found[paused.id]["next_due"]) == ("paused", None)
    assert found[paused.id]["name"] == "/srv/drop"
    assert found[working.id]["state"] == "ok"
    assert found[working.id]["last_success"] == "2027-01-05T07:05:00Z"
    assert found[working.id]["next_due"] == "2027-01-05T07:20:00Z"
