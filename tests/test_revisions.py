"""Revising and retracting stored bulletins (store.revisions), and migration 7 that makes
room for it on an existing database."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlite_utils import Database

from newsroom.ask import ask
from newsroom.verdicts import set_verdict
from store.bulletins import add_bulletins, prepare
from store.item_days import SCHEMA as ITEM_DAYS
from store.revisions import retract_bulletin, revise_bulletin
from store.schema import _MIGRATIONS, SCHEMA_VERSION, _statements, open_db
from tests.conftest import item_ids_with, make_bulletin

NOW = datetime(2025, 11, 30, 9, 0, tzinfo=UTC)
FIRST = (
    "Officials in Kherson said shelling damaged a water pumping station on the left bank. "
    "Russia's defence ministry denied shelling the city."
)
REVISED = (
    "Officials in Kherson said shelling damaged a water pumping station on the left bank. "
    "Repairs to the Kherson station are expected to take two weeks, the city's water "
    "utility said."
)


def texts_of(answer) -> str:
    return "\n".join(item.text for item in answer.items)


def test_a_revision_keeps_surviving_items_and_indexes_new_ones(db: Database) -> None:
    add_bulletins(db, [make_bulletin(FIRST, published=NOW)])
    (bulletin_id,) = db.execute("SELECT id FROM bulletins").fetchone()
    (kept,) = item_ids_with(db, "pumping station")
    (denied,) = item_ids_with(db, "denied shelling")
    set_verdict(db, kept, "verified", by="U1", origin="cli", now=NOW)
    revised = prepare(make_bulletin(REVISED, published=NOW))
    revision = revise_bulletin(db, bulletin_id, revised, NOW)
    assert revision.kept == [kept] and revision.retracted == [denied]
    assert len(revision.added) == 1
    live = db.execute(
        "SELECT id, position FROM items WHERE bulletin_id = ? AND retracted IS NULL"
        " ORDER BY position",
        [bulletin_id],
    ).fetchall()
    assert live == [(kept, 0), (revision.added[0], 1)]
    gone = db.execute("SELECT position, retracted FROM items WHERE id = ?", [denied]).fetchone()
    assert gone == (-denied, NOW.isoformat(timespec="microseconds"))
    assert "Repairs to the Kherson station" in texts_of(ask(db, "Kherson", now=NOW))
    assert "denied shelling" not in texts_of(ask(db, "Kherson", now=NOW))
    assert ask(db, "Kherson", now=NOW).total == 2  # both sentences name Kherson now
    # the new wording is the bulletin's: a copy of the revised text is linked to it
    copy = add_bulletins(
        db, [make_bulletin(REVISED + " Residents were asked to store water.", published=NOW)]
    )
    assert copy.near_duplicates == 1


def test_a_claim_whose_only_denial_is_edited_away_is_no_longer_disputed(db: Database) -> None:
    claim = "Russia's defence ministry claimed its forces had taken the village of Brovnik."
    add_bulletins(
        db,
        [
            make_bulletin(
                f"{claim} Officials in Kelsa denied the claims, saying fighting continued.",
                published=NOW,
            )
        ],
    )
    (bulletin_id,) = db.execute("SELECT id FROM bulletins").fetchone()
    (claim_id,) = item_ids_with(db, "claimed its forces")
    assert db.execute("SELECT status FROM items WHERE id = ?", [claim_id]).fetchone() == (
        "disputed",
    )
    edited = f"{claim} The ministry later said the bridge at Brovnik was destroyed."
    revision = revise_bulletin(db, bulletin_id, prepare(make_bulletin(edited, published=NOW)), NOW)
    assert claim_id in revision.kept
    assert db.execute("SELECT status FROM items WHERE id = ?", [claim_id]).fetchone() == (
        "claimed",
    )
    (item,) = [i for i in ask(db, "Brovnik", now=NOW).items if i.id == claim_id]
    assert item.status == "claimed" and not item.disputes


def test_a_claim_disputed_from_another_bulletin_stays_disputed_after_an_edit(
    db: Database,
) -> None:
    claim = "Russia's defence ministry claimed its forces had taken the village of Brovnik."
    add_bulletins(db, [make_bulletin(f"{claim} Fighting was reported nearby.", published=NOW)])
    (bulletin_id,) = db.execute("SELECT id FROM bulletins").fetchone()
    (claim_id,) = item_ids_with(db, "claimed its forces")
    add_bulletins(
        db,
        [
            make_bulletin(
                "Ukraine's eastern command denied that Russian forces had taken Brovnik.",
                published=NOW,
                source="Other Wire",
            )
        ],
    )
    (denial_id,) = item_ids_with(db, "eastern command denied")
    db.execute("INSERT INTO denial_links VALUES (?, ?, ?)", [denial_id, claim_id, "test"])
    db.execute("UPDATE items SET status = 'disputed' WHERE id = ?", [claim_id])
    edited = f"{claim} Smoke rose over the village on Monday."
    revise_bulletin(db, bulletin_id, prepare(make_bulletin(edited, published=NOW)), NOW)
    assert db.execute("SELECT status FROM items WHERE id = ?", [claim_id]).fetchone() == (
        "disputed",
    )


def test_a_retraction_hides_the_bulletin_and_keeps_it(db: Database) -> None:
    add_bulletins(db, [make_bulletin(FIRST, published=NOW)])
    (bulletin_id,) = db.execute("SELECT id FROM bulletins").fetchone()
    before = ask(db, "Kherson", now=NOW)
    assert before.total == 1 and len(before.items) == 2  # the denial comes with its claim
    assert len(retract_bulletin(db, bulletin_id, NOW)) == 2
    assert retract_bulletin(db, bulletin_id, NOW) == []  # once
    answer = ask(db, "Kherson", now=NOW)
    assert answer.total == 0 and answer.items == []
    assert (
        db.execute("SELECT count(*) FROM items WHERE bulletin_id = ?", [bulletin_id]).fetchone()[0]
        == 2
    )


def test_a_version_6_database_is_upgraded_and_keeps_its_bulletins(db_path: Path) -> None:
    db = Database(sqlite3.connect(db_path, isolation_level=None))
    for version in range(1, 7):
        migration = _MIGRATIONS[version]
        if callable(migration):
            migration(db)
        else:
            for statement in _statements(migration):
                db.execute(statement)
    db.execute("PRAGMA user_version=6")
    db.execute(ITEM_DAYS)  # today's writer keeps it; a version 6 file had none
    add_bulletins(db, [make_bulletin(FIRST, published=NOW)])
    db.execute("DROP TABLE item_days")
    db.close()
    db = open_db(db_path)
    try:
        assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        columns = {row[1] for row in db.execute("PRAGMA table_info(bulletins)")}
        assert {"retracted", "updated"} <= columns
        assert db.execute("SELECT count(*) FROM items WHERE retracted IS NULL").fetchone()[0] == 2
        assert {"wire_messages", "watches"} <= set(db.table_names())
        assert len(ask(db, "Kherson", now=NOW).items) == 2
    finally:
        db.close()
