"""A stored bulletin revised or retracted after the fact (a Slack message edited or deleted).

Nothing is deleted: an item an edit removes, and every item of a retracted bulletin, gets a
``retracted`` time (UTC, ISO 8601) and leaves answers, digests and watches, but keeps its
verdicts and history for the audit. An item whose sentence survives an edit keeps its id,
and with it its verdicts. Retracted items leave the full-text index's results through the
queries of :mod:`store.search` (the index is contentless, so its entries stay).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from newsroom.text.analyse import undisputed_statuses
from newsroom.text.wording import band_keys, shingles, signature
from store.bulletins import PreparedBulletin, add_bands, transaction
from store.disputes import chunks
from store.item_days import record_item_days
from store.outbox import stamp


@dataclass
class Revision:
    """What revising a bulletin did to its items (ids)."""

    kept: list[int] = field(default_factory=list)
    added: list[int] = field(default_factory=list)
    retracted: list[int] = field(default_factory=list)


def revise_bulletin(
    db: Database, bulletin_id: int, revised: PreparedBulletin, now: datetime
) -> Revision:
    """Replace a bulletin's text and items by ``revised`` (analysed anew), in one transaction.

    A new item with the same text as a live old one takes its place (and id); old items left
    over are retracted; the rest are added. The bulletin keeps its id, source, time and URL;
    ``updated`` records when it changed.
    """
    revision = Revision()
    with transaction(db):
        (old_text,) = db.execute(
            "SELECT text FROM bulletins WHERE id = ?", [bulletin_id]
        ).fetchone()
        old_bands = band_keys(signature(shingles(old_text)))
        if old_bands:
            marks = ",".join("?" * len(old_bands))
            db.execute(
                f"DELETE FROM bulletin_bands WHERE band IN ({marks}) AND bulletin_id = ?",
                [*old_bands, bulletin_id],
            )
        (day,) = db.execute(
            "UPDATE bulletins SET text = ?, title = coalesce(?, title), content_hash = ?,"
            " wording = ?, updated = ? WHERE id = ? RETURNING day",
            [
                revised.text,
                revised.title,
                revised.content_hash,
                revised.wording,
                stamp(now),
                bulletin_id,
            ],
        ).fetchone()
        add_bands(db, [(band, int(day), bulletin_id) for band in revised.bands])
        old = {}
        for item_id, text, status in db.execute(
            "SELECT id, text, status FROM items WHERE bulletin_id = ? AND retracted IS NULL"
            " ORDER BY position",
            [bulletin_id],
        ):
            old.setdefault(text, []).append((item_id, status))
        # Out of the way of the new positions first: (bulletin_id, position) is unique.
        db.execute(
            "UPDATE items SET position = -id WHERE bulletin_id = ? AND retracted IS NULL",
            [bulletin_id],
        )
        next_item = (db.execute("SELECT max(id) FROM items").fetchone()[0] or 0) + 1
        ids: dict[int, int] = {}
        # Kept items held disputed by their old status, with their text's own status for
        # when no live dispute remains once the gone items are retracted.
        held: dict[int, str] = {}
        for position, story, text, speaker, signals, status, words, names in revised.items:
            if old.get(text):
                item_id, old_status = old[text].pop(0)
                # A dispute linked from another bulletin stays on record.
                if old_status == "disputed" and status != "disputed":
                    held[item_id] = status
                    status = old_status
                db.execute(
                    "UPDATE items SET position = ?, story = ?, attributed_to = ?, signals = ?,"
                    " status = ? WHERE id = ?",
                    [position, story, speaker, signals, status, item_id],
                )
                revision.kept.append(item_id)
            else:
                item_id = next_item
                next_item += 1
                db.execute(
                    "INSERT INTO items (id, bulletin_id, position, story, day, text,"
                    " attributed_to, signals, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [item_id, bulletin_id, position, story, day, text, speaker, signals, status],
                )
                db.execute(
                    "INSERT INTO items_fts (rowid, words, names) VALUES (?, ?, ?)",
                    [item_id, words, names],
                )
                revision.added.append(item_id)
            ids[position] = item_id
        record_item_days(db, [(item_id, day) for item_id in revision.added])
        gone = [item_id for left in old.values() for item_id, _ in left]
        _retract_items(db, gone, now)
        _release_answered(db, gone)
        revision.retracted = gone
        db.conn.executemany(
            "INSERT OR IGNORE INTO item_links VALUES (?, ?, 'disputes')",
            [(ids[a], ids[b]) for a, b in revised.links if a in ids and b in ids],
        )
        # A claim whose only denial was edited away is no longer disputed.
        db.conn.executemany(
            "UPDATE items SET status = ? WHERE id = ?",
            [(status, item_id) for item_id, status in held.items() if not _disputed(db, item_id)],
        )
    return revision


def _disputed(db: Database, item_id: int) -> bool:
    """Whether a live (not retracted) item disputes ``item_id`` or is disputed by it, in its
    bulletin or across bulletins."""
    return (
        db.execute(
            "SELECT 1 FROM item_links l JOIN items o"
            " ON o.id = CASE WHEN l.item_id = :id THEN l.other_id ELSE l.item_id END"
            " WHERE (l.item_id = :id OR l.other_id = :id) AND l.kind = 'disputes'"
            " AND o.retracted IS NULL"
            " UNION ALL SELECT 1 FROM denial_links d JOIN items o"
            " ON o.id = CASE WHEN d.claim_id = :id THEN d.denial_id ELSE d.claim_id END"
            " WHERE (d.claim_id = :id OR d.denial_id = :id) AND o.retracted IS NULL LIMIT 1",
            {"id": item_id},
        ).fetchone()
        is not None
    )


def retract_bulletin(db: Database, bulletin_id: int, now: datetime) -> list[int]:
    """Retract a bulletin and its items; the ids of the items retracted now (none when it
    was retracted already)."""
    with transaction(db):
        db.execute(
            "UPDATE bulletins SET retracted = ? WHERE id = ? AND retracted IS NULL",
            [stamp(now), bulletin_id],
        )
        ids = [
            row[0]
            for row in db.execute(
                "SELECT id FROM items WHERE bulletin_id = ? AND retracted IS NULL", [bulletin_id]
            )
        ]
        _retract_items(db, ids, now)
        _release_answered(db, ids)
    return ids


def _retract_items(db: Database, item_ids: list[int], now: datetime) -> None:
    """Mark items retracted, each moved to position ``-id`` so the live ones may take any."""
    db.conn.executemany(
        "UPDATE items SET retracted = ?, position = -id WHERE id = ?",
        [(stamp(now), item_id) for item_id in item_ids],
    )


def _release_answered(db: Database, retracted: list[int]) -> None:
    """The claims in other bulletins that these retracted items disputed, and that no live
    item disputes any more, go back to the status their bulletin's text supports (their
    stored ``disputed`` came from the link, see :func:`store.disputes.mark_disputed`; a
    claim its outlet could not verify is ``unverified`` again)."""
    for chunk in chunks(retracted):
        marks = ",".join("?" * len(chunk))
        partners = db.execute(
            "SELECT i.id, i.bulletin_id FROM items i WHERE i.status = 'disputed'"
            " AND i.retracted IS NULL AND i.id IN ("
            f"SELECT claim_id FROM denial_links WHERE denial_id IN ({marks})"
            f" UNION SELECT denial_id FROM denial_links WHERE claim_id IN ({marks}))",
            [*chunk, *chunk],
        ).fetchall()
        released: dict[int, list[int]] = {}
        for item_id, bulletin_id in partners:
            if not _disputed(db, item_id):
                released.setdefault(bulletin_id, []).append(item_id)
        for bulletin_id, item_ids in released.items():
            statuses = undisputed_statuses(
                [
                    (item_id, story, text, speaker, json.loads(signals))
                    for item_id, story, text, speaker, signals in db.execute(
                        "SELECT id, story, text, attributed_to, signals FROM items"
                        " WHERE bulletin_id = ? AND retracted IS NULL ORDER BY position",
                        [bulletin_id],
                    )
                ]
            )
            db.conn.executemany(
                "UPDATE items SET status = ? WHERE id = ?",
                [(statuses[item_id], item_id) for item_id in item_ids],
            )


def is_retracted(db: Database, bulletin_id: int) -> bool:
    """True when the bulletin was retracted."""
    row = db.execute("SELECT retracted FROM bulletins WHERE id = ?", [bulletin_id]).fetchone()
    return bool(row and row[0])
