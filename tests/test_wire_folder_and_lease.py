"""Folder sources (each file once, left in place; a changed file read again) and the lease
that keeps two pollers off one source."""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from newsroom.wire.http import make_client
from newsroom.wire.manage import add_folder
from newsroom.wire.poll import Poller, holder_name, is_dead_holder
from store.sources import get_source, release_lease, steal_lease, take_lease

OLD = time.time() - 60


@pytest.fixture
def poller() -> Iterator[Poller]:
    client = make_client()
    yield Poller("test:1:ff", client)
    client.close()


def drop(folder: Path, name: str, content: str, *, settled: bool = True) -> Path:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    if settled:
        os.utime(path, (OLD, OLD))
    return path


def records(*texts: str) -> str:
    return "\n".join(
        json.dumps({"text": t, "source": "Field desk", "published": "2025-03-04T08:00:00Z"})
        for t in texts
    )


def poll(poller: Poller, db: Database, source_id: int):
    db.execute("UPDATE sources SET next_due = 0 WHERE id = ?", [source_id])
    source = get_source(db, source_id)
    assert source is not None
    return poller.poll(db, source)


def count(db: Database, table: str = "bulletins") -> int:
    return db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_files_dropped_in_a_folder_are_ingested_once_and_left_in_place(
    db: Database, tmp_path: Path, poller: Poller
) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    drop(
        inbox,
        "morning.jsonl",
        records("The governor said two drones were downed.", "A convoy reached Stavky."),
    )
    drop(inbox, "note.txt", "Officials in Bereg reported shelling overnight; nobody was hurt.")
    source, _ = add_folder(db, str(inbox))
    first = poll(poller, db, source.id)
    assert (first.new, first.added) == (2, 3)
    assert sorted(p.name for p in inbox.iterdir()) == ["morning.jsonl", "note.txt"]
    again = poll(poller, db, source.id)
    assert (again.outcome, again.new, again.added) == ("unchanged", 0, 0)
    drop(inbox, "noon.csv", "text,source\nPower was restored in Korsunka.,Grid operator\n")
    third = poll(poller, db, source.id)
    assert (third.new, third.added) == (1, 1)
    assert count(db) == 4


def test_a_changed_file_is_read_again_and_only_its_new_records_are_added(
    db: Database, tmp_path: Path, poller: Poller
) -> None:
    path = drop(tmp_path, "log.jsonl", records("The mayor said the curfew ends at dawn."))
    source, _ = add_folder(db, str(tmp_path))
    poll(poller, db, source.id)
    path.write_text(
        records("The mayor said the curfew ends at dawn.", "Rail traffic resumed to Lisove."),
        encoding="utf-8",
    )
    os.utime(path, (OLD + 5, OLD + 5))
    result = poll(poller, db, source.id)
    assert (result.new, result.updated, result.added) == (0, 1, 1)
    assert count(db) == 2


def test_a_file_only_touched_is_not_read_again(
    db: Database, tmp_path: Path, poller: Poller
) -> None:
    path = drop(tmp_path, "a.txt", "The harbour authority said the port of Stavky reopened.")
    source, _ = add_folder(db, str(tmp_path))
    poll(poller, db, source.id)
    os.utime(path, (OLD + 9, OLD + 9))
    result = poll(poller, db, source.id)
    assert (result.new, result.updated) == (0, 0)


def test_hidden_partial_and_unsettled_files_wait(
    db: Database, tmp_path: Path, poller: Poller
) -> None:
    drop(tmp_path, ".hidden.txt", "A hidden note about Zarichne.")
    drop(tmp_path, "upload.txt.part", "Half an upload about Lisove.")
    drop(tmp_path, "fresh.txt", "A report being written about Bereg.", settled=False)
    source, _ = add_folder(db, str(tmp_path))
    assert poll(poller, db, source.id).new == 0
    os.utime(tmp_path / "fresh.txt", (OLD, OLD))
    assert poll(poller, db, source.id).new == 1


def test_a_bad_file_is_rejected_on_the_source_and_the_others_go_in(
    db: Database, tmp_path: Path, poller: Poller
) -> None:
    drop(tmp_path, "good.txt", "The defence ministry said a depot near Lisove was hit.")
    (tmp_path / "broken.json").write_text('{"text": "unterminated', encoding="utf-8")
    os.utime(tmp_path / "broken.json", (OLD, OLD))
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    os.utime(tmp_path / "empty.txt", (OLD, OLD))
    source, _ = add_folder(db, str(tmp_path))
    result = poll(poller, db, source.id)
    assert result.added == 1 and len(result.rejections) == 2
    assert any("broken.json" in r and "invalid JSON" in r for r in result.rejections)
    assert any("empty.txt" in r and "empty" in r for r in result.rejections)
    stored = get_source(db, source.id)
    assert stored is not None and stored.rejected == 2
    assert poll(poller, db, source.id).rejections == []  # reported once


def test_a_vanished_folder_fails_the_poll(db: Database, tmp_path: Path, poller: Poller) -> None:
    inbox = tmp_path / "gone"
    inbox.mkdir()
    source, _ = add_folder(db, str(inbox))
    inbox.rmdir()
    result = poll(poller, db, source.id)
    assert result.outcome == "failed" and "does not exist" in (result.error or "")


# ------------------------------------------------------------------ the lease


def test_a_lease_keeps_a_second_holder_out_until_it_expires_or_is_released(
    db: Database, tmp_path: Path
) -> None:
    source, _ = add_folder(db, str(tmp_path))
    assert take_lease(db, source.id, "a", now=1000.0, ttl=60)
    assert not take_lease(db, source.id, "b", now=1030.0, ttl=60)
    assert take_lease(db, source.id, "a", now=1030.0, ttl=60)  # renewed by its holder
    assert not take_lease(db, source.id, "b", now=1089.0, ttl=60)
    assert take_lease(db, source.id, "b", now=1091.0, ttl=60)  # expired
    release_lease(db, source.id, "a")  # not a's any more: nothing happens
    assert not take_lease(db, source.id, "a", now=1092.0, ttl=60)
    release_lease(db, source.id, "b")
    assert take_lease(db, source.id, "a", now=1093.0, ttl=60)


def test_a_lease_of_a_dead_process_is_taken_over(db: Database, tmp_path: Path) -> None:
    source, _ = add_folder(db, str(tmp_path))
    child = os.fork()
    if child == 0:
        os._exit(0)
    os.waitpid(child, 0)
    dead = holder_name().split(":")
    dead[1] = str(child)
    dead_holder = ":".join(dead)
    assert is_dead_holder(dead_holder)
    assert not is_dead_holder(holder_name())  # this process
    assert not is_dead_holder(f"elsewhere.example:{child}:ab")  # another machine: unknown
    assert take_lease(db, source.id, dead_holder, now=time.time(), ttl=600)
    assert not steal_lease(db, source.id, "me", time.time(), 600, lambda h: False)
    assert steal_lease(db, source.id, "me", time.time(), 600, is_dead_holder)


def test_a_busy_source_is_skipped_and_not_polled_twice(
    db: Database, tmp_path: Path, poller: Poller
) -> None:
    drop(tmp_path, "a.txt", "The governor said the bridge at Lisove was repaired.")
    source, _ = add_folder(db, str(tmp_path))
    assert take_lease(db, source.id, "other:1:x", now=time.time(), ttl=600)
    assert poll(poller, db, source.id).outcome == "busy"
    assert count(db) == 0
    release_lease(db, source.id, "other:1:x")
    assert poll(poller, db, source.id).added == 1
    # A watcher that read the source as due before another one polled it does not poll again.
    stale = get_source(db, source.id)
    assert stale is not None
    db.execute("UPDATE sources SET next_due = ? WHERE id = ?", [time.time() + 300, source.id])
    assert poller.poll(db, stale).outcome == "busy"
    assert count(db, "source_leases") == 0
