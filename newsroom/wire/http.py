"""Fetching a feed politely: conditional GET, timeouts, a size cap, a redirect limit, a
User-Agent that says who polls, and the publisher's pacing (Retry-After, max-age).

Failures, all :class:`FetchError` (``retry_after`` set when the server asked for a pause)::

    FetchError
    ├── HTTP 4xx/5xx          (429 and 503 carry Retry-After when the server sent one)
    ├── timeout               (connect or read)
    ├── too large             (more than Limits.max_bytes)
    ├── too many redirects    (a loop, or more than Limits.max_redirects)
    ├── refused address       (a guarded source reaching a private, loopback or link-local host)
    └── network               (DNS, refused connection, TLS)
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

try:
    _VERSION = version("wiredesk")
except PackageNotFoundError:  # pragma: no cover - a source checkout without metadata
    _VERSION = "0"
USER_AGENT = (
    f"Wiredesk/{_VERSION} (live wire poller for a newsroom conflict desk;"
    " +https://github.com/wiredesk/wiredesk)"
)
_MAX_AGE = re.compile(r"(?:^|,)\s*max-age\s*=\s*\"?(\d+)", re.I)
_REDIRECTS = frozenset({301, 302, 303, 307, 308})


@dataclass(frozen=True)
class Limits:
    """How long to wait and how much to take."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    """Seconds between two reads of the body (httpx's read timeout)."""
    max_bytes: int = 20 * 1024 * 1024
    max_redirects: int = 5
    total_timeout: float = 120.0
    """Seconds a whole fetch may take, however steadily a slow server drips its body."""


@dataclass(frozen=True)
class Fetched:
    """A successful conditional GET: 200 with a body, or 304 with none."""

    status: int
    body: bytes
    url: str
    """The URL the body came from, after redirects."""
    etag: str | None
    last_modified: str | None
    max_age: float | None
    """Cache-Control max-age in seconds, when the server gave one."""
    requests: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class FetchError(Exception):
    """A fetch that failed, in words, with the pause the server asked for (if any)."""

    reason: str
    retry_after: float | None = None
    status: int | None = None
    requests: int = field(default=1)

    def __str__(self) -> str:
        return self.reason


class AddressGuard:
    """Refuses hosts that resolve to private, loopback, link-local or otherwise non-public
    addresses, unless listed in ``allow`` (host names, addresses or networks such as
    ``10.0.0.0/8``, from WIREDESK_FETCH_ALLOW)."""

    def __init__(self, allow: list[str] | tuple[str, ...] = ()) -> None:
        self.names = set()
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in allow:
            try:
                self.networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                self.names.add(entry.lower().rstrip("."))

    def address_for(self, host: str, port: int) -> str | None:
        """The address to connect to for ``host``: every address it resolves to must be
        public (or allowed). None when the host is allowed by name (resolved as usual).

        Raises FetchError naming the host and the address refused.
        """
        if host.lower().rstrip(".") in self.names:
            return None
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise FetchError(f"cannot resolve {host}: {error.strerror or error}") from None
        addresses = [info[4][0] for info in infos]
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])
            if getattr(ip, "ipv4_mapped", None):
                ip = ip.ipv4_mapped
            if not ip.is_global and not any(ip in net for net in self.networks):
                raise FetchError(
                    f"refused: {host} resolves to {ip}, a private, loopback or link-local "
                    "address; sources added from Slack may only reach public addresses "
                    "(an operator can allow it in WIREDESK_FETCH_ALLOW)"
                )
        return addresses[0]


def make_client(limits: Limits = Limits()) -> httpx.Client:
    """An HTTP client for polling: redirects are followed by :func:`conditional_get` itself
    (each hop is checked), the User-Agent names Wiredesk."""
    return httpx.Client(
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        follow_redirects=False,
        headers={"User-Agent": USER_AGENT, "Accept": _ACCEPT},
    )


_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
    " application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5"
)


def conditional_get(
    client: httpx.Client,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    guard: AddressGuard | None = None,
    limits: Limits = Limits(),
    now: datetime | None = None,
) -> Fetched:
    """GET ``url`` with If-None-Match / If-Modified-Since, following at most
    ``limits.max_redirects`` redirects, each checked by ``guard`` when one is given.

    Raises :class:`FetchError` for every failure (see the module's docstring).
    """
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    seen = {url}
    for hop in range(limits.max_redirects + 1):
        try:
            response = _send(client, url, headers, guard)
            try:
                if response.status_code in _REDIRECTS:
                    location = response.headers.get("Location")
                    if not location:
                        raise FetchError(
                            f"HTTP {response.status_code} redirect without a Location",
                            status=response.status_code,
                            requests=hop + 1,
                        )
                    url = urljoin(url, location)
                    if url in seen:
                        raise FetchError(f"redirect loop at {url}", requests=hop + 1)
                    seen.add(url)
                    continue
                return _finish(response, url, limits, now or datetime.now(UTC), hop + 1)
            finally:
                response.close()
        except httpx.TimeoutException as error:
            kind = "connect" if isinstance(error, httpx.ConnectTimeout) else "read"
            wait = limits.connect_timeout if kind == "connect" else limits.read_timeout
            raise FetchError(f"timeout: no answer within {wait:g} s ({kind})") from None
        except httpx.HTTPError as error:
            raise FetchError(f"network error: {error or type(error).__name__}") from None
    raise FetchError(
        f"too many redirects (more than {limits.max_redirects})", requests=limits.max_redirects + 1
    )


def _send(
    client: httpx.Client, url: str, headers: dict[str, str], guard: AddressGuard | None
) -> httpx.Response:
    """Start a streamed GET. With a guard, the connection goes to the address it checked
    (the host name still in Host and in TLS's SNI), so a second DNS answer cannot differ."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(f"cannot follow a redirect to {url}: not an http(s) URL")
    extensions = {}
    if guard is not None:
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = guard.address_for(parts.hostname, port)
        if address is not None:
            host = f"[{address}]" if ":" in address else address
            headers = {**headers, "Host": parts.netloc.rpartition("@")[2]}
            extensions["sni_hostname"] = parts.hostname
            url = urlunsplit((parts.scheme, f"{host}:{port}", parts.path, parts.query, ""))
    request = client.build_request("GET", url, headers=headers, extensions=extensions)
    return client.send(request, stream=True)


def _finish(
    response: httpx.Response, url: str, limits: Limits, now: datetime, requests: int
) -> Fetched:
    status = response.status_code
    if status == 304:
        return Fetched(304, b"", url, *_validators(response), _max_age(response), requests)
    if status >= 400 or status < 200 or status == 204:
        raise FetchError(
            f"HTTP {status} {response.reason_phrase}".rstrip(),
            retry_after=retry_after(response.headers.get("Retry-After"), now),
            status=status,
            requests=requests,
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(_too_large(limits), status=status, requests=requests)
    body = bytearray()
    started = time.monotonic()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limits.max_bytes:
            raise FetchError(_too_large(limits), status=status, requests=requests)
        if time.monotonic() - started > limits.total_timeout:
            raise FetchError(
                f"timeout: the body took over {limits.total_timeout:g} s", requests=requests
            )
    return Fetched(status, bytes(body), url, *_validators(response), _max_age(response), requests)


def _too_large(limits: Limits) -> str:
    size = limits.max_bytes
    shown = f"{size / 2**20:g} MB" if size >= 2**20 else f"{size:,} bytes"
    return f"too large: the body is over the {shown} limit"


def _validators(response: httpx.Response) -> tuple[str | None, str | None]:
    return response.headers.get("ETag"), response.headers.get("Last-Modified")


def _max_age(response: httpx.Response) -> float | None:
    control = response.headers.get("Cache-Control", "")
    if "no-cache" in control.lower() or "no-store" in control.lower():
        return None
    match = _MAX_AGE.search(control)
    return float(match[1]) if match else None


def retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds a Retry-After header asks for (delay-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())
