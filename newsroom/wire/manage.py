"""Adding, listing, pausing and removing sources: what the CLI, the console and Slack call."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from sqlite_utils import Database

from newsroom.errors import UserError
from newsroom.wire.http import AddressGuard, FetchError
from newsroom.wire.targets import (
    DEFAULT_EVERY,
    channel_target,
    folder_target,
    format_every,
    normalise_url,
)
from newsroom.wire.watch import Health, source_health
from store.sources import Source, add_source, get_source, list_sources, remove_source, set_paused


def add_feed(
    db: Database,
    url: str,
    *,
    name: str | None = None,
    every: float | None = None,
    added_by: str = "cli",
    guarded: bool = False,
    allow: tuple[str, ...] = (),
) -> tuple[Source, bool]:
    """Register a feed or page URL (normalised: the same URL twice is one source).

    ``guarded`` (a source added from Slack): its host must resolve to public addresses only,
    now and at every poll, unless ``allow`` names it. Without ``every`` a new source is
    polled every 5 minutes and a known one keeps its interval. Returns (source, created).
    """
    target = normalise_url(url)
    if guarded:
        parts = urlsplit(target)
        try:
            AddressGuard(allow).address_for(
                parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)
            )
        except FetchError as error:
            raise UserError(f"Cannot add {target}: {error}.") from None
    return add_source(
        db,
        "feed",
        target,
        name=_name(name),
        every=every,
        default_every=DEFAULT_EVERY,
        added_by=added_by,
        guarded=guarded,
        now=datetime.now(UTC),
    )


def add_folder(
    db: Database, path: str, *, name: str | None = None, every: float | None = None
) -> tuple[Source, bool]:
    """Register a folder whose files are ingested once each (CLI only)."""
    return add_source(
        db,
        "folder",
        folder_target(path),
        name=_name(name),
        every=every,
        default_every=DEFAULT_EVERY,
        added_by="cli",
        guarded=False,
        now=datetime.now(UTC),
    )


def add_channel(db: Database, channel: str, *, name: str | None = None) -> tuple[Source, bool]:
    """Register a Slack channel as a source (its messages arrive as events, not polls)."""
    return add_source(
        db,
        "slack",
        channel_target(channel),
        name=_name(name),
        every=None,
        default_every=DEFAULT_EVERY,
        added_by="cli",
        guarded=False,
        now=datetime.now(UTC),
    )


def remove(db: Database, source_id: int) -> Source:
    """Forget a source (its bulletins stay); UserError when there is none."""
    source = _existing(db, source_id)
    remove_source(db, source_id)
    return source


def pause(db: Database, source_id: int, paused: bool) -> Source:
    """Pause or resume a source; UserError when there is none."""
    _existing(db, source_id)
    set_paused(db, source_id, paused)
    found = get_source(db, source_id)
    assert found is not None
    return found


def health_list(db: Database, now: datetime | None = None) -> list[Health]:
    """Every source with its health, by id."""
    now = now or datetime.now(UTC)
    return [source_health(db, source, now) for source in list_sources(db)]


def as_json(health: Health) -> dict[str, Any]:
    """A source as ``sources list --json`` shows it."""
    source = health.source
    return {
        "id": source.id,
        "kind": source.kind,
        "name": source.name,
        "target": source.target,
        "every": format_every(source.every),
        "every_seconds": source.every,
        "paused": source.paused,
        "added_by": source.added_by,
        "last_attempt": source.last_attempt,
        "last_success": source.last_success,
        "entries_added": source.entries_added,
        "entries_updated": source.entries_updated,
        "rejected": source.rejected,
        "last_error": source.last_error,
        "failures": source.failures,
        "next_due": (
            datetime.fromtimestamp(source.next_due, UTC).isoformat()
            if health.next_in is not None
            else None
        ),
        "problems": health.problems,
    }


def _existing(db: Database, source_id: int) -> Source:
    source = get_source(db, source_id)
    if source is None:
        raise UserError(
            f"There is no source {source_id}; the sources list (`wiredesk sources list`, or "
            "`/conflict sources`) shows their ids."
        )
    return source


def _name(name: str | None) -> str | None:
    name = " ".join((name or "").split())
    return name or None
