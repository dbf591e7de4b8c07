"""Refusing replayed Slack requests: the same signed request is answered once.

A request signed by Slack is valid for five minutes either side of its timestamp, so one
captured in transit could be sent again within that window. :class:`ReplayGuard` remembers
each verified ``X-Slack-Signature`` with its ``X-Slack-Request-Timestamp`` until the
timestamp is stale, and answers a second copy with an empty 200 (and ``x-slack-no-retry``)
without running any listener.

The memory is the process's own: Wiredesk serves Slack from one process (waitress threads
share it). It is not kept in the database, so answering a question never writes to it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse
from slack_bolt.middleware import Middleware

log = logging.getLogger("wiredesk.slack")
WINDOW = 60 * 5
"""Seconds a timestamp stays valid either side of now (Slack's and slack_sdk's rule)."""


class ReplayGuard(Middleware):
    """bolt middleware (after bolt's signature check): a signature seen once is not served again."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._seen: dict[tuple[str, str], float] = {}
        self._lock = threading.Lock()

    def process(
        self, *, req: BoltRequest, resp: BoltResponse, next: Callable[[], BoltResponse]
    ) -> BoltResponse:
        signature = _header(req, "x-slack-signature")
        timestamp = _header(req, "x-slack-request-timestamp")
        if signature and timestamp and not self.first_time(signature, timestamp):
            log.warning(
                "Ignored a replayed Slack request: signature %s… at timestamp %s was already"
                " served",
                signature[:12],
                timestamp,
            )
            return BoltResponse(status=200, body="", headers={"x-slack-no-retry": "1"})
        return next()

    def first_time(self, signature: str, timestamp: str) -> bool:
        """Remember (signature, timestamp); False when it is already remembered."""
        now = self._clock()
        try:
            expires = int(timestamp) + WINDOW + 1
        except ValueError:
            expires = now + 2 * WINDOW  # bolt refuses these first; kept only if it did not
        with self._lock:
            if len(self._seen) > 1000:
                self._seen = {k: t for k, t in self._seen.items() if t > now}
            key = (signature, timestamp)
            if self._seen.get(key, 0) > now:
                return False
            self._seen[key] = expires
            return True

    def __len__(self) -> int:
        return len(self._seen)


def _header(req: BoltRequest, name: str) -> str | None:
    values = req.headers.get(name) or []
    return values[0] if values else None
