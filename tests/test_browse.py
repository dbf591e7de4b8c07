"""`wiredesk browse` (issue 13): the real command serving a fixture record in Datasette, read
over loopback HTTP through Datasette's JSON API: each view, each canned query, the search box,
facets, default sorts, and how the file is opened."""

from __future__ import annotations

import json
import os
import shutil
import socket
import sqlite3
import subprocess
from pathlib import Path

import pytest

pytest.importorskip(
    "datasette", reason="the browse extra is not installed: pip install -e '.[browse]'"
)

from markupsafe import escape  # with Datasette (through Jinja)

from bot.browse import (
    OpenMode,
    banner,
    check_address,
    is_loopback,
    open_mode,
    prepare,
    reachable_name,
)
from newsroom.errors import UserError
from store.bulletins import add_bulletins
from store.schema import _MIGRATIONS, SCHEMA_VERSION, _statements, open_db
from tests.conftest import make_bulletin, table_rows
from tests.support import browse_data
from tests.support.browse_data import EDITOR, STANDARDS, Record
from tests.support.browse_server import Browse, browsing


@pytest.fixture(scope="module")
def record(tmp_path_factory: pytest.TempPathFactory) -> Record:
    return browse_data.build(tmp_path_factory.mktemp("browse") / "desk.db")


@pytest.fixture(scope="module")
def browse(record: Record):
    with browsing(record.path) as running:
        yield running


def _databases(browse: Browse) -> list[tuple[str, bool]]:
    """(name, is_mutable) of each database served (is_mutable False: opened immutable)."""
    status, body = browse.get("/-/databases.json", root=True)
    assert status == 200, body
    return [(d["name"], d["is_mutable"]) for d in json.loads(body)]


def ids(rows: list[dict], key: str = "item") -> set[int]:
    return {row[key] for row in rows}


def test_it_starts_on_loopback_read_only_and_says_how_to_link_from_slack(
    browse: Browse, record: Record
) -> None:
    assert browse.url.startswith("http://127.0.0.1:") and browse.url.endswith("/desk")
    assert "read-only: the file is writable" in browse.banner
    assert "no login" not in browse.banner  # the warning is for other addresses only
    assert "There is no login" not in browse.banner  # the warning is for other addresses
    assert _databases(browse) == [("desk", True)]


def test_the_database_page_lists_the_views_and_the_canned_queries(browse: Browse) -> None:
    status, page = browse.get("")
    assert status == 200
    for view in ("statements", "verdict_log", "verdict_challenges", "disputes"):
        assert f'href="/desk/{view}"' in page, view
    for title in (
        "Search across spellings and scripts",
        "Disputed claims in the last 7 days",
        "Claims without attribution",
        "Verdicts by editor",
        "Challenged verdicts",
        "What each source sent today",
    ):
        assert title in page, title


def test_statements_are_readable_with_utc_times(browse: Browse, record: Record) -> None:
    (row,) = browse.rows("/statements", item=str(record.items["DEPOT_CLAIM"]))
    assert row["text"] == browse_data.DEPOT_CLAIM
    assert row["published"] == record.today.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert (row["source"], row["status"], row["verdict"], row["verdict_by"]) == (
        "Steppe Wire",
        "disputed",
        "disputed",
        STANDARDS,
    )


def test_statements_are_newest_first_by_default(browse: Browse, record: Record) -> None:
    rows = browse.rows("/statements")
    assert [row["item"] for row in rows] == sorted(record.items.values(), reverse=True)
    assert rows[0]["item"] == record.items["UNDATED"]  # the last one stored


def test_statements_sort_by_publication_time_on_request(browse: Browse, record: Record) -> None:
    rows = browse.rows("/statements", _sort_desc="published")
    published = [row["published"] for row in rows]
    dated = [p for p in published if p is not None]
    assert len(dated) == len(rows) - 1 and dated == sorted(dated, reverse=True)
    assert rows[-1]["item"] == record.items["UNDATED"]  # no publication time: last


def test_statements_have_facets_on_status_signals_source_and_verdict(browse: Browse) -> None:
    facets = browse.json("/statements")["facet_results"]
    counts = {
        name: {result["value"]: result["count"] for result in facet["results"]}
        for name, facet in facets.items()
    }
    assert set(counts) == {"status", "signals", "source", "verdict"}
    assert counts["verdict"] == {"verified": 1, "disputed": 1}
    assert counts["signals"]["claim"] == 6 and counts["signals"]["denial"] == 3
    assert counts["source"]["Harbour Post"] == 2 and counts["source"]["Polesie Monitor"] == 2
    assert counts["status"]["disputed"] == 5


@pytest.mark.parametrize("query", ["Lysychansk", "lysychansk", "LYSYCHANSK", "depot Lysychansk"])
def test_the_search_box_finds_a_statement(browse: Browse, record: Record, query: str) -> None:
    found = ids(browse.rows("/statements", _search=query))
    assert found == {record.items["DEPOT_CLAIM"], record.items["DEPOT_DENIAL"]}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Khersón bridge", {"BRIDGE", "BRIDGE_DENIAL"}),
        ("Gomel drone", {"OLD_CLAIM"}),
        ("abandoned farm", {"DEPOT_DENIAL"}),
        ("Kupiansk", {"LOST_CREDIT"}),
        ("Odesa", set()),
    ],
)
def test_the_search_box_matches_plain_words_whatever_the_accents(
    browse: Browse, record: Record, query: str, expected: set[str]
) -> None:
    found = ids(browse.rows("/statements", _search=query))
    assert found == {record.items[name] for name in expected}


def test_the_search_box_does_not_cross_scripts_the_search_query_does(
    browse: Browse, record: Record
) -> None:
    cyrillic = record.items["CYRILLIC"]
    assert cyrillic not in ids(browse.rows("/statements", _search="Lysychansk"))
    found = ids(browse.rows("/search", topic="Lysychansk"))
    assert found == {record.items["DEPOT_CLAIM"], record.items["DEPOT_DENIAL"], cyrillic}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Лисичанськ", {"CYRILLIC"}),  # the words of any script, as the index spells them
        ("ЛИСИЧАНСЬК обстрілом", {"CYRILLIC"}),
        ("Lysychansk NEAR(", {"DEPOT_CLAIM", "DEPOT_DENIAL"}),
    ],
)
def test_the_search_box_reads_any_script_and_no_operators(
    browse: Browse, record: Record, query: str, expected: set[str]
) -> None:
    status, body = browse.get("/statements.json", _search=query, _shape="objects")
    assert status == 200, body
    assert {row["item"] for row in json.loads(body)["rows"]} == {
        record.items[name] for name in expected
    }


@pytest.mark.parametrize("query", ['"', "*", "(( ))", "- ^ :"])
def test_a_search_with_no_word_is_an_empty_search_not_an_error(browse: Browse, query: str) -> None:
    status, body = browse.get("/statements.json", _search=query, _shape="objects")
    assert status == 200, body
    assert json.loads(body)["rows"] == browse.rows("/statements")


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("Лисичанськ", {"DEPOT_CLAIM", "DEPOT_DENIAL", "CYRILLIC"}),
        ("Lisichansk", {"DEPOT_CLAIM", "DEPOT_DENIAL", "CYRILLIC"}),
        # the depot bulletin's title ("...; Kyiv denies") is searched with its first statement
        ("Kiev", {"DEPOT_CLAIM", "MAYOR"}),
        ("Київ", {"DEPOT_CLAIM", "MAYOR"}),
        ("Херсон", {"BRIDGE", "BRIDGE_DENIAL"}),
        ("", set()),
        ("?!", set()),
        ('" OR 1=1 --', set()),
    ],
)
def test_the_search_query_crosses_spellings_and_scripts(
    browse: Browse, record: Record, topic: str, expected: set[str]
) -> None:
    found = ids(browse.rows("/search", topic=topic))
    assert found == {record.items[name] for name in expected}


def test_the_verdict_log_is_served_newest_first(browse: Browse, record: Record) -> None:
    rows = browse.rows("/verdict_log")
    # by entry: a "cleared" set in the same second as the "false" it clears still comes first
    assert [row["entry"] for row in rows] == sorted((row["entry"] for row in rows), reverse=True)
    assert [row["at"] for row in rows] == sorted((row["at"] for row in rows), reverse=True)
    assert {(row["item"], row["new_status"], row["by"], row["in_force"]) for row in rows} == {
        (record.items["BRIDGE"], "verified", EDITOR, 1),
        (record.items["MAYOR"], "false", STANDARDS, 0),
        (record.items["MAYOR"], "cleared", STANDARDS, 0),
        (record.items["DEPOT_CLAIM"], "disputed", STANDARDS, 1),
    }
    facets = browse.json("/verdict_log")["facet_results"]
    assert {r["value"]: r["count"] for r in facets["by"]["results"]} == {STANDARDS: 3, EDITOR: 1}


def test_the_challenges_view_is_served(browse: Browse, record: Record) -> None:
    (row,) = browse.rows("/verdict_challenges")
    assert (row["item"], row["challenger_item"], row["challenger_source"]) == (
        record.items["BRIDGE"],
        record.items["BRIDGE_DENIAL"],
        "Kherson Courier",
    )


def test_the_disputes_view_is_served(browse: Browse, record: Record) -> None:
    rows = browse.rows("/disputes")
    assert {(r["claim_item"], r["denial_item"], r["found_in"]) for r in rows} == {
        (record.items["DEPOT_CLAIM"], record.items["DEPOT_DENIAL"], "same story"),
        (record.items["OLD_CLAIM"], record.items["OLD_DENIAL"], "another bulletin"),
    }


def test_disputed_claims_of_the_last_7_days(browse: Browse, record: Record) -> None:
    (row,) = browse.rows("/disputed_claims_last_7_days")
    # The Gomel claim is disputed too, but 8 days old; the denials are not claims.
    assert row["item"] == record.items["DEPOT_CLAIM"]
    assert row["denials"] == f"Ukraine's eastern command: {browse_data.DEPOT_DENIAL}"


def test_claims_without_attribution(browse: Browse, record: Record) -> None:
    (row,) = browse.rows("/unattributed_claims")
    assert row["item"] == record.items["LOST_CREDIT"]
    assert row["signals"] == '["claim"]'


def test_verdicts_by_editor(browse: Browse) -> None:
    rows = browse.rows("/verdicts_by_editor")
    assert [
        (r["editor"], r["changes"], r["verified"], r["false"], r["disputed"], r["cleared"])
        for r in rows
    ] == [(STANDARDS, 3, 0, 1, 1, 1), (EDITOR, 1, 1, 0, 0, 0)]
    assert [r["in_force"] for r in rows] == [1, 1]


def test_challenged_verdicts(browse: Browse, record: Record) -> None:
    (row,) = browse.rows("/challenged_verdicts")
    assert (row["item"], row["verdict"], row["verdict_by"], row["challenger_source"]) == (
        record.items["BRIDGE"],
        "verified",
        EDITOR,
        "Kherson Courier",
    )
    assert row["challenger_text"] == browse_data.BRIDGE_DENIAL


def test_what_each_source_sent_today(browse: Browse) -> None:
    rows = browse.rows("/sources_today")
    assert {
        (r["source"], r["bulletins"], r["statements"], r["claims"], r["denials"]) for r in rows
    } == {
        ("Steppe Wire", 1, 2, 1, 1),
        ("Harbour Post", 2, 2, 2, 0),
        ("Donbas Radio", 1, 1, 1, 0),
        ("Sumy Evening", 1, 1, 1, 0),  # undated: it counts on the day it arrived
    }
    assert all(r["first"] <= r["last"] and r["last"].endswith("Z") for r in rows)


def test_an_item_link_from_slack_opens_its_row(browse: Browse, record: Record) -> None:
    item = record.items["BRIDGE"]
    status, page = browse.get("/statements", item=str(item))  # as handlers.format.item_ref links
    assert status == 200
    assert browse_data.BRIDGE in page
    assert browse_data.BRIDGE_DENIAL not in page


def test_serving_never_writes_and_new_bulletins_show_at_once(
    tmp_path: Path, record: Record
) -> None:
    path = tmp_path / "live.db"
    shutil.copy(record.path, path)
    before = _snapshot(path)
    with browsing(path) as running:
        for name in ("/statements", "/verdict_log", "/search", "/sources_today"):
            running.json(name, topic="Kherson")
        status, _ = running.get(".json", sql="DELETE FROM items")
        assert status == 400
        assert _snapshot(path) == before
        db = open_db(path)  # the bot or an ingest writes while the record is browsed
        add_bulletins(db, [make_bulletin("Shelling cut power to Nikopol on Sunday.")])
        db.close()
        assert "Nikopol" in running.rows("/statements", _search="Nikopol")[0]["text"]


def _snapshot(path: Path) -> dict:
    db = open_db(path)
    try:
        return table_rows(db)
    finally:
        db.close()


def test_a_file_nobody_may_write_is_served_immutable(tmp_path: Path, record: Record) -> None:
    path = tmp_path / "snapshot.db"
    shutil.copy(record.path, path)
    path.chmod(0o444)
    with browsing(path) as running:
        assert "immutable: nobody may write the file" in running.banner
        assert _databases(running) == [("snapshot", False)]
        assert ids(running.rows("/statements", _search="Lysychansk")) == {
            record.items["DEPOT_CLAIM"],
            record.items["DEPOT_DENIAL"],
        }


def test_how_a_file_is_opened(tmp_path: Path, record: Record) -> None:
    path = tmp_path / "copy.db"
    shutil.copy(record.path, path)
    assert not open_mode(path).immutable
    path.chmod(0o444)
    assert open_mode(path).immutable
    wal = tmp_path / "copy.db-wal"
    wal.write_bytes(b"\0" * 32)  # a log holding changes not yet in the file
    mode = open_mode(path)
    assert not mode.immutable and "copy.db-wal" in mode.reason
    wal.write_bytes(b"")
    assert open_mode(path).immutable


def test_a_read_only_file_of_an_older_schema_is_refused_with_a_way_out(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    for sql in _statements(_MIGRATIONS[1]):
        connection.execute(sql)
    connection.execute("PRAGMA user_version=1")
    connection.commit()
    connection.close()
    path.chmod(0o444)
    with pytest.raises(
        UserError, match=rf"older Wiredesk \(schema 1; the views need {SCHEMA_VERSION}\)"
    ):
        prepare(path)


def test_a_writable_file_of_an_older_schema_is_upgraded_first(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    connection = sqlite3.connect(path)
    for sql in _statements(_MIGRATIONS[1]):
        connection.execute(sql)
    connection.execute("PRAGMA user_version=1")
    connection.commit()
    connection.close()
    assert not prepare(path).immutable
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM statements").fetchone() == (0,)
    connection.close()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.0.0.2", True),
        ("::1", True),
        ("localhost", True),
        ("0.0.0.0", False),
        ("192.168.1.20", False),
        ("::", False),
        ("desk.example.org", False),
    ],
)
def test_which_addresses_are_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20"])
def test_the_banner_warns_that_there_is_no_login_beyond_loopback(host: str) -> None:
    mode = OpenMode(False, "read-only: the file is writable")
    lines = banner(Path("w.db"), mode, host, "http://x:8001/w")
    assert any(f"listening on {host}" in line and "There is no login" in line for line in lines)
    loopback = banner(Path("w.db"), mode, "127.0.0.1", "http://127.0.0.1:8001/w")
    assert not any("no login" in line for line in loopback)
    assert loopback[-1].endswith("WIREDESK_BROWSE_URL=http://127.0.0.1:8001/w")


def _browse_command(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    from tests.support.browse_server import WIREDESK, environment

    return subprocess.run(
        [*WIREDESK, *args], cwd=cwd, env=environment(), capture_output=True, text=True, timeout=60
    )


def test_no_database_is_a_clear_error_and_creates_nothing(tmp_path: Path) -> None:
    result = _browse_command("--db", "missing.db", "browse", cwd=tmp_path)
    assert result.returncode == 2
    assert "No database at missing.db" in result.stderr and "wiredesk demo" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "missing.db").exists()


def test_a_port_in_use_is_a_clear_error(tmp_path: Path, browse: Browse, record: Record) -> None:
    port = browse.url.split(":")[2].split("/")[0]
    result = _browse_command("--db", str(record.path), "browse", "--port", port, cwd=tmp_path)
    assert result.returncode == 2
    assert f"Cannot listen on 127.0.0.1 port {port}" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_host_this_machine_does_not_have_is_a_clear_error(tmp_path: Path, record: Record) -> None:
    result = _browse_command(
        "--db", str(record.path), "browse", "--host", "no-such-host.invalid", cwd=tmp_path
    )
    assert result.returncode == 2
    assert "--host no-such-host.invalid" in result.stderr
    assert "Traceback" not in result.stderr


def test_chromium_renders_the_statements_page_with_facets_and_a_statement(
    tmp_path: Path, browse: Browse, record: Record
) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium)")
    page = subprocess.run(
        [
            chromium,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            f"{browse.url}/statements",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    dom = page.stdout
    assert page.returncode == 0, page.stderr[-2000:]
    for facet in ("status", "signals", "source", "verdict"):
        assert f'data-column="{facet}"' in dom, facet
    assert "Harbour Post" in dom  # a facet value
    assert browse_data.DEPOT_CLAIM in dom
    assert record.today.strftime("%Y-%m-%dT%H:%M:%SZ") in dom  # a readable time
    assert 'name="_search"' in dom


def test_after_the_demo_the_search_box_finds_lysychansk(tmp_path: Path) -> None:
    demo = _browse_command("--db", "wiredesk.db", "demo", "--no-console", cwd=tmp_path)
    assert demo.returncode == 0, demo.stderr
    with browsing(tmp_path / "wiredesk.db") as running:
        assert running.url.endswith("/wiredesk")
        found = running.rows("/statements", _search="Lysychansk")
        assert found and all("lysychansk" in row["text"].lower() for row in found)
        assert all(row["published"].endswith("Z") for row in found)
        status, page = running.get("/statements", _search="Lysychansk")
        assert status == 200 and str(escape(found[0]["text"])) in page


@pytest.mark.parametrize("read_only", [False, True])
@pytest.mark.parametrize("kind", ["another program's database", "an empty file"])
def test_a_file_that_is_not_a_wiredesk_database_is_refused_and_left_alone(
    tmp_path: Path, kind: str, read_only: bool
) -> None:
    path = tmp_path / "other.db"
    if kind == "an empty file":
        path.write_bytes(b"")
    else:
        connection = sqlite3.connect(path)
        connection.execute("CREATE TABLE readings (sensor TEXT, value REAL)")
        connection.commit()
        connection.close()
    before = path.read_bytes()
    if read_only:
        path.chmod(0o444)
    with pytest.raises(UserError, match="not a Wiredesk database"):
        prepare(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_a_wildcard_address_is_shown_as_the_machines_name(host: str) -> None:
    assert reachable_name(host) == socket.getfqdn()
    assert reachable_name("127.0.0.1") == "127.0.0.1"


def test_an_address_this_machine_does_not_have_names_the_host_not_the_port() -> None:
    with pytest.raises(UserError, match=r"--host 192\.0\.2\.1: not an address this machine has"):
        check_address("192.0.2.1", 8001)  # TEST-NET-1: never assigned to a machine
