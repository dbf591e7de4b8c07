"""A feed server on loopback for the live-wire tests: pages that change, validators (ETag,
Last-Modified) and 304s, errors with Retry-After, slow and huge answers, redirects."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

import pytest


@dataclass
class Page:
    """What one path answers."""

    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml; charset=utf-8"
    etag: str | None = None
    last_modified: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds before the answer starts."""
    drip: float = 0.0
    """Seconds between chunks of 1 KB of the body (a slow server)."""
    location: str | None = None
    """For a 3xx: where to."""
    send_length: bool = True
    """False: no Content-Length, the body ends when the connection closes."""


@dataclass
class Seen:
    """A request the server received."""

    path: str
    headers: dict[str, str]
    status: int


class _QuietServer(ThreadingHTTPServer):
    """A client that hangs up mid-request (a poller killed by the crash bench) is not the
    server's error: no traceback for it."""

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FeedServer:
    """``server.pages[path] = Page(...)``; ``server.url(path)``; ``server.seen`` lists requests."""

    def __init__(self) -> None:
        self.pages: dict[str, Page] = {}
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:
                owner._answer(self)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = _QuietServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, args=(0.05,), daemon=True
        )
        self._thread.start()
        self.port = self._server.server_address[1]

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def requests_to(self, path: str) -> list[Seen]:
        with self._lock:
            return [seen for seen in self.seen if seen.path == path]

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        page = self.pages.get(handler.path, Page(b"not here", 404, "text/plain"))
        if page.delay:
            time.sleep(page.delay)
        status = page.status
        conditional = (page.etag and handler.headers.get("If-None-Match") == page.etag) or (
            page.last_modified
            and not page.etag
            and handler.headers.get("If-Modified-Since") == page.last_modified
        )
        if status == 200 and conditional:
            status = 304
        with self._lock:
            self.seen.append(Seen(handler.path, dict(handler.headers), status))
        handler.send_response(status)
        for name, value in page.headers.items():
            handler.send_header(name, value)
        if page.etag:
            handler.send_header("ETag", page.etag)
        if page.last_modified:
            handler.send_header("Last-Modified", page.last_modified)
        if page.location:
            handler.send_header("Location", page.location)
        body = b"" if status == 304 else page.body
        if status != 304:
            handler.send_header("Content-Type", page.content_type)
        if page.send_length or status == 304:
            handler.send_header("Content-Length", str(len(body)))
        else:
            handler.send_header("Connection", "close")
            handler.close_connection = True
        handler.end_headers()
        try:
            if page.drip:
                for start in range(0, len(body), 1024):
                    handler.wfile.write(body[start : start + 1024])
                    handler.wfile.flush()
                    time.sleep(page.drip)
            else:
                handler.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass


@pytest.fixture
def feeds(monkeypatch: pytest.MonkeyPatch) -> Iterator[FeedServer]:
    """A feed server on loopback, with the proxy settings of the shell kept out."""
    for name in (
        "http_proxy",
        "https_proxy",
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "all_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    server = FeedServer()
    yield server
    server.stop()


@dataclass(frozen=True)
class Entry:
    """One feed entry."""

    guid: str | None
    title: str
    text: str
    published: str = "Tue, 04 Mar 2025 09:15:00 +0000"
    link: str | None = None


def rss(entries: list[Entry], title: str = "Northern Desk Wire") -> bytes:
    """An RSS 2.0 document."""
    items = []
    for entry in entries:
        guid = f'<guid isPermaLink="false">{escape(entry.guid)}</guid>' if entry.guid else ""
        link = f"<link>{escape(entry.link)}</link>" if entry.link else ""
        items.append(
            f"<item><title>{escape(entry.title)}</title>{link}{guid}"
            f"<pubDate>{entry.published}</pubDate>"
            f"<description>{escape(entry.text)}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://wire.example/</link>"
        f"<description>Bulletins</description>{''.join(items)}</channel></rss>"
    ).encode()


def atom(entries: list[Entry], title: str = "Harbour Monitor") -> bytes:
    """An Atom 1.0 document."""
    parts = []
    for entry in entries:
        link = f'<link href="{escape(entry.link)}"/>' if entry.link else ""
        parts.append(
            f"<entry><id>{escape(entry.guid or '')}</id><title>{escape(entry.title)}</title>"
            f"{link}<updated>2025-03-04T09:15:00Z</updated>"
            f'<content type="text">{escape(entry.text)}</content></entry>'
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>{escape(title)}</title><id>urn:harbour</id>"
        f"<updated>2025-03-04T09:15:00Z</updated>{''.join(parts)}</feed>"
    ).encode()


def json_feed(entries: list[Entry], title: str = "Valley Bulletin") -> bytes:
    """A JSON Feed 1.1 document."""
    items = [
        {
            "id": entry.guid,
            "title": entry.title,
            "content_text": entry.text,
            "date_published": "2025-03-04T09:15:00Z",
            **({"url": entry.link} if entry.link else {}),
        }
        for entry in entries
    ]
    return json.dumps(
        {"version": "https://jsonfeed.org/version/1.1", "title": title, "items": items}
    ).encode()


def http_date(epoch: float) -> str:
    """An HTTP date (Last-Modified, Retry-After)."""
    from datetime import UTC, datetime

    return format_datetime(datetime.fromtimestamp(epoch, UTC), usegmt=True)


WIRE = [
    Entry(
        "nd-1001",
        "Drones downed over Zarichne",
        "Regional governor Oleh Marchenko said two drones were shot down over Zarichne "
        "overnight. There were no casualties, he said.",
    ),
    Entry(
        "nd-1002",
        "Bridge at Lisove damaged",
        "The defence ministry claimed its forces destroyed a pontoon bridge near Lisove. "
        "The claim could not be independently verified.",
    ),
    Entry(
        "nd-1003",
        "Grain convoy reaches Stavky",
        "A convoy of forty lorries carrying grain reached the port of Stavky on Tuesday, "
        "the harbour authority said.",
    ),
]
"""Three fictional wire entries (places and people invented for the tests)."""

MORE = [
    Entry(
        "nd-1004",
        "Power restored in Korsunka",
        "Power was restored to most of Korsunka after a strike on a substation, the "
        "energy operator Oblenergo-North said on Wednesday.",
    ),
    Entry(
        "nd-1005",
        "Shelling reported in Bereg",
        "Local officials reported shelling on the outskirts of Bereg; the army spokesman "
        "Ivan Tkach denied that any homes were hit.",
    ),
]
