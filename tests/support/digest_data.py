"""Bulletins for the digest tests, written for them: two days of news from two conflicts.

Each story is told by several outlets, so its place name recurs across items and sources;
the parties and officials around it (Moscow, Ukraine, the Rapid Support Forces) do not.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlite_utils import Database

from newsroom.verdicts import set_verdict
from store.bulletins import add_bulletins
from tests.conftest import make_bulletin

Corpus = list[tuple[str, str, str]]

LYSYCHANSK_CLAIM = (
    "Russian forces claimed to have captured Lysychansk on Sunday, the defence ministry in "
    "Moscow said."
)
LYSYCHANSK_DENIAL = (
    "Ukraine's general staff denied that Lysychansk had fallen, saying fighting continued on "
    "the outskirts."
)
UKRAINE_DAY = date(2022, 7, 4)
"""The digest due at 08:00 UTC on this day covers the ``UKRAINE`` bulletins."""
UKRAINE: Corpus = [
    (f"{LYSYCHANSK_CLAIM} {LYSYCHANSK_DENIAL}", "Kyiv Wire", "2022-07-03T10:00:00Z"),
    (
        "Heavy shelling hit Lysychansk overnight, local officials said. Residents of "
        "Lysychansk sheltered in basements.",
        "Radio East",
        "2022-07-03T14:00:00Z",
    ),
    (
        "Explosions shook Belgorod early on Sunday, governor Vyacheslav Gladkov said, blaming "
        "Ukraine. Three people were killed in Belgorod, he said, without providing evidence "
        "of the cause.",
        "Border Daily",
        "2022-07-03T11:00:00Z",
    ),
    (
        "Belgorod authorities said five apartment blocks in Belgorod were damaged.",
        "Kyiv Wire",
        "2022-07-03T16:00:00Z",
    ),
    (
        "Rescuers in Kremenchuk recovered two more bodies from the shopping centre, regional "
        "officials said.",
        "Radio East",
        "2022-07-03T12:30:00Z",
    ),
    (
        "The death toll in Kremenchuk rose to 20, the State Emergency Service said.",
        "Border Daily",
        "2022-07-03T18:00:00Z",
    ),
]
UKRAINE_STORIES = {"Lysychansk", "Belgorod", "Kremenchuk"}

SUDAN_DAY = date(2023, 5, 2)
SUDAN: Corpus = [
    (
        "The Sudanese army said it had retaken a bridge in Khartoum, a claim the Rapid Support "
        "Forces denied. Fighting continued near the bridge in Khartoum, residents said.",
        "Nile Desk",
        "2023-05-01T10:00:00Z",
    ),
    (
        "Air strikes hit Omdurman on Monday, witnesses said. Several homes in Omdurman were "
        "destroyed.",
        "Sahel Report",
        "2023-05-01T12:00:00Z",
    ),
    (
        "Aid convoys reached El Fasher, the UN said. Food prices in El Fasher have tripled.",
        "Nile Desk",
        "2023-05-01T15:00:00Z",
    ),
    (
        "Khartoum residents fled south as shelling resumed, reportedly.",
        "Sahel Report",
        "2023-05-01T18:00:00Z",
    ),
]
SUDAN_STORIES = {"Khartoum", "Omdurman", "El Fasher"}


def add_corpus(db: Database, corpus: Corpus) -> None:
    """Store the corpus's bulletins."""
    result = add_bulletins(
        db, [make_bulletin(text, source=source, published=when) for text, source, when in corpus]
    )
    assert result.added == len(corpus)


def item_id(db: Database, fragment: str) -> int:
    """The id of the one stored item whose text contains ``fragment``."""
    [(found,)] = db.execute("SELECT id FROM items WHERE instr(text, ?) > 0", [fragment]).fetchall()
    return found


def add_many_verdicts(
    db: Database, count: int, *, published: datetime, at: datetime, words: int = 40
) -> list[int]:
    """``count`` long items (one per bulletin) published at ``published``, each marked false
    after being verified, both verdicts at ``at``: ``count`` downgrades in the window."""
    filler = " ".join(f"word{n}" for n in range(words))
    bulletins = [
        make_bulletin(
            f"Officials in Town{n} said a convoy of {n} trucks crossed the river & reached "
            f"<!channel> the depot, {filler}.",
            source=f"Wire {n}",
            published=published,
        )
        for n in range(count)
    ]
    add_bulletins(db, bulletins)
    ids = [
        row[0]
        for row in db.execute(
            "SELECT id FROM items WHERE instr(text, 'convoy of') > 0 ORDER BY id"
        ).fetchall()
    ]
    for n, found in enumerate(ids):
        set_verdict(db, found, "verified", by="U1", origin="cli", now=at)
        set_verdict(
            db,
            found,
            "false",
            by="U2",
            origin="cli",
            note=f"Satellite images of Town{n} show no convoy; " + "details " * 30,
            now=at + timedelta(minutes=1),
        )
    return ids


def utc(text: str) -> datetime:
    """``"2022-07-03T08:00"`` as an aware UTC datetime."""
    return datetime.fromisoformat(text).replace(tzinfo=UTC)
