import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import newsroom.sources.fetch as fetch_module
from newsroom.errors import UserError
from newsroom.models import RawBulletin, Rejection
from newsroom.sources import read_input
from newsroom.sources.fetch import fetch_url

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
FEED = (FIXTURES / "wire.rss").read_bytes()
ARTICLE = (FIXTURES / "article.html").read_bytes()
RECORDS = json.dumps([{"text": "From the API.", "url": "https://www.lp.example/x"}]).encode()


@dataclass
class Site:
    """A local web server: ``pages`` maps a path to (status, content type, body)."""

    base: str
    pages: dict[str, tuple[int, str, bytes]]
    user_agents: list[str]


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    pages: dict[str, tuple[int, str, bytes]] = {}
    user_agents: list[str] = []
    release = threading.Event()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            user_agents.append(self.headers.get("User-Agent", ""))
            if self.path == "/slow":
                release.wait(10)
            status, content_type, body = pages.get(self.path, (404, "text/plain", b"gone"))
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    yield Site(f"http://{host}:{port}", pages, user_agents)
    release.set()
    server.shutdown()
    server.server_close()
    thread.join()


def test_fetch_sends_our_user_agent(site: Site) -> None:
    site.pages["/note"] = (200, "text/plain", b"Hello.")
    assert fetch_url(f"{site.base}/note") == b"Hello."
    (agent,) = site.user_agents
    assert agent.startswith("Wiredesk/") and "poller" in agent


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/missing", "HTTP 404 Not Found"), ("/error", "HTTP 500 Internal Server Error")],
)
def test_fetch_http_errors(site: Site, path: str, reason: str) -> None:
    site.pages["/error"] = (500, "text/plain", b"boom")
    url = f"{site.base}{path}"
    with pytest.raises(UserError, match=f"^Could not fetch {url}: {reason}$"):
        fetch_url(url)


def test_fetch_timeout(site: Site) -> None:
    site.pages["/slow"] = (200, "text/plain", b"late")
    url = f"{site.base}/slow"
    with pytest.raises(
        UserError, match=f"^Could not fetch {url}: timeout: no answer within 0.3 s \\(read\\)$"
    ):
        fetch_url(url, timeout=0.3)


def test_fetch_size_cap(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module, "MAX_BYTES", 1024 * 1024)
    site.pages["/big"] = (200, "text/plain", b"x" * (1024 * 1024 + 1))
    site.pages["/fits"] = (200, "text/plain", b"x" * (1024 * 1024))
    assert len(fetch_url(f"{site.base}/fits")) == 1024 * 1024
    with pytest.raises(UserError, match="too large: the body is over the 1 MB limit"):
        fetch_url(f"{site.base}/big")


def test_fetch_connection_refused() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/feed"
    with pytest.raises(UserError, match=f"^Could not fetch {url}: .*refused"):
        fetch_url(url)


def test_read_feed_from_url(site: Site) -> None:
    site.pages["/world/feed"] = (200, "application/rss+xml", FEED)
    url = f"{site.base}/world/feed"
    results = list(read_input(url))
    assert [r.where for r in results] == [f"{url}, entry {n}" for n in (1, 2, 3)]
    assert results[0].source == "Harbour Wire"
    assert results[0].published == datetime(2022, 7, 3, 8, 30, tzinfo=UTC)


def test_read_article_from_url(site: Site) -> None:
    site.pages["/2022/07/03/norvik-port"] = (200, "text/html; charset=utf-8", ARTICLE)
    url = f"{site.base}/2022/07/03/norvik-port"
    (bulletin,) = read_input(url)
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.where == url
    assert bulletin.source == "Lantern Post"
    assert bulletin.text.startswith("Officials in the invented town of Norvik")


@pytest.mark.parametrize(
    ("path", "body", "fmt", "source", "url"),
    [
        ("/api/items.json", RECORDS, "auto", "lp.example", "https://www.lp.example/x"),
        ("/notes", b"A plain note from the web.", "auto", "127.0.0.1", None),
        ("/notes.txt", b"A plain note from the web.", "text", "127.0.0.1", None),
    ],
)
def test_read_other_formats_from_url(
    site: Site, path: str, body: bytes, fmt: str, source: str, url: str | None
) -> None:
    site.pages[path] = (200, "application/octet-stream", body)
    target = f"{site.base}{path}"
    (bulletin,) = read_input(target, fmt)
    assert isinstance(bulletin, RawBulletin)
    assert bulletin.source == source
    assert bulletin.url == (url or target)


def test_url_fetch_failure_is_a_user_error(site: Site) -> None:
    url = f"{site.base}/nothing-here"
    with pytest.raises(UserError, match="HTTP 404"):
        list(read_input(url))


def test_binary_body_from_url(site: Site) -> None:
    site.pages["/photo"] = (200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    url = f"{site.base}/photo"
    assert list(read_input(url)) == [Rejection(where=url, reason="binary file, not text")]


def test_a_fetched_csv_is_read_in_the_order_its_dates_show(site: Site) -> None:
    """The day/month order of a streamed download is decided by a reading of its own."""
    site.pages["/export.csv"] = (
        200,
        "text/csv",
        (Path(__file__).parent / "fixtures" / "dates" / "day-first.csv").read_bytes(),
    )
    results = list(read_input(f"{site.base}/export.csv"))
    assert [r.published for r in results] == [
        datetime(2022, 7, 3, tzinfo=UTC),
        datetime(2022, 7, 13, 14, 30, tzinfo=UTC),
        datetime(2022, 7, 12, 9, 15, tzinfo=UTC),
    ]


FEED_WITHOUT_LINK = b"""<!DOCTYPE html>
<!-- served by a CMS that wraps every page in an HTML DOCTYPE -->
<rss version="2.0">
  <channel>
    <title>Harbour Wire</title>
    <item>
      <title>Ferry to Velmar suspended</title>
      <link>/news/2022/05/item-1</link>
      <description>The port authority said the ferry would not sail on Sunday.</description>
    </item>
    <item>
      <title>Bridge reopens</title>
      <link>../2022/05/item-2</link>
      <description>The Tesk bridge reopened to traffic, the city said.</description>
    </item>
  </channel>
</rss>
"""


def test_a_fetched_feeds_links_are_resolved_against_its_url(site: Site) -> None:
    site.pages["/feeds/world/rss"] = (200, "text/html", FEED_WITHOUT_LINK)
    records = list(read_input(f"{site.base}/feeds/world/rss"))
    assert [(r.title, r.url) for r in records if isinstance(r, RawBulletin)] == [
        ("Ferry to Velmar suspended", f"{site.base}/news/2022/05/item-1"),
        ("Bridge reopens", f"{site.base}/feeds/2022/05/item-2"),
    ]
