"""`wiredesk sources ...` and `wiredesk watch`: thin commands over :mod:`newsroom.wire`."""

from __future__ import annotations

import json
import sys
import threading
from datetime import UTC, datetime

import click

from bot.cli import EXIT_REJECTED, Context, pass_context
from newsroom.errors import UserError

LARGEST_ID = 2**63 - 1
"""SQLite's largest integer: no id is larger."""


@click.group()
def sources() -> None:
    """Live sources: feeds and pages polled on a schedule, folders, Slack channels."""


@sources.command("add")
@click.argument("url", required=False)
@click.option("--folder", metavar="PATH", help="A folder: each file dropped there is ingested.")
@click.option(
    "--slack-channel", metavar="C…", help="A Slack channel id (its messages arrive live)."
)
@click.option("--name", metavar="NAME", help="A name to show for the source.")
@click.option(
    "--every",
    metavar="DURATION",
    help="How often to poll: 30s, 5m, 1h (30s to 7d; default 5m, or as it was for a source "
    "already there).",
)
@pass_context
def sources_add(
    ctx: Context,
    url: str | None,
    folder: str | None,
    slack_channel: str | None,
    name: str | None,
    every: str | None,
) -> None:
    """Add a feed or page URL, a --folder or a --slack-channel; the same one twice is one source."""
    from newsroom.wire.manage import add_channel, add_feed, add_folder
    from newsroom.wire.targets import format_every, parse_every

    given = [value for value in (url, folder, slack_channel) if value]
    if len(given) != 1:
        raise UserError("sources add: give exactly one of URL, --folder PATH, --slack-channel C….")
    seconds = parse_every(every) if every is not None else None
    db = ctx.open_db()
    if url:
        source, created = add_feed(db, url, name=name, every=seconds)
    elif folder:
        source, created = add_folder(db, folder, name=name, every=seconds)
    else:
        source, created = add_channel(db, slack_channel or "", name=name)
    changed = "kept" if name is None and every is None else "updated"
    verb = "added" if created else f"already there, {changed}"
    timing = "" if source.kind == "slack" else f", every {format_every(source.every)}"
    click.echo(f"{source.kind} {source.id} {verb}: {source.label}{timing}")


@sources.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of text.")
@pass_context
def sources_list(ctx: Context, as_json: bool) -> None:
    """Every source: kind, name, interval, last attempt and success, entries, last error, next due."""
    from bot.terminal_sources import render_sources
    from newsroom.wire.manage import as_json as source_json
    from newsroom.wire.manage import health_list

    found = health_list(ctx.read_db())
    if as_json:
        click.echo(json.dumps([source_json(h) for h in found], ensure_ascii=False, indent=2))
    else:
        click.echo(render_sources(found))


@sources.command("remove")
@click.argument("source_id", type=click.IntRange(1, LARGEST_ID), metavar="ID")
@pass_context
def sources_remove(ctx: Context, source_id: int) -> None:
    """Forget source ID; the bulletins it brought stay."""
    from newsroom.wire.manage import remove

    source = remove(ctx.open_db(create=False), source_id)
    click.echo(f"{source.kind} {source.id} removed: {source.label}")


@sources.command("pause")
@click.argument("source_id", type=click.IntRange(1, LARGEST_ID), metavar="ID")
@pass_context
def sources_pause(ctx: Context, source_id: int) -> None:
    """Stop polling source ID until it is resumed."""
    from newsroom.wire.manage import pause

    source = pause(ctx.open_db(create=False), source_id, True)
    click.echo(f"{source.kind} {source.id} paused: {source.label}")


@sources.command("resume")
@click.argument("source_id", type=click.IntRange(1, LARGEST_ID), metavar="ID")
@pass_context
def sources_resume(ctx: Context, source_id: int) -> None:
    """Poll source ID again (due at once)."""
    from newsroom.wire.manage import pause

    source = pause(ctx.open_db(create=False), source_id, False)
    click.echo(f"{source.kind} {source.id} resumed: {source.label}")


@click.command()
@click.option("--once", is_flag=True, help="One pass over the due sources, then exit (for cron).")
@pass_context
def watch(ctx: Context, once: bool) -> None:
    """Poll every due source, without Slack: a line per source that changed.

    Without --once it runs until interrupted. With --once the exit code is 1 when a source
    failed or had records rejected.
    """
    from newsroom.wire.watch import watch_forever, watch_once

    allow = ctx.settings.fetch_allow
    ctx.open_db(create=False).close()
    progress = BarProgress()
    if once:
        results = watch_once(ctx.db_path, allow=allow, on_result=_echo, progress=progress)
        polled = sum(r.outcome != "busy" for r in results)
        unchanged = sum(not r.changed and r.outcome != "busy" for r in results)
        click.echo(
            f"{polled:,} polled, {unchanged:,} unchanged "
            f"({sum(r.not_modified for r in results):,} not modified)",
            err=True,
        )
        if any(r.outcome == "failed" or r.rejections for r in results):
            sys.exit(EXIT_REJECTED)
        return
    stop = threading.Event()
    click.echo(f"Watching the sources of {ctx.db_path}; Ctrl-C stops.", err=True)
    try:
        watch_forever(
            ctx.db_path,
            stop,
            allow=allow,
            on_result=_echo,
            progress=progress,
            on_problem=_echo_problem,
        )
    except KeyboardInterrupt:
        stop.set()
        click.echo("Stopped.", err=True)


def _echo(result) -> None:
    if result.changed:
        stamp = datetime.now(UTC).strftime("%H:%M:%S")
        click.echo(f"{stamp} {result.line()}")
        for rejection in result.rejections[:10]:
            click.echo(f"  rejected: {rejection}", err=True)


def _echo_problem(problem: str) -> None:
    stamp = datetime.now(UTC).strftime("%H:%M:%S")
    click.echo(f"{stamp} {problem}", err=True)


class BarProgress:
    """A progress bar on stderr for a large delivery (newsroom.wire.poll.Progress)."""

    def __init__(self) -> None:
        self._bar = None

    def start(self, label: str, total: int) -> None:
        self._bar = click.progressbar(length=total, label=f"Ingesting {label}", file=sys.stderr)
        self._bar.__enter__()

    def advance(self, done: int) -> None:
        if self._bar is not None:
            self._bar.update(done - self._bar.pos)

    def finish(self) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            self._bar = None
