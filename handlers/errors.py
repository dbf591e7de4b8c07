"""The one error path: user errors reach the user, everything else is logged with its traceback.

Listeners are wrapped with :func:`replies_errors`: a :class:`UserError` becomes a short
ephemeral message; any other exception is logged and the user gets :data:`APOLOGY`,
never the exception's text.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import Ack, Respond

from handlers.format import escape
from newsroom.errors import UserError

APOLOGY = (
    ":construction: Sorry, something went wrong on our side. It has been logged; please try again."
)
log = logging.getLogger("wiredesk.slack")


def replies_errors(listener: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a listener that takes ``ack``, ``respond`` and ``logger`` among its arguments."""

    @functools.wraps(listener)
    def wrapped(ack: Ack, respond: Respond, logger: logging.Logger, **kwargs: Any) -> Any:
        try:
            return listener(ack=ack, respond=respond, logger=logger, **kwargs)
        except UserError as error:
            tell(ack, respond, f":warning: {escape(str(error))}")
        except Exception:
            logger.exception("Listener %s failed", listener.__name__)
            tell(ack, respond, APOLOGY)
        return None

    return wrapped


def tell(ack: Ack, respond: Respond, text: str) -> None:
    """An ephemeral message to the user, by ack if not yet acknowledged, else by respond."""
    if ack.response is None:
        ack(text=text, response_type="ephemeral")
    else:
        respond(text=text, response_type="ephemeral", replace_original=False)


def handle_error(error: Exception, body: dict, logger: logging.Logger) -> None:
    """Last resort for errors outside listeners (middleware): logged with the traceback."""
    logger.error(
        "Unhandled error for request type %s",
        body.get("type") or body.get("command"),
        exc_info=error,
    )
