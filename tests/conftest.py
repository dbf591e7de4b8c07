"""Shared fixtures: a fresh database per test, bulletins from text, and a clean environment."""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from sqlite_utils import Database

from bot.cli import cli
from newsroom.models import AnalysedBulletin, RawBulletin
from newsroom.text.analyse import analyse
from store.bulletins import AddResult, add_bulletins
from store.schema import open_db

SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
"""Real material beside the project (never copied into it); absent in a fresh clone."""

needs_shared_data = pytest.mark.skipif(
    not SHARED_DATA.is_dir(), reason=f"{SHARED_DATA} is not present"
)

_ENV_PREFIXES = ("SLACK_", "WIREDESK_")
_ENV_NAMES = ("PORT", "HOST")


def clear_wiredesk_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Remove every setting Wiredesk could read from the process environment."""
    for name in list(os.environ):
        if name.startswith(_ENV_PREFIXES) or name in _ENV_NAMES:
            monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def _keep_developer_environment_out(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No SLACK_* / WIREDESK_* / PORT from the shell, and no .env from the working folder."""
    clear_wiredesk_environment(monkeypatch)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Where the test's database file lives (created by the ``db`` fixture)."""
    return tmp_path / "w.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """A fresh Wiredesk database in a file under tmp_path."""
    database = open_db(db_path)
    yield database
    database.close()


def make_bulletin(
    text: str,
    *,
    source: str = "Test Wire",
    published: str | datetime | None = "2024-03-01T10:00:00Z",
    url: str | None = None,
    title: str | None = None,
) -> AnalysedBulletin:
    """An analysed bulletin made from text, as the ingest path would make it."""
    when = datetime.fromisoformat(published) if isinstance(published, str) else published
    return analyse(
        RawBulletin(text=text, source=source, published=when, url=url, title=title, where="test")
    )


AddText = Callable[..., AddResult]


@pytest.fixture
def add_text(db: Database) -> AddText:
    """``add_text(text, source=..., published=...)`` stores one bulletin in ``db``."""

    def add(text: str, **fields: object) -> AddResult:
        return add_bulletins(db, [make_bulletin(text, **fields)])

    return add


def item_ids_with(db: Database, fragment: str) -> list[int]:
    """Ids of the stored items whose text contains ``fragment``, in id order."""
    return [
        row[0]
        for row in db.execute(
            "SELECT id FROM items WHERE instr(text, ?) > 0 ORDER BY id", [fragment]
        ).fetchall()
    ]


def table_rows(db: Database) -> dict[str, list[tuple]]:
    """Every row of every stored table (FTS shadow tables included), sorted: a snapshot to
    compare before and after an operation that must not write."""
    tables = [
        name
        for (name,) in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'"
            " AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        ).fetchall()
    ]
    return {
        name: sorted(db.execute(f"SELECT * FROM [{name}]").fetchall(), key=repr) for name in tables
    }


@pytest.fixture
def runner() -> CliRunner:
    """A CliRunner keeping stderr apart from stdout (``mix_stderr`` exists only before click
    8.2; later versions always keep ``result.stderr`` apart)."""
    if "mix_stderr" in inspect.signature(CliRunner).parameters:
        return CliRunner(mix_stderr=False)
    return CliRunner()


Wiredesk = Callable[..., Result]


@pytest.fixture
def wiredesk(runner: CliRunner, db_path: Path) -> Wiredesk:
    """``wiredesk("ask", "Kyiv")`` runs the CLI with ``--db`` set to the test database;
    ``db=None`` leaves --db out."""

    def invoke(*args: str, input: str | None = None, db: Path | None = db_path) -> Result:
        prefix = ["--db", str(db)] if db is not None else []
        return runner.invoke(cli, [*prefix, *args], input=input)

    return invoke


ANSWER_ITEM_KEYS = [
    "id",
    "bulletin_id",
    "text",
    "source",
    "published",
    "url",
    "attributed_to",
    "denied_by",
    "signals",
    "status",
    "independent_sources",
    "corroborated_by",
    "verdict",
    "matched",
    "context",
]
"""The keys of each item of `ask --json`, in order (issue 2, extended by issues 3 and 9)."""
