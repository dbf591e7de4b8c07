"""`wiredesk console`: the slash commands of Slack at a terminal prompt, over the local database."""

from __future__ import annotations

import getpass
import html
import sqlite3
from collections.abc import Callable, Iterable
from datetime import timedelta

from bot.desk import (
    COMMAND,
    Help,
    HistoryCommand,
    VerdictCommand,
    VerdictOutcome,
    conflict,
    current_digest,
    is_digest,
    item_history,
    parse_command,
    run_verdict,
)
from bot.desk_sources import parse_sources_command, render_reply, run_sources_command
from bot.terminal import render_answer, render_digest, render_help, render_history, verdict_line
from newsroom.errors import UserError
from newsroom.watches import DEFAULT_INTERVAL, console_alerts, parse_watch, run_watch_command
from store.schema import database_problem, open_db

PROMPT = "wiredesk> "
GREETING = (
    f"Wiredesk console. Type `{COMMAND} TOPIC` (e.g. {COMMAND} Lysychansk), "
    f"`{COMMAND} help` (also lists the verdict and watch commands), or `quit`."
)
_QUIT = {"quit", "exit", ":q", "/quit", "/exit"}


def console_user() -> str:
    """Who sets verdicts from the console: the local user (no permission check applies)."""
    try:
        return "console:" + getpass.getuser()
    except Exception:  # no login name in this environment
        return "console"


def render_outcome(outcome: VerdictOutcome) -> str:
    """The console's reply to a verdict command."""
    if outcome.verdict is None:
        return (
            f"Verdict cleared on item {outcome.item_id}: it shows {outcome.status.upper()} "
            "again, as read from the text."
        )
    return f"item {outcome.item_id}: {verdict_line(outcome.verdict)}"


def run_line(
    db_path: str,
    line: str,
    *,
    by: str | None = None,
    clock: tuple[int, int] = (8, 0),
    zone: str = "UTC",
    watch_interval: timedelta = DEFAULT_INTERVAL,
) -> str:
    """The console's reply to one line of input; verdicts are set and topics watched as
    ``by`` (default: :func:`console_user`)."""
    line = line.strip()
    if not line:
        return ""
    if line.split()[0].lower() == COMMAND:
        text = line[len(COMMAND) :]
    elif line.startswith("/"):
        return f"Unknown command {line.split()[0]}: the console knows {COMMAND} TOPIC and {COMMAND} help."
    elif line.lower() in {"help", "?"}:
        text = "help"
    else:
        text = line  # a bare topic is taken as `/conflict TOPIC`
    try:
        watching = parse_watch(text)
        if watching is not None:
            db = open_db(db_path)
            try:
                return run_watch_command(
                    db, watching, user=by or console_user(), channel=None, interval=watch_interval
                )
            finally:
                db.close()
        command = parse_command(text)
        if (sources := parse_sources_command(text)) is not None:
            reply = run_sources_command(
                db_path, sources, by=by or console_user(), allow=(), guarded=False
            )
            return render_reply(reply)
        if is_digest(text):
            return render_digest(current_digest(db_path, clock=clock, zone=zone))
        if isinstance(command, HistoryCommand):
            found = item_history(db_path, command.item_id)
            return render_history(found.item_id, found.entries)
        if isinstance(command, VerdictCommand):
            return render_outcome(
                run_verdict(db_path, command, by=by or console_user(), origin="cli")
            )
        result = conflict(db_path, text)
    except UserError as error:
        return f"! {error}"
    except sqlite3.DatabaseError as error:  # read-only, locked, full: said, the prompt goes on
        problem = database_problem(error, db_path)
        if problem is None:
            raise
        return f"! {problem}"
    return render_help(result) if isinstance(result, Help) else render_answer(result)


def run_console(
    db_path: str,
    lines: Iterable[str] | None = None,
    write: Callable[[str], None] = print,
    *,
    clock: tuple[int, int] = (8, 0),
    zone: str = "UTC",
    watch_interval: timedelta = DEFAULT_INTERVAL,
) -> None:
    """Read commands until `quit` or end of input; ``lines`` replaces the keyboard in tests.
    ``clock`` and ``zone`` say when the digest is due (`/conflict digest`). After each line,
    the alerts of the console user's watches that are due are printed."""
    write(GREETING)
    source = iter(lines) if lines is not None else None
    while True:
        try:
            line = next(source) if source is not None else input(PROMPT)
        except (EOFError, KeyboardInterrupt, StopIteration):
            write("")
            return
        if line.strip().lower() in _QUIT:
            return
        reply = run_line(db_path, line, clock=clock, zone=zone, watch_interval=watch_interval)
        if reply:
            write(reply)
        for alert in pending_alerts(db_path, watch_interval):
            write(alert)


def pending_alerts(db_path: str, interval: timedelta) -> list[str]:
    """The console user's watch alerts that are due, as plain text (said once each)."""
    try:
        db = open_db(db_path)
    except (UserError, sqlite3.DatabaseError):
        return []  # the reply to the line has said what is wrong with the database
    try:
        return [
            "! " + html.unescape(alert)
            for alert in console_alerts(db, console_user(), interval=interval)
        ]
    except sqlite3.DatabaseError:
        return []
    finally:
        db.close()
