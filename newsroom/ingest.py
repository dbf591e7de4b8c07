"""Ingesting inputs: parse, analyse, store one transaction per input, report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from newsroom.challenges import find_challenges
from newsroom.models import AnalysedBulletin, RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.text.analyse import analyse
from store.bulletins import AddResult, add_bulletins
from store.statements import item_ids_after, last_item_id


@dataclass
class IngestReport(AddResult):
    """What an ingest run did over all its inputs, with every rejected record."""

    rejected: list[Rejection] = field(default_factory=list)
    challenged: int = 0
    """Verdicts challenged by the bulletins ingested (see :mod:`newsroom.challenges`)."""

    def absorb(self, result: AddResult) -> None:
        """Add one input's counts."""
        self.added += result.added
        self.duplicates += result.duplicates
        self.near_duplicates += result.near_duplicates
        self.items += result.items

    def summary(self) -> str:
        """The closing line of a run."""
        return (
            f"{self.added:,} added ({self.items:,} items, {self.near_duplicates:,} linked as "
            f"re-publications), {self.duplicates:,} duplicates skipped, "
            f"{len(self.rejected):,} rejected"
            + (
                f", {self.challenged:,} verdict{'' if self.challenged == 1 else 's'} challenged"
                if self.challenged
                else ""
            )
        )


def ingest(
    db: Database,
    target: str,
    report: IngestReport,
    *,
    fmt: str = "auto",
    source: str | None = None,
    published: datetime | None = None,
    on_record: Callable[[RawBulletin | Rejection], None] | None = None,
) -> None:
    """Read one file or URL and store its bulletins in one transaction.

    Rejected records are added to ``report`` and passed to ``on_record`` like the rest;
    they never stop the valid records around them. A failure that makes the input
    unusable (UserError) rolls the whole input back.
    """

    def analysed() -> Iterator[AnalysedBulletin]:
        for record in read_input(target, fmt, source=source, published=published):
            if on_record:
                on_record(record)
            if isinstance(record, Rejection):
                report.rejected.append(record)
            else:
                yield analyse(record)

    before = last_item_id(db)
    report.absorb(add_bulletins(db, analysed()))
    # After the bulletins are committed: a verdict they contradict is marked challenged.
    report.challenged += len(find_challenges(db, item_ids_after(db, before)))
