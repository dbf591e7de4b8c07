"""Posting a digest exactly once per (channel, date).

The post is claimed in the database before it is sent, so a second process, a restart or
a retry finds it taken; a claim left by a crashed worker expires after a lease. A failed
post is retried with backoff (HTTP 429 waits for Retry-After, through the client's retry
handler) and, if it finally fails, the claim is released and nothing is marked posted.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from urllib.error import URLError

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from sqlite_utils import Database

from handlers.digest_blocks import digest_fallback, digest_messages
from newsroom.digest import build_digest
from store import digest as store
from store.schema import open_db

log = logging.getLogger("wiredesk.digest")
LEASE = timedelta(minutes=10)


@dataclass
class PostResult:
    """What a post attempt did: "posted", "skipped" (already posted or claimed) or "failed"."""

    outcome: str
    detail: str = ""
    ts: str | None = None


def worker_name() -> str:
    """Who holds a claim: host and process, for the logs and the digests table."""
    return f"{socket.gethostname()}:{os.getpid()}"


def post_digest(
    db_path: str,
    client: WebClient,
    channel: str,
    day: date,
    *,
    clock: tuple[int, int],
    zone: str,
    now: datetime | None = None,
    browse_url: str = "",
    attempts: int = 3,
    backoff: float = 2.0,
    sleep: Callable[[float], None] = time.sleep,
) -> PostResult:
    """Build and post the digest due on ``day`` to ``channel``, unless it already went out;
    with ``browse_url`` (WIREDESK_BROWSE_URL) its items link to their rows there."""
    now = now or datetime.now(UTC)
    key = day.isoformat()
    db = open_db(db_path)
    try:
        if not store.claim_digest(db, channel, key, worker_name(), now, LEASE):
            record = store.digest_record(db, channel, key) or {}
            state = (
                "already posted" if record.get("posted_at") else "being posted by another worker"
            )
            log.info("Digest for %s in %s %s; nothing to do", key, channel, state)
            return PostResult("skipped", state)
        try:
            return _post_claimed(
                db, client, channel, day, clock, zone, browse_url, attempts, backoff, sleep
            )
        except Exception as failure:
            # Not left claimed until the lease runs out: the next run may try at once.
            store.release_failed(db, channel, key, _describe(failure))
            raise
    finally:
        db.close()


def _post_claimed(
    db: Database,
    client: WebClient,
    channel: str,
    day: date,
    clock: tuple[int, int],
    zone: str,
    browse_url: str,
    attempts: int,
    backoff: float,
    sleep: Callable[[float], None],
) -> PostResult:
    """Build the claimed digest and post it, retrying; mark it posted or release the claim."""
    key = day.isoformat()
    digest = build_digest(db, day, clock=clock, zone=zone)
    messages = digest_messages(digest, zone, browse_url)
    error = ""
    for attempt in range(attempts):
        try:
            response = client.chat_postMessage(
                channel=channel, text=digest_fallback(digest), blocks=messages[0]
            )
        except (SlackApiError, OSError) as failure:
            error = _describe(failure)
            log.warning(
                "Posting the digest for %s failed (attempt %d of %d): %s",
                key,
                attempt + 1,
                attempts,
                error,
            )
            if attempt + 1 < attempts:
                sleep(backoff * 2**attempt)
            continue
        ts = response["ts"]
        store.mark_posted(db, channel, key, ts, datetime.now(UTC))
        _post_thread(client, channel, ts, messages[1:], digest_fallback(digest))
        log.info("Posted the digest for %s to %s (ts %s)", key, channel, ts)
        return PostResult("posted", ts=ts)
    store.release_failed(db, channel, key, error)
    log.error("Gave up posting the digest for %s to %s: %s", key, channel, error)
    return PostResult("failed", error)


def _post_thread(client: WebClient, channel: str, ts: str, rest: list, text: str) -> None:
    """The rest of a long digest, as replies in the first message's thread."""
    for number, blocks in enumerate(rest, start=2):
        try:
            client.chat_postMessage(
                channel=channel, thread_ts=ts, text=f"{text} ({number})", blocks=blocks
            )
        except (SlackApiError, OSError) as failure:
            log.error("Digest continuation %d could not be posted: %s", number, _describe(failure))


def _describe(failure: Exception) -> str:
    """What went wrong, in words: Slack's error code, or why Slack could not be reached."""
    if isinstance(failure, SlackApiError):
        return f"Slack said {failure.response.get('error', failure.response.status_code)}"
    if isinstance(failure, URLError):
        reason = failure.reason
        why = getattr(reason, "strerror", None) or str(reason)
        return f"Slack could not be reached ({why})"
    if isinstance(failure, TimeoutError):
        return "Slack did not answer in time"
    return f"{type(failure).__name__}: {failure}"
