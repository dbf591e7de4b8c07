import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from newsroom.sources.dates import parse_date

JULY_11 = datetime(2022, 7, 11, tzinfo=UTC)
NOON = datetime(2022, 7, 11, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-07-11T12:00:00Z", NOON),
        ("2022-07-11T12:00:00+00:00", NOON),
        ("2022-07-11T14:00:00+02:00", NOON),
        ("2022-07-11T12:00:00.000Z", NOON),
        ("2022-07-11 12:00:00", NOON),
        ("2022-07-11", JULY_11),
        ("20220711", JULY_11),
        ("  2022-07-11T12:00:00Z\n", NOON),
        ("Mon, 11 Jul 2022 12:00:00 GMT", NOON),
        ("Mon, 11 Jul 2022 12:00:00 +0000", NOON),
        ("Mon, 11 Jul 2022 08:00:00 -0400", NOON),
        ("11 Jul 2022 12:00:00 UT", NOON),
        ("July 11, 2022", JULY_11),
        ("11 July 2022", JULY_11),
        ("Monday 11 July 2022", JULY_11),
        ("July 11, 2022 12:00 PM", NOON),
        ("11 July 2022 12:00 UTC", NOON),
        (1657540800, NOON),
        (1657540800.0, NOON),
        (1657540800000, NOON),
        ("1657540800", NOON),
        ("1657540800000", NOON),
        ("1657540800.25", NOON + timedelta(milliseconds=250)),
        (datetime(2022, 7, 11, 12), NOON),
        (datetime(2022, 7, 11, 14, tzinfo=timezone(timedelta(hours=2))), NOON),
        (date(2022, 7, 11), JULY_11),
    ],
)
def test_readable_dates(value: object, expected: datetime) -> None:
    result = parse_date(value)
    assert result == expected
    assert result.tzinfo is UTC


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("yesterday-ish", "unreadable date 'yesterday-ish'"),
        ("", "empty date"),
        ("   ", "empty date"),
        ("July 2022", "needs a day, month and year"),
        ("11 am", "needs a day, month and year"),
        ("Sat, 32 Jul 2022 10:00:00 GMT", "unreadable date"),
        ("2022-13-45", "unreadable date '2022-13-45'"),
        (float("nan"), "not a finite number"),
        (float("inf"), "not a finite number"),
        (10**20, "out of range"),
        (True, "not a date, number or string"),
        (None, "not a date, number or string"),
        (["2022-07-11"], "not a date, number or string"),
    ],
)
def test_unreadable_dates(value: object, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_date(value)


def test_milliseconds_and_seconds_agree() -> None:
    assert parse_date(1657540800123) == parse_date(1657540800.123)
