"""Deciding an input's day/month order by reading it all once, when its dates need it.

Only when a date both orders read ("03/07/2022") comes before any date that settles the
order ("13/07/2022" is day-first) is the whole input read beforehand, with a reader of its
own, its records thrown away, to collect its numeric dates
(:class:`~newsroom.sources.dates.OrderEvidence`). Inputs with ISO 8601 dates, or whose
first numeric date settles the order, are never read twice.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator

from newsroom.models import RawBulletin, Rejection
from newsroom.sources.dates import DateContext, DayOrder, OrderEvidence
from newsroom.sources.records import Origin

Reader = Callable[[Origin], Iterator[RawBulletin | Rejection]]
"""Reads the input from its start, independently of any other reading, each call."""


def order_decider(read: Reader, origin: Origin) -> Callable[[], DayOrder]:
    """A function that reads the whole input with ``read`` and returns its day/month order,
    raising UserError when it shows both orders or none."""

    def decide() -> DayOrder:
        evidence = OrderEvidence()
        scanning = DateContext(zone=origin.dates.zone, evidence=evidence, scanning=True)
        for _ in read(dataclasses.replace(origin, dates=scanning)):
            pass
        return evidence.order()

    return decide
