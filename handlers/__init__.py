"""Slack listeners, one per file, attached to an App by :func:`register`."""

from __future__ import annotations

from slack_bolt import App

from bot.settings import Settings
from handlers import conflict_command, errors, post_to_channel


def register(app: App, settings: Settings) -> None:
    """Attach every listener and the error handler to ``app``."""
    app.command("/conflict")(conflict_command.make_listener(settings))
    app.action(post_to_channel.ACTION_ID)(post_to_channel.make_listener(settings))
    app.error(errors.handle_error)
