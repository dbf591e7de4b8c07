"""`wiredesk console`: the slash commands of Slack at a terminal prompt, over the local database."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from bot.desk import COMMAND, Help, conflict
from bot.terminal import render_answer, render_help
from newsroom.errors import UserError

PROMPT = "wiredesk> "
GREETING = (
    f"Wiredesk console. Type `{COMMAND} TOPIC` (e.g. {COMMAND} Lysychansk), "
    f"`{COMMAND} help`, or `quit`."
)
_QUIT = {"quit", "exit", ":q", "/quit", "/exit"}


def run_line(db_path: str, line: str) -> str:
    """The console's reply to one line of input."""
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
        result = conflict(db_path, text)
    except UserError as error:
        return f"! {error}"
    return render_help(result) if isinstance(result, Help) else render_answer(result)


def run_console(
    db_path: str, lines: Iterable[str] | None = None, write: Callable[[str], None] = print
) -> None:
    """Read commands until `quit` or end of input; ``lines`` replaces the keyboard in tests."""
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
        reply = run_line(db_path, line)
        if reply:
            write(reply)
