"""The store: idempotent writes, re-publications, all-or-nothing calls, links, opening files."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from newsroom.ask import ask
from newsroom.errors import UserError
from newsroom.ingest import IngestReport, ingest
from newsroom.models import AnalysedBulletin
from newsroom.names import name_key
from store.bulletins import AddResult, add_bulletins, content_hash
from store.schema import SCHEMA_VERSION, open_db
from tests.conftest import item_ids_with, make_bulletin, table_rows

KYIV_SIRENS = (
    "Air raid sirens sounded across Kyiv for three hours on Monday night. "
    "Debris from a downed drone damaged the roof of a school in the Darnytskyi district, "
    "city officials said. "
    "No injuries were reported, and classes will move online for the rest of the week."
)
KYIV_SIRENS_REPUBLISHED = f"KYIV, March 4 (Test Wire) - {KYIV_SIRENS} (Reporting by Test Wire)"
LYSYCHANSK_CLAIM = (
    "Russian forces claimed on Tuesday to have captured the outskirts of Lysychansk after a "
    "week of heavy shelling. Ukraine's general staff denied that Russian forces had captured "
    "the outskirts, saying its troops still held the western districts. Separately, the "
    "governor of Kharkiv said two people were wounded by shelling overnight."
)
KHARTOUM_BRIDGE = (
    "Sudan's army said it had retaken a bridge over the Blue Nile in Khartoum after two days "
    "of fighting with the Rapid Support Forces."
)
GOMA_FLOODS = "Heavy rain flooded roads around Goma, the regional capital of North Kivu."
TABLES = (
    "bulletins",
    "items",
    "item_links",
    "bulletin_bands",
    "name_hours",
    "items_fts_docsize",
)


def row_counts(db: Database) -> dict[str, int]:
    return {t: db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def test_a_fresh_database_has_the_schema_and_nothing_else(db: Database) -> None:
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert set(TABLES) | {"items_fts"} <= set(db.table_names())
    assert row_counts(db) == dict.fromkeys(TABLES, 0)


def test_adding_stores_the_bulletin_and_its_items(db: Database) -> None:
    result = add_bulletins(
        db,
        [
            make_bulletin(
                KHARTOUM_BRIDGE,
                source="Nile Desk",
                published="2024-03-01T10:30:00+00:00",
                url="https://example.org/khartoum",
                title="Army retakes bridge",
            )
        ],
    )
    assert result == AddResult(added=1, duplicates=0, near_duplicates=0, items=1)
    rows = db.execute(
        "SELECT source, title, url, published, text, duplicate_of, content_hash FROM bulletins"
    ).fetchall()
    assert rows == [
        (
            "Nile Desk",
            "Army retakes bridge",
            "https://example.org/khartoum",
            "2024-03-01T10:30:00+00:00",
            KHARTOUM_BRIDGE,
            None,
            content_hash(KHARTOUM_BRIDGE),
        )
    ]
    items = db.execute("SELECT position, story, text, attributed_to, signals, status FROM items")
    assert items.fetchall() == [
        (0, 0, KHARTOUM_BRIDGE, "Sudan's army", json.dumps(["claim"]), "claimed")
    ]


def test_the_same_input_twice_adds_nothing(db: Database) -> None:
    bulletins = [make_bulletin(KHARTOUM_BRIDGE), make_bulletin(GOMA_FLOODS)]
    first = add_bulletins(db, bulletins)
    before = table_rows(db)
    second = add_bulletins(db, bulletins)
    assert first == AddResult(added=2, duplicates=0, near_duplicates=0, items=2)
    assert second == AddResult(added=0, duplicates=2, near_duplicates=0, items=0)
    assert table_rows(db) == before


def test_a_repeat_inside_one_call_is_a_duplicate(db: Database) -> None:
    result = add_bulletins(db, [make_bulletin(GOMA_FLOODS), make_bulletin(GOMA_FLOODS)])
    assert result == AddResult(added=1, duplicates=1, near_duplicates=0, items=1)
    assert row_counts(db)["bulletins"] == 1


@pytest.mark.parametrize(
    "variant",
    [
        GOMA_FLOODS.upper(),
        GOMA_FLOODS.lower(),
        "  " + GOMA_FLOODS.replace(" ", "   ") + "\n",
        GOMA_FLOODS.replace(" ", "\n\t"),
        GOMA_FLOODS.replace(" ", "\u00a0"),
    ],
    ids=["upper", "lower", "extra-spaces", "newlines-tabs", "no-break-spaces"],
)
def test_the_same_text_with_other_case_or_spacing_is_a_duplicate(
    db: Database, variant: str
) -> None:
    assert content_hash(variant) == content_hash(GOMA_FLOODS)
    add_bulletins(db, [make_bulletin(GOMA_FLOODS, source="Lakes Radio")])
    result = add_bulletins(db, [make_bulletin(variant, source="Another Outlet")])
    assert result == AddResult(added=0, duplicates=1, near_duplicates=0, items=0)
    assert db.execute("SELECT source FROM bulletins").fetchall() == [("Lakes Radio",)]


@pytest.mark.parametrize(
    "other",
    [
        GOMA_FLOODS.replace("Goma", "Bukavu"),
        GOMA_FLOODS.removesuffix("."),
        GOMA_FLOODS.replace("regional", "provincial"),
    ],
)
def test_a_different_text_is_not_an_exact_duplicate(other: str) -> None:
    assert content_hash(other) != content_hash(GOMA_FLOODS)


def test_the_same_text_in_two_files_of_different_formats_is_stored_once(
    db: Database, tmp_path: Path
) -> None:
    text_file = tmp_path / "goma.txt"
    text_file.write_text(GOMA_FLOODS + "\n", encoding="utf-8")
    jsonl_file = tmp_path / "wire.jsonl"
    jsonl_file.write_text(
        json.dumps({"text": f"  {GOMA_FLOODS.upper()} ", "source": "Kivu Wire"}) + "\n",
        encoding="utf-8",
    )
    report = IngestReport()
    ingest(db, str(text_file), report)
    assert (report.added, report.duplicates) == (1, 0)
    ingest(db, str(jsonl_file), report)
    assert (report.added, report.duplicates) == (1, 1)
    ingest(db, str(text_file), report)
    assert (report.added, report.duplicates, report.rejected) == (1, 2, [])
    assert db.execute("SELECT source, text FROM bulletins").fetchall() == [("goma", GOMA_FLOODS)]


def test_a_republication_is_linked_to_the_first_copy(db: Database) -> None:
    first = add_bulletins(db, [make_bulletin(KYIV_SIRENS, source="Test Wire")])
    copy = add_bulletins(
        db,
        [
            make_bulletin(
                KYIV_SIRENS_REPUBLISHED,
                source="Harbour Gazette",
                published="2024-03-01T11:00:00Z",
            )
        ],
    )
    copy_of_copy = add_bulletins(
        db,
        [
            make_bulletin(
                KYIV_SIRENS_REPUBLISHED + " Copyright Harbour Gazette.",
                source="Valley Times",
                published="2024-03-01T12:00:00Z",
            )
        ],
    )
    unrelated = add_bulletins(db, [make_bulletin(KHARTOUM_BRIDGE)])
    assert first == AddResult(added=1, duplicates=0, near_duplicates=0, items=3)
    assert copy.added == copy.near_duplicates == 1
    assert copy_of_copy.added == copy_of_copy.near_duplicates == 1
    assert unrelated.near_duplicates == 0
    assert db.execute("SELECT id, source, duplicate_of FROM bulletins ORDER BY id").fetchall() == [
        (1, "Test Wire", None),
        (2, "Harbour Gazette", 1),
        (3, "Valley Times", 1),
        (4, "Test Wire", None),
    ]
    # Re-publications are not independent reports: topic counts see one bulletin.
    kyiv_bulletins = db.execute(
        "SELECT sum(bulletins) FROM name_hours WHERE key = ?", [name_key("Kyiv")]
    ).fetchone()[0]
    assert kyiv_bulletins == 1


@pytest.mark.parametrize("topic", ["Darnytskyi", "Kyiv", "school"])
def test_ask_lists_a_republished_statement_once_under_the_first_copy(
    db: Database, topic: str
) -> None:
    add_bulletins(db, [make_bulletin(KYIV_SIRENS, source="Test Wire")])
    add_bulletins(
        db,
        [
            make_bulletin(
                KYIV_SIRENS_REPUBLISHED,
                source="Harbour Gazette",
                published="2024-03-01T11:00:00Z",
            )
        ],
    )
    answer = ask(db, topic)
    (item,) = [i for i in answer.items if i.matched]  # the rest of its story comes as context
    assert all(i.bulletin_id == 1 for i in answer.items)
    assert item.bulletin_id == 1
    assert item.source == "Test Wire"
    assert item.also_in == ["Harbour Gazette"]
    assert item.text in KYIV_SIRENS
    # one statement, however many outlets re-publish it: the count agrees with the list
    assert answer.total == 1
    assert answer.count_line().startswith("1 matching statement")


def _good_then_failing(bulletins: list[AnalysedBulletin]) -> Iterator[AnalysedBulletin]:
    yield bulletins[0]
    yield bulletins[1]
    raise RuntimeError("feed connection lost")


def test_a_stream_that_fails_midway_leaves_nothing_of_that_call(db: Database) -> None:
    good = [make_bulletin(LYSYCHANSK_CLAIM), make_bulletin(KYIV_SIRENS)]
    with pytest.raises(RuntimeError, match="feed connection lost"):
        add_bulletins(db, _good_then_failing(good))
    assert row_counts(db) == dict.fromkeys(TABLES, 0)
    assert not db.conn.in_transaction
    # Nothing half-written either: the same bulletins go in afterwards as new ones.
    assert add_bulletins(db, good) == AddResult(added=2, duplicates=0, near_duplicates=0, items=6)


def test_a_failed_call_keeps_what_earlier_calls_stored(db: Database) -> None:
    add_bulletins(db, [make_bulletin(KHARTOUM_BRIDGE), make_bulletin(GOMA_FLOODS)])
    before = table_rows(db)
    good = [make_bulletin(LYSYCHANSK_CLAIM), make_bulletin(KYIV_SIRENS)]
    with pytest.raises(RuntimeError):
        add_bulletins(db, _good_then_failing(good))
    assert table_rows(db) == before
    assert ask(db, "Lysychansk").total == 0


def test_a_store_error_midway_rolls_back_too(db: Database) -> None:
    def stream() -> Iterator[AnalysedBulletin]:
        yield make_bulletin(GOMA_FLOODS)
        db.execute("DROP TABLE name_hours")  # the next insert fails inside the store
        yield make_bulletin(KHARTOUM_BRIDGE)

    with pytest.raises(sqlite3.OperationalError):
        add_bulletins(db, stream())
    assert db.execute("SELECT count(*) FROM bulletins").fetchone()[0] == 0
    assert "name_hours" in db.table_names()  # the DROP was part of the rolled-back call


def test_a_claim_and_its_denial_are_linked_both_ways(db: Database) -> None:
    add_bulletins(db, [make_bulletin(LYSYCHANSK_CLAIM)])
    (claim,) = item_ids_with(db, "Russian forces claimed")
    (denial,) = item_ids_with(db, "general staff denied")
    (other,) = item_ids_with(db, "governor of Kharkiv")
    links = db.execute("SELECT item_id, other_id, kind FROM item_links ORDER BY item_id")
    assert links.fetchall() == [(claim, denial, "disputes"), (denial, claim, "disputes")]
    statuses = dict(db.execute("SELECT id, status FROM items").fetchall())
    assert statuses == {claim: "disputed", denial: "disputed", other: "claimed"}


def test_open_db_on_a_directory_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"is a directory; give a file name"):
        open_db(tmp_path)


def test_open_db_in_a_missing_folder_is_a_user_error(tmp_path: Path) -> None:
    with pytest.raises(UserError, match=r"folder .*missing does not exist"):
        open_db(tmp_path / "missing" / "w.db")
    assert not (tmp_path / "missing").exists()


@pytest.mark.parametrize(
    "content",
    [b"These are my notes, not a database.\n" * 200, b"SQLite format 3\x00" + b"\xff" * 4080],
    ids=["text", "corrupt-header"],
)
def test_open_db_on_a_file_that_is_not_sqlite_is_a_user_error(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(UserError) as caught:
        open_db(path)
    message = str(caught.value)
    assert message.startswith(f"Cannot open database {path}: ")
    assert message.endswith("(is it a Wiredesk SQLite file?)")
    assert path.read_bytes() == content  # the user's file is left alone


def test_open_db_refuses_a_database_from_a_newer_wiredesk(db_path: Path) -> None:
    open_db(db_path).close()
    connection = sqlite3.connect(db_path)
    connection.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    connection.close()
    newer = rf"newer Wiredesk \(schema {SCHEMA_VERSION + 1}, this one knows {SCHEMA_VERSION}\)"
    with pytest.raises(UserError, match=newer):
        open_db(db_path)


def test_reopening_keeps_what_was_stored(db_path: Path) -> None:
    first = open_db(db_path)
    add_bulletins(first, [make_bulletin(GOMA_FLOODS)])
    first.close()
    again = open_db(db_path)
    assert again.execute("SELECT text FROM bulletins").fetchall() == [(GOMA_FLOODS,)]
    assert add_bulletins(again, [make_bulletin(GOMA_FLOODS)]).duplicates == 1
    again.close()


def test_shared_boilerplate_does_not_make_a_near_duplicate(db, add_text) -> None:
    footer = (
        " Follow our live coverage of the war for the latest updates. Sign up to the morning "
        "briefing for a daily summary. Our reporters cannot always verify claims made by "
        "officials on either side."
    )
    add_text(
        "Shelling damaged a water station in Kherson on Monday, cutting supplies to the "
        "northern districts, the city's mayor said." + footer,
        source="Wire A",
    )
    add_text(
        "A drone struck a fuel depot outside Dnipro overnight and firefighters fought the "
        "blaze until morning, the regional governor said." + footer,
        source="Wire B",
    )
    rows = db.execute("SELECT source, duplicate_of FROM bulletins ORDER BY id").fetchall()
    assert rows == [("Wire A", None), ("Wire B", None)]


def test_a_call_larger_than_a_chunk_skips_and_links_within_itself(db: Database) -> None:
    """Bulletins are written in chunks; duplicates and copies are found across them."""
    texts = [
        f"Report {n}: shelling hit the village of Sample{n} overnight, officials in the "
        f"district said, adding that {n % 7 + 1} houses were damaged."
        for n in range(300)
    ]
    copy = f"KYIV (Test Wire) - {KYIV_SIRENS} (Reporting by Test Wire)"
    bulletins = [make_bulletin(KYIV_SIRENS, source="Test Wire")]
    bulletins += [make_bulletin(t) for t in texts]
    bulletins += [make_bulletin(KYIV_SIRENS.upper()), make_bulletin(copy, source="Gazette")]
    result = add_bulletins(db, bulletins)
    assert (result.added, result.duplicates, result.near_duplicates) == (302, 1, 1)
    assert db.execute("SELECT duplicate_of FROM bulletins WHERE source = 'Gazette'").fetchone() == (
        1,
    )
    assert db.execute("SELECT count(*) FROM items").fetchone()[0] == result.items


def test_posts_without_words_are_not_copies_of_each_other(db: Database) -> None:
    result = add_bulletins(
        db, [make_bulletin("🚨🚨", source="Channel C"), make_bulletin("⚠️ ⚠️ !!", source="D")]
    )
    assert (result.added, result.near_duplicates) == (2, 0)


def test_a_version_2_database_gets_wording_keys_for_its_bulletins(db_path: Path) -> None:
    """Migration 3 computes re-publication keys for stored texts, so a copy of a bulletin
    ingested before the upgrade is still linked to it."""
    from store.schema import _MIGRATIONS

    connection = sqlite3.connect(db_path)
    connection.executescript(_MIGRATIONS[1] + _MIGRATIONS[2] + "PRAGMA user_version=2;")
    connection.execute(
        "INSERT INTO bulletins (source, ingested, day, text, content_hash) VALUES"
        " ('Test Wire', '2024-03-01T10:00:00+00:00', 19783.4, ?, 'old')",
        [KYIV_SIRENS],
    )
    connection.commit()
    connection.close()
    db = open_db(db_path)
    assert "bulletin_sketch" not in db.table_names()
    assert db.execute("SELECT count(*) FROM bulletin_bands").fetchone()[0] > 0
    copy = add_bulletins(
        db,
        [
            make_bulletin(
                KYIV_SIRENS_REPUBLISHED, source="Harbour Gazette", published="2024-03-01T11:00:00Z"
            )
        ],
    )
    assert copy.near_duplicates == 1


def test_connections_opening_an_old_database_at_once_upgrade_it_once(db_path: Path) -> None:
    """The bot's threads, the CLI and the scheduler may all open an old file together: the
    one that gets the write lock upgrades it, the others find it done."""
    import threading

    from store.schema import _MIGRATIONS

    connection = sqlite3.connect(db_path)
    connection.executescript(_MIGRATIONS[1] + _MIGRATIONS[2] + "PRAGMA user_version=2;")
    connection.executemany(
        "INSERT INTO bulletins (source, ingested, day, text, content_hash) VALUES"
        " ('Wire', '2024-03-01T10:00:00+00:00', 19783.4, ?, ?)",
        [(f"{KYIV_SIRENS} Update {n}.", f"h{n}") for n in range(300)],
    )
    connection.commit()
    connection.close()
    start = threading.Barrier(4)
    errors: list[BaseException] = []

    def open_it() -> None:
        start.wait()
        try:
            open_db(db_path).close()
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=open_it) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    per_bulletin = db.execute("SELECT count(*) FROM bulletin_bands GROUP BY bulletin_id").fetchall()
    assert len(per_bulletin) == 300 and max(per_bulletin)[0] <= 8


def test_an_upgrade_blocked_by_another_writer_says_so(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from store import schema

    connection = sqlite3.connect(db_path, isolation_level=None)
    connection.executescript(
        schema._MIGRATIONS[1] + schema._MIGRATIONS[2] + "PRAGMA user_version=2;"
    )
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("BEGIN IMMEDIATE")  # another process, mid-write
    monkeypatch.setattr(schema, "BUSY_TIMEOUT", 0.2)
    with pytest.raises(UserError, match=r"another Wiredesk process has held it for over 0\.2 s"):
        open_db(db_path)
    connection.execute("ROLLBACK")
    connection.close()
    assert open_db(db_path).execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_a_version_1_database_is_migrated_in_place(db_path: Path) -> None:
    from store.schema import _MIGRATIONS

    connection = sqlite3.connect(db_path)
    connection.executescript(_MIGRATIONS[1] + "PRAGMA user_version=1;")
    connection.execute(
        "INSERT INTO bulletins (source, ingested, day, text, content_hash) VALUES"
        " ('Wire', '2024-01-01T00:00:00+00:00', 19723.0, 'Old text.', 'h')"
    )
    connection.commit()
    connection.close()
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert db.execute("SELECT text FROM bulletins").fetchall() == [("Old text.",)]
    assert "verdicts" in db.table_names()


def test_writing_gives_back_the_page_cache_it_borrowed(db: Database) -> None:
    """A large input borrows a big page cache; the connection (the bot's, say) gets its own
    size back afterwards, on success and on failure alike."""
    db.execute("PRAGMA cache_size=-4000")
    add_bulletins(db, [make_bulletin(GOMA_FLOODS)])
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -4000
    with pytest.raises(RuntimeError):
        add_bulletins(db, _good_then_failing([make_bulletin(KHARTOUM_BRIDGE)] * 2))
    assert db.execute("PRAGMA cache_size").fetchone()[0] == -4000


def test_a_transaction_inside_another_commits_with_it(db: Database) -> None:
    from store.bulletins import transaction

    db.execute("CREATE TABLE notes (text TEXT)")
    with transaction(db):
        db.execute("INSERT INTO notes VALUES ('outer')")
        with transaction(db):
            db.execute("INSERT INTO notes VALUES ('inner')")
        with pytest.raises(ValueError), transaction(db):
            db.execute("INSERT INTO notes VALUES ('undone')")
            raise ValueError("inner work failed")
        assert db.conn.in_transaction  # still the outer one
    assert [r[0] for r in db.execute("SELECT text FROM notes ORDER BY rowid")] == [
        "outer",
        "inner",
    ]
    with pytest.raises(RuntimeError), transaction(db):
        with transaction(db):
            db.execute("INSERT INTO notes VALUES ('lost with the outer one')")
        raise RuntimeError("outer work failed")
    assert db.execute("SELECT count(*) FROM notes").fetchone()[0] == 2
