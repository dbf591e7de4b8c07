"""A small desk record for the views and `wiredesk browse`: fictional bulletins ingested
through the real path, verdicts set as an editor sets them, and one challenge."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newsroom.ingest import IngestReport, ingest
from newsroom.verdicts import set_verdict
from store.schema import open_db

DEPOT_CLAIM = (
    "Russia's defence ministry said its forces had destroyed a fuel depot near Lysychansk "
    "on Tuesday."
)
DEPOT_DENIAL = (
    "Ukraine's eastern command denied that any depot near Lysychansk had been hit and said "
    "the fire was at an abandoned farm."
)
MAYOR = "The city's mayor said repair crews reached the damaged substation in Kyiv by dawn."
CYRILLIC = "Лисичанськ знову під обстрілом, повідомила обласна військова адміністрація."
OLD_CLAIM = "Belarus's border guard said a Ukrainian drone had crossed into Gomel region."
OLD_DENIAL = "Ukraine's border service denied that any of its drones had crossed into Gomel region."
BRIDGE = "Flooding closed the Antonivskyi road bridge in Kherson on Monday morning."
BRIDGE_DENIAL = (
    "The regional roads service denied that the Antonivskyi road bridge in Kherson had been "
    "closed by flooding."
)
UNDATED = "Power was restored to most of Sumy by the evening, the regional grid operator said."
LOST_CREDIT = "The spokesman said the evacuation of Kupiansk would continue through the week."
"""A claim whose credit the fixture removes (see :func:`build`)."""
EDITOR = "U0EDITOR"
STANDARDS = "Marta Koval"


@dataclass(frozen=True)
class Record:
    """The fixture's database and the facts the tests check against."""

    path: Path
    today: datetime
    """When today's bulletins were published (UTC, earlier today)."""
    items: dict[str, int]
    """Item id of each statement above, by its constant's name."""


def today_moment(now: datetime) -> datetime:
    """A moment earlier today (UTC): halfway between midnight and ``now``, to the second."""
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    return (midnight + (now - midnight) / 2).replace(microsecond=0)


def build(path: Path, now: datetime | None = None) -> Record:
    """Write the fixture record at ``path``."""
    now = now or datetime.now(UTC)
    today = today_moment(now)
    kyiv = timezone_text(today, hours=2)
    old = (now - timedelta(days=8)).replace(microsecond=0)
    records = [
        {
            "source": "Steppe Wire",
            "published": kyiv,
            "url": "https://example.org/steppe/lysychansk-depot",
            "title": "Moscow says fuel depot near Lysychansk destroyed; Kyiv denies",
            "text": f"{DEPOT_CLAIM} {DEPOT_DENIAL}",
        },
        {"source": "Harbour Post", "published": today.isoformat(), "text": MAYOR},
        {"source": "Donbas Radio", "published": today.isoformat(), "text": CYRILLIC},
        {"source": "Harbour Post", "published": today.isoformat(), "text": LOST_CREDIT},
        {"source": "Polesie Monitor", "published": old.isoformat(), "text": OLD_CLAIM},
        {"source": "Polesie Monitor", "published": old.isoformat(), "text": OLD_DENIAL},
        {
            "source": "Dnipro Ledger",
            "published": (now - timedelta(days=3)).isoformat(),
            "text": BRIDGE,
        },
    ]
    db = open_db(path)
    try:
        _ingest(db, path.with_suffix(".first.jsonl"), records)
        items = {
            name: _item(db, text)
            for name, text in {
                "DEPOT_CLAIM": DEPOT_CLAIM,
                "DEPOT_DENIAL": DEPOT_DENIAL,
                "MAYOR": MAYOR,
                "CYRILLIC": CYRILLIC,
                "LOST_CREDIT": LOST_CREDIT,
                "OLD_CLAIM": OLD_CLAIM,
                "OLD_DENIAL": OLD_DENIAL,
                "BRIDGE": BRIDGE,
            }.items()
        }
        set_verdict(
            db,
            items["BRIDGE"],
            "verified",
            by=EDITOR,
            origin="button",
            note="Seen on the roads camera",
            now=now - timedelta(days=2),
        )
        set_verdict(
            db, items["MAYOR"], "false", by=STANDARDS, origin="cli", now=now - timedelta(hours=1)
        )
        set_verdict(db, items["MAYOR"], "clear", by=STANDARDS, origin="cli", now=now)
        set_verdict(
            db,
            items["DEPOT_CLAIM"],
            "disputed",
            by=STANDARDS,
            origin="command",
            evidence="https://example.org/checks/depot",
            now=now,
        )
        # A later denial challenges the verified bridge closure; an undated bulletin.
        _ingest(
            db,
            path.with_suffix(".later.jsonl"),
            [
                {
                    "source": "Kherson Courier",
                    "published": (now - timedelta(days=1)).isoformat(),
                    "text": BRIDGE_DENIAL,
                },
                {"source": "Sumy Evening", "text": UNDATED},
            ],
        )
        items["BRIDGE_DENIAL"] = _item(db, BRIDGE_DENIAL)
        items["UNDATED"] = _item(db, UNDATED)
        # The analysis always names who a claim is credited to; a record can still hold a
        # claim whose credit was lost (an import, an older analysis): written as one would be.
        db.execute("UPDATE items SET attributed_to = NULL WHERE id = ?", [items["LOST_CREDIT"]])
    finally:
        db.close()
    return Record(path=path, today=today, items=items)


def timezone_text(moment: datetime, *, hours: int) -> str:
    """``moment`` written in the zone ``hours`` east of UTC (ISO 8601 with its offset)."""
    from datetime import timezone

    return moment.astimezone(timezone(timedelta(hours=hours))).isoformat()


def _ingest(db, path: Path, records: list[dict]) -> None:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    report = IngestReport()
    ingest(db, str(path), report, fmt="jsonl")
    assert not report.rejected, report.rejected
    assert report.added == len(records), report.summary()


def _item(db, text: str) -> int:
    (found,) = db.execute("SELECT id FROM items WHERE text = ?", [text]).fetchall()
    return found[0]
