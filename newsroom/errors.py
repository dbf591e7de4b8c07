"""The one user-facing error type.

Raise :class:`UserError` where a problem the user can fix is known (a bad topic, an
unreadable file, an unknown item id). The CLI, the console and Slack show its message
as it is; every other exception is logged with its traceback and the user gets a short
apology instead of the exception text.
"""


class UserError(Exception):
    """A problem the user can fix, described in words they can act on."""


def os_problem(error: OSError) -> UserError:
    """A :class:`UserError` for what the operating system refused (a missing folder, a
    permission, a full disk, a taken port), naming the file when it is known."""
    reason = error.strerror or str(error) or type(error).__name__
    if error.filename is None:
        return UserError(f"{reason}.")
    return UserError(f"{error.filename}: {reason}.")
