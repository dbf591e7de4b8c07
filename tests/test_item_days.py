"""Each day's first and last item id (store.item_days): the rowid range a windowed search
gives the full-text index, kept by every write and built by migration 10 for older files."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from newsroom.ask import ask
from newsroom.ingest import IngestReport, ingest
from newsroom.models import RawBulletin
from newsroom.wire.revise import revise
from store.item_days import item_id_range
from store.schema import open_db

START = datetime(2027, 3, 1, 6, tzinfo=UTC)


def _from_items(db: Database) -> dict[int, tuple[int, int]]:
    """What item_days must hold, worked out from the items themselves."""
    found: dict[int, tuple[int, int]] = {}
    for item_id, day in db.execute("SELECT id, day FROM items"):
        whole = int(day // 1)
        low, high = found.get(whole, (item_id, item_id))
        found[whole] = (min(low, item_id), max(high, item_id))
    return found


def _stored(db: Database) -> dict[int, tuple[int, int]]:
    return {day: (low, high) for day, low, high in db.execute("SELECT * FROM item_days")}


def _ingest(db: Database, folder: Path, records: list[dict[str, str]]) -> None:
    path = folder / f"batch-{len(list(folder.iterdir()))}.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    ingest(db, str(path), IngestReport(), fmt="jsonl")


def _record(n: int, published: datetime) -> dict[str, str]:
    return {
        "source": f"Outlet {n % 3}",
        "published": published.isoformat(),
        "text": f"Officials in Poltava said {n + 2} drones were shot down over district {n}.",
    }


def test_every_write_keeps_each_days_range_and_old_days_arrive_late(
    db: Database, tmp_path: Path
) -> None:
    """Bulletins of several days, then a batch back-dated to the first day and one before
    1970 (a negative day number), then a revision adding items to an old bulletin."""
    _ingest(db, tmp_path, [_record(n, START + timedelta(hours=9 * n)) for n in range(12)])
    _ingest(db, tmp_path, [_record(n, START + timedelta(minutes=n)) for n in range(20, 23)])
    _ingest(db, tmp_path, [_record(99, datetime(1969, 12, 31, 12, tzinfo=UTC))])
    assert _stored(db) == _from_items(db) and min(_stored(db)) == -1

    (first,) = db.execute("SELECT id FROM bulletins ORDER BY id LIMIT 1").fetchone()
    revise(
        db,
        first,
        RawBulletin(
            text="Officials in Poltava said 2 drones were shot down. Repairs began at noon.",
            source="Outlet 0",
            published=START,
        ),
        START + timedelta(days=9),
    )
    assert _stored(db) == _from_items(db)
    newest = db.execute("SELECT max(id) FROM items").fetchone()[0]
    low, high = item_id_range(db, START.timestamp() / 86400, START.timestamp() / 86400 + 0.5)
    assert low <= newest <= high  # the revision's new item is inside its day's range
    assert any("Repairs began" in i.text for i in ask(db, "Poltava", now=START, days=1).items)


def test_an_empty_window_has_no_range(db: Database, tmp_path: Path) -> None:
    _ingest(db, tmp_path, [_record(1, START)])
    day = START.timestamp() / 86400
    assert item_id_range(db, day + 5, day + 6) is None
    assert item_id_range(db, None, None) is not None


def test_migration_10_fills_the_table_from_the_stored_items(db_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    db = open_db(db_path)
    _ingest(db, folder, [_record(n, START + timedelta(hours=13 * n)) for n in range(15)])
    expected = _from_items(db)
    db.execute("DROP TABLE item_days")
    db.execute("PRAGMA user_version = 9")
    db.close()

    db = open_db(db_path)
    try:
        assert _stored(db) == expected
        day = (START + timedelta(days=3)).timestamp() / 86400
        answer = ask(db, "Poltava", window=(START, START + timedelta(days=3)))
        assert answer.total == len([d for d in db.execute("SELECT day FROM items") if d[0] <= day])
    finally:
        db.close()


def test_items_stored_without_their_day_recorded_are_still_found(
    db: Database, tmp_path: Path
) -> None:
    """A Wiredesk older than the table, still running after a newer one upgraded the file,
    stores items without recording their day: windowed searches still find them."""
    _ingest(db, tmp_path, [_record(n, START + timedelta(hours=n)) for n in range(3)])
    known = db.execute("SELECT max(last_item) FROM item_days").fetchone()[0]
    _ingest(db, tmp_path, [_record(n, START + timedelta(days=2, hours=n)) for n in range(5, 8)])
    db.execute("DELETE FROM item_days WHERE day > ?", [int(START.timestamp() // 86400)])
    db.execute("UPDATE item_days SET last_item = ?", [known])  # as the old writer left it

    later = START + timedelta(days=2)
    answer = ask(db, "Poltava", window=(later, later + timedelta(days=1)))
    assert answer.total == 3
    assert ask(db, "Poltava", window=(START, START + timedelta(days=1))).total == 3
