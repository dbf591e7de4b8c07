"""Slack listeners, one per file, attached to an App by :func:`register`."""

from __future__ import annotations

from slack_bolt import App

from bot.settings import Settings
from bot.verifiers import Verifiers
from handlers import (
    conflict_command,
    digest_topic,
    errors,
    flag_shortcut,
    post_to_channel,
    verdict_menu,
    verdict_reaction,
    verdict_submit,
    wire_message,
)


def register(app: App, settings: Settings) -> None:
    """Attach every listener and the error handler to ``app``."""
    verifiers = Verifiers(settings, app.client)
    app.command("/conflict")(conflict_command.make_listener(settings, verifiers))
    app.action(post_to_channel.ACTION_ID)(post_to_channel.make_listener(settings))
    app.action(verdict_menu.ACTION_ID)(verdict_menu.make_listener(settings, verifiers))
    app.view(verdict_submit.CALLBACK_ID)(verdict_submit.make_listener(settings, verifiers))
    app.shortcut(flag_shortcut.CALLBACK_ID)(flag_shortcut.make_listener(settings, verifiers))
    app.event(verdict_reaction.EVENT)(verdict_reaction.make_listener(settings, verifiers))
    names = wire_message.PosterNames(app.client)
    app.event(wire_message.EVENT)(wire_message.make_listener(settings, names))
    app.action(digest_topic.ACTION_ID)(digest_topic.make_listener(settings))
    app.error(errors.handle_error)
