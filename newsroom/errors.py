"""The one user-facing error type.

Raise :class:`UserError` where a problem the user can fix is known (a bad topic, an
unreadable file, an unknown item id). The CLI, the console and Slack show its message
as it is; every other exception is logged with its traceback and the user gets a short
apology instead of the exception text.
"""


class UserError(Exception):
    """A problem the user can fix, described in words they can act on."""
