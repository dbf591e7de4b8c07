"""API responses in their envelopes, JSON Feed, nested lists of records and the field names
real datasets use (newsroom.sources.tabular)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom.models import Notice, RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.records import Origin
from newsroom.sources.tabular import record_to_bulletin
from tests.conftest import Wiredesk

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
ORIGIN = Origin(where="in.json", fallback_source="in")


def read(path: Path | str) -> list[RawBulletin | Rejection | Notice]:
    return list(read_input(str(path)))


def write(tmp_path: Path, name: str, document: object) -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_guardian_content_api() -> None:
    path = FIXTURES / "guardian-api.json"
    notice, ferry, water, broken = read(path)
    assert notice == Notice(where=str(path), message="records read from response.results")
    assert ferry == RawBulletin(
        text="The ferry crossing near Hola Prystan reopened on Sunday, its operator said. Local"
        " officials said they could not confirm when the second vessel would return to service.",
        title="Kherson ferry crossing reopens after two weeks",
        source="theguardian.example",
        published=datetime(2022, 7, 3, 14, 22, 5, tzinfo=UTC),
        url="https://www.theguardian.example/world/2022/jul/03/kherson-ferry-crossing-reopens",
        where=f"{path}, record 1",
    )
    # An empty bodyText falls back to the trail text, its entities decoded.
    assert water.text == "Residents queue at 'water points' across the city"
    assert broken == Rejection(
        where=f"{path}, record 3",
        reason="unreadable date 'the second of July' in field 'webPublicationDate'",
    )


def test_a_single_item_response_is_one_record(tmp_path: Path) -> None:
    """The Guardian's single-item endpoint answers with response.content, one record."""
    document = {
        "response": {
            "status": "ok",
            "total": 1,
            "content": {
                "id": "world/2022/jul/03/tesk",
                "webPublicationDate": "2022-07-03T14:22:05Z",
                "webTitle": "Tesk ferry crossing reopens",
                "webUrl": "https://www.theguardian.example/world/2022/jul/03/tesk",
                "fields": {"bodyText": "The ferry crossing near Tesk reopened on Sunday."},
            },
        }
    }
    notice, bulletin = read(write(tmp_path, "item.json", document))
    assert notice == Notice(
        where=str(tmp_path / "item.json"), message="record read from response.content"
    )
    assert isinstance(bulletin, RawBulletin)
    assert (bulletin.text, bulletin.title, bulletin.published) == (
        "The ferry crossing near Tesk reopened on Sunday.",
        "Tesk ferry crossing reopens",
        datetime(2022, 7, 3, 14, 22, 5, tzinfo=UTC),
    )


def test_an_envelope_with_two_single_records_is_refused(tmp_path: Path) -> None:
    document = {"a": {"text": "One."}, "b": {"text": "Two."}}
    (rejection,) = read(write(tmp_path, "two.json", document))
    assert isinstance(rejection, Rejection)
    assert rejection.reason.startswith("no records")


def test_newsapi() -> None:
    path = FIXTURES / "newsapi.json"
    barges, convoy, empty = read(path)
    assert barges.source == "Danube Herald"
    assert barges.published == datetime(2022, 7, 4, 5, 45, tzinfo=UTC)
    # The "… [+5692 chars]" marker and the word it cut ("wai…") are gone.
    assert barges.text.endswith("One captain said his crew had been")
    assert (
        convoy.text == "An aid convoy reached the outskirts of the city on Sunday, volunteers said."
    )
    assert convoy.source == "Lakes Radio"
    assert isinstance(empty, Rejection)
    assert empty.where == f"{path}, record 3"
    assert empty.reason.startswith("field 'content' is empty")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("Aid reached the town, officials sa… [+5692 chars]", "Aid reached the town, officials"),
        ("Aid reached the town. … [+12 chars]", "Aid reached the town."),
        ("Aid reached the town [+1,204 chars]", "Aid reached the town"),
        # the ellipsis as three dots, as saved by tools that write ASCII
        ("Aid reached the town, officials sa... [+5692 chars]", "Aid reached the town, officials"),
        ("Aid reached the town, officials sa...[+5692 chars]", "Aid reached the town, officials"),
        ("Aid reached the town. ... [+12 chars]", "Aid reached the town."),
        ("A list [+3] of figures stays.", "A list [+3] of figures stays."),
        ("Nothing cut here.", "Nothing cut here."),
    ],
)
def test_truncation_markers_are_removed(content: str, expected: str) -> None:
    assert record_to_bulletin({"content": content}, ORIGIN, "here").text == expected


def test_reliefweb_api() -> None:
    path = FIXTURES / "reliefweb-api.json"
    report, broken = read(path)
    assert report.text == (
        "Some 1,200 people left Chuhuiv district this week, according to local authorities.\n\n"
        "Humanitarian partners are scaling up shelter assistance."
    )
    assert report.title == "Flash update 14: displacement in Kharkiv oblast"
    assert report.published == datetime(2022, 7, 4, tzinfo=UTC)  # date.original
    assert (
        report.source == "UN Office for the Coordination of Humanitarian Affairs, Shelter Cluster"
    )
    assert report.url == "https://reliefweb.example/report/ukraine/flash-update-14"
    assert broken == Rejection(
        where=f"{path}, record 2", reason="unreadable date 'not a date' in field 'date'"
    )


def test_place_fields_given_as_named_objects_are_kept() -> None:
    """ReliefWeb names a report's countries as objects ({"name": "Ukraine", "iso3": ...})."""
    record = {
        "title": "Flash update 15",
        "body": "<p>Shelter assistance is being scaled up.</p>",
        "country": [{"id": 241, "name": "Ukraine", "iso3": "ukr"}, {"name": "Moldova"}],
        "location": {"name": "Chuhuiv"},
    }
    bulletin = record_to_bulletin(record, ORIGIN, "record 1")
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.details == {"location": "Chuhuiv", "country": "Ukraine, Moldova"}
    assert bulletin.place == "Chuhuiv, Ukraine, Moldova"


def test_json_feed() -> None:
    path = FIXTURES / "feed.json"
    metro, bread, broken = read(path)
    assert metro == RawBulletin(
        text="The city’s metro will keep its stations open overnight, the mayor said.\n\n"
        "Trains are running every 15 minutes.",
        title="Metro stations stay open as shelters",
        source="Kharkiv Evening Dispatch",
        published=datetime(2022, 7, 3, 16, 30, tzinfo=UTC),
        url="https://dispatch.example/2022/07/03/metro",
        where=f"{path}, record 1",
        guid="https://dispatch.example/2022/07/03/metro",  # the item's id (live sources)
    )
    assert (bread.text, bread.published) == (
        "Two bakeries in Saltivka will stay open until curfew, their owners said.",
        datetime(2022, 7, 3, 17, tzinfo=UTC),
    )
    assert broken.where == f"{path}, record 3"
    assert "in field 'date_published'" in broken.reason


@pytest.mark.parametrize(
    "version", ["https://jsonfeed.org/version/1", "https://jsonfeed.org/version/1.1"]
)
def test_json_feed_versions_and_the_callers_source(tmp_path: Path, version: str) -> None:
    feed = {
        "version": version,
        "title": "Border Notes",
        "items": [
            {
                "id": "1",
                "content_text": "Queues at the crossing.",
                "date_published": "2022-07-03T08:00:00Z",
            }
        ],
    }
    path = write(tmp_path, "feed.json", feed)
    (bulletin,) = read(path)
    assert bulletin.source == "Border Notes"
    (given,) = list(read_input(str(path), source="Desk"))
    assert given.source == "Desk"


@pytest.mark.parametrize(
    ("addresses", "expected"),
    [
        ({"feed_url": "https://notes.example/feeds/main.json"}, "https://notes.example/2022/07/a"),
        ({"home_page_url": "https://notes.example/border/"}, "https://notes.example/2022/07/a"),
        ({}, "/2022/07/a"),  # nothing to resolve it against: kept as written
    ],
)
def test_json_feed_relative_links_are_resolved_against_the_feed(
    tmp_path: Path, addresses: dict[str, str], expected: str
) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Border Notes",
        **addresses,
        "items": [
            {"id": "1", "url": "/2022/07/a", "content_text": "Queues at the crossing."},
            {"id": "2", "url": "b", "content_text": "The crossing closed at dusk."},
        ],
    }
    first, second = read(write(tmp_path, "feed.json", feed))
    assert first.url == expected
    if addresses:
        assert second.url is not None and second.url.startswith("https://notes.example/")


def test_relative_links_in_fetched_records_are_resolved_against_the_url() -> None:
    record = {"text": "Queues at the crossing.", "url": "/2022/07/a"}
    address = "https://notes.example/api/x.json"
    fetched = Origin(where=address, fallback_source="notes.example", url=address)
    bulletin = record_to_bulletin(record, fetched, "record 1")
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.url == "https://notes.example/2022/07/a"
    assert record_to_bulletin(record, ORIGIN, "record 1").url == "/2022/07/a"  # type: ignore[union-attr]


def test_any_nested_list_of_records_is_found_and_its_path_reported(
    wiredesk: Wiredesk,
) -> None:
    path = FIXTURES / "nested.json"
    results = read(path)
    assert results[0] == Notice(where=str(path), message="records read from payload.bulletins")
    assert [r.title for r in results[1:3]] == [
        "Inspectors still waiting for access to the plant",
        "Enerhodar without water",
    ]
    assert results[3] == Rejection(
        where=f"{path}, record 3", reason="field 'body' holds an object, not text"
    )
    run = wiredesk("ingest", str(path))
    assert run.stdout.rstrip("\n").endswith(f"; {path}: records read from payload.bulletins")


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ({"result": {"items": [{"text": "A."}]}}, "result.items"),
        ({"a": {"b": {"c": {"rows": [{"notes": "A."}]}}}}, "a.b.c.rows"),
        (
            {"meta": {"tags": [{"id": 1}]}, "response": {"results": [{"text": "A."}]}},
            "response.results",
        ),
        ({"east": {"rows": [{"text": "A."}]}, "west": {"rows": [{"text": "B."}]}}, None),
    ],
    ids=["two-deep", "four-deep", "preferred-name", "ambiguous"],
)
def test_nested_paths(tmp_path: Path, document: dict, path: str | None) -> None:
    results = read(write(tmp_path, "x.json", document))
    if path is None:
        (rejection,) = results
        assert "more than one list of records ('east.rows', 'west.rows')" in rejection.reason
    else:
        assert results[0].message == f"records read from {path}"
        assert results[1].text == "A."


def test_a_list_at_the_top_is_reported_without_a_path(tmp_path: Path) -> None:
    results = read(write(tmp_path, "x.json", {"articles": [{"text": "A."}]}))
    assert [type(r).__name__ for r in results] == ["RawBulletin"]


@pytest.mark.parametrize(
    ("record", "role", "expected"),
    [
        ({"notes": "Shelling reported."}, "text", "Shelling reported."),
        ({"description": "Shelling reported."}, "text", "Shelling reported."),
        ({"summary": "Shelling reported."}, "text", "Shelling reported."),
        ({"bodyText": "Shelling reported."}, "text", "Shelling reported."),
        ({"content_text": "Shelling reported."}, "text", "Shelling reported."),
        ({"content_html": "<p>Shelling <b>reported</b>.</p>"}, "text", "Shelling reported."),
        ({"text": "T", "event_date": "2022-07-03"}, "published", datetime(2022, 7, 3, tzinfo=UTC)),
        (
            {"text": "T", "date_published": "2022-07-03T10:00:00+02:00"},
            "published",
            datetime(2022, 7, 3, 8, tzinfo=UTC),
        ),
        (
            {"text": "T", "webPublicationDate": "2022-07-03T10:00:00Z"},
            "published",
            datetime(2022, 7, 3, 10, tzinfo=UTC),
        ),
        (
            {"text": "T", "publishedAt": "2022-07-03T10:00:00Z"},
            "published",
            datetime(2022, 7, 3, 10, tzinfo=UTC),
        ),
        (
            {"text": "T", "date.original": "2022-07-03T10:00:00Z"},
            "published",
            datetime(2022, 7, 3, 10, tzinfo=UTC),
        ),
        (
            {"text": "T", "ts": "1656842400.000100"},
            "published",
            datetime(2022, 7, 3, 10, 0, 0, 100, tzinfo=UTC),
        ),
        (
            {"text": "T", "date": "2022-07-03T13:00:00", "date_unixtime": "1656842400"},
            "published",
            datetime(2022, 7, 3, 10, tzinfo=UTC),
        ),
        ({"text": "T", "webTitle": "A headline"}, "title", "A headline"),
        ({"text": "T", "webUrl": "https://x.example/a"}, "url", "https://x.example/a"),
    ],
)
def test_field_names_real_datasets_use(record: dict, role: str, expected: object) -> None:
    assert getattr(record_to_bulletin(record, ORIGIN, "here"), role) == expected


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"text": "Kyiv&#039;s mayor said so."}, "Kyiv's mayor said so."),
        ({"text": "Salt &amp; grain &quot;shipped&quot;"}, 'Salt & grain "shipped"'),
        ({"text": "&lt;b&gt; is a tag"}, "<b> is a tag"),
        ({"text": "Losses <5% and >2%"}, "Losses <5% and >2%"),
        ({"text": "One<br>two <i>three</i>"}, "One two three"),
    ],
)
def test_entities_and_markup_in_json_text(record: dict, expected: str) -> None:
    assert record_to_bulletin(record, ORIGIN, "here").text == expected


def test_entities_in_csv_and_markdown(tmp_path: Path) -> None:
    csv_path = tmp_path / "a.csv"
    csv_path.write_text("title,text\nMayor&#039;s office,Kyiv&#039;s mayor &amp; aides left.\n")
    (row,) = read(csv_path)
    assert (row.title, row.text) == ("Mayor's office", "Kyiv's mayor & aides left.")
    md_path = tmp_path / "a.md"
    md_path.write_text("# Kyiv&#039;s day\n\nThe mayor&#8217;s **office** said so &amp; left.\n")
    (page,) = read(md_path)
    assert (page.title, page.text) == ("Kyiv's day", "The mayor’s office said so & left.")
