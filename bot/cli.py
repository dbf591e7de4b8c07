"""The `wiredesk` command: a thin layer over the core, with one place that reports errors."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import sys
from importlib import resources
from pathlib import Path

import click

from bot.settings import Settings, load_settings
from newsroom.counts import count
from newsroom.errors import UserError, os_problem

EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_BUG = 3
_PROGRESS_FROM_BYTES = 2_000_000


class Context:
    """What every command needs: the settings, with --db applied."""

    def __init__(self, db: str | None) -> None:
        self._db = db
        self._settings: Settings | None = None

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            self._settings = load_settings(wiredesk_db=self._db)
        return self._settings

    @property
    def db_path(self) -> str:
        return self.settings.wiredesk_db

    def open_db(self, *, create: bool = True):
        """The database for a command that writes (created when missing, if ``create``)."""
        from store.schema import open_db

        return open_db(self.db_path, create=create)

    def read_db(self):
        """The database for a command that only reads: opened read-only, never created."""
        from store.schema import open_readonly

        return open_readonly(self.db_path)


pass_context = click.make_pass_decorator(Context)


class ItemNumber(click.ParamType):
    """An item id: the number shown as `item N` in answers (`12`, `#12` or `item 12`)."""

    name = "item"
    _LARGEST = 2**63 - 1  # SQLite's largest integer

    def convert(self, value, param, ctx) -> int:
        if isinstance(value, int):
            return value
        text = str(value).strip().removeprefix("#")
        if text[:4].lower() == "item":
            text = text[4:].strip()
        if not text.isascii() or not text.isdigit() or not 1 <= int(text) <= self._LARGEST:
            self.fail(
                f"ITEM must be an item number, the N shown as `item N` in answers (got {value!r}).",
                param,
                ctx,
            )
        return int(text)


class UsageProblem(click.ClickException):
    """A :class:`UserError` on its way to the terminal: one line, exit code 2."""

    exit_code = EXIT_USAGE


class Bug(click.ClickException):
    """An unexpected exception: one line (traceback with WIREDESK_DEBUG=1), exit code 3."""

    exit_code = EXIT_BUG


class ErrorReportingGroup(click.Group):
    """Turns every exception from a command into a clear one-line message and exit code."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except UserError as error:
            raise UsageProblem(str(error)) from None
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except BrokenPipeError:
            sys.exit(0)
        except (OSError, sqlite3.DatabaseError) as error:
            problem = _environment_problem(error, ctx.obj)
            if problem is None:
                raise _bug(error) from None
            raise UsageProblem(str(problem)) from None
        except Exception as error:
            raise _bug(error) from None


def _environment_problem(error: Exception, context: Context | None) -> UserError | None:
    """The user's message for an error of the environment (exit 2), None for a bug."""
    from store.schema import database_problem

    if isinstance(error, OSError):
        return os_problem(error)
    path = context.db_path if context is not None else "?"
    return database_problem(error, path)


def _bug(error: Exception) -> Exception:
    """The exception to raise for a bug: itself with WIREDESK_DEBUG=1, else a :class:`Bug`."""
    if os.environ.get("WIREDESK_DEBUG", "") not in ("", "0"):
        return error
    logging.getLogger("wiredesk").debug("Unexpected error", exc_info=error)
    return Bug(
        f"internal error ({type(error).__name__}); this is a bug in Wiredesk, please "
        "report it. Run again with WIREDESK_DEBUG=1 to see the traceback."
    )


@click.group(cls=ErrorReportingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    metavar="PATH",
    help="SQLite database file (overrides WIREDESK_DB; default wiredesk.db).",
)
@click.version_option(package_name="wiredesk")
@click.pass_context
def cli(ctx: click.Context, db: str | None) -> None:
    """Wiredesk: who claims what about a topic, who denies it, and what the desk has verified."""
    ctx.obj = Context(db)


@cli.command()
@click.argument("targets", nargs=-1, required=True, metavar="PATH_OR_URL...")
@click.option("--source", metavar="NAME", help="Outlet name for records that do not name one.")
@click.option(
    "--published",
    metavar="ISO8601",
    help="Publication time for records that do not have one (e.g. 2022-07-03T12:00:00Z).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "json", "jsonl", "csv", "rss", "html"]),
    default="auto",
    show_default=True,
    help="Input format; auto detects it from the name, then the content.",
)
@click.option(
    "--dayfirst",
    is_flag=True,
    help="Read numeric dates such as 03/07/2022 day first (3 July), whatever the file shows.",
)
@click.option(
    "--monthfirst",
    is_flag=True,
    help="Read numeric dates such as 03/07/2022 month first (7 March).",
)
@click.option(
    "--timezone",
    "zone",
    metavar="ZONE",
    default="UTC",
    show_default=True,
    help="IANA time zone (e.g. Europe/Kyiv) for times that do not name their own.",
)
@pass_context
def ingest(
    ctx: Context,
    targets: tuple[str, ...],
    source: str | None,
    published: str | None,
    fmt: str,
    dayfirst: bool,
    monthfirst: bool,
    zone: str,
) -> None:
    """Ingest bulletins from files or URLs: text, Markdown, JSON, JSONL, CSV, RSS/Atom, HTML.

    Ingesting the same input again adds nothing. Exit code 0 when everything went in,
    1 when some records were rejected, 2 for unusable arguments.
    """
    from newsroom.ingest import IngestReport
    from newsroom.ingest import ingest as ingest_one
    from newsroom.sources import check_target
    from newsroom.sources.dates import DateContext, parse_date
    from newsroom.sources.zones import zone_named

    if dayfirst and monthfirst:
        raise UserError("--dayfirst and --monthfirst cannot be given together.")
    order = "day" if dayfirst else "month" if monthfirst else None
    try:
        dates = DateContext(zone=zone_named(zone), order=order, forced=order is not None)
    except ValueError as error:
        raise UserError(f"--timezone: {error}") from None
    when = None
    if published:
        try:
            when = parse_date(published, dates.for_input())
        except ValueError as error:
            raise UserError(f"--published: {error}") from None
    for target in targets:
        check_target(target)
    db = ctx.open_db()
    report = IngestReport()
    for target in targets:
        before = (report.added, report.duplicates, len(report.rejected))
        with _progress(target) as advance:
            try:
                ingest_one(
                    db,
                    target,
                    report,
                    fmt=fmt,
                    source=source,
                    published=when,
                    on_record=advance,
                    dates=dates,
                )
            except UserError as error:
                click.echo(f"{target}: not ingested: {error}", err=True)
                report.rejected.append(_whole_file_rejection(target, str(error)))
                continue
        added, duplicates, rejected = (
            report.added - before[0],
            report.duplicates - before[1],
            len(report.rejected) - before[2],
        )
        for rejection in report.rejected[before[2] :]:
            click.echo(f"rejected: {rejection}", err=True)
        click.echo(
            f"{target}: {added:,} added, {count(duplicates, 'duplicate')}, {rejected:,} rejected",
            err=True,
        )
    click.echo(report.summary())
    if report.added:
        from newsroom.watches import check_watches

        alerts = check_watches(db, interval=ctx.settings.watch_interval)
        if alerts:
            click.echo(f"{count(alerts, 'watch alert')} queued for Slack", err=True)
    if report.rejected:
        sys.exit(EXIT_REJECTED)


def _whole_file_rejection(target: str, reason: str):
    from newsroom.models import Rejection

    return Rejection(where=target, reason=reason)


class _progress:
    """A progress bar on stderr for large inputs, advanced by each record's size."""

    def __init__(self, target: str) -> None:
        path = Path(target)
        size = path.stat().st_size if path.is_file() else 0
        self._bar = (
            click.progressbar(length=size, label=f"Ingesting {target}", file=sys.stderr)
            if size >= _PROGRESS_FROM_BYTES
            else None
        )

    def __enter__(self):
        if self._bar is None:
            return None
        bar = self._bar.__enter__()

        def advance(record) -> None:
            text = getattr(record, "text", "")
            bar.update(len(text.encode("utf-8", "replace")) + 64)

        return advance

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


@cli.command()
@click.argument("topic", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option(
    "--limit", type=int, default=20, show_default=True, help="Most items to list (1-200)."
)
@click.option("--days", type=int, default=None, help="Only the last N days (default: all dates).")
@pass_context
def ask(ctx: Context, topic: tuple[str, ...], as_json: bool, limit: int, days: int | None) -> None:
    """What is known about TOPIC: headline, quoted summary, and each item with its status.

    TOPIC may be several words, quoted or not (`ask Kharkiv power plant`).
    """
    from bot.terminal import render_answer
    from newsroom.ask import ask as ask_topic

    answer = ask_topic(ctx.read_db(), " ".join(topic), limit=limit, days=days)
    if as_json:
        click.echo(json.dumps(answer.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        click.echo(render_answer(answer))


@cli.command()
@click.argument("item", type=ItemNumber())
@click.argument("verdict", type=click.Choice(["verified", "false", "disputed", "clear"]))
@click.option(
    "--by", "by", required=True, metavar="USER", help="Who sets it (a name or Slack user id)."
)
@click.option("--note", metavar="TEXT", help="Why: what was checked, with whom.")
@click.option("--evidence", metavar="URL", help="A link to the evidence (http or https).")
@pass_context
def flag(
    ctx: Context, item: int, verdict: str, by: str, note: str | None, evidence: str | None
) -> None:
    """Set an item's verdict (verified, false, disputed) or clear it; every change is kept."""
    from bot.terminal import render_history
    from newsroom.verdicts import history, set_verdict

    db = ctx.open_db(create=False)
    set_verdict(db, item, verdict, by=by, origin="cli", note=note, evidence=evidence)
    click.echo(render_history(item, history(db, item)[:1]))


@cli.command("history")
@click.argument("item", type=ItemNumber())
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array instead of text.")
@pass_context
def history_command(ctx: Context, item: int, as_json: bool) -> None:
    """Every verdict change of ITEM, newest first: who, when, old and new status, note, evidence."""
    from bot.terminal import render_history
    from newsroom.verdicts import history

    entries = history(ctx.read_db(), item)
    if as_json:
        click.echo(
            json.dumps([e.model_dump(mode="json") for e in entries], ensure_ascii=False, indent=2)
        )
    else:
        click.echo(render_history(item, entries))


@cli.group()
def export() -> None:
    """Export the desk's verdicts for others."""


@export.command("claimreview")
@click.option("--since", metavar="DATE", help="Only verdicts set on or after this date (ISO 8601).")
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, writable=True, allow_dash=True),
    help="Write to a file ('-': standard output, the default).",
)
@pass_context
def export_claimreview(ctx: Context, since: str | None, output: str | None) -> None:
    """schema.org ClaimReview JSON-LD, one review per verdict in force (False 1 ... Verified 5)."""
    from newsroom.claimreview import claim_reviews
    from newsroom.sources.dates import parse_date
    from store.verdicts import reviewed_items

    start = None
    if since:
        try:
            start = parse_date(since).isoformat()
        except ValueError as error:
            raise UserError(f"--since: {error}") from None
    document = claim_reviews(reviewed_items(ctx.read_db(), start), ctx.settings.wiredesk_org_name)
    text = json.dumps(document, ensure_ascii=False, indent=2)
    if output and output != "-":
        _write_text(Path(output), text + "\n")
        click.echo(f"{count(len(document['@graph']), 'review')} written to {output}", err=True)
    else:
        click.echo(text)


@cli.command()
@click.option(
    "--date",
    "day",
    metavar="YYYY-MM-DD",
    help="The digest due on this date (default: the most recent one due).",
)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option(
    "--post", is_flag=True, help="Post it to WIREDESK_DIGEST_CHANNEL (at most once per date)."
)
@pass_context
def digest(ctx: Context, day: str | None, as_json: bool, post: bool) -> None:
    """The daily digest due on a date: counts, verdict changes and the most active topics.

    It covers the 24 hours before WIREDESK_DIGEST_TIME (default 08:00) in WIREDESK_TIMEZONE.
    With --post it is posted like the scheduled one: once per channel and date.
    """
    from datetime import UTC, datetime
    from datetime import date as date_type

    from bot.terminal import render_digest
    from newsroom.digest import build_digest, due_date

    settings = ctx.settings
    clock, zone = settings.digest_clock, settings.wiredesk_timezone
    if day is not None:
        try:
            when = date_type.fromisoformat(day)
        except ValueError:
            raise UserError(f"--date: use YYYY-MM-DD, such as 2022-07-04 (got {day!r}).") from None
        if not date_type(1, 1, 3) <= when <= date_type(9999, 12, 30):
            raise UserError(f"--date must be between 0001-01-03 and 9999-12-30 (got {day}).")
    else:
        when = due_date(datetime.now(UTC), clock, zone)
    if post:
        _post_digest(settings, when)
        return
    result = build_digest(ctx.read_db(), when, clock=clock, zone=zone)
    if as_json:
        click.echo(json.dumps(result.model_dump(mode="json"), ensure_ascii=False, indent=2))
    else:
        click.echo(render_digest(result))


def _write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path``; UserError naming the file and the reason when it cannot."""
    try:
        path.write_text(text, encoding="utf-8")
    except FileNotFoundError as error:
        if path.parent.is_dir():  # a dangling link, or a folder that refuses new files
            raise UserError(f"Cannot write {path}: {error.strerror}.") from None
        raise UserError(f"Cannot write {path}: folder {path.parent} does not exist.") from None
    except IsADirectoryError:
        raise UserError(f"Cannot write {path}: it is a folder; give a file name.") from None
    except OSError as error:
        raise UserError(f"Cannot write {path}: {error.strerror or error}.") from None


def _post_digest(settings: Settings, day) -> None:
    from bot.app import build_client
    from bot.digest_poster import post_digest

    if not settings.slack_bot_token:
        raise UserError("--post needs SLACK_BOT_TOKEN (and SLACK_API_URL for a local stand-in).")
    if not settings.wiredesk_digest_channel:
        raise UserError("--post needs WIREDESK_DIGEST_CHANNEL, the channel id to post to.")
    from store.schema import open_db

    open_db(settings.wiredesk_db, create=False).close()
    result = post_digest(
        settings.wiredesk_db,
        build_client(settings),
        settings.wiredesk_digest_channel,
        day,
        clock=settings.digest_clock,
        zone=settings.wiredesk_timezone,
        browse_url=settings.wiredesk_browse_url,
    )
    if result.outcome == "failed":
        raise UserError(
            f"The digest for {day} was not posted: {result.detail}. Run again to retry."
        )
    message = "posted" if result.outcome == "posted" else f"not posted again: {result.detail}"
    click.echo(f"Digest for {day} to {settings.wiredesk_digest_channel}: {message}")


@cli.command()
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--force", is_flag=True, help="Replace PATH if it exists.")
@pass_context
def backup(ctx: Context, path: str, force: bool) -> None:
    """Copy the database to PATH, consistent even while the bot or an ingest writes.

    Uses SQLite's online backup API; the copy is one self-contained file. To restore it,
    stop the bot (and any ingest), move the database aside, remove its -wal and -shm files
    (they belong to the old file), then copy the backup in its place (README, "Commands").
    """
    from store.backup import backup as back_up

    source = Path(ctx.db_path)
    size = source.stat().st_size if source.is_file() else 0
    with _backup_progress(source, size) as progress:
        result = back_up(source, Path(path), overwrite=force, progress=progress)
    click.echo(
        f"Backed up {source} to {result.target}: {count(result.bulletins, 'bulletin')}, "
        f"{count(result.items, 'item')}, {count(result.verdicts, 'verdict change')} "
        f"({result.bytes / 1_000_000:,.1f} MB in {result.seconds:,.1f} s; "
        f"integrity {result.check})."
    )


class _backup_progress:
    """A progress bar on stderr for a large database, advanced in pages."""

    def __init__(self, source: Path, size: int) -> None:
        self._label = f"Backing up {source}"
        self._bar = None
        self._show = size >= _PROGRESS_FROM_BYTES

    def __enter__(self):
        if not self._show:
            return None

        def advance(done: int, total: int) -> None:
            if self._bar is None:
                self._bar = click.progressbar(length=total, label=self._label, file=sys.stderr)
                self._bar.__enter__()
            self._bar.update(done - self._bar.pos)

        return advance

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.__exit__(*exc)


@cli.command()
@pass_context
def console(ctx: Context) -> None:
    """A prompt that takes the Slack commands (/conflict TOPIC, /conflict help) locally."""
    from bot.console import run_console

    ctx.open_db(create=False).close()
    run_console(
        ctx.db_path,
        clock=ctx.settings.digest_clock,
        zone=ctx.settings.wiredesk_timezone,
        watch_interval=ctx.settings.watch_interval,
    )


@cli.command()
@click.option("--no-console", is_flag=True, help="Load the samples and stop, without the prompt.")
@pass_context
def demo(ctx: Context, no_console: bool) -> None:
    """Load the sample bulletins shipped with Wiredesk, then open the console."""
    from bot.console import run_console
    from newsroom.ingest import IngestReport
    from newsroom.ingest import ingest as ingest_one

    samples = resources.files("bot") / "samples" / "demo-bulletins.jsonl"
    report = IngestReport()
    with resources.as_file(samples) as path:
        ingest_one(ctx.open_db(), str(path), report, fmt="jsonl")
    click.echo(f"Sample bulletins in {ctx.db_path}: {report.summary()}")
    if not no_console:
        run_console(
            ctx.db_path, clock=ctx.settings.digest_clock, zone=ctx.settings.wiredesk_timezone
        )


@cli.command()
@click.option(
    "--port", type=click.IntRange(1, 65535), default=8001, show_default=True, help="Port."
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback lets others read the record: no login.",
)
@pass_context
def browse(ctx: Context, port: int, host: str) -> None:
    """Browse the record in Datasette (read-only): statements, verdicts, facets, canned queries.

    Needs the browse extra: pip install 'wiredesk[browse]'.
    """
    from bot.browse import serve

    serve(Path(ctx.db_path), host=host, port=port)


@cli.command()
@pass_context
def run(ctx: Context) -> None:
    """Run the Slack bot: Socket Mode when SLACK_APP_TOKEN is set, else HTTP on PORT."""
    from bot.server import run as run_server

    configure_logging()
    db = ctx.open_db()
    try:
        # The bot writes: a read-only database stops it here, with a write rolled back.
        db.execute("BEGIN IMMEDIATE")
        try:
            db.execute(f"PRAGMA user_version = {db.execute('PRAGMA user_version').fetchone()[0]}")
        finally:
            db.execute("ROLLBACK")
    finally:
        db.close()
    run_server(ctx.settings)


def configure_logging() -> None:
    """The bot's log: Wiredesk's lines at INFO, the scheduler's only when something is wrong.

    APScheduler logs two INFO lines for every run of every job, and the live wire runs a pass
    every 5 seconds: some 35,000 lines a day that would bury the lines about sources and posts.
    """
    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


from bot.sources_cli import sources, watch  # noqa: E402  (they use the group above)

cli.add_command(sources)
cli.add_command(watch)


def main() -> None:
    """Entry point of the `wiredesk` console script."""
    cli()
