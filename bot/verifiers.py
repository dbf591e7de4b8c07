"""Who may set verdicts: the users and user groups listed in WIREDESK_VERIFIERS.

Group members are read with ``usergroups.users.list`` and kept for a few minutes. A Web API
error is logged and counts as an empty group for that one check: nobody is let in by an
error, and the next check asks again.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.settings import Settings

GROUP_TTL_SECONDS = 300.0
SETTING = "WIREDESK_VERIFIERS"
log = logging.getLogger("wiredesk.verifiers")


def refusal(verifier_ids: list[str], *, mentions: bool = True) -> str:
    """What a user who may not set verdicts is told: who can, or which setting to fill.

    ``mentions=False`` gives the plain-text form, for places that do not render mrkdwn.
    """
    if not verifier_ids:
        return f"Nobody can set verdicts yet: an admin must list editors in {SETTING}."
    if not mentions:
        return f"Only the verification desk can set verdicts (the people listed in {SETTING})."
    names = ", ".join(f"<!subteam^{i}>" if is_group(i) else f"<@{i}>" for i in verifier_ids)
    return f"Only the verification desk can set verdicts ({names})."


def is_group(entry: str) -> bool:
    """User-group ids start with S; user ids with U or W."""
    return entry.startswith("S")


class Verifiers:
    """``allowed(user_id)``: is this Slack user listed, directly or through a user group?"""

    def __init__(
        self,
        settings: Settings,
        client: WebClient,
        *,
        ttl: float = GROUP_TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.ids = settings.verifier_ids
        self.users = frozenset(i for i in self.ids if not is_group(i))
        self.groups = [i for i in self.ids if is_group(i)]
        self._client = client
        self._ttl = ttl
        self._clock = clock
        self._lock = threading.Lock()
        self._members: dict[str, tuple[float, frozenset[str]]] = {}

    def allowed(self, user_id: str | None) -> bool:
        """True when ``user_id`` is listed or belongs to a listed user group."""
        if not user_id:
            return False
        if user_id in self.users:
            return True
        return any(user_id in self.members(group) for group in self.groups)

    def members(self, group: str) -> frozenset[str]:
        """The users of a group, from the cache when it is fresh, else from the Web API."""
        now = self._clock()
        with self._lock:
            cached = self._members.get(group)
            if cached and cached[0] > now:
                return cached[1]
        try:
            response = self._client.usergroups_users_list(usergroup=group)
            members = frozenset(response.get("users") or [])
        except (SlackClientError, OSError) as error:  # API error, or the network
            log.warning("Could not read the members of user group %s: %s", group, error)
            return frozenset()
        with self._lock:
            self._members[group] = (now + self._ttl, members)
        return members

    def refusal(self, *, mentions: bool = True) -> str:
        """The refusal text for this list of verifiers."""
        return refusal(self.ids, mentions=mentions)

    def refuse(self, user_id: str | None, item: object, action: str) -> str:
        """Log a refused attempt (user, item, action) and return the refusal text."""
        log.warning(
            "Refused verdict change: user %s is not a verifier (item %s, action %s)",
            user_id,
            item,
            action,
        )
        return self.refusal()
