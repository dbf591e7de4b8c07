"""Reading publication dates in the forms feeds, exports and people write them.

:func:`parse_date` is the one entry point. Fast paths first (Unix time, ISO 8601, RFC 2822),
then dateutil for written dates, then dateparser for other languages' day and month names
("Seg, 24 Set 2018 19:42:40 -0300"). Zone names are read from a table
(:mod:`newsroom.sources.zones`), never from the host; a time without a zone is taken in the
input's zone (:attr:`DateContext.zone`, UTC by default) and counted. A numeric date both
orders can read ("03/07/2022") is read in the input's day/month order
(:attr:`DateContext.order`) and refused when the input has none.
"""

from __future__ import annotations

import math
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from email.utils import parsedate_to_datetime
from functools import lru_cache
from typing import Any, Literal

from dateutil import parser as dateutil_parser

from newsroom.errors import UserError
from newsroom.sources.zones import normalise_zone

DayOrder = Literal["day", "month"]
_OPTIONS = "give --dayfirst or --monthfirst"
_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")
_MILLISECONDS = 1e11
"""Unix times this large (in absolute value) are milliseconds: 1e11 seconds is the year 5138."""
_DEFAULTS = (datetime(2000, 1, 1), datetime(2001, 2, 2))
_BASIC_DATE = re.compile(r"\d{8}")
"""ISO 8601's basic form ("20220711"): a date, not a Unix time."""
_NUMERIC_DATE = re.compile(r"(?<![\d/.-])(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})(?!\d|\2\d)")
"""A day and month in either order, then the year: "03/07/2022", "12.07.2022", "3-7-22"."""
_PLAIN_NUMERIC = re.compile(
    r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?"
)
"""The plainest numeric form ("03/07/2022 09:00"), read without dateutil once the order is known."""
_SCANNED = datetime(1970, 1, 1, tzinfo=UTC)
"""What :func:`parse_date` returns while an input is only read for its day/month order."""
_YEAR_FIRST = re.compile(r"(?<!\d)\d{4}[/.-]\d{1,2}[/.-]\d{1,2}(?!\d)")
"""Year, month, day ("2016/6/29"): nobody writes the day before the month after the year."""
_RFC_2822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s*)?\d{1,2}\s+"
    r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{4}\s+"
    r"\d{1,2}:\d{2}(?::\d{2})?\s*[+-]\d{4}"
)
"""RFC 2822 with a numeric offset (zone names are offsets by then); English names only."""
_DATEPARSER_SETTINGS: dict[str, Any] = {
    "PARSERS": ["absolute-time"],  # no "yesterday", no "2 hours ago": nothing relative to now
    "REQUIRE_PARTS": ["day", "month", "year"],
}
"""Left unset: TIMEZONE and TO_TIMEZONE, so a date is aware only when its text names a zone."""


@dataclass
class OrderEvidence:
    """The numeric dates met in an input: the first of each kind, as written."""

    day: str | None = None
    """A date only day-first reads ("13/07/2022")."""
    month: str | None = None
    """A date only month-first reads ("07/13/2022")."""
    either: str | None = None
    """A date both orders read, differently ("03/07/2022")."""

    def note(self, own: DayOrder, text: str) -> None:
        if own == "day":
            self.day = self.day or text
        else:
            self.month = self.month or text

    def order(self) -> DayOrder:
        """The one order these dates show; UserError if they show both or none."""
        if self.day and self.month:
            raise UserError(
                f"the dates mix day-first ({self.day!r}) and month-first ({self.month!r}) order;"
                f" {_OPTIONS} to say how to read them (dates that do not fit are then rejected)"
            )
        if self.day or self.month:
            return "day" if self.day else "month"
        raise UserError(
            f"cannot tell whether dates such as {self.either!r} are day-first or month-first:"
            f" no date in the input settles it; {_OPTIONS}"
        )


@dataclass
class DateContext:
    """How one input's dates are read. Create one per input (see :meth:`for_input`)."""

    zone: tzinfo = UTC
    """The zone of times that name none."""
    order: DayOrder | None = None
    """The input's day/month order: given by the user, or decided from its dates when the
    first date both orders read is met."""
    forced: bool = False
    """True when ``order`` was given by the user (--dayfirst, --monthfirst)."""
    naive: int = 0
    """Times read without a zone of their own, and so taken in ``zone``."""
    evidence: OrderEvidence = field(default_factory=OrderEvidence, repr=False)
    """The numeric dates met so far."""
    decide: Callable[[], DayOrder] | None = field(default=None, repr=False)
    """Reads the whole input for its order (see :mod:`newsroom.sources.date_order`), for
    when a date both orders read comes before any date that settles it."""
    scanning: bool = False
    """True while :attr:`decide` reads: dates are only noted, never refused."""

    def for_input(self) -> DateContext:
        """A fresh context for the next input: same zone, same order if the user gave one."""
        return DateContext(self.zone, self.order if self.forced else None, self.forced)


def parse_date(value: object, dates: DateContext | None = None) -> datetime:
    """Return ``value`` as a timezone-aware UTC datetime, or raise ValueError saying why not.

    Accepts datetimes and dates, Unix time in seconds or milliseconds (int, float or numeric
    string), ISO 8601, RFC 2822, numeric dates ("03/07/2022", read in ``dates.order``),
    written dates in English or other languages ("July 11, 2022 09:00 BST", "Seg, 24 Set
    2018 19:42:40 -0300"), with a zone as an offset, an abbreviation, ``GMT+2`` or an IANA
    name. A date must name its day, month and year. Naive values are taken in ``dates.zone``
    (UTC without a context) and counted in ``dates.naive``.
    """
    dates = dates if dates is not None else DateContext()
    if isinstance(value, datetime):
        return _in_zone(value, None, dates)
    if isinstance(value, date):
        return _in_zone(datetime(value.year, value.month, value.day), None, dates)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _from_unix(value)
    if not isinstance(value, str):
        raise ValueError(f"unreadable date {value!r}: not a date, number or string")
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    if _NUMBER.fullmatch(text) and not _BASIC_DATE.fullmatch(text):
        return _from_unix(float(text), value)
    day_first = _day_first(text, dates)
    if dates.scanning:
        return _SCANNED  # only the day/month order is wanted
    found = _read_text(text, day_first)
    if isinstance(found, str):
        raise ValueError(found)
    return _in_zone(*found, dates)


def _day_first(text: str, dates: DateContext) -> bool:
    """Whether to read ``text``'s numeric date day-first: by its own numbers when only one
    order fits, else by the input's order, decided on first need. Raises ValueError for a
    date that does not fit the order the user gave, UserError when the input's order cannot
    be decided (the whole input is refused)."""
    if _YEAR_FIRST.search(text):
        return False
    numeric = _NUMERIC_DATE.search(text)
    if numeric is None:
        return False
    first, second = int(numeric.group(1)), int(numeric.group(3))
    if (first > 12 and second > 12) or first == second:
        return False  # impossible (refused when read), or the same date either way
    evidence = dates.evidence
    if first > 12 or second > 12:
        own: DayOrder = "day" if first > 12 else "month"
        evidence.note(own, text)
        if dates.scanning:
            pass
        elif dates.order is None:
            if evidence.day and evidence.month:
                evidence.order()  # raises: the input mixes both orders
        elif own != dates.order and dates.forced:
            raise ValueError(
                f"date {text!r} is not {dates.order}-first as --{dates.order}first says"
            )
        elif own != dates.order:
            raise UserError(
                f"the dates mix {dates.order}-first and {own}-first ({text!r}) order; {_OPTIONS}"
                " to say how to read them (dates that do not fit are then rejected)"
            )
        return own == "day"
    evidence.either = evidence.either or text
    if dates.scanning:
        return True
    if dates.order is None:
        if evidence.day or evidence.month:
            dates.order = evidence.order()
        elif dates.decide is not None:
            dates.order = dates.decide()
        else:
            raise ValueError(f"ambiguous date {text!r}: day-first or month-first? {_OPTIONS}")
    return dates.order == "day"


@lru_cache(maxsize=8192)
def _read_text(text: str, day_first: bool) -> tuple[datetime, tzinfo | None] | str:
    """The moment written in ``text``, naive when it names no zone, and the IANA zone it
    names; or why it cannot be read. Cached, failures too: feeds and exports repeat their
    dates (and their unreadable ones), and dateparser is slow."""
    try:
        return _read_uncached(text, day_first)
    except ValueError as exc:
        return str(exc)


def _read_uncached(text: str, day_first: bool) -> tuple[datetime, tzinfo | None]:
    try:
        return datetime.fromisoformat(text), None
    except ValueError:
        pass
    plain = _PLAIN_NUMERIC.fullmatch(text)
    if plain:
        first, _, second, year, hour, minute, second_of_minute = plain.groups()
        day, month = (first, second) if day_first else (second, first)
        try:
            return datetime(
                int(year),
                int(month),
                int(day),
                int(hour or 0),
                int(minute or 0),
                int(second_of_minute or 0),
            ), None
        except ValueError as exc:
            raise ValueError(f"unreadable date {text!r}: {exc}") from exc
    written, zone = normalise_zone(text)
    if zone is None:
        try:
            return datetime.fromisoformat(written), None
        except ValueError:
            pass
        if _RFC_2822.fullmatch(written):
            try:
                return parsedate_to_datetime(written), None
            except (TypeError, ValueError, IndexError):
                pass
    try:
        return _read_with_dateutil(written, day_first), zone
    except _UnknownZone as exc:
        raise ValueError(f"unreadable date {text!r}: unknown time zone") from exc
    except _MissingPart as exc:
        problem: ValueError = ValueError(
            f"unreadable date {text!r}: it needs a day, month and year"
        )
        cause: Exception = exc
    except ValueError as exc:
        problem, cause = ValueError(f"unreadable date {text!r}"), exc
    moment = _read_with_dateparser(written, day_first)
    if moment is None:
        raise problem from cause
    return moment, zone


class _UnknownZone(ValueError):
    pass


class _MissingPart(ValueError):
    pass


def _read_with_dateutil(text: str, day_first: bool) -> datetime:
    """Parse twice, with different defaults, to refuse dates missing a part."""
    try:
        first, second = (
            dateutil_parser.parse(text, default=d, dayfirst=day_first, tzinfos=_dateutil_zone)
            for d in _DEFAULTS
        )
    except OverflowError as exc:
        raise ValueError(text) from exc
    if first.date() != second.date():
        raise _MissingPart(text)
    return first


def _dateutil_zone(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's zone for what it found: the offset, else nothing. Given as ``tzinfos`` so
    that dateutil never takes a zone name that matches the host's for the host's zone."""
    if offset is not None:
        return UTC if offset == 0 else timezone(timedelta(seconds=offset))
    if name:
        raise _UnknownZone(name)
    return None


def _read_with_dateparser(text: str, day_first: bool) -> datetime | None:
    """Written dates in other languages, or None; slow, so last."""
    import dateparser  # imported on first use: it loads its language data

    settings = {**_DATEPARSER_SETTINGS, "DATE_ORDER": "DMY" if day_first else "MDY"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            moment = dateparser.parse(text, settings=settings)
        except (ValueError, OverflowError, TypeError):
            moment = None
    return moment


def _in_zone(moment: datetime, zone: tzinfo | None, dates: DateContext) -> datetime:
    """``moment`` in UTC; a naive one is taken in ``zone`` (named in the text), else in the
    input's zone and counted."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        moment = _local(moment.replace(tzinfo=None), zone or dates.zone)
        if zone is None:
            dates.naive += 1
    try:
        return moment.astimezone(UTC)
    except OverflowError as exc:
        raise ValueError(
            f"unreadable date {moment.isoformat()!r}: in UTC it falls outside the years 1 to 9999"
        ) from exc


def _local(moment: datetime, zone: tzinfo) -> datetime:
    """The naive ``moment`` as a wall-clock time in ``zone``; ValueError for a time the
    clocks skipped or showed twice (a daylight-saving change), which only an offset settles."""
    if zone is UTC:
        return moment.replace(tzinfo=UTC)
    earlier, later = moment.replace(tzinfo=zone, fold=0), moment.replace(tzinfo=zone, fold=1)
    try:
        if earlier.utcoffset() == later.utcoffset():
            return earlier
    except OverflowError:
        return earlier
    shown = f"{moment.isoformat(sep=' ')} in {getattr(zone, 'key', zone)}"
    if earlier.astimezone(UTC).astimezone(zone).replace(tzinfo=None) != moment:
        raise ValueError(f"no such time: {shown} was skipped when the clocks went forward")
    raise ValueError(f"ambiguous time: {shown} happened twice when the clocks went back")


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
