"""`wiredesk browse` as a user starts it: a real process on a free loopback port, read over
HTTP with Datasette's JSON API."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
WIREDESK = [sys.executable, "-c", "from bot.cli import main; main()"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment() -> dict[str, str]:
    """The test process's environment without Wiredesk's or Slack's settings."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "WIREDESK_"))}
    env.pop("PORT", None)
    env["PYTHONPATH"] = str(ROOT)
    return env


@dataclass
class Browse:
    """A running `wiredesk browse`: its database address and what it printed on start."""

    url: str
    """The database's address (what WIREDESK_BROWSE_URL is set to)."""
    banner: str

    def get(self, path: str, *, root: bool = False, **params: str) -> tuple[int, str]:
        """GET ``path`` under the database's address (the server's with ``root``):
        (status, body)."""
        query = urllib.parse.urlencode(params)
        base = self.url.rsplit("/", 1)[0] if root else self.url
        address = f"{base}{path}" + (f"?{query}" if query else "")
        try:
            with urllib.request.urlopen(address, timeout=30) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")

    def json(self, path: str, *, root: bool = False, **params: str) -> dict[str, Any]:
        """Datasette's JSON for ``path`` (a view, table or canned query), rows as objects."""
        status, body = self.get(f"{path}.json", root=root, _shape="objects", **params)
        assert status == 200, body
        return json.loads(body)

    def rows(self, path: str, **params: str) -> list[dict[str, Any]]:
        return self.json(path, **params)["rows"]


@contextmanager
def browsing(db: Path, *args: str) -> Iterator[Browse]:
    """Run `wiredesk --db DB browse --port P ARGS` until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        [*WIREDESK, "--db", str(db), "browse", "--port", str(port), *args],
        cwd=db.parent,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                if process.poll() is not None:
                    stopped = f"wiredesk browse stopped: {process.stdout.read()}"
                    raise AssertionError(stopped) from None
                if time.monotonic() > deadline:
                    raise AssertionError("wiredesk browse did not start in 60 s") from None
                time.sleep(0.1)
        banner = ""
        while "WIREDESK_BROWSE_URL=" not in banner:
            banner += process.stdout.readline()
        url = banner.split("WIREDESK_BROWSE_URL=", 1)[1].split()[0]
        yield Browse(url=url, banner=banner)
    finally:
        process.terminate()
        process.wait(timeout=10)
