"""Reading publication dates in the forms feeds, exports and people write them."""

from __future__ import annotations

import math
import re
import warnings
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

from dateutil import parser as dateutil_parser

_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_MILLISECONDS = 1e11
"""Unix times this large (in absolute value) are milliseconds: 1e11 seconds is the year 5138."""
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))


def parse_date(value: object) -> datetime:
    """Return ``value`` as a timezone-aware UTC datetime, or raise ValueError saying why not.

    Accepts datetimes and dates (naive ones are taken as UTC), Unix time in seconds or
    milliseconds (int, float or numeric string), ISO 8601 (with 'Z'), RFC 2822 and written
    dates such as "July 11, 2022" or "11 July 2022". A date must name its day, month and year.
    """
    if isinstance(value, datetime):
        return _as_utc(value)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_unix(value)
    if not isinstance(value, str):
        raise ValueError(f"unreadable date {value!r}: not a date, number or string")
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    try:
        return _as_utc(datetime.fromisoformat(text))
    except _OutOfRange:
        raise
    except ValueError:
        pass
    if _NUMBER.fullmatch(text):
        return _from_unix(float(text), value)
    try:
        return _as_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        pass
    return _parse_written(text, value)


def _parse_written(text: str, value: str) -> datetime:
    """Parse with dateutil twice, with different defaults, to refuse dates missing a part."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", dateutil_parser.UnknownTimezoneWarning)
            first, second = (dateutil_parser.parse(text, default=d) for d in _DEFAULTS)
    except dateutil_parser.UnknownTimezoneWarning as exc:
        raise ValueError(f"unreadable date {value!r}: unknown time zone") from exc
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"unreadable date {value!r}") from exc
    if first.date() != second.date():
        raise ValueError(f"unreadable date {value!r}: it needs a day, month and year")
    return _as_utc(first)


def _from_unix(number: float, value: object = None) -> datetime:
    shown = number if value is None else value
    if not math.isfinite(number):
        raise ValueError(f"unreadable date {shown!r}: not a finite number")
    if abs(number) >= _MILLISECONDS:
        number /= 1000
    try:
        return datetime.fromtimestamp(number, UTC)
    except (OverflowError, OSError, ValueError) as exc:
        raise ValueError(f"unreadable date {shown!r}: Unix time out of range") from exc


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        raise _OutOfRange(
            f"unreadable date {moment.isoformat()!r}: in UTC it falls outside the years 1 to 9999"
        ) from None


class _OutOfRange(ValueError):
    """A date that names its time right but cannot be held in UTC."""
