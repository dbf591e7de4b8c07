"""A consistent copy of the database while the bot runs, with SQLite's online backup API.

The copy is read from one snapshot: the source connection holds a read transaction for the
whole backup, so writers (the bot, an ingest) go on meanwhile (WAL mode) and the backup
never restarts because of them. It is written to a hidden file beside the target and moved
into place only when whole, so a PATH never holds half a backup.
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsroom.errors import UserError
from store.schema import database_problem, open_readonly

PAGES_PER_STEP = 1024
"""Pages copied between two progress reports (4 MiB with SQLite's default page size)."""

Progress = Callable[[int, int], None]
"""``progress(copied_pages, total_pages)``."""


@dataclass(frozen=True)
class BackupResult:
    """What a backup copied."""

    target: Path
    bytes: int
    bulletins: int
    items: int
    verdicts: int
    check: str
    """``PRAGMA quick_check`` of the copy: "ok" for a sound file."""
    seconds: float


def backup(
    source: str | Path,
    target: str | Path,
    *,
    overwrite: bool = False,
    progress: Progress | None = None,
) -> BackupResult:
    """Copy the Wiredesk database at ``source`` to ``target``, consistent while others write.

    Raises :class:`UserError` when ``source`` is missing or unreadable, when ``target``
    exists (unless ``overwrite``), is the database itself, or cannot be written.
    """
    source, target = Path(source), Path(target)
    _check_target(source, target, overwrite)
    started = time.monotonic()
    db = open_readonly(source)
    partial = None
    try:
        db.execute("BEGIN")  # one snapshot for the whole copy
        counts = [
            db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("bulletins", "items", "verdicts")
        ]
        handle, name = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".partial", dir=target.parent
        )
        os.close(handle)
        partial = Path(name)
        check = _copy(db.conn, partial, progress)
        db.execute("COMMIT")
        # as readable as the database, no more; set once written (the database may be 0444)
        partial.chmod(source.stat().st_mode & 0o777)
        _move_into_place(partial, target, overwrite)
        partial = None
    except sqlite3.DatabaseError as error:
        problem = database_problem(error, source)
        if problem is None:
            raise
        raise problem from None
    except OSError as error:
        raise UserError(f"Cannot write the backup {target}: {error.strerror or error}.") from None
    finally:
        db.close()
        if partial is not None:
            partial.unlink(missing_ok=True)
    bulletins, items, verdicts = counts
    return BackupResult(
        target=target,
        bytes=target.stat().st_size,
        bulletins=bulletins,
        items=items,
        verdicts=verdicts,
        check=check,
        seconds=time.monotonic() - started,
    )


def _check_target(source: Path, target: Path, overwrite: bool) -> None:
    if not target.parent.is_dir():
        raise UserError(f"Cannot write the backup {target}: folder {target.parent} does not exist.")
    if target.is_dir():
        raise UserError(f"Cannot write the backup {target}: it is a folder; give a file name.")
    if target.exists() and not target.is_file():
        raise UserError(
            f"Cannot write the backup {target}: it is not a regular file (a device, a pipe or a "
            "socket); give a file name."
        )
    if target.exists():
        if source.exists() and target.resolve() in {
            source.resolve(),
            *(source.resolve().with_name(source.name + end) for end in ("-wal", "-shm")),
        }:
            raise UserError(f"{target} is the database itself; give another file for the backup.")
        if not overwrite:
            raise UserError(
                f"{target} already exists; give another name, or --force to replace it."
            )


def _copy(source: sqlite3.Connection, partial: Path, progress: Progress | None) -> str:
    """Back ``source`` up into ``partial``, as a plain (rollback-journal) file; its check."""
    copy = sqlite3.connect(partial, isolation_level=None)
    try:

        def report(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        source.backup(copy, pages=PAGES_PER_STEP, progress=report)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal
        return copy.execute("PRAGMA quick_check").fetchone()[0]
    finally:
        copy.close()


def _move_into_place(partial: Path, target: Path, overwrite: bool) -> None:
    """Rename the finished copy to ``target``: atomically replacing it when ``overwrite``,
    else linked so that a file created meanwhile is never replaced."""
    if overwrite:
        os.replace(partial, target)
        return
    try:
        os.link(partial, target)
    except FileExistsError:
        raise UserError(
            f"{target} already exists; give another name, or --force to replace it."
        ) from None
    partial.unlink()
