"""One day/month order per input, decided from the dates only one order can read.

An input whose dates include numeric ones both orders read differently ("03/07/2022") is
read once beforehand, its records thrown away, to collect its dates
(:class:`~newsroom.sources.dates.OrderEvidence`); the input is then read in the order its
unambiguous dates show ("13/07/2022" is day-first). An input that shows both orders, or
neither while it needs one, is refused whole with a message naming --dayfirst and
--monthfirst. A quick byte scan for anything shaped like a numeric date spares that first
reading to inputs that have none, such as those with ISO 8601 dates only.
"""

from __future__ import annotations

import codecs
import dataclasses
import io
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO

from newsroom.errors import UserError
from newsroom.models import RawBulletin, Rejection
from newsroom.sources.dates import DateContext, DayOrder, OrderEvidence
from newsroom.sources.records import Origin

Reader = Callable[[Origin], Iterator[RawBulletin | Rejection]]
_SHAPE = re.compile(rb"(?<![\d/.-])\d{1,2}([/.-])\d{1,2}\1(?:\d{4}|\d{2})(?!\d)")
"""Bytes shaped like a day and a month in either order, then a year."""
_CHUNK = 1 << 20
_OVERLAP = 16
_WIDE_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_OPTIONS = "give --dayfirst or --monthfirst"


def may_need_order(stream: BinaryIO) -> bool:
    """True if the input has bytes shaped like a numeric date (or is UTF-16, whose bytes
    cannot be scanned so). Reads the whole stream and leaves it at its start."""
    stream.seek(0)
    try:
        tail = b""
        first = True
        while chunk := stream.read(_CHUNK):
            if first and chunk.startswith(_WIDE_BOMS):
                return True
            first = False
            if _SHAPE.search(tail + chunk):
                return True
            tail = chunk[-_OVERLAP:]
        return False
    finally:
        stream.seek(0)


def decide_order(read: Reader, origin: Origin) -> DayOrder | None:
    """Read the input once to collect its numeric dates and return its day/month order,
    or None when it needs none. Raises UserError when it cannot be decided."""
    evidence = OrderEvidence()
    scanning = DateContext(zone=origin.dates.zone, evidence=evidence)
    for _ in read(dataclasses.replace(origin, dates=scanning)):
        pass
    if evidence.day and evidence.month:
        raise UserError(
            f"{origin.where} mixes day-first dates ({evidence.day!r}) and month-first dates"
            f" ({evidence.month!r}); {_OPTIONS} to say how to read it (the dates that do not"
            " fit are then rejected)"
        )
    if evidence.day or evidence.month:
        return "day" if evidence.day else "month"
    if evidence.either:
        raise UserError(
            f"cannot tell whether the dates in {origin.where} are day-first or month-first"
            f" ({evidence.either!r} reads both ways and no date settles it); {_OPTIONS}"
        )
    return None


def borrowed(stream: BinaryIO) -> BinaryIO:
    """A reader over ``stream`` from where it is, whose closing leaves ``stream`` open."""
    return io.BufferedReader(_Borrowed(stream))


class _Borrowed(io.RawIOBase):
    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[no-untyped-def]
        data = self._stream.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)
