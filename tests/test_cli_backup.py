"""`wiredesk backup PATH`: a consistent copy made with SQLite's online backup API, even while
another process writes (issue 12)."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from store import backup as backup_module
from tests.conftest import Wiredesk
from tests.support.permissions import permissions_apply

WIREDESK = [sys.executable, "-c", "from bot.cli import main; main()"]
PLACES = ["Bilohirka", "Zhuravka", "Inhulets", "Oskil", "Pryluky", "Verkhnia Sirohozy"]


def _records(count: int, start: int = 0) -> list[dict]:
    """Fictional wire bulletins, each different (so none is a duplicate)."""
    return [
        {
            "text": (
                f"Officials in {PLACES[n % len(PLACES)]} said {n} households were left without "
                f"power on day {n} after a strike on a substation, the regional governor "
                f"reported. Repair crews expected to finish by evening {n}."
            ),
            "source": ["Steppe Courier", "Delta Wire", "Night Desk"][n % 3],
            "published": f"2025-02-{1 + n % 27:02d}T{n % 24:02d}:{n % 60:02d}:00Z",
        }
        for n in range(start, start + count)
    ]


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


@pytest.fixture
def loaded(wiredesk: Wiredesk, tmp_path: Path, db_path: Path) -> Path:
    assert wiredesk("ingest", str(_write(tmp_path / "a.jsonl", _records(30)))).exit_code == 0
    assert wiredesk("flag", "3", "verified", "--by", "ann").exit_code == 0
    return db_path


def _rows(path: Path) -> dict[str, list[tuple]]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return {
            "bulletins": db.execute(
                "SELECT id, content_hash FROM bulletins ORDER BY id"
            ).fetchall(),
            "items": db.execute("SELECT id, bulletin_id, text FROM items ORDER BY id").fetchall(),
            "verdicts": db.execute("SELECT * FROM verdicts ORDER BY id").fetchall(),
        }


def _check(path: Path) -> tuple[str, list, str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return (
            db.execute("PRAGMA integrity_check").fetchone()[0],
            db.execute("PRAGMA foreign_key_check").fetchall(),
            db.execute("PRAGMA journal_mode").fetchone()[0],
        )


def test_backup_copies_everything_into_one_file(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path
) -> None:
    target = tmp_path / "copies" / "desk-2025-02-12.db"
    target.parent.mkdir()
    result = wiredesk("backup", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"Backed up {loaded} to {target}: 30 bulletins, 60 items, 1 verdict change ("
    )
    assert result.stdout.rstrip().endswith("integrity ok).")
    assert _rows(target) == _rows(loaded)
    assert _check(target) == ("ok", [], "delete")
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]  # no -wal, no temp
    assert target.stat().st_mode & 0o777 == loaded.stat().st_mode & 0o777
    asked = wiredesk("ask", "Bilohirka", "--json", db=target)
    assert asked.exit_code == 0 and json.loads(asked.stdout)["total"] == 5


def test_a_restored_backup_is_the_database_again(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path
) -> None:
    target = tmp_path / "safe.db"
    assert wiredesk("backup", str(target)).exit_code == 0
    before = _rows(loaded)
    assert wiredesk("flag", "4", "false", "--by", "bo").exit_code == 0  # after the backup
    restored = tmp_path / "restored" / "wiredesk.db"  # as the README says: copy it in place
    restored.parent.mkdir()
    restored.write_bytes(target.read_bytes())
    assert _rows(restored) == before
    flagged = wiredesk("flag", "5", "verified", "--by", "ann", db=restored)
    assert flagged.exit_code == 0, flagged.output
    assert len(_rows(restored)["verdicts"]) == 2


def test_backup_refuses_to_overwrite_unless_forced(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path
) -> None:
    target = tmp_path / "kept.db"
    target.write_bytes(b"yesterday's backup")
    result = wiredesk("backup", str(target))
    assert result.exit_code == 2
    assert f"{target} already exists; give another name, or --force to replace it." in (
        result.stderr
    )
    assert target.read_bytes() == b"yesterday's backup"
    forced = wiredesk("backup", str(target), "--force")
    assert forced.exit_code == 0, forced.output
    assert _rows(target) == _rows(loaded)
    assert not list(tmp_path.glob(".kept.db.*"))


@pytest.mark.parametrize("name", ["w.db", "w.db-wal"])
def test_backup_never_overwrites_the_database_itself(
    wiredesk: Wiredesk, loaded: Path, name: str
) -> None:
    before = _rows(loaded)
    loaded.with_name("w.db-wal").touch()
    result = wiredesk("backup", str(loaded.with_name(name)), "--force")
    assert result.exit_code == 2
    assert "is the database itself; give another file for the backup." in result.stderr
    assert _rows(loaded) == before


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/no/such/dir/x.db", "Cannot write the backup /no/such/dir/x.db: folder /no/such/dir"),
        (".", "is a directory"),
    ],
)
def test_backup_to_an_unusable_place_exits_2(
    wiredesk: Wiredesk, loaded: Path, target: str, message: str
) -> None:
    result = wiredesk("backup", target)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_backup_never_replaces_a_device_or_a_pipe_even_when_forced(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path
) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for target in (pipe, Path("/dev/null")):
        result = wiredesk("backup", str(target), "--force")
        assert result.exit_code == 2, result.output
        assert "it is not a regular file" in result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


def test_backup_of_a_missing_database_exits_2_and_creates_nothing(
    wiredesk: Wiredesk, tmp_path: Path
) -> None:
    result = wiredesk("backup", str(tmp_path / "copy.db"), db=tmp_path / "none.db")
    assert result.exit_code == 2
    assert f"Database {tmp_path / 'none.db'} does not exist" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_a_large_database_shows_progress(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bot.cli

    monkeypatch.setattr(bot.cli, "_PROGRESS_FROM_BYTES", 0)
    monkeypatch.setattr(backup_module, "PAGES_PER_STEP", 4)
    seen: list[tuple[int, int]] = []
    result = backup_module.backup(loaded, tmp_path / "b.db", progress=lambda *p: seen.append(p))
    assert result.check == "ok"
    total = seen[-1][1]
    assert len(seen) >= total // 4 and seen[-1] == (total, total)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    shown = wiredesk("backup", str(tmp_path / "c.db"))
    assert shown.exit_code == 0, shown.output
    assert f"Backing up {loaded}" in shown.stderr


def test_backup_while_another_process_ingests_is_a_consistent_state(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path
) -> None:
    """Copies taken while a separate `wiredesk ingest` writes are each whole (integrity ok,
    no dangling reference) and each equal to a state the database had: the bulletins up to
    some id, with all of their items."""
    files = [
        str(_write(tmp_path / f"more-{n}.jsonl", _records(20, start=30 + 20 * n)))
        for n in range(120)
    ]
    writer = subprocess.Popen(
        [*WIREDESK, "--db", str(loaded), "ingest", *files],
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    copies: list[Path] = []
    try:
        while writer.poll() is None and len(_rows(loaded)["bulletins"]) == 30:
            time.sleep(0.02)  # until its first batch is in
        while writer.poll() is None and len(copies) < 100:
            target = tmp_path / f"copy-{len(copies)}.db"
            result = wiredesk("backup", str(target))
            assert result.exit_code == 0, result.output
            copies.append(target)
            time.sleep(0.1)
    finally:
        _, errors = writer.communicate(timeout=300)
    assert writer.returncode == 0, errors.decode()
    final = _rows(loaded)
    sizes = []
    for copy in copies:
        assert _check(copy) == ("ok", [], "delete"), copy
        rows = _rows(copy)
        last = rows["bulletins"][-1][0]
        sizes.append(len(rows["bulletins"]))
        assert rows["bulletins"] == [b for b in final["bulletins"] if b[0] <= last]
        assert rows["items"] == [i for i in final["items"] if i[1] <= last]
        assert rows["verdicts"] == final["verdicts"]
    assert any(30 < size < len(final["bulletins"]) for size in sizes), (
        f"no copy was taken mid-ingest (sizes {sizes}); the test proves nothing"
    )


def test_backup_of_a_read_only_database_in_a_read_only_folder(
    wiredesk: Wiredesk, loaded: Path, tmp_path: Path
) -> None:
    """A database nobody may write (an archive) can still be backed up: the copy keeps the
    file's permissions, set once it is written."""
    folder = tmp_path / "archive"
    folder.mkdir()
    archived = folder / "desk.db"
    with sqlite3.connect(loaded) as origin, sqlite3.connect(archived) as copy:
        origin.backup(copy)
    archived.chmod(0o444)
    folder.chmod(0o555)
    target = tmp_path / "copies" / "desk.db"
    target.parent.mkdir()
    try:
        with permissions_apply():
            result = wiredesk("backup", str(target), db=archived)
    finally:
        folder.chmod(0o755)
    assert result.exit_code == 0, result.output
    assert _rows(target) == _rows(loaded)
    assert target.stat().st_mode & 0o777 == 0o444
    assert sorted(p.name for p in folder.iterdir()) == ["desk.db"]
