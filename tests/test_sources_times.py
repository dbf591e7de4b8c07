"""Times, never guessed silently (issue 10, part 4): zones, day/month order, languages, HTML.

Every fixture under tests/fixtures/dates is fictional and written for these tests.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsroom.errors import UserError
from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.dates import DateContext
from newsroom.sources.zones import zone_named
from tests.conftest import SHARED_DATA, Wiredesk, needs_shared_data

FIXTURES = Path(__file__).parent / "fixtures" / "dates"
ROOT = Path(__file__).resolve().parents[1]


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


ZONED = [
    utc(2022, 7, 3, 8),  # July 3, 2022 09:00 BST
    utc(2022, 7, 3, 6),  # ... EEST
    utc(2022, 7, 3, 7),  # ... CEST
    utc(2019, 10, 15, 15, 0, 12),  # Tue Oct 15 2019 17:00:12 GMT+0200
    utc(2019, 10, 15, 15),  # 15 Oct 2019 17:00 GMT+2
    utc(2019, 10, 15, 15, 0, 12),  # 2019-10-15 17:00:12 UTC+2
]


def times(path: Path, **options: object) -> list[datetime | None]:
    records = list(read_input(str(path), **options))  # type: ignore[arg-type]
    assert all(isinstance(r, RawBulletin) for r in records), records
    return [r.published for r in records]  # type: ignore[union-attr]


@pytest.mark.parametrize(
    "name", ["zones.csv", "zones.json", "zones.jsonl", "zones.rss", "zones.atom"]
)
def test_named_zones_and_gmt_offsets_in_every_format(name: str) -> None:
    assert times(FIXTURES / name) == ZONED


HOST_ZONES = [
    "UTC",
    "America/New_York",
    "Asia/Tokyo",
    "Asia/Kolkata",
    "Pacific/Chatham",
    "Europe/London",
]
_PRINT_TIMES = """
import json, sys
from newsroom.sources import read_input
print(json.dumps({name: [r.published.isoformat() for r in read_input(name)] for name in sys.argv[1:]}))
"""


def test_times_do_not_depend_on_the_host_zone() -> None:
    """The same files read under six host time zones give the same UTC times."""
    names = [
        str(FIXTURES / name)
        for name in (
            "zones.csv",
            "zones.rss",
            "day-first.csv",
            "languages.rss",
            "slashes.rss",
            "published-meta.html",
            "byline-text.html",
            "live-blog.html",
        )
    ]
    outputs = set()
    for zone in HOST_ZONES:
        run = subprocess.run(
            [sys.executable, "-c", _PRINT_TIMES, *names],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "TZ": zone},
            check=True,
        )
        outputs.add(run.stdout)
    assert len(outputs) == 1
    (output,) = outputs
    found = json.loads(output)
    assert found[names[0]] == [t.isoformat() for t in ZONED]
    assert found[names[5]] == ["2022-06-27T15:00:00+00:00"]


def test_a_zone_name_is_never_the_host_zone_because_the_host_uses_that_name() -> None:
    """Under a host zone called XYZ (POSIX TZ "XYZ-3"), "XYZ" in a date is still unknown."""
    script = (
        "from newsroom.sources.dates import parse_date\n"
        "try:\n    print(parse_date('3 July 2022 09:00 XYZ'))\n"
        "except ValueError as error:\n    print(error)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**os.environ, "TZ": "XYZ-3"},
        check=True,
    )
    assert run.stdout.strip() == "unreadable date '3 July 2022 09:00 XYZ': unknown time zone"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3 July 2022 09:00 MSK", utc(2022, 7, 3, 6)),
        ("July 3, 2022 09:00 EDT", utc(2022, 7, 3, 13)),
        ("July 3, 2022 09:00 PDT", utc(2022, 7, 3, 16)),
        ("3 July 2022 09:00 JST", utc(2022, 7, 3, 0)),
        ("3 Jan 2022 09:00 EET", utc(2022, 1, 3, 7)),
        ("2022-07-03 09:00 GMT-5", utc(2022, 7, 3, 14)),
        ("2022-07-03 09:00 UTC+05:30", utc(2022, 7, 3, 3, 30)),
        ("Sun Jul 03 2022 09:00:00 GMT+0300 (Eastern European Summer Time)", utc(2022, 7, 3, 6)),
        ("2022-07-03 09:00 Europe/Kyiv", utc(2022, 7, 3, 6)),
        ("2022-01-03 09:00 Europe/Kyiv", utc(2022, 1, 3, 7)),
        ("Sun, 03 Jul 2022 09:00:00 BST", utc(2022, 7, 3, 8)),
    ],
)
def test_sibling_zones(value: str, expected: datetime) -> None:
    from newsroom.sources.dates import parse_date

    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("July 3, 2022 09:00 IST", "ambiguous time zone 'IST'"),
        ("3 July 2022 09:00 AST", "ambiguous time zone 'AST'"),
        ("3 July 2022 09:00 QQT", "unknown time zone"),
    ],
)
def test_zones_that_cannot_be_told_are_refused(value: str, message: str) -> None:
    from newsroom.sources.dates import parse_date

    with pytest.raises(ValueError, match=message):
        parse_date(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("July 3, 2022, 09:00 (EEST)", utc(2022, 7, 3, 6)),
        ("3 July 2022 09:00 AM (BST)", utc(2022, 7, 3, 8)),
        ("July 3, 2022 09:00 (Europe/Kyiv)", utc(2022, 7, 3, 6)),
        ("Sun Jul 03 2022 09:00:00 GMT+0300 (EEST)", utc(2022, 7, 3, 6)),
    ],
)
def test_a_zone_in_brackets_is_the_times_zone(value: str, expected: datetime) -> None:
    """A zone written in brackets after the time is read, not dropped as a long name."""
    from newsroom.sources.dates import parse_date

    dates = DateContext()
    assert parse_date(value, dates) == expected
    assert dates.naive == 0


def test_an_ambiguous_zone_in_brackets_is_still_refused() -> None:
    from newsroom.sources.dates import parse_date

    with pytest.raises(ValueError, match="ambiguous time zone 'IST'"):
        parse_date("July 3, 2022 09:00 (IST)")


def test_the_abbreviation_table_is_data_in_one_place() -> None:
    from newsroom.sources.zones import TABLE, abbreviations

    table = abbreviations()
    assert TABLE.name == "zones.toml"
    assert (table["BST"], table["CEST"], table["EEST"], table["MSK"]) == (
        "+01:00",
        "+02:00",
        "+03:00",
        "+03:00",
    )
    assert "IST" not in table


# One day/month order per file ---------------------------------------------------------


def test_a_file_is_read_in_the_order_its_unambiguous_dates_show() -> None:
    assert times(FIXTURES / "day-first.csv") == [
        utc(2022, 7, 3),
        utc(2022, 7, 13, 14, 30),
        utc(2022, 7, 12, 9, 15),
    ]
    assert times(FIXTURES / "day-first.jsonl") == [
        utc(2022, 7, 4, 8),
        utc(2022, 7, 5, 10),
        utc(2022, 7, 25, 18, 45),
    ]
    assert times(FIXTURES / "month-first.csv") == [utc(2022, 7, 3), utc(2022, 7, 13, 14, 30)]
    assert times(FIXTURES / "day-first.rss") == [utc(2022, 7, 3, 9), utc(2022, 7, 14, 16, 20)]


def test_a_json_array_and_a_feed_are_read_in_one_order(tmp_path: Path) -> None:
    records = [
        {
            "date": "04/07/2022 10:00",
            "text": "The ferry crossing to Tesk reopened, officials said.",
        },
        {"date": "07/25/2022", "text": "A second convoy reached Velmar, the port authority said."},
    ]
    path = tmp_path / "wire.json"
    path.write_text(json.dumps(records), encoding="utf-8")
    assert times(path) == [utc(2022, 4, 7, 10), utc(2022, 7, 25)]


@pytest.mark.parametrize("name", ["ambiguous.csv", "mixed-order.csv"])
def test_a_file_whose_order_cannot_be_decided_is_refused(name: str) -> None:
    with pytest.raises(UserError, match="--dayfirst or --monthfirst"):
        list(read_input(str(FIXTURES / name)))


def test_the_user_can_give_the_order() -> None:
    day_first = DateContext(order="day", forced=True)
    assert times(FIXTURES / "ambiguous.csv", dates=day_first.for_input()) == [
        utc(2022, 7, 3),
        utc(2022, 7, 4, 14, 30),
    ]
    month_first = DateContext(order="month", forced=True)
    assert times(FIXTURES / "ambiguous.csv", dates=month_first.for_input()) == [
        utc(2022, 3, 7),
        utc(2022, 4, 7, 14, 30),
    ]
    records = list(read_input(str(FIXTURES / "mixed-order.csv"), dates=day_first.for_input()))
    assert [getattr(r, "published", None) for r in records] == [
        utc(2022, 7, 13),
        None,
        utc(2022, 7, 3),
    ]
    assert isinstance(records[1], Rejection)
    assert "'07/14/2022' is not day-first" in records[1].reason
    assert records[1].where.endswith("mixed-order.csv, line 3")


def test_dates_that_read_the_same_either_way_need_no_order(tmp_path: Path) -> None:
    path = tmp_path / "same.csv"
    path.write_text(
        "date,text\n05/05/2022,The ferry crossing reopened.\n2022/6/7,Convoy arrived.\n",
        encoding="utf-8",
    )
    assert times(path) == [utc(2022, 5, 5), utc(2022, 6, 7)]


def test_the_order_settled_by_an_earlier_date_holds_for_later_ones(tmp_path: Path) -> None:
    path = tmp_path / "settled.jsonl"
    path.write_text(
        '{"date": "25/06/2022 10:00", "text": "The convoy reached Velmar, officials said."}\n'
        '{"date": "03/07/2022 10:00", "text": "The ferry crossing reopened, officials said."}\n',
        encoding="utf-8",
    )
    assert times(path) == [utc(2022, 6, 25, 10), utc(2022, 7, 3, 10)]


def test_feed_dates_year_first_and_in_other_languages() -> None:
    assert times(FIXTURES / "slashes.rss") == [utc(2016, 6, 29, 15, 7, 41), utc(2016, 7, 3, 8)]
    assert times(FIXTURES / "languages.rss") == [utc(2018, 9, 24, 22, 42, 40)] * 6


# HTML ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("published-meta.html", utc(2022, 6, 27, 15)),  # not the modified time, not a comment's
        # not the masthead's day, last-modified, related links or comments
        ("byline-time.html", utc(2022, 7, 4, 9, 30)),
        ("byline-text.html", utc(2022, 6, 27, 17)),  # not "Last updated", not a comment's
    ],
)
def test_an_html_page_time_at_full_precision_from_its_byline(name: str, expected: datetime) -> None:
    assert times(FIXTURES / name) == [expected]


def test_each_live_blog_post_has_its_own_time() -> None:
    bulletins = list(read_input(str(FIXTURES / "live-blog.html")))
    assert [b.published for b in bulletins] == [  # type: ignore[union-attr]
        utc(2022, 7, 3, 9, 32),
        utc(2022, 7, 3, 9, 5),
        utc(2022, 7, 3, 6, 40),
    ]
    assert [b.url.rsplit("#", 1)[1] for b in bulletins] == ["block-3", "block-2", "block-1"]  # type: ignore[union-attr]
    assert bulletins[0].text.startswith("Velmar crossing stays closed")  # type: ignore[union-attr]


def test_json_ld_live_blog_updates_have_their_own_time(tmp_path: Path) -> None:
    updates = [
        {
            "@type": "BlogPosting",
            "datePublished": stamp,
            "articleBody": body,
            "url": f"https://desk.example/live#post-{n}",
        }
        for n, (stamp, body) in enumerate(
            [
                ("2022-07-03T11:15:00+03:00", "Sirens sounded in Norvik shortly after eleven."),
                ("2022-07-03T10:50:00+03:00", "The port authority in Tesk closed the harbour."),
            ]
        )
    ]
    data = {"@context": "https://schema.org", "@type": "LiveBlogPosting", "liveBlogUpdate": updates}
    posts = "".join(f"<div><p>{u['articleBody']}</p></div>" for u in updates)
    path = tmp_path / "live.html"
    path.write_text(
        "<html><head><title>Live</title>"
        f"<script type='application/ld+json'>{json.dumps(data)}</script></head>"
        f"<body><article><h1>Live</h1>{posts}</article></body></html>",
        encoding="utf-8",
    )
    assert times(path) == [utc(2022, 7, 3, 8, 15), utc(2022, 7, 3, 7, 50)]


# --timezone and the closing line --------------------------------------------------------

NAIVE_CSV = (
    "date,text\n"
    "2022-07-03 09:00,The ferry crossing to Tesk reopened on Sunday morning.\n"
    "2022-01-03 09:00,Two ferries were docked at the Velmar harbour in the storm.\n"
    "2022-07-03T09:00:00Z,Shelling was reported near the Norvik river port overnight.\n"
)


def stored_times(db_path: Path) -> list[str]:
    with sqlite3.connect(db_path) as connection:
        return [row[0] for row in connection.execute("SELECT published FROM bulletins ORDER BY id")]


def test_naive_times_are_read_in_the_given_zone(
    tmp_path: Path, wiredesk: Wiredesk, db_path: Path
) -> None:
    path = tmp_path / "naive.csv"
    path.write_text(NAIVE_CSV, encoding="utf-8")
    result = wiredesk("ingest", str(path), "--timezone", "Europe/Kyiv")
    assert result.exit_code == 0, result.output
    assert stored_times(db_path) == [
        "2022-07-03T06:00:00+00:00",  # EEST in summer
        "2022-01-03T07:00:00+00:00",  # EET in winter
        "2022-07-03T09:00:00+00:00",  # its own zone
    ]
    assert result.stdout.strip().endswith("2 times without a zone read as Europe/Kyiv")


def test_naive_times_default_to_utc_and_the_closing_line_says_so(
    tmp_path: Path, wiredesk: Wiredesk, db_path: Path
) -> None:
    path = tmp_path / "naive.csv"
    path.write_text(NAIVE_CSV, encoding="utf-8")
    result = wiredesk("ingest", str(path))
    assert result.exit_code == 0, result.output
    assert stored_times(db_path)[:2] == ["2022-07-03T09:00:00+00:00", "2022-01-03T09:00:00+00:00"]
    assert result.stdout.strip().endswith("2 times without a zone read as UTC")
    zoned = wiredesk("ingest", str(FIXTURES / "zones.csv"))
    assert "without a zone" not in zoned.stdout


def test_ingest_options_for_the_day_order(wiredesk: Wiredesk, db_path: Path) -> None:
    refused = wiredesk("ingest", str(FIXTURES / "ambiguous.csv"))
    assert refused.exit_code == 1
    assert "not ingested" in refused.stderr and "--dayfirst or --monthfirst" in refused.stderr
    assert "Traceback" not in refused.output
    assert stored_times(db_path) == []
    read = wiredesk("ingest", str(FIXTURES / "ambiguous.csv"), "--monthfirst")
    assert read.exit_code == 0, read.output
    assert stored_times(db_path) == ["2022-03-07T00:00:00+00:00", "2022-04-07T14:30:00+00:00"]
    both = wiredesk("ingest", str(FIXTURES / "ambiguous.csv"), "--dayfirst", "--monthfirst")
    assert both.exit_code == 2
    assert "cannot be given together" in both.stderr


def test_an_unknown_timezone_is_refused(wiredesk: Wiredesk) -> None:
    result = wiredesk("ingest", str(FIXTURES / "zones.csv"), "--timezone", "Mars/Olympus")
    assert result.exit_code == 2
    assert "--timezone: unknown time zone 'Mars/Olympus'" in result.stderr
    assert zone_named("Europe/Kyiv").key == "Europe/Kyiv"  # type: ignore[attr-defined]


@needs_shared_data
def test_the_guardian_csv_keeps_its_times() -> None:
    """No format regression: each article keeps the ISO time of its Date column."""
    import csv

    path = SHARED_DATA / "guardian-ukraine-2022.csv"
    with open(path, encoding="utf-8", newline="") as stream:
        expected = [datetime.fromisoformat(row["Date"]) for row in csv.DictReader(stream)]
    found = times(path)
    assert len(found) == len(expected) == 199
    assert found == [e if e.tzinfo else e.replace(tzinfo=UTC) for e in expected]


def test_published_without_a_zone_is_read_in_the_given_zone(
    tmp_path: Path, wiredesk: Wiredesk, db_path: Path
) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Officials in Velmar said the ferry crossing would stay closed.\n")
    args = ("--published", "2022-07-03 12:00", "--timezone", "Europe/Kyiv")
    result = wiredesk("ingest", str(path), *args)
    assert result.exit_code == 0, result.output
    assert stored_times(db_path) == ["2022-07-03T09:00:00+00:00"]


def test_a_record_with_an_ambiguous_zone_is_rejected_alone(tmp_path: Path) -> None:
    path = tmp_path / "zones.csv"
    path.write_text(
        "date,text\n"
        '"3 July 2022 09:00 IST","Officials in Velmar said the ferry crossing was closed."\n'
        '"3 July 2022 09:00 MSK","The port authority in Tesk said two ferries were docked."\n',
        encoding="utf-8",
    )
    rejected, kept = read_input(str(path))
    assert isinstance(rejected, Rejection)
    assert rejected.where.endswith("zones.csv, line 2")
    assert "ambiguous time zone 'IST'" in rejected.reason
    assert "in field 'date'" in rejected.reason
    assert isinstance(kept, RawBulletin)
    assert kept.published == utc(2022, 7, 3, 6)


def test_live_blog_clock_times_are_on_the_page_day_in_the_given_zone(tmp_path: Path) -> None:
    page = (FIXTURES / "live-blog.html").read_text(encoding="utf-8")
    page = page.replace(" BST</time>", "</time>")
    page = page.replace("2022-07-03T05:30:00+00:00", "2022-07-02T22:30:00+00:00")
    path = tmp_path / "live.html"
    path.write_text(page, encoding="utf-8")
    kyiv = DateContext(zone=zone_named("Europe/Kyiv"))
    # The page was published at 22:30 UTC on 2 July, 01:30 on 3 July in Kyiv, where its posts'
    # clock times are: they are on 3 July.
    assert times(path, dates=kyiv) == [
        utc(2022, 7, 3, 7, 32),
        utc(2022, 7, 3, 7, 5),
        utc(2022, 7, 3, 4, 40),
    ]
    assert kyiv.naive == 3


@pytest.mark.parametrize(
    ("zone", "published", "expected"),
    [
        # 23:30 UTC on 2 July is 00:30 BST on 3 July: the posts' BST clock times are on 3 July
        (
            "BST",
            "2022-07-02T23:30:00+00:00",
            [utc(2022, 7, 3, 9, 32), utc(2022, 7, 3, 9, 5), utc(2022, 7, 3, 6, 40)],
        ),
        # 22:30 UTC on 2 July is 07:30 JST on 3 July
        (
            "JST",
            "2022-07-02T22:30:00+00:00",
            [utc(2022, 7, 3, 1, 32), utc(2022, 7, 3, 1, 5), utc(2022, 7, 2, 22, 40)],
        ),
        (
            "+03:00",
            "2022-07-02T21:30:00+00:00",
            [utc(2022, 7, 3, 7, 32), utc(2022, 7, 3, 7, 5), utc(2022, 7, 3, 4, 40)],
        ),
    ],
)
def test_live_blog_clock_times_with_a_zone_are_on_the_page_day_in_that_zone(
    tmp_path: Path, zone: str, published: str, expected: list[datetime]
) -> None:
    page = (FIXTURES / "live-blog.html").read_text(encoding="utf-8")
    page = page.replace(" BST</time>", f" {zone}</time>")
    page = page.replace("2022-07-03T05:30:00+00:00", published)
    path = tmp_path / "live.html"
    path.write_text(page, encoding="utf-8")
    dates = DateContext()
    assert times(path, dates=dates) == expected
    assert dates.naive == 0


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2022-03-27 03:30", "no such time: 2022-03-27 03:30:00 in Europe/Kyiv was skipped"),
        ("2022-10-30 03:30", "ambiguous time: 2022-10-30 03:30:00 in Europe/Kyiv happened twice"),
        ("2022-10-30 03:30 Europe/Kyiv", "ambiguous time"),
    ],
)
def test_wall_clock_times_a_clock_change_skipped_or_repeated_are_refused(
    value: str, message: str
) -> None:
    from newsroom.sources.dates import parse_date

    with pytest.raises(ValueError, match=message):
        parse_date(value, DateContext(zone=zone_named("Europe/Kyiv")))


def test_only_times_without_a_zone_are_counted() -> None:
    from newsroom.sources.dates import parse_date

    kyiv = DateContext(zone=zone_named("Europe/Kyiv"))
    assert parse_date("2022-10-30 04:30", kyiv) == utc(2022, 10, 30, 2, 30)
    assert parse_date("2022-10-30 02:30+03:00", kyiv) == utc(2022, 10, 29, 23, 30)
    assert parse_date("2022-07-03 09:00 Europe/Kyiv", kyiv) == utc(2022, 7, 3, 6)
    assert kyiv.naive == 1
