"""The Slack app: built from settings, listeners attached by ``handlers.register``."""

from __future__ import annotations

import logging

from slack_bolt import App
from slack_bolt.logger import get_bolt_logger
from slack_bolt.logger.messages import warning_client_prioritized_and_token_skipped
from slack_sdk import WebClient
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
)

import handlers
from bot.settings import Settings


def build_client(settings: Settings) -> WebClient:
    """A Web API client that retries dropped connections and honours 429 Retry-After."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    kwargs = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    return WebClient(
        token=token,
        retry_handlers=[
            ConnectionErrorRetryHandler(),
            RateLimitErrorRetryHandler(max_retry_count=3),
        ],
        **kwargs,
    )


class _TokenInClient(logging.Filter):
    """Drops bolt's "As you gave `client` as well, `token` will be unused": bolt reads
    SLACK_BOT_TOKEN from the environment itself, and warns at every start that the token of
    the client Wiredesk gives it (the same token) takes precedence."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() != warning_client_prioritized_and_token_skipped()


def build_app(settings: Settings, client: WebClient | None = None) -> App:
    """The bolt App with every Wiredesk listener; checks the bot token with auth.test."""
    bolt_logger = get_bolt_logger(App)
    if not any(isinstance(f, _TokenInClient) for f in bolt_logger.filters):
        bolt_logger.addFilter(_TokenInClient())
    secret = (
        settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    )
    app = App(
        client=client or build_client(settings),
        signing_secret=secret,
        request_verification_enabled=secret is not None,
    )
    handlers.register(app, settings)
    return app
