"""One error path for every command: a user's mistake or an unusable environment is exit 2
with a message naming what and where; exit 3 is kept for real bugs (issue 12)."""

from __future__ import annotations

import json
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from store import schema
from tests.conftest import Wiredesk, table_rows
from tests.support.permissions import drop_override_in_child, permissions_apply

BULLETINS = [
    {
        "text": "The mayor of Bilohirka said two drones struck a grain depot overnight.",
        "source": "Steppe Courier",
        "published": "2025-02-11T06:30:00Z",
    },
    {
        "text": "Regional police reported that the ferry across the Inhulets resumed on Monday.",
        "source": "Delta Wire",
        "published": "2025-02-10T15:00:00Z",
    },
]
MORE = [
    {
        "text": f"Volunteers in Bilohirka handed out {n} heaters to families on day {n}.",
        "source": "Steppe Courier",
        "published": f"2025-02-{1 + n % 27:02d}T09:00:00Z",
    }
    for n in range(1, 41)
]
WIREDESK = [sys.executable, "-c", "from bot.cli import main; main()"]

READING = [
    ["ask", "Bilohirka"],
    ["ask", "Bilohirka", "--json"],
    ["history", "1"],
    ["history", "1", "--json"],
    ["export", "claimreview"],
    ["digest", "--date", "2025-02-11"],
    ["digest", "--date", "2025-02-11", "--json"],
]
WRITING = [
    ["ingest", "MORE"],
    ["flag", "1", "verified", "--by", "ann"],
    ["flag", "1", "false", "--by", "ann", "--evidence", "https://example.org/depot"],
]


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def loaded(wiredesk: Wiredesk, tmp_path: Path, db_path: Path) -> Path:
    result = wiredesk("ingest", str(write_jsonl(tmp_path / "wire.jsonl", BULLETINS)))
    assert result.exit_code == 0, result.output
    write_jsonl(tmp_path / "more.jsonl", MORE)
    return db_path


def run(wiredesk: Wiredesk, args: list[str], tmp_path: Path, **kwargs):
    args = [str(tmp_path / "more.jsonl") if a == "MORE" else a for a in args]
    return wiredesk(*args, **kwargs)


def copy_db(source: Path, target: Path) -> Path:
    """A whole copy of a database (its WAL included), itself in WAL mode, as the bot leaves one."""
    with sqlite3.connect(source) as origin, sqlite3.connect(target) as copy:
        origin.backup(copy)
    origin.close()
    copy.close()
    return target


def snapshot(path: Path) -> dict:
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        from sqlite_utils import Database

        return table_rows(Database(db))
    finally:
        db.close()


def assert_refused(result, *fragments: str) -> None:
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    for fragment in fragments:
        assert fragment in result.stderr, result.stderr


# --- a database that does not exist ------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        *READING,
        ["flag", "1", "verified", "--by", "ann"],
        ["console"],
        ["backup", "copy.db"],
    ],
)
def test_a_missing_database_is_reported_not_created(
    wiredesk: Wiredesk, tmp_path: Path, args: list[str]
) -> None:
    missing = tmp_path / "missing.db"
    result = wiredesk(*args, db=missing)
    assert_refused(result, f"Database {missing} does not exist", "wiredesk ingest")
    assert not missing.exists()
    assert not list(tmp_path.glob("missing.db*"))


def test_posting_the_digest_of_a_missing_database_is_refused(
    wiredesk: Wiredesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    monkeypatch.setenv("SLACK_API_URL", "http://127.0.0.1:9/api/")  # never reached
    monkeypatch.setenv("WIREDESK_DIGEST_CHANNEL", "C0DESK")
    missing = tmp_path / "missing.db"
    assert_refused(wiredesk("digest", "--post", db=missing), f"Database {missing} does not exist")
    assert not missing.exists()


def test_a_missing_database_named_by_the_setting_is_reported(
    wiredesk: Wiredesk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_DB", str(tmp_path / "desk" / "gone.db"))
    assert_refused(wiredesk("ask", "Kyiv", db=None), "gone.db does not exist")


def test_ingest_still_creates_a_new_database(wiredesk: Wiredesk, tmp_path: Path) -> None:
    new = tmp_path / "new.db"
    result = wiredesk("ingest", str(write_jsonl(tmp_path / "w.jsonl", BULLETINS)), db=new)
    assert result.exit_code == 0, result.output
    assert new.exists()


# --- reading commands open the database read-only ----------------------------------------


@pytest.mark.parametrize("args", READING)
def test_reading_commands_work_on_a_read_only_database_in_a_read_only_folder(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path, args: list[str]
) -> None:
    folder = tmp_path / "archive"
    folder.mkdir()
    copy = copy_db(loaded, folder / "desk.db")
    before = snapshot(loaded)
    assert sorted(p.name for p in folder.iterdir()) == ["desk.db"]  # no -wal, no -shm
    copy.chmod(0o444)
    folder.chmod(0o555)
    try:
        with permissions_apply():
            result = wiredesk(*args, db=copy)
            with pytest.raises(PermissionError):  # the folder is really read-only
                (folder / "probe").touch()
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 0, result.output
    if args == ["history", "1"]:
        assert "Item 1 has no verdicts yet." in result.stdout
    if args[:2] == ["ask", "Bilohirka"]:
        assert "grain depot" in result.stdout
    assert sorted(p.name for p in folder.iterdir()) == ["desk.db"]
    assert snapshot(copy) == before


@pytest.fixture
def read_only_mount(loaded: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the loaded database on a read-only file system (a bind mount remounted
    read-only, as an archive is mounted); needs root to mount."""
    folder = tmp_path / "mounted"
    folder.mkdir()
    copy_db(loaded, folder / "desk.db")
    bound = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True)
    if bound.returncode != 0:
        pytest.skip("a read-only bind mount needs root")
    try:
        remounted = subprocess.run(
            ["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True
        )
        if remounted.returncode != 0:
            pytest.skip("remounting read-only is not allowed here")
        yield folder / "desk.db"
    finally:
        subprocess.run(["umount", "--lazy", str(folder)], check=True)


@pytest.mark.parametrize("args", READING)
def test_reading_commands_work_on_a_read_only_file_system(
    wiredesk: Wiredesk, read_only_mount: Path, args: list[str]
) -> None:
    with pytest.raises(OSError):  # the file system is really read-only, even for root
        (read_only_mount.parent / "probe").touch()
    result = wiredesk(*args, db=read_only_mount)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in read_only_mount.parent.iterdir()) == ["desk.db"]


def test_asking_a_read_only_file_in_a_writable_folder_works(
    wiredesk: Wiredesk, loaded: Path
) -> None:
    loaded.chmod(0o444)
    with permissions_apply():
        result = wiredesk("ask", "Bilohirka", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["total"] == 1


def test_asking_never_writes(wiredesk: Wiredesk, loaded: Path) -> None:
    before = snapshot(loaded)
    for args in READING:
        wiredesk(*args)
    assert snapshot(loaded) == before


# --- commands that write, on a database that cannot be written ---------------------------


@pytest.mark.parametrize("args", WRITING)
def test_writing_to_a_read_only_database_file_exits_2(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path, args: list[str]
) -> None:
    before = snapshot(loaded)
    loaded.chmod(0o444)
    with permissions_apply():
        result = run(wiredesk, args, tmp_path)
    assert_refused(result, f"Cannot write to database {loaded}: it is read-only")
    assert snapshot(loaded) == before


def test_a_read_only_database_named_relatively_names_its_folder(
    wiredesk: Wiredesk, loaded: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded.chmod(0o444)
    monkeypatch.chdir(loaded.parent)
    with permissions_apply():
        result = wiredesk("flag", "1", "verified", "--by", "ann", db=Path(loaded.name))
    assert_refused(
        result,
        f"Cannot write to database {loaded.name}: it is read-only",
        f"to its folder {loaded.parent} (for",
    )


@pytest.mark.parametrize("args", WRITING)
def test_writing_to_a_database_in_a_read_only_folder_exits_2(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path, args: list[str]
) -> None:
    folder = tmp_path / "locked-away"
    folder.mkdir()
    inside = copy_db(loaded, folder / "desk.db")
    folder.chmod(0o555)
    try:
        with permissions_apply():
            result = run(wiredesk, args, tmp_path, db=inside)
    finally:
        folder.chmod(0o755)
    assert_refused(result, f"database {inside}", str(folder))


@pytest.mark.parametrize("args", WRITING)
def test_a_database_locked_by_another_writer_exits_2(
    wiredesk: Wiredesk,
    loaded: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
) -> None:
    monkeypatch.setattr(schema, "BUSY_TIMEOUT", 0.2)
    other = sqlite3.connect(loaded, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process, mid-write
    try:
        result = run(wiredesk, args, tmp_path)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert_refused(result, f"Database {loaded} is locked", "0.2 seconds")


@pytest.mark.parametrize("args", READING + WRITING)
def test_a_file_that_is_not_a_database_exits_2(
    wiredesk: Wiredesk, tmp_path: Path, args: list[str]
) -> None:
    notes = tmp_path / "notes.db"
    notes.write_text("Shift notes: call the Bilohirka mayor's office at 10.\n" * 50)
    write_jsonl(tmp_path / "more.jsonl", MORE)
    result = run(wiredesk, args, tmp_path, db=notes)
    assert_refused(result, f"Cannot open database {notes}: file is not a database")


def test_a_sqlite_file_of_another_program_is_not_taken_for_a_wiredesk_database(
    wiredesk: Wiredesk, tmp_path: Path
) -> None:
    other = tmp_path / "contacts.db"
    with sqlite3.connect(other) as connection:
        connection.execute("CREATE TABLE contacts (name TEXT, phone TEXT)")
    result = wiredesk("ask", "Bilohirka", db=other)
    assert_refused(result, f"{other} is not a Wiredesk database")
    with sqlite3.connect(other) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("contacts",)]


def _ingest_with_file_size_limit(db: Path, source: Path, limit: int) -> subprocess.CompletedProcess:
    def limited() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a refused write, not a killed process
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [*WIREDESK, "--db", str(db), "ingest", str(source)],
        preexec_fn=limited,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )


def test_a_write_the_system_refuses_for_size_exits_2_and_keeps_the_database(
    loaded: Path, tmp_path: Path
) -> None:
    many = write_jsonl(
        tmp_path / "many.jsonl",
        [
            {**r, "text": f"{r['text']} Report {n} of the night shift."}
            for n in range(40)
            for r in MORE
        ],
    )
    before = snapshot(loaded)
    done = _ingest_with_file_size_limit(loaded, many, loaded.stat().st_size + 20_000)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert f"database {loaded}: disk I/O error (a full disk, a file size limit" in done.stderr
    with sqlite3.connect(loaded) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert snapshot(loaded)["verdicts"] == before["verdicts"]
    assert len(snapshot(loaded)["bulletins"]) >= len(before["bulletins"])


@pytest.fixture
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A real, tiny file system (tmpfs of 1 MiB) that fills up; needs root to mount."""
    place = tmp_path / "tiny"
    place.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(place)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip("mounting a small tmpfs needs root (the file size limit test covers the rest)")
    try:
        yield place
    finally:
        subprocess.run(["umount", "--lazy", str(place)], check=True)


def test_a_full_disk_exits_2_and_the_database_stays_whole(
    wiredesk: Wiredesk, full_disk: Path, tmp_path: Path
) -> None:
    db = full_disk / "desk.db"
    assert (
        wiredesk("ingest", str(write_jsonl(tmp_path / "w.jsonl", BULLETINS)), db=db).exit_code == 0
    )
    many = write_jsonl(
        tmp_path / "many.jsonl",
        [
            {**r, "text": f"{r['text']} Report {n} of the night shift."}
            for n in range(60)
            for r in MORE
        ],
    )
    result = wiredesk("ingest", str(many), db=db)
    assert_refused(result, f"Cannot write to database {db}: the disk is full")
    with sqlite3.connect(db) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert connection.execute("SELECT count(*) FROM bulletins").fetchone()[0] >= 2
    asked = wiredesk("ask", "grain depot", "--json", db=db)
    assert asked.exit_code == 0 and json.loads(asked.stdout)["total"] == 1


# --- files written by commands -----------------------------------------------------------


def test_export_to_a_folder_that_does_not_exist_exits_2(wiredesk: Wiredesk, loaded: Path) -> None:
    result = wiredesk("export", "claimreview", "-o", "/no/such/dir/x.json")
    assert_refused(result, "Cannot write /no/such/dir/x.json: folder /no/such/dir does not exist.")


def test_export_through_a_dangling_link_names_no_existing_folder_as_missing(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path
) -> None:
    link = tmp_path / "reviews.json"
    link.symlink_to(tmp_path / "gone" / "reviews.json")  # its folder is missing, not tmp_path
    result = wiredesk("export", "claimreview", "-o", str(link))
    assert_refused(result, f"Cannot write {link}: No such file or directory.")
    assert f"folder {tmp_path} does not exist" not in result.stderr


def test_export_to_a_folder_exits_2(wiredesk: Wiredesk, loaded: Path, tmp_path: Path) -> None:
    assert_refused(wiredesk("export", "claimreview", "-o", str(tmp_path)), "is a directory")


def test_export_without_permission_exits_2(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path
) -> None:
    closed = tmp_path / "closed"
    closed.mkdir()
    closed.chmod(0o555)
    try:
        with permissions_apply():
            result = wiredesk("export", "claimreview", "-o", str(closed / "reviews.json"))
    finally:
        closed.chmod(0o755)
    assert_refused(result, f"Cannot write {closed / 'reviews.json'}: Permission denied.")
    assert not (closed / "reviews.json").exists()


def test_export_names_how_many_reviews_in_words(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path
) -> None:
    assert wiredesk("flag", "1", "verified", "--by", "ann").exit_code == 0
    result = wiredesk("export", "claimreview", "-o", str(tmp_path / "one.json"))
    assert result.exit_code == 0, result.output
    assert f"1 review written to {tmp_path / 'one.json'}" in result.stderr
    assert wiredesk("flag", "2", "false", "--by", "ann").exit_code == 0
    result = wiredesk("export", "claimreview", "-o", str(tmp_path / "two.json"))
    assert "2 reviews written" in result.stderr


def test_export_to_a_dash_prints_to_standard_output(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert wiredesk("flag", "1", "verified", "--by", "ann").exit_code == 0
    monkeypatch.chdir(tmp_path)
    result = wiredesk("export", "claimreview", "-o", "-")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["@graph"]) == 1
    assert not (tmp_path / "-").exists()


# --- item numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "item", ["abc", "1.5", "99999999999999999999", "9223372036854775808", "0", "٣", "item"]
)
@pytest.mark.parametrize("command", [["history"], ["flag", "verified", "--by", "ann"]])
def test_an_item_that_is_not_an_item_number_exits_2(
    wiredesk: Wiredesk, loaded: Path, item: str, command: list[str]
) -> None:
    args = [command[0], item, *command[1:]]
    result = wiredesk(*args)
    assert_refused(result, "ITEM must be an item number", repr(item))


def test_the_largest_item_number_is_looked_up(wiredesk: Wiredesk, loaded: Path) -> None:
    result = wiredesk("history", "9223372036854775807")
    assert_refused(result, "There is no item 9223372036854775807")


# --- dates at the edges of the calendar ----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["digest", "--date", "0001-01-01"], "--date must be between 0001-01-03 and 9999-12-30"),
        (["digest", "--date", "9999-12-31"], "--date must be between 0001-01-03 and 9999-12-30"),
        (
            ["export", "claimreview", "--since", "9999-12-31T23:59:59-12:00"],
            "--since: unreadable date '9999-12-31T23:59:59-12:00': in UTC it falls outside",
        ),
        (
            ["ingest", "MORE", "--published", "0001-01-01T00:00:00+05:00"],
            "--published: unreadable date '0001-01-01T00:00:00+05:00': in UTC it falls outside",
        ),
    ],
)
def test_a_date_beyond_the_calendar_exits_2(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path, args: list[str], message: str
) -> None:
    assert_refused(run(wiredesk, args, tmp_path), message)


def test_a_record_dated_beyond_the_calendar_is_rejected_and_its_neighbours_kept(
    wiredesk: Wiredesk, tmp_path: Path, db_path: Path
) -> None:
    far = {**BULLETINS[0], "published": "9999-12-31T23:30:00-08:00"}
    path = write_jsonl(tmp_path / "edge.jsonl", [BULLETINS[1], far, MORE[0]])
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 1, result.output
    assert (
        f"rejected: {path}, line 2: unreadable date '9999-12-31T23:30:00-08:00': in UTC it "
        "falls outside the years 1 to 9999 in field 'published'"
    ) in result.stderr
    assert len(snapshot(db_path)["bulletins"]) == 2


def test_run_on_a_read_only_database_stops_before_connecting(loaded: Path, tmp_path: Path) -> None:
    keep_open = sqlite3.connect(loaded)  # its -shm and -wal stay, as while a reader runs
    keep_open.execute("SELECT count(*) FROM bulletins").fetchone()
    loaded.chmod(0o444)
    try:
        done = subprocess.run(
            [*WIREDESK, "--db", str(loaded), "run"],
            preexec_fn=drop_override_in_child,
            capture_output=True,
            text=True,
            timeout=60,
            env={
                **os.environ,
                "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
                "SLACK_BOT_TOKEN": "xoxb-1",
                "SLACK_SIGNING_SECRET": "secret",
                "SLACK_API_URL": "http://127.0.0.1:9/api/",  # never reached
            },
        )
    finally:
        keep_open.close()
    assert done.returncode == 2, done.stderr
    assert f"Cannot write to database {loaded}: it is read-only" in done.stderr
    assert "Slack" not in done.stderr
