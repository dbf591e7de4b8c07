"""Fetching an http(s) URL for `wiredesk ingest URL`: the live wire's client
(:mod:`newsroom.wire.http`), with its User-Agent, timeouts, size cap and redirect limit."""

from __future__ import annotations

from newsroom.errors import UserError
from newsroom.wire.http import FetchError, Limits, conditional_get, make_client

MAX_BYTES = 20 * 1024 * 1024


def fetch_url(url: str, timeout: float = 20.0) -> bytes:
    """GET ``url`` and return its body; raise UserError naming the URL and the reason."""
    limits = Limits(connect_timeout=timeout, read_timeout=timeout, max_bytes=MAX_BYTES)
    try:
        with make_client(limits) as client:
            return conditional_get(client, url, limits=limits).body
    except FetchError as error:
        raise UserError(f"Could not fetch {url}: {error}") from None
