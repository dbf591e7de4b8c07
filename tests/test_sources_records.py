import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.records import MAX_TEXT_BYTES, Origin, host_of, make_bulletin

NOON = datetime(2022, 7, 11, 12, tzinfo=UTC)
EVENING = datetime(2022, 7, 11, 18, tzinfo=UTC)


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("https://www.theguardian.com/world/x", "theguardian.com"),
        ("http://News.Example.org:8080/a", "news.example.org"),
        ("https://wwwnews.example/", "wwwnews.example"),
        ("www.example.org/no-scheme", None),
        ("http://[::1", None),
        (None, None),
        ("", None),
    ],
)
def test_host_of(url: str | None, host: str | None) -> None:
    assert host_of(url) == host


@pytest.mark.parametrize(
    ("record_source", "given_source", "url", "expected"),
    [
        ("Record Wire", "Given", "https://www.lp.example/a", "Record Wire"),
        (None, "Given", "https://www.lp.example/a", "Given"),
        (None, None, "https://www.lp.example/a", "lp.example"),
        (None, None, None, "stem"),
        ("  ", None, None, "stem"),
    ],
)
def test_source_precedence(
    record_source: str | None, given_source: str | None, url: str | None, expected: str
) -> None:
    origin = Origin(where="stem.json", fallback_source="stem", source=given_source)
    bulletin = make_bulletin(origin, "w", text="T", source=record_source, url=url)
    assert bulletin.source == expected


@pytest.mark.parametrize(
    ("record_date", "given_date", "expected"),
    [(NOON, EVENING, NOON), (None, EVENING, EVENING), (None, None, None)],
)
def test_published_precedence(
    record_date: datetime | None, given_date: datetime | None, expected: datetime | None
) -> None:
    origin = Origin(where="x", fallback_source="x", published=given_date)
    assert make_bulletin(origin, "w", text="T", published=record_date).published == expected


def test_fields_are_cleaned() -> None:
    origin = Origin(where="x", fallback_source="x")
    bulletin = make_bulletin(
        origin,
        "x, record 1",
        text="  Body\x07 text\r\n\r\nnext ",
        title=" A\n title ",
        source=" Wire\t",
        url=" https://www.lp.example/a ",
    )
    assert bulletin == RawBulletin(
        text="Body text\n\nnext",
        title="A title",
        source="Wire",
        url="https://www.lp.example/a",
        where="x, record 1",
    )


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no text"),
        (" \n\x00 ", "no text"),
        ("é" * (MAX_TEXT_BYTES // 2 + 1), "text is 5.0 MB, more than the 5 MB limit"),
    ],
)
def test_unusable_text(text: str, reason: str) -> None:
    origin = Origin(where="x", fallback_source="x")
    assert make_bulletin(origin, "x, line 3", text=text) == Rejection(
        where="x, line 3", reason=reason
    )


def test_text_at_the_limit_is_kept() -> None:
    origin = Origin(where="x", fallback_source="x")
    assert isinstance(make_bulletin(origin, "x", text="a" * MAX_TEXT_BYTES), RawBulletin)


def test_arguments_fill_in_through_read_input(tmp_path: Path) -> None:
    path = tmp_path / "desk.json"
    records = [
        {"text": "Own source and date.", "outlet": "Own", "date": "2022-07-11T12:00:00Z"},
        {"text": "Only a URL.", "link": "https://www.lp.example/x"},
        {"text": "Nothing of its own."},
    ]
    path.write_text(json.dumps(records), encoding="utf-8")
    naive_evening = datetime(2022, 7, 11, 18)
    given = list(read_input(str(path), source=" Desk ", published=naive_evening))
    assert [(b.source, b.published) for b in given] == [
        ("Own", NOON),
        ("Desk", EVENING),
        ("Desk", EVENING),
    ]
    plain = list(read_input(str(path)))
    assert [(b.source, b.published) for b in plain] == [
        ("Own", NOON),
        ("lp.example", None),
        ("desk", None),
    ]


def test_published_argument_is_converted_to_utc(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Something happened.", encoding="utf-8")
    kyiv_summer = timezone(timedelta(hours=3))
    (bulletin,) = read_input(str(path), published=datetime(2022, 7, 11, 21, tzinfo=kyiv_summer))
    assert bulletin.published == EVENING
    assert bulletin.published.tzinfo is UTC
