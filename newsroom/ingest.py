"""Ingesting inputs: parse, analyse, store one transaction per input, report."""

from __future__ import annotations

import collections
import gc
import itertools
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlite_utils import Database

from newsroom.challenges import find_challenges
from newsroom.counts import count
from newsroom.disputes import link_denials
from newsroom.models import Notice, RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.dates import DateContext
from newsroom.sources.zones import zone_label
from newsroom.text.analyse import analyse
from store.bulletins import AddResult, PreparedBulletin, add_prepared, prepare, transaction
from store.statements import item_ids_after, last_item_id
from store.verdicts import has_verdicts

BATCH = 256
"""Bulletins per unit of work: prepared here first, then by worker processes."""


@dataclass
class IngestReport(AddResult):
    """What an ingest run did over all its inputs, with every rejected record."""

    rejected: list[Rejection] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    """What the readers said about the inputs (where records were found, what was skipped)."""
    challenged: int = 0
    """Verdicts challenged by the bulletins ingested (see :mod:`newsroom.challenges`)."""
    naive_times: int = 0
    """Times read without a zone of their own, taken in :attr:`zone`."""
    zone: str = "UTC"

    def absorb(self, result: AddResult) -> None:
        """Add one input's counts."""
        self.added += result.added
        self.duplicates += result.duplicates
        self.near_duplicates += result.near_duplicates
        self.items += result.items

    def summary(self) -> str:
        """The closing line of a run: "1 added (3 items, 0 linked as re-publications),
        1 duplicate skipped, 0 rejected"."""
        return (
            f"{self.added:,} added ({count(self.items, 'item')}, {self.near_duplicates:,} "
            f"linked as re-publications), {count(self.duplicates, 'duplicate')} skipped, "
            f"{len(self.rejected):,} rejected"
            + (f", {count(self.challenged, 'verdict')} challenged" if self.challenged else "")
            + (
                f", {count(self.naive_times, 'time')} without a zone read as {self.zone}"
                if self.naive_times
                else ""
            )
            + "".join(f"; {notice}" for notice in self.notices)
        )


def ingest(
    db: Database,
    target: str,
    report: IngestReport,
    *,
    fmt: str = "auto",
    source: str | None = None,
    published: datetime | None = None,
    on_record: Callable[[RawBulletin | Rejection | Notice], None] | None = None,
    workers: int | None = None,
    dates: DateContext | None = None,
) -> None:
    """Read one file or URL and store its bulletins, with the links and challenges they
    make, in one transaction.

    Rejected records are added to ``report`` and passed to ``on_record`` like the rest;
    they never stop the valid records around them. A failure that makes the input
    unusable (UserError) rolls the whole input back. ``dates`` gives the run's zone for
    naive times and the day/month order if the user set one (default: UTC, decided per input).
    """
    context = (dates or DateContext()).for_input()
    report.zone = zone_label(context.zone)

    def bulletins() -> Iterator[RawBulletin]:
        records = read_input(target, fmt, source=source, published=published, dates=context)
        for record in records:
            if on_record:
                on_record(record)
            if isinstance(record, Rejection):
                report.rejected.append(record)
            elif isinstance(record, Notice):
                report.notices.append(record)
            else:
                yield record

    store_bulletins(db, bulletins(), report, workers=workers)
    report.naive_times += context.naive


def store_bulletins(
    db: Database,
    bulletins: Iterable[RawBulletin],
    report: IngestReport,
    *,
    workers: int | None = None,
) -> None:
    """Analyse and store bulletins in one transaction, then link their denials and challenge
    the verdicts they contradict: the path every input takes (files, URLs, live sources)."""
    before = last_item_id(db)
    # One transaction for the bulletins, the denial links they make and the challenges they
    # raise: a crash between them would leave bulletins whose links no re-run makes (the
    # re-run finds them stored and adds nothing).
    with transaction(db):
        report.absorb(add_prepared(db, prepare_all(bulletins, workers=workers)))
        link_denials(db, before)  # denials in other bulletins (newsroom.disputes)
        # A verdict the new items contradict is marked challenged.
        if has_verdicts(db):
            report.challenged += len(find_challenges(db, item_ids_after(db, before)))


def prepare_all(
    bulletins: Iterable[RawBulletin], *, workers: int | None = None
) -> Iterator[PreparedBulletin]:
    """Analyse bulletins and prepare their rows, in input order; a large input is done by
    worker processes.

    The first :data:`BATCH` bulletins are done here; only an input with more than that
    starts a pool (one process per core by default), which prepares batches while this
    process writes the results. ``workers=1`` never starts one.
    """
    workers = workers or os.cpu_count() or 1
    iterator = iter(bulletins)
    first = list(itertools.islice(iterator, BATCH))
    yield from map(_prepare, first)
    if len(first) < BATCH:
        return
    if workers == 1:
        yield from map(_prepare, iterator)
        return
    batches = iter(lambda: list(itertools.islice(iterator, BATCH)), [])
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    )
    # What is alive now (modules, cue data, dictionaries, this process's caches) is frozen
    # while the pool runs, here and in the workers that inherit it: the collector then walks
    # only what the analysis and the results allocate (measured: a tenth of the workers' time
    # and most of the time this process spent unpickling results went to walking the rest).
    gc.freeze()
    try:
        with context.Pool(workers) as pool:
            # At most a few batches in flight: reading never runs far ahead of writing, so
            # memory stays flat however large the input.
            pending: collections.deque = collections.deque()
            for batch in batches:
                pending.append(pool.apply_async(_prepare_batch, (batch,)))
                if len(pending) >= workers * 2:
                    yield from pending.popleft().get()
            while pending:
                yield from pending.popleft().get()
    finally:
        gc.unfreeze()  # a long-running bot collects them again


def _prepare(raw: RawBulletin) -> PreparedBulletin:
    return prepare(analyse(raw))


def _prepare_batch(batch: list[RawBulletin]) -> list[PreparedBulletin]:
    return [prepare(analyse(raw)) for raw in batch]
