"""What `wiredesk browse` needs and promises without Datasette itself: the message when the
extra is missing, canned queries that cannot write, and metadata that names real columns."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest

from bot.browse_metadata import HIDDEN_TABLES, QUERIES, SEARCH_FUNCTION, metadata
from newsroom.query import build_query
from store.bulletins import add_bulletins
from store.schema import open_db
from store.views import VIEWS
from tests.conftest import make_bulletin
from tests.support.browse_server import WIREDESK, environment

_WRITES = {
    sqlite3.SQLITE_INSERT,
    sqlite3.SQLITE_UPDATE,
    sqlite3.SQLITE_DELETE,
    sqlite3.SQLITE_CREATE_TABLE,
    sqlite3.SQLITE_CREATE_INDEX,
    sqlite3.SQLITE_CREATE_VIEW,
    sqlite3.SQLITE_CREATE_TRIGGER,
    sqlite3.SQLITE_DROP_TABLE,
    sqlite3.SQLITE_DROP_VIEW,
    sqlite3.SQLITE_ALTER_TABLE,
    sqlite3.SQLITE_ATTACH,
    sqlite3.SQLITE_TRANSACTION,
}
"""Authoriser actions that write or change the database (a pragma only when it sets one)."""


def test_without_datasette_the_message_names_the_extra(tmp_path: Path) -> None:
    open_db(tmp_path / "w.db").close()
    # The interpreter is told that datasette cannot be imported, as when it is not installed.
    blocked = "import sys; sys.modules['datasette'] = None; from bot.cli import main; main()"
    result = subprocess.run(
        [WIREDESK[0], "-c", blocked, "--db", "w.db", "browse"],
        cwd=tmp_path,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "needs Datasette" in result.stderr
    assert "pip install 'wiredesk[browse]'" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def reader(tmp_path: Path) -> sqlite3.Connection:
    """A connection to a fresh Wiredesk database that refuses every write, with the search
    function `wiredesk browse` registers."""
    path = tmp_path / "w.db"
    open_db(path).close()
    connection = sqlite3.connect(path)
    connection.create_function(SEARCH_FUNCTION, 1, lambda topic: build_query(topic).fts)

    def authorise(action: int, first: str | None, second: str | None, *_: object) -> int:
        if action == sqlite3.SQLITE_PRAGMA:
            return sqlite3.SQLITE_DENY if second is not None else sqlite3.SQLITE_OK
        if action == sqlite3.SQLITE_UPDATE and first == "sqlite_master":
            # Asked by SQLite itself when a full-text table is opened; the schema table
            # cannot really be written without a pragma, refused above.
            return sqlite3.SQLITE_OK
        return sqlite3.SQLITE_DENY if action in _WRITES else sqlite3.SQLITE_OK

    connection.set_authorizer(authorise)
    yield connection
    connection.close()


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_each_canned_query_only_reads(reader: sqlite3.Connection, name: str) -> None:
    query = QUERIES[name]
    assert "write" not in query
    params = {"topic": "Lysychansk"} if ":topic" in query["sql"] else {}
    assert reader.execute(query["sql"], params).fetchall() == []


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM items",
        "INSERT INTO verdicts (item_id) VALUES (1)",
        "UPDATE items SET status = 'reported'",
        "DROP VIEW statements",
        "PRAGMA user_version = 9",
        "CREATE TABLE t (x)",
    ],
)
def test_the_authoriser_does_refuse_a_write(reader: sqlite3.Connection, sql: str) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="not authorized"):
        reader.execute(sql)


def test_metadata_names_only_columns_the_views_have(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    open_db(path).close()
    connection = sqlite3.connect(path)
    tables = metadata("w")["databases"]["w"]["tables"]
    for name, config in tables.items():
        columns = {row[1] for row in connection.execute(f"PRAGMA table_info([{name}])")}
        assert columns, f"{name} is not in the database"
        facets = [f["array"] if isinstance(f, dict) else f for f in config.get("facets", [])]
        for column in [*facets, config.get("sort_desc"), config.get("fts_pk")]:
            assert column is None or column in columns, (name, column)
    assert set(VIEWS) <= set(tables)
    assert all(tables[name] == {"hidden": True} for name in HIDDEN_TABLES)
    connection.close()


def test_claims_without_attribution_finds_what_the_analysis_stores(tmp_path: Path) -> None:
    """The analysis credits every `claim` to someone, so the query also finds the claims an
    outlet passes on without saying whose they are: hedged, and credited to nobody."""
    path = tmp_path / "w.db"
    hedged = "Russian troops reportedly entered the outskirts of Kupiansk overnight."
    cyrillic = "Російські війська нібито увійшли до Куп'янська."
    credited = (
        "Russia's defence ministry claimed its forces had taken the village of Petropavlivka."
    )
    vague = "Officials reportedly said the bridge at Kupiansk was closed."
    note = "The Steppe Wire could not independently verify either account."
    own = "Shelling damaged a school in Kupiansk on Monday."
    text = " ".join([hedged, credited, note, own, vague, cyrillic])
    db = open_db(path)
    add_bulletins(db, [make_bulletin(text, source="Steppe Wire")])
    db.close()
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    connection.row_factory = sqlite3.Row
    rows = list(connection.execute(QUERIES["unattributed_claims"]["sql"]))
    connection.close()
    assert [row["text"] for row in rows] == [cyrillic, hedged]  # newest stored first
    assert all(row["source"] == "Steppe Wire" and row["published"] for row in rows)
