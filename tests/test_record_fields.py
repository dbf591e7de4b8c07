"""Structured fields, identity, titles and headline-only records, from file to answer."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from sqlite_utils import Database

from newsroom.ask import ask
from newsroom.ingest import IngestReport, ingest
from newsroom.models import RawBulletin
from newsroom.sources import read_input
from store.bulletins import add_bulletins, content_hash
from store.schema import SCHEMA_VERSION, open_db
from tests.conftest import Wiredesk, make_bulletin

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
EVENTS = FIXTURES / "events.csv"
HEADER = "event_id_cnty,event_date,event_type,actor1,admin1,location,country,source,notes\n"
LONG_NOTE = (
    "On 3 July 2022, Russian forces shelled the outskirts of the settlement with multiple"
    " rocket launchers, damaging several private houses, a school building and a power line;"
    " local authorities reported no casualties and said repair crews would arrive on Monday."
)


def run(db: Database, path: Path) -> IngestReport:
    report = IngestReport()
    ingest(db, str(path), report)
    return report


def write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


def matched_texts(db: Database, topic: str) -> list[tuple[str, str]]:
    return [(i.text, i.source) for i in ask(db, topic).items if i.matched]


def test_the_same_note_at_two_places_and_two_days_is_kept_every_time(
    wiredesk: Wiredesk, db: Database
) -> None:
    first = wiredesk("ingest", str(EVENTS))
    assert first.stdout == (
        "4 added (4 items, 0 linked as re-publications), 0 duplicates skipped, 1 rejected, "
        "4 times without a zone read as UTC\n"  # event_date is a day, with no zone
    )
    assert f"rejected: {EVENTS}, line 5: unreadable date 'July the third' in field" in (
        first.stderr
    )
    rows = db.execute(
        "SELECT text, place, record_id, published FROM bulletins ORDER BY id"
    ).fetchall()
    assert rows[:3] == [
        (
            "Shelling reported; no casualties.",
            "Staryi Saltiv, Chuhuivskyi, Kharkiv, Ukraine",
            "UKR90011",
            "2022-07-03T00:00:00+00:00",
        ),
        (
            "Shelling reported; no casualties.",
            "Soledar, Bakhmutskyi, Donetsk, Ukraine",
            "UKR90012",
            "2022-07-03T00:00:00+00:00",
        ),
        (
            "Shelling reported; no casualties.",
            "Staryi Saltiv, Chuhuivskyi, Kharkiv, Ukraine",
            "UKR90013",
            "2022-07-04T00:00:00+00:00",
        ),
    ]
    again = wiredesk("ingest", str(EVENTS))
    assert again.stdout.startswith("0 added (0 items, 0 linked as re-publications), 4 duplicates")


def test_structured_fields_are_kept_with_the_bulletin(db: Database) -> None:
    run(db, EVENTS)
    (details,) = db.execute("SELECT details FROM bulletins WHERE record_id = 'UKR90015'").fetchone()
    assert json.loads(details) == {
        "location": "Odesa",
        "admin2": "Odeskyi",
        "admin1": "Odeska",
        "country": "Ukraine",
        "actor1": "Protesters (Ukraine)",
        "event_type": "Protests",
        "sub_event_type": "Peaceful protest",
    }


@pytest.mark.parametrize(
    ("topic", "expected"),
    [
        ("Staryi Saltiv", 2),  # location column only
        ("Soledar", 1),
        ("Chuhuivskyi", 2),  # admin2 column only
        ("Peaceful protest", 1),  # sub_event_type column only
        ("Privoz", 1),  # the note itself, its entity decoded
    ],
)
def test_a_place_only_in_its_column_is_searchable(db: Database, topic: str, expected: int) -> None:
    run(db, EVENTS)
    found = matched_texts(db, topic)
    assert len(found) == expected


def test_a_place_column_never_becomes_a_statement(db: Database) -> None:
    run(db, EVENTS)
    texts = [t for (t,) in db.execute("SELECT text FROM items")]
    assert not any("Staryi Saltiv" in t or "Chuhuivskyi" in t for t in texts)


@pytest.mark.parametrize(
    ("rows", "added", "duplicates"),
    [
        (
            [
                "E1,2022-07-03,Shelling,Russia,Kharkiv,Vovchansk,Ukraine,Wire,Shelling reported.",
                "E2,2022-07-03,Shelling,Russia,Kharkiv,Vovchansk,Ukraine,Wire,Shelling reported.",
            ],
            2,
            0,
        ),
        (
            [
                "E1,2022-07-03,Shelling,Russia,Kharkiv,Vovchansk,Ukraine,Wire,Shelling reported.",
                "E1,2022-07-03,Shelling,Russia,Kharkiv,Vovchansk,Ukraine,Wire,Shelling reported.",
            ],
            1,
            1,
        ),
        (
            [
                ",2022-07-03,Shelling,Russia,Kharkiv,Vovchansk,Ukraine,Wire,Shelling reported.",
                ",2022-07-04,Shelling,Russia,Kharkiv,Vovchansk,Ukraine,Wire,Shelling reported.",
                ",2022-07-04,Shelling,Russia,Kharkiv,Kupiansk,Ukraine,Wire,Shelling reported.",
                ",2022-07-04,Shelling,Russia,Kharkiv,Kupiansk,Ukraine,Wire,Shelling reported.",
            ],
            3,
            1,
        ),
    ],
    ids=["two-event-ids", "one-event-twice", "no-ids-place-and-day-decide"],
)
def test_identity_is_text_date_place_and_event_id(
    tmp_path: Path, db: Database, rows: list[str], added: int, duplicates: int
) -> None:
    report = run(db, write(tmp_path, "events.csv", HEADER + "\n".join(rows) + "\n"))
    assert (report.added, report.duplicates, report.rejected) == (added, duplicates, [])


def test_identical_long_notes_at_two_places_are_not_re_publications(
    tmp_path: Path, db: Database
) -> None:
    rows = [
        f'E1,2022-07-03,Shelling,Russia,Kharkiv,Vovchansk,Ukraine,Wire,"{LONG_NOTE}"',
        f'E2,2022-07-03,Shelling,Russia,Kharkiv,Kupiansk,Ukraine,Wire,"{LONG_NOTE}"',
        f'E3,2022-07-04,Shelling,Russia,Kharkiv,Kupiansk,Ukraine,Wire,"{LONG_NOTE}"',
    ]
    report = run(db, write(tmp_path, "events.csv", HEADER + "\n".join(rows) + "\n"))
    assert (report.added, report.near_duplicates) == (3, 0)
    assert db.execute("SELECT count(*) FROM bulletins WHERE duplicate_of IS NULL").fetchone() == (
        3,
    )


def test_a_copy_at_the_same_place_and_day_is_still_a_re_publication(
    tmp_path: Path, db: Database
) -> None:
    rows = [
        f'E1,2022-07-03,Shelling,Russia,Kharkiv,Kupiansk,Ukraine,Wire A,"{LONG_NOTE}"',
        f'E2,2022-07-03,Shelling,Russia,Kharkiv,Kupiansk,Ukraine,Wire B,"{LONG_NOTE} Updated."',
    ]
    report = run(db, write(tmp_path, "events.csv", HEADER + "\n".join(rows) + "\n"))
    assert (report.added, report.near_duplicates) == (2, 1)


def test_records_without_place_or_id_keep_the_text_as_their_identity(db: Database) -> None:
    """One wire copy met in two files (with or without a date or URL) is one bulletin."""
    text = "The bridge at Zatoka was closed to traffic on Sunday, the regional administration said."
    first = add_bulletins(db, [make_bulletin(text, url="https://a.example/1")])
    second = add_bulletins(
        db, [make_bulletin(text, published="2024-03-02T10:00:00Z", url="https://b.example/2")]
    )
    assert (first.added, second.duplicates) == (1, 1)


def test_a_record_stored_before_places_were_kept_is_not_added_again(
    tmp_path: Path, db_path: Path
) -> None:
    """Its row has the text-only hash and no place: re-ingesting the file adds nothing."""
    db = open_db(db_path)
    db.execute(
        "INSERT INTO bulletins (source, published, ingested, day, text, content_hash)"
        " VALUES ('Wire', '2022-07-03T00:00:00+00:00', '2022-07-05T00:00:00+00:00', 19176.0,"
        " 'Shelling reported.', ?)",
        [content_hash("Shelling reported.")],
    )
    row = "E1,2022-07-03,Shelling,Russia,Kharkiv,Vovchansk,Ukraine,Wire,Shelling reported."
    later = "E2,2022-07-04,Shelling,Russia,Kharkiv,Vovchansk,Ukraine,Wire,Shelling reported."
    report = run(db, write(tmp_path, "events.csv", f"{HEADER}{row}\n{later}\n"))
    assert (report.added, report.duplicates) == (1, 1)  # the 4 July event is new


def test_the_upgrade_adds_the_record_columns(db_path: Path) -> None:
    from store.schema import _MIGRATIONS

    connection = sqlite3.connect(db_path)
    connection.executescript(_MIGRATIONS[1] + _MIGRATIONS[2] + "PRAGMA user_version=2;")
    connection.execute(
        "INSERT INTO bulletins (source, ingested, day, text, content_hash) VALUES"
        " ('Wire', '2024-03-01T10:00:00+00:00', 19783.4, 'Old text.', ?)",
        [content_hash("Old text.")],
    )
    connection.commit()
    connection.close()
    db = open_db(db_path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert {"place", "record_id", "details"} <= set(db["bulletins"].columns_dict)
    report = IngestReport()
    path = db_path.parent / "old.txt"
    path.write_text("Old text.\n", encoding="utf-8")
    ingest(db, str(path), report)
    assert report.duplicates == 1


def test_a_topic_only_in_the_title_finds_the_bulletin(db: Database) -> None:
    body = (
        "The crossing near Hola Prystan reopened on Sunday, its operator said. Two vessels "
        "will run each day."
    )
    add_bulletins(
        db, [make_bulletin(body, title="Kherson ferry crossing reopens", source="South Wire")]
    )
    items = ask(db, "Kherson").items
    assert [i.text for i in items if i.matched] == [
        "The crossing near Hola Prystan reopened on Sunday, its operator said."
    ]
    assert all("Kherson" not in i.text and i.attributed_to != "Kherson" for i in items)
    assert db.execute("SELECT count(*) FROM items").fetchone() == (2,)


def test_a_topic_the_text_names_is_not_also_matched_through_the_title(db: Database) -> None:
    body = (
        "Power cuts returned to Kyiv on Thursday, the grid operator said. "
        "In Lysychansk, a strike hit a fuel depot, the regional governor said."
    )
    title = "Kyiv: power cuts; Lysychansk: depot hit"
    add_bulletins(db, [make_bulletin(body, title=title, source="Radio Step")])
    matched = [i.text for i in ask(db, "Lysychansk").items if i.matched]
    assert matched == ["In Lysychansk, a strike hit a fuel depot, the regional governor said."]


@pytest.mark.parametrize(
    "title",
    [
        "Russia says it has taken Lysychansk",
        "Lysychansk: Ukraine denies the city has fallen",
        "Governor: Lysychansk refinery on fire",
    ],
)
def test_a_title_is_indexed_but_never_a_statement_with_a_speaker(db: Database, title: str) -> None:
    body = "Fighting continued on Sunday, the outlet's reporter said from the area."
    add_bulletins(db, [make_bulletin(body, title=title)])
    (item,) = [i for i in ask(db, "Lysychansk").items if i.matched]
    assert item.text == "Fighting continued on Sunday, the outlet's reporter said from the area."
    assert item.attributed_to in (None, "the outlet's reporter")


def test_title_only_records_are_bulletins_and_searchable(wiredesk: Wiredesk, db: Database) -> None:
    path = FIXTURES / "headlines.csv"
    first = wiredesk("ingest", str(path))
    assert first.stdout.startswith("3 added (3 items")
    assert f"rejected: {path}, line 5: field 'text' is empty" in first.stderr
    assert matched_texts(db, "Nizhyn") == [
        ('Mayor\'s office: "no evacuation order" for Nizhyn', "Polissia Post")
    ]
    assert matched_texts(db, "Chernihiv") == [
        ("Chernihiv bridge reopens to light traffic", "Polissia Post")
    ]


@pytest.mark.parametrize(
    "record",
    [
        {"title": "Sirens over Zhytomyr", "text": ""},
        {"title": "Sirens over Zhytomyr", "body": None},
        {"headline": "Sirens over Zhytomyr"},
        {"webTitle": "Sirens over Zhytomyr", "fields": {"bodyText": ""}},
    ],
)
def test_a_headline_alone_is_a_bulletin_in_json(tmp_path: Path, record: dict) -> None:
    path = write(tmp_path, "h.jsonl", json.dumps(record) + "\n")
    (bulletin,) = list(read_input(str(path)))
    assert isinstance(bulletin, RawBulletin)
    assert (bulletin.text, bulletin.title) == ("Sirens over Zhytomyr", "Sirens over Zhytomyr")
