"""Polling one source under its lease: fetch (or list the folder), keep what is new or
changed, ingest it through the path every input takes, remember each entry as delivered.

An entry is known by its guid (RSS guid, Atom id, JSON Feed id), else its link, else the
hash of its text. Bulletins are committed before the entries are remembered, so a poll
killed between the two finds the entries again next time, and the store skips them as exact
duplicates: nothing is lost and nothing is stored twice.
"""

from __future__ import annotations

import hashlib
import logging
import os
import random
import socket
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

import httpx
from sqlite_utils import Database

from newsroom.counts import count
from newsroom.errors import UserError
from newsroom.ingest import IngestReport, ingest, store_bulletins
from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_body
from newsroom.wire.http import AddressGuard, FetchError, Limits, conditional_get
from newsroom.wire.revise import revise
from newsroom.wire.schedule import after_failure, after_success
from store.bulletins import content_hash, raw_identity
from store.sources import (
    EntryRow,
    LeaseLost,
    Source,
    bulletin_ids,
    get_source,
    known_entries,
    record_entries,
    record_failure,
    record_success,
    release_lease,
    steal_lease,
    take_lease,
)

LEASE_SECONDS = 600.0
"""How long a poller holds a source: far longer than a fetch may take (Limits)."""
PROGRESS_FROM = 100
"""New entries from which a poll shows progress (a first fetch of a large feed)."""
SETTLE_SECONDS = 2.0
"""A file changed more recently than this is left for the next pass (it may be half-written)."""
_SKIPPED_SUFFIXES = (".tmp", ".part", ".partial", ".crdownload", ".swp", "~")

_log = logging.getLogger("wiredesk.wire")

Outcome = Literal["new", "unchanged", "not-modified", "failed", "busy"]


class Progress(Protocol):
    """Where a poll reports progress on a large delivery (the CLI draws a bar)."""

    def start(self, label: str, total: int) -> None: ...
    def advance(self, done: int) -> None: ...
    def finish(self) -> None: ...


@dataclass
class PollResult:
    """What one poll of one source did."""

    source: Source
    outcome: Outcome
    new: int = 0
    """Entries seen for the first time (files, for a folder)."""
    updated: int = 0
    """Entries whose text changed since they were ingested."""
    added: int = 0
    """Bulletins stored (an entry already stored from elsewhere adds none)."""
    items: int = 0
    rejections: list[str] = field(default_factory=list)
    error: str | None = None
    requests: int = 0
    not_modified: int = 0
    """Requests answered 304 Not Modified."""
    next_in: float = 0.0
    """Seconds until the source is due again."""

    @property
    def changed(self) -> bool:
        """True when the poll has something to say: entries in, rejections or a failure."""
        return bool(self.new or self.updated or self.rejections or self.outcome == "failed")

    def line(self) -> str:
        """One line for the terminal or the log: ``feed 3 (Kyiv desk): 12 new ...``."""
        head = f"{self.source.kind} {self.source.id} ({self.source.label})"
        if self.outcome == "failed":
            return f"{head}: failed: {self.error}; next try in {_duration(self.next_in)}"
        if self.outcome == "busy":
            return f"{head}: skipped, another watcher is polling it"
        parts = [f"{self.new:,} new"]
        if self.updated:
            parts.append(f"{self.updated:,} updated")
        parts.append(f"{count(self.added, 'bulletin')} added ({count(self.items, 'item')})")
        if self.rejections:
            parts.append(f"{len(self.rejections):,} rejected")
        return f"{head}: " + ", ".join(parts)


@dataclass(frozen=True)
class Poller:
    """What every poll needs: who holds the leases, the HTTP client, the limits."""

    holder: str
    client: httpx.Client
    limits: Limits = field(default_factory=Limits)
    allow: tuple[str, ...] = ()
    """WIREDESK_FETCH_ALLOW: private hosts and networks guarded sources may reach."""
    progress: Progress | None = None
    rng: random.Random | None = None
    settle: float = SETTLE_SECONDS
    workers: int | None = None

    def poll(self, db: Database, source: Source, now: datetime | None = None) -> PollResult:
        """Poll ``source`` if its lease can be taken (else a "busy" result)."""
        now = now or datetime.now(UTC)
        if not self._lease(db, source.id, now.timestamp()):
            return PollResult(source, "busy")
        try:
            # Read again under the lease: another watcher may have polled it meanwhile.
            current = get_source(db, source.id)
            if current is None or current.paused or current.next_due > now.timestamp():
                return PollResult(current or source, "busy")
            source = current
            if source.kind == "folder":
                return self._poll_folder(db, source, now)
            return self._poll_feed(db, source, now)
        except LeaseLost:
            return PollResult(source, "busy")
        except sqlite3.IntegrityError as error:  # a constraint this source's data broke
            return self._bug(db, source, now, error)
        except (sqlite3.DatabaseError, UserError):
            raise  # the database's trouble is every source's: the pass stops and says so
        except Exception as error:  # a bug on one source must not stall the others
            return self._bug(db, source, now, error)
        finally:
            release_lease(db, source.id, self.holder)

    def _bug(self, db: Database, source: Source, now: datetime, error: Exception) -> PollResult:
        _log.exception("Polling %s %s failed", source.kind, source.id, exc_info=error)
        problem = f"internal error ({type(error).__name__}), a bug in Wiredesk: see the log"
        return self._failed(db, source, now, problem, None, 0)

    def _lease(self, db: Database, source_id: int, at: float) -> bool:
        if take_lease(db, source_id, self.holder, at, LEASE_SECONDS):
            return True
        # A watcher on this machine killed mid-poll leaves its lease behind: it is taken
        # over at once rather than when it expires.
        return steal_lease(db, source_id, self.holder, at, LEASE_SECONDS, is_dead_holder)

    # ------------------------------------------------------------------------- feeds

    def _poll_feed(self, db: Database, source: Source, now: datetime) -> PollResult:
        guard = AddressGuard(self.allow) if source.guarded else None
        try:
            fetched = conditional_get(
                self.client,
                source.target,
                etag=source.etag,
                last_modified=source.last_modified,
                guard=guard,
                limits=self.limits,
                now=now,
            )
        except FetchError as error:
            return self._failed(db, source, now, str(error), error.retry_after, error.requests)
        if fetched.not_modified:
            delay = after_success(source.every, fetched.max_age)
            record_success(
                db,
                source.id,
                now=now,
                next_due=now.timestamp() + delay,
                etag=fetched.etag or source.etag,
                last_modified=fetched.last_modified or source.last_modified,
            )
            return PollResult(
                source,
                "not-modified",
                requests=fetched.requests,
                not_modified=1,
                next_in=delay,
            )
        records = list(read_body(fetched.body, fetched.url))
        bulletins = [r for r in records if isinstance(r, RawBulletin)]
        rejections = [str(r) for r in records if isinstance(r, Rejection)]
        if not bulletins and any(
            isinstance(r, Rejection) and r.where == fetched.url for r in records
        ):
            return self._failed(db, source, now, "; ".join(rejections), None, fetched.requests)
        # A bad entry still in the feed is reported once, not again at every poll.
        reported = set(source.recent_rejections)
        rejections = [r for r in rejections if r not in reported]
        result = self._store(db, source, bulletins, now)
        result.rejections = rejections
        result.requests = fetched.requests
        result.next_in = after_success(source.every, fetched.max_age)
        record_success(
            db,
            source.id,
            now=now,
            next_due=now.timestamp() + result.next_in,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            rejections=rejections,
        )
        return result

    def _store(
        self, db: Database, source: Source, bulletins: list[RawBulletin], now: datetime
    ) -> PollResult:
        """Ingest the new and changed entries, then remember every one as delivered."""
        keyed: dict[str, RawBulletin] = {}
        for raw in bulletins:
            keyed.setdefault(entry_key(raw), raw)  # the first of two with one key wins
        known = known_entries(db, source.id, list(keyed))
        fresh: list[tuple[str, RawBulletin]] = []
        changed: list[tuple[str, RawBulletin, int | None]] = []
        for key, raw in keyed.items():
            if key not in known:
                fresh.append((key, raw))
            elif known[key][0] != content_hash(raw.text):
                changed.append((key, raw, known[key][1]))
        result = PollResult(source, "new" if fresh or changed else "unchanged")
        if not (fresh or changed):
            return result
        # A changed entry revises its own bulletin in place (items that survive keep their ids
        # and verdicts); one whose bulletin is gone or shared with another record is stored anew.
        revisable = [(key, raw, old) for key, raw, old in changed if _revisable(db, old, raw)]
        changed = [entry for entry in changed if entry not in revisable]
        report = IngestReport()
        self._lease(db, source.id, now.timestamp())  # renewed: the analysis may be long
        # Revisions first, so that a new entry carrying a changed entry's old text is stored
        # as a bulletin of its own, not taken for a copy of the text revised away. A new text
        # that is another bulletin's already (one text is one bulletin) points the entry there.
        revised = []
        for key, raw, old in revisable:
            if _stored_elsewhere(db, raw, old):
                changed.append((key, raw, old))
            else:
                revise(db, old, raw, now)
                revised.append((key, raw, old))
        raws = [raw for _, raw in fresh] + [raw for _, raw, _ in changed]
        store_bulletins(db, self._tracked(raws, source), report, workers=self.workers)
        hashes = [content_hash(raw.text, raw_identity(raw)) for raw in raws]
        ids = bulletin_ids(db, hashes)
        previous = [None] * len(fresh) + [old for _, _, old in changed]
        keys = [key for key, _ in fresh] + [key for key, _, _ in changed]
        record_entries(
            db,
            source.id,
            self.holder,
            [
                EntryRow(key, content_hash(raw.text), ids.get(digest), before)
                for key, raw, digest, before in zip(keys, raws, hashes, previous, strict=True)
            ]
            + [EntryRow(key, content_hash(raw.text), old) for key, raw, old in revised],
            now,
        )
        result.new, result.updated = len(fresh), len(changed) + len(revised)
        result.added, result.items = report.added, report.items
        return result

    def _tracked(self, raws: list[RawBulletin], source: Source) -> Iterator[RawBulletin]:
        if self.progress is None or len(raws) < PROGRESS_FROM:
            yield from raws
            return
        self.progress.start(f"{source.kind} {source.id} ({source.label})", len(raws))
        try:
            for done, raw in enumerate(raws, 1):
                yield raw
                self.progress.advance(done)
        finally:
            self.progress.finish()

    def _failed(
        self,
        db: Database,
        source: Source,
        now: datetime,
        error: str,
        retry_after: float | None,
        requests: int,
    ) -> PollResult:
        delay = after_failure(source.every, source.failures + 1, retry_after, self.rng)
        record_failure(db, source.id, now=now, next_due=now.timestamp() + delay, error=error)
        return PollResult(source, "failed", error=error, requests=requests, next_in=delay)

    # ------------------------------------------------------------------------- folders

    def _poll_folder(self, db: Database, source: Source, now: datetime) -> PollResult:
        folder = Path(source.target)
        if not folder.is_dir():
            return self._failed(db, source, now, f"folder {folder} does not exist", None, 0)
        try:
            files = sorted(
                path
                for path in folder.iterdir()
                if path.is_file()
                and not path.name.startswith(".")
                and not path.name.endswith(_SKIPPED_SUFFIXES)
            )
        except OSError as error:
            return self._failed(db, source, now, f"cannot list {folder}: {error.strerror}", None, 0)
        keys = {f"file:{path.name}": path for path in files}
        known = known_entries(db, source.id, list(keys))
        result = PollResult(source, "unchanged")
        for key, path in keys.items():
            try:
                stat = path.stat()
            except OSError:
                continue  # gone since it was listed
            if now.timestamp() - stat.st_mtime < self.settle:
                continue  # still being written, perhaps: next pass
            stamp = f"{stat.st_size}:{stat.st_mtime_ns}"
            seen = known.get(key)
            if seen and seen[0].startswith(stamp + ":"):
                continue
            try:
                digest = _file_hash(path)
            except OSError as error:
                result.rejections.append(f"{path}: cannot read: {error.strerror}")
                continue
            if seen and seen[0].endswith(":" + digest):
                touched = EntryRow(key, f"{stamp}:{digest}", None, counted=False)
                record_entries(db, source.id, self.holder, [touched], now)
                continue  # touched, not changed
            report = IngestReport()
            self._lease(db, source.id, now.timestamp())
            try:
                ingest(db, str(path), report, workers=self.workers)
            except UserError as error:
                report.rejected.append(Rejection(where=str(path), reason=str(error)))
            record_entries(
                db, source.id, self.holder, [EntryRow(key, f"{stamp}:{digest}", None)], now
            )
            result.outcome = "new"
            if seen:
                result.updated += 1
            else:
                result.new += 1
            result.added += report.added
            result.items += report.items
            result.rejections += [str(r) for r in report.rejected]
        result.next_in = source.every
        record_success(
            db,
            source.id,
            now=now,
            next_due=now.timestamp() + source.every,
            etag=None,
            last_modified=None,
            rejections=result.rejections,
        )
        return result


def _revisable(db: Database, bulletin_id: int | None, raw: RawBulletin) -> bool:
    """Whether a changed entry's bulletin is its own to revise: stored, not retracted, and
    with the entry's link (a bulletin another record shares is left as it is)."""
    if bulletin_id is None:
        return False
    row = db.execute("SELECT url, retracted FROM bulletins WHERE id = ?", [bulletin_id]).fetchone()
    return row is not None and row[1] is None and (raw.url is None or row[0] == raw.url)


def _stored_elsewhere(db: Database, raw: RawBulletin, bulletin_id: int) -> bool:
    """Whether ``raw``'s text is stored already as a bulletin other than ``bulletin_id``."""
    digest = content_hash(raw.text, raw_identity(raw))
    return bulletin_ids(db, [digest]).get(digest, bulletin_id) != bulletin_id


def entry_key(raw: RawBulletin) -> str:
    """How a feed entry is known again: ``guid:...``, else ``link:...``, else ``text:HASH``."""
    if raw.guid:
        return f"guid:{raw.guid}"
    if raw.url:
        return f"link:{raw.url}"
    return f"text:{content_hash(raw.text)}"


def holder_name() -> str:
    """This process's name on leases: ``host:pid:random``."""
    return f"{socket.gethostname()}:{os.getpid()}:{os.urandom(3).hex()}"


def is_dead_holder(holder: str) -> bool:
    """True for a lease holder of this machine whose process is gone."""
    host, _, rest = holder.partition(":")
    pid_text = rest.partition(":")[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _duration(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f}s"
    if seconds < 5400:
        return f"{seconds / 60:.0f}m"
    return f"{seconds / 3600:.1f}h"
