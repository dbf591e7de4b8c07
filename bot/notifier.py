"""Delivering the outbox to Slack: a background thread inside `wiredesk run`.

Each message is claimed, posted with ``chat.postMessage`` (a user id as the channel opens
the bot's DM with that user) and marked sent; see :mod:`store.outbox` for why two
deliverers never send one message twice. The client from :func:`bot.app.build_client`
already waits out 429 Retry-After and retries dropped connections; what still fails is
logged, counted, and retried later with exponential backoff.

One gap remains, as with any API without idempotency keys: if the process dies after Slack
accepted a message and before it is marked sent, it is sent again once its claim lapses.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError, SlackClientError

from store.outbox import LEASE, MAX_ATTEMPTS, OutboxRow, claim_next, mark_failed, mark_sent
from store.schema import open_db

log = logging.getLogger("wiredesk.notifier")

INTERVAL = 5.0
"""Seconds between two looks at the outbox."""
FIRST_RETRY = timedelta(seconds=30)
LAST_RETRY = timedelta(hours=1)
BATCH = 100
"""Most messages sent in one pass, so a backlog never holds the thread for long."""


def retry_delay(attempts: int) -> timedelta:
    """Wait before the next attempt after ``attempts`` failures: 30 s, 1 min, 2 min ... 1 h."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LAST_RETRY)


def deliver_pending(
    db_path: str | Path,
    client: WebClient,
    now: datetime | None = None,
    *,
    lease: timedelta = LEASE,
    limit: int = BATCH,
) -> int:
    """Send the messages that are due, each once; returns how many were sent.

    ``now`` fixes the clock for the whole pass (tests); by default each claim reads it.
    Opens its own connection, so it can run on any thread or in any process.
    """
    db = open_db(db_path)
    sent = 0
    try:
        for _ in range(limit):
            moment = now or datetime.now(UTC)
            row = claim_next(db, moment, lease=lease)
            if row is None:
                break
            error = _send(client, row)
            if error is None:
                mark_sent(db, row.id, now or datetime.now(UTC))
                sent += 1
                continue
            attempts = row.attempts + 1
            retry_at = moment + retry_delay(attempts)
            mark_failed(db, row.id, error, retry_at, lease=lease)
            if attempts >= MAX_ATTEMPTS:
                log.error(
                    "Giving up on outbox message %s (%s to %s) after %s attempts: %s",
                    row.id,
                    row.kind,
                    row.recipient,
                    attempts,
                    error,
                )
            else:
                log.warning(
                    "Could not deliver outbox message %s (%s to %s), attempt %s: %s;"
                    " retrying after %s",
                    row.id,
                    row.kind,
                    row.recipient,
                    attempts,
                    error,
                    retry_at.isoformat(timespec="seconds"),
                )
    finally:
        db.close()
    return sent


def _send(client: WebClient, row: OutboxRow) -> str | None:
    """Post one message; None when Slack took it, else what went wrong (for last_error)."""
    try:
        client.chat_postMessage(
            channel=row.recipient, text=row.text, unfurl_links=False, unfurl_media=False
        )
    except SlackApiError as error:
        reason = error.response.get("error") or f"HTTP {error.response.status_code}"
        return f"Slack answered {reason}"
    except (SlackClientError, OSError) as error:
        return f"{type(error).__name__}: {error}"
    except Exception as error:  # never let one message stop the thread; keep the traceback
        log.exception("Unexpected error delivering outbox message %s", row.id)
        return f"{type(error).__name__}: {error}"
    return None


class Notifier:
    """A daemon thread that delivers the outbox every ``interval`` seconds until stopped."""

    def __init__(
        self, db_path: str | Path, client: WebClient, *, interval: float = INTERVAL
    ) -> None:
        self.db_path = db_path
        self.client = client
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="wiredesk-notifier", daemon=True)

    def start(self) -> Notifier:
        """Start delivering (a first pass runs at once)."""
        self._thread.start()
        return self

    def stop(self, timeout: float | None = 10.0) -> None:
        """Stop after the current pass."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                deliver_pending(self.db_path, self.client)
            except Exception:  # a locked or missing database: log it, try again later
                log.exception("Outbox delivery failed; trying again in %s s", self.interval)
            self._stop.wait(self.interval)
