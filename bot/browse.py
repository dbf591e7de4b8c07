"""`wiredesk browse`: the database in Datasette, never written, on loopback by default.

How the file is opened (:func:`open_mode`):

- **immutable** (SQLite's ``immutable=1``, Datasette's ``-i``) when nobody has write
  permission on the file and no write-ahead log holds changes not yet in it: a frozen copy,
  such as an archived or published snapshot. Datasette then counts rows once and caches.
- **read-only** (``mode=ro``) otherwise: a writable file is the live one, which the bot, the
  scheduler or an ingest may write at any moment, and SQLite's immutable mode would then
  return wrong rows. Read-only connections see each new write and never block one.
"""

from __future__ import annotations

import asyncio
import errno
import ipaddress
import socket
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path

import click

from newsroom.errors import UserError
from store.schema import SCHEMA_VERSION, open_readonly

EXTRA = "pip install 'wiredesk[browse]'"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001
_SETTINGS = {"sql_time_limit_ms": 3000, "facet_time_limit_ms": 1000}
"""Datasette settings: a query over the statements view of a large desk's record may take
longer than Datasette's default second (see docs/database.md)."""


@dataclass(frozen=True)
class OpenMode:
    """How the database is opened, and why (shown when the server starts)."""

    immutable: bool
    reason: str


def open_mode(path: Path) -> OpenMode:
    """Immutable for a file nobody may write whose write-ahead log is empty; else read-only."""
    if stat.S_IMODE(path.stat().st_mode) & 0o222:
        return OpenMode(
            False,
            "read-only: the file is writable, so the bot or an ingest may write it while "
            "you browse; a copy made read-only with chmod a-w is opened immutable",
        )
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        return OpenMode(
            False,
            f"read-only: nobody may write the file, but {wal.name} holds changes not yet "
            "written into it",
        )
    return OpenMode(True, "immutable: nobody may write the file")


def prepare(path: Path) -> OpenMode:
    """Check the database at ``path`` can be browsed and bring a writable one's schema (and
    so its views) up to date; the mode to open it in. Raises :class:`UserError` saying why
    not."""
    if not path.exists():
        raise UserError(
            f"No database at {path}: load one first (`wiredesk demo --no-console`, or "
            "`wiredesk ingest FILE`), or name it with --db."
        )
    if path.is_dir():
        raise UserError(f"Database path {path} is a directory; give the database file.")
    if any(ch in str(path.resolve()) for ch in "?#%"):
        raise UserError(
            f"Datasette cannot open {path}: its path contains ?, # or %; rename or move it."
        )
    mode = open_mode(path)
    if not mode.immutable:
        # never creates a schema in a file that is not Wiredesk's; an older one is upgraded
        open_readonly(path).close()
        return mode
    try:
        connection = sqlite3.connect(f"file:{path.resolve()}?immutable=1", uri=True)
        try:
            version = connection.execute("PRAGMA user_version").fetchone()[0]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise UserError(f"Cannot open {path}: {error} (is it a Wiredesk SQLite file?)") from None
    if version == 0:
        raise UserError(f"{path} is not a Wiredesk database (it has no Wiredesk tables).")
    if version > SCHEMA_VERSION:
        raise UserError(
            f"{path} was written by a newer Wiredesk (schema {version}, this one knows "
            f"{SCHEMA_VERSION}); upgrade Wiredesk."
        )
    if version < SCHEMA_VERSION:
        raise UserError(
            f"{path} is read-only and was written by an older Wiredesk (schema {version}; the "
            f"views need {SCHEMA_VERSION}). Give it write permission, run any wiredesk command "
            "on it once (it is upgraded in place), then make it read-only again."
        )
    return mode


def check_address(host: str, port: int) -> None:
    """Raise :class:`UserError` when ``host``:``port`` cannot be listened on (unknown host,
    port in use, no permission)."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise UserError(
            f"--host {host}: not an address this machine has ({error.strerror})."
        ) from None
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRNOTAVAIL:
                raise UserError(
                    f"--host {host}: not an address this machine has ({error.strerror})."
                ) from None
            raise UserError(
                f"Cannot listen on {host} port {port}: {error.strerror}; choose another --port."
            ) from None


def reachable_name(host: str) -> str:
    """The name to show in links for ``host``: a wildcard address (0.0.0.0, ::) listens on
    every address of the machine, but a link needs one of them, so the machine's name."""
    if host in ("0.0.0.0", "::", ""):
        return socket.getfqdn()
    return host


def is_loopback(host: str) -> bool:
    """True for an address only this machine can reach (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def require_datasette() -> None:
    """Raise :class:`UserError` naming the extra when Datasette is not installed."""
    try:
        import datasette  # noqa: F401
    except ImportError:
        raise UserError(
            f"`wiredesk browse` needs Datasette, which is not installed: {EXTRA}"
        ) from None


def build_datasette(path: Path, mode: OpenMode):
    """A Datasette instance over the database, with Wiredesk's metadata and search function."""
    from datasette.app import Datasette
    from datasette.plugins import pm

    from bot import browse_plugin
    from bot.browse_metadata import metadata

    if not pm.is_registered(browse_plugin):
        pm.register(browse_plugin, name="wiredesk")
    file = str(path.resolve())
    return Datasette(
        files=[] if mode.immutable else [file],
        immutables=[file] if mode.immutable else [],
        metadata=metadata(database_name(path)),
        settings=_SETTINGS,
    )


def database_name(path: Path) -> str:
    """The name Datasette gives the database (its file name without the extension)."""
    return path.stem


def banner(path: Path, mode: OpenMode, host: str, address: str) -> list[str]:
    """What `wiredesk browse` says on start: the file and how it is opened, a warning when
    others can reach it, where to open it and what to set WIREDESK_BROWSE_URL to."""
    lines = [f"Browsing {path}, {mode.reason}."]
    if not is_loopback(host):
        lines.append(
            f"Warning: listening on {host}: anyone who can reach this address can read the "
            "whole record. There is no login."
        )
    lines.append(f"Open {address} (Ctrl-C to stop).")
    lines.append(f"For links from Slack answers and the digest: WIREDESK_BROWSE_URL={address}")
    return lines


def serve(path: Path, *, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> None:
    """Serve the database at ``path`` in Datasette until interrupted."""
    require_datasette()
    mode = prepare(path)
    check_address(host, port)
    datasette = build_datasette(path, mode)
    import uvicorn

    asyncio.run(datasette.invoke_startup())
    shown = reachable_name(host)
    shown = f"[{shown}]" if ":" in shown else shown
    address = f"http://{shown}:{port}{datasette.urls.database(database_name(path))}"
    for line in banner(path, mode, host, address):
        click.echo(line, err=True)
    uvicorn.run(
        datasette.app(), host=host, port=port, log_level="warning", lifespan="on", workers=1
    )
