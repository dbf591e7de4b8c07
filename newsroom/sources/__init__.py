"""Reading input files and URLs into RawBulletin records.

:func:`read_input` yields a :class:`~newsroom.models.RawBulletin` for each usable record
and a :class:`~newsroom.models.Rejection` for each unusable one, in input order, with
:class:`~newsroom.models.Notice` for what a run should say about the input; it raises
only :class:`~newsroom.errors.UserError`, for a target or argument that cannot be used.
One module per concern: ``detect`` picks the format, ``text``, ``tabular``, ``feeds`` and
``html`` parse, ``telegram`` and ``slack`` read chat exports, ``dates`` reads dates,
``clean`` decodes and normalises text, ``records`` assembles bulletins and ``fetch``
downloads URLs.
"""

from __future__ import annotations

import codecs
import io
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from newsroom.errors import UserError
from newsroom.models import Notice, RawBulletin, Rejection
from newsroom.sources.clean import clean_line, looks_binary
from newsroom.sources.date_order import Reader, order_decider
from newsroom.sources.dates import DateContext, parse_date
from newsroom.sources.detect import detect_format
from newsroom.sources.feeds import read_feed
from newsroom.sources.fetch import fetch_url
from newsroom.sources.html import read_html
from newsroom.sources.records import Origin, host_of
from newsroom.sources.slack import is_slack_export, read_slack_export
from newsroom.sources.tabular import has_records_header, read_csv, read_json, read_jsonl
from newsroom.sources.text import read_text

__all__ = ["FORMATS", "check_target", "read_body", "read_input"]

FORMATS = ("auto", "text", "json", "jsonl", "csv", "rss", "html")
HEAD_BYTES = 64 * 1024
"""How much of the input is read to detect its format, encoding and binary content."""
StreamReader = Callable[[BinaryIO, bytes, Origin], Iterator[RawBulletin | Rejection]]
_WHOLE_FILE_READERS = {"text": read_text, "json": read_json, "rss": read_feed, "html": read_html}


def check_target(target: str) -> None:
    """Raise UserError unless target is an existing readable file, a Slack export folder or
    an http(s) URL."""
    if "://" in target:
        try:
            parts = urlsplit(target)
        except ValueError as exc:
            raise UserError(f"Cannot read {target}: not a valid URL ({exc}).") from exc
        if parts.scheme.lower() not in ("http", "https"):
            raise UserError(f"Cannot read {target}: only http and https URLs can be fetched.")
        if not parts.hostname:
            raise UserError(f"Cannot read {target}: the URL has no host name.")
        return
    path = Path(target)
    if not path.exists():
        raise UserError(f"No such file: {target}")
    if path.is_dir():
        if not os.access(path, os.R_OK | os.X_OK):
            raise UserError(f"Cannot read {target}: permission denied.")
        if is_slack_export(path):
            return
        raise UserError(
            f"{target} is a folder but not a Slack export (no channel folders of per-day JSON"
            " files): give a file, a Slack export folder or an http(s) URL."
        )
    if not path.is_file():
        raise UserError(f"{target} is not a regular file.")
    if not os.access(path, os.R_OK):
        raise UserError(f"Cannot read {target}: permission denied.")


def read_input(
    target: str,
    fmt: str = "auto",
    *,
    source: str | None = None,
    published: datetime | None = None,
    timeout: float = 20.0,
    dates: DateContext | None = None,
) -> Iterator[RawBulletin | Rejection | Notice]:
    """Yield bulletins (and rejections for unusable records) from a path, a Slack export
    folder or an http(s) URL.

    ``source`` and ``published`` fill in for records that do not name their own; ``fmt``
    "auto" detects the format from the file name, then from the content. JSONL and CSV are
    streamed; other formats are read whole. ``dates`` is this input's own context (see
    :meth:`DateContext.for_input`); its day/month order is decided here from the input's
    dates unless the user gave one, and it counts the times taken in its zone.
    """
    if fmt not in FORMATS:
        raise UserError(f"Unknown format {fmt!r}: use one of {', '.join(FORMATS)}.")
    check_target(target)
    source = (clean_line(source) or None) if source else None
    dates = dates if dates is not None else DateContext()
    when = parse_date(published, dates.for_input()) if published is not None else None
    try:
        if _is_url(target):
            origin = Origin(
                target, host_of(target) or target, source, when, url=target, dates=dates
            )
            with io.BytesIO(fetch_url(target, timeout)) as stream:
                yield from _parse(stream, urlsplit(target).path, fmt, origin)
        elif Path(target).is_dir():
            origin = Origin(target, Path(target).name, source, when, dates=dates)
            yield from read_slack_export(Path(target), origin)
        else:
            origin = Origin(target, Path(target).stem, source, when, dates=dates)
            with open(target, "rb") as stream:
                yield from _parse(stream, target, fmt, origin)
    except OSError as exc:
        raise UserError(f"Cannot read {target}: {exc.strerror or exc}") from exc


def read_body(
    body: bytes, url: str, *, source: str | None = None
) -> Iterator[RawBulletin | Rejection | Notice]:
    """Yield the records of a document already fetched from ``url`` (a live source's poll),
    read as :func:`read_input` reads a URL: the format detected from the path, then the
    content. A live source is a feed, a page or records: plain text is refused, for it is
    what a server sends instead of them ("Service Unavailable", a captive portal's notice),
    and storing it would put the error in the record; text that opens with a CSV header
    naming a text column is records ("/export?format=csv")."""
    origin = Origin(url, host_of(url) or url, source, None, url=url)
    name = urlsplit(url).path
    head = body[:HEAD_BYTES]
    fmt = detect_format(name, head) if head.strip() else "auto"
    if fmt == "text" and has_records_header(head):
        fmt = "csv"
    if fmt == "text" and not looks_binary(head):
        start = " ".join(body[:200].decode("utf-8", errors="replace").split())[:60]
        yield origin.reject(
            f"not a feed, a page or records: the server sent plain text ({start!r})"
        )
        return
    with io.BytesIO(body) as stream:
        yield from _parse(stream, name, "csv" if fmt == "csv" else "auto", origin)


def _parse(
    stream: BinaryIO, name: str, fmt: str, origin: Origin
) -> Iterator[RawBulletin | Rejection | Notice]:
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if not head.removeprefix(codecs.BOM_UTF8).strip():
        yield origin.reject("empty file")
        return
    if looks_binary(head):
        yield origin.reject("binary file, not text")
        return
    if fmt == "auto":
        fmt = detect_format(name, head)
    if fmt in ("jsonl", "csv"):
        streamed = read_jsonl if fmt == "jsonl" else read_csv
        origin.dates.decide = order_decider(_read_again(stream, head, streamed), origin)
        yield from streamed(stream, head, origin)
    else:
        data = stream.read()
        whole = _WHOLE_FILE_READERS[fmt]
        origin.dates.decide = order_decider(lambda again: whole(data, again), origin)
        yield from whole(data, origin)


def _read_again(stream: BinaryIO, head: bytes, streamed: StreamReader) -> Reader:
    """A reader of the input from its start, with a stream of its own, whatever another
    reading of ``stream`` is doing (to decide the day/month order mid-way)."""

    def read(origin: Origin) -> Iterator[RawBulletin | Rejection]:
        if isinstance(stream, io.BytesIO):
            own: BinaryIO = io.BytesIO(stream.getvalue())
        else:
            own = open(stream.name, "rb")  # noqa: SIM115 (closed below, after reading)
        with own:
            yield from streamed(own, head, origin)

    return read


def _is_url(target: str) -> bool:
    """True for a target :func:`check_target` accepted as a URL."""
    return "://" in target
