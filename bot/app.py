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
    ServerErrorRetryHandler,
)

import handlers
from bot.replay import ReplayGuard
from bot.settings import Settings


def build_client(settings: Settings) -> WebClient:
    """A Web API client that retries dropped connections, 500 and 503 answers (twice, with
    backoff) and honours 429 Retry-After (three times). A timeout is not retried: the call
    may have been carried out, and posting again would duplicate a message."""
    token = settings.slack_bot_token.get_secret_value() if settings.slack_bot_token else None
    kwargs = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    return WebClient(
        token=token,
        retry_handlers=[
            ConnectionErrorRetryHandler(),
            RateLimitErrorRetryHandler(max_retry_count=3),
            ServerErrorRetryHandler(max_retry_count=2),
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
    """The bolt App with every Wiredesk listener; checks the bot token with auth.test.
    Signed requests are checked by bolt, and a replayed one is refused (``bot.replay``)."""
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
    if secret is not None:  # only signed requests can be replayed (none in Socket Mode)
        app.use(ReplayGuard())
    handlers.register(app, settings)
    return app
