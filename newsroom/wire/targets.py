"""What a user names when adding a source: a URL, a folder, a Slack channel, an interval."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from newsroom.errors import UserError

DEFAULT_EVERY = 300.0
"""Seconds between polls when none is given (5 minutes)."""
MIN_EVERY = 30.0
MAX_EVERY = 7 * 86400.0
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|m|min|h|d)?\s*$", re.I)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86400}
_CHANNEL = re.compile(r"^[CG][A-Z0-9]{8,}$")


def parse_every(text: str) -> float:
    """Seconds in a duration such as ``30s``, ``5m``, ``1h`` or ``1d`` (a bare number is
    seconds); UserError for anything else, or outside 30 seconds to 7 days."""
    match = _DURATION.match(text or "")
    if match is None:
        raise UserError(f"--every: use a duration such as 30s, 5m or 1h (got {text!r}).")
    seconds = float(match[1]) * _UNIT_SECONDS[(match[2] or "s").lower()]
    if not MIN_EVERY <= seconds <= MAX_EVERY:
        raise UserError(
            f"--every: between 30s and 7d, so that publishers are not hammered and a source "
            f"is never forgotten (got {text!r})."
        )
    return seconds


def format_every(seconds: float) -> str:
    """``300`` as ``5m``, ``90`` as ``90s``, ``7200`` as ``2h``."""
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{int(seconds // size)}{unit}"
    return f"{seconds:g}s"


_HOST_NAME = re.compile(
    r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?(?:\.[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?)*"
)
"""A host name's letters, digits and hyphens (and the underscores some DNS names have), in
dot-separated labels (lower case, ASCII)."""


def normalise_url(text: str) -> str:
    """The URL a feed is kept under: scheme and host in lower case, no default port, no
    fragment, ``/`` for an empty path; the path and query as given (they are case-sensitive).

    UserError for anything but an http(s) URL with a host.
    """
    raw = (text or "").strip()
    if any(ch.isspace() for ch in raw):
        raise UserError(f"Cannot add {raw!r}: a URL has no spaces (write them as %20).")
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as error:
        raise UserError(f"Cannot add {raw!r}: not a valid URL ({error}).") from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UserError(f"Cannot add {raw!r}: only http and https URLs can be polled.")
    host = parts.hostname
    if not host:
        raise UserError(f"Cannot add {raw!r}: the URL has no host name.")
    host = host.rstrip(".") if ":" not in host else host  # "example.com." is example.com
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise UserError(f"Cannot add {raw!r}: {host!r} is not a valid host name.") from None
    if ":" not in host and not _HOST_NAME.fullmatch(host):
        raise UserError(f"Cannot add {raw!r}: {host!r} is not a valid host name.")
    if ":" in host:
        host = f"[{host}]"  # an IPv6 address
    if port is not None and port != {"http": 80, "https": 443}[scheme]:
        host = f"{host}:{port}"
    userinfo = parts.netloc.rpartition("@")[0]
    netloc = f"{userinfo}@{host}" if userinfo else host
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


def folder_target(text: str) -> str:
    """The absolute path a folder source is kept under; UserError unless it is a folder."""
    path = Path(text).expanduser()
    if not path.exists():
        raise UserError(f"Cannot add folder {text}: it does not exist.")
    if not path.is_dir():
        raise UserError(f"Cannot add folder {text}: it is a file; give the folder it is in.")
    return str(path.resolve())


def channel_target(text: str) -> str:
    """A Slack channel id (C... or G...); UserError for anything else."""
    channel = (text or "").strip()
    if not _CHANNEL.match(channel):
        raise UserError(
            f"--slack-channel: give a channel id such as C0123456789 (got {text!r}); it is "
            "shown under the channel's name in Slack's channel details."
        )
    return channel
