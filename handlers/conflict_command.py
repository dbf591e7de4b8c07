"""`/conflict [TOPIC | help | verify|false|dispute|clear|history ITEM ...]`: answered
ephemerally, inside Slack's 3 seconds."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack, Respond

from bot.desk import (
    Help,
    HistoryCommand,
    VerdictCommand,
    conflict,
    current_digest,
    is_digest,
    item_history,
    parse_command,
    run_verdict,
    slack_text_to_plain,
)
from bot.desk_sources import parse_sources_command, run_sources_command, sources_refusal
from bot.settings import Settings
from bot.verifiers import Verifiers
from handlers.blocks import (
    answer_blocks,
    answer_fallback,
    help_blocks,
    history_blocks,
    verdict_outcome_blocks,
    verdict_outcome_text,
)
from handlers.digest_blocks import digest_fallback, digest_messages
from handlers.errors import replies_errors
from handlers.format import escape
from handlers.sources_blocks import sources_blocks, sources_fallback
from newsroom.watches import WatchCommand, parse_watch, run_watch_command
from store.schema import open_db


def make_listener(settings: Settings, verifiers: Verifiers) -> Callable[..., None]:
    """The `/conflict` listener over the configured database."""

    @replies_errors
    def handle_conflict(ack: Ack, respond: Respond, logger: logging.Logger, command: dict) -> None:
        text = command.get("text", "")
        watching = parse_watch(slack_text_to_plain(text))
        if watching is not None:
            reply = watch_reply(settings, watching, command)
            ack(response_type="ephemeral", text=escape(reply))
            return
        desk_command = parse_command(text)
        if is_digest(text):
            digest = current_digest(
                settings.wiredesk_db, clock=settings.digest_clock, zone=settings.wiredesk_timezone
            )
            messages = digest_messages(
                digest, settings.wiredesk_timezone, settings.wiredesk_browse_url
            )
            ack(response_type="ephemeral", text=digest_fallback(digest), blocks=messages[0])
            for more in messages[1:]:  # an ephemeral answer has no thread: the rest follow it
                respond(
                    response_type="ephemeral",
                    replace_original=False,
                    blocks=more,
                    text=digest_fallback(digest),
                )
        elif (sources := parse_sources_command(text)) is not None:
            user = command.get("user_id")
            if sources.changes and not verifiers.allowed(user):
                ack(response_type="ephemeral", text=sources_refusal(verifiers))
                return
            reply = run_sources_command(
                settings.wiredesk_db,
                sources,
                by=user or "slack",
                allow=settings.fetch_allow,
                guarded=True,
            )
            ack(
                response_type="ephemeral",
                text=sources_fallback(reply),
                blocks=sources_blocks(reply),
            )
        elif isinstance(desk_command, HistoryCommand):
            found = item_history(settings.wiredesk_db, desk_command.item_id)
            ack(
                response_type="ephemeral",
                text=f"Verdict history of item {found.item_id}",
                blocks=history_blocks(found, settings.wiredesk_browse_url),
            )
        elif isinstance(desk_command, VerdictCommand):
            user = command.get("user_id")
            if not verifiers.allowed(user):
                refusal = verifiers.refuse(
                    user, desk_command.item_id, f"{desk_command.choice} (command)"
                )
                ack(response_type="ephemeral", text=refusal)
                return
            outcome = run_verdict(settings.wiredesk_db, desk_command, by=user, origin="command")
            ack(
                response_type="ephemeral",
                text=verdict_outcome_text([outcome]),
                blocks=verdict_outcome_blocks([outcome], settings.wiredesk_browse_url),
            )
        else:
            result = conflict(settings.wiredesk_db, text)
            if isinstance(result, Help):
                blocks = help_blocks(result)
                ack(response_type="ephemeral", text="How to use /conflict", blocks=blocks)
            else:
                ack(
                    response_type="ephemeral",
                    text=answer_fallback(result),
                    blocks=answer_blocks(result, browse_url=settings.wiredesk_browse_url),
                )

    return handle_conflict


def watch_reply(settings: Settings, watching: WatchCommand, command: dict) -> str:
    """Run `/conflict watch|unwatch|watches` for the user in the command's channel."""
    db = open_db(settings.wiredesk_db)
    try:
        return run_watch_command(
            db,
            watching,
            user=command.get("user_id") or "",
            channel=command.get("channel_id"),
            interval=settings.watch_interval,
        )
    finally:
        db.close()
