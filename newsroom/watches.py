"""Watching topics: `/conflict watch TOPIC [here]`, `unwatch TOPIC [here]`, `watches`.

An editor (or, with ``here``, a channel) is told when something new arrives about a watched
topic: a new claim, a new denial, a new not-verified note, or a verified item challenged.
:func:`check_watches` runs after each ingest (CLI, wire channel) and on the bot's scheduler;
it queues at most one message per watch per interval, listing what is new, through the
outbox (:mod:`store.outbox`, delivered by :mod:`bot.notifier`), so each goes out once.
Re-publications and retracted items are never news.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlite_utils import Database

from newsroom.errors import UserError
from newsroom.query import build_query, clean_topic
from newsroom.slack_text import slack_quote
from store.bulletins import transaction
from store.outbox import queue_message
from store.search import ItemRow, items_by_id
from store.watches import (
    WatchRow,
    add_watch,
    advance_watch,
    challenges_between,
    due_watches,
    items_matching,
    matching_items_between,
    newest_ids,
    remove_watch,
    watches_of,
)

KIND = "watch"
DEFAULT_INTERVAL = timedelta(minutes=10)
SHOWN = 10
"""Statements listed in one message; the rest are counted."""
_QUOTE = 280
#: The signals that make a new item news, and how the message names them.
NEWS = {
    "denial": "denial",
    "not_independently_verified": "not verified",
    "claim": "claim",
}
_COMMAND = re.compile(r"\s*(watch|unwatch|watches)\b(.*)$", re.I | re.S)
_HERE = re.compile(r"\s+here\s*$", re.I)
_SLACK_ID = re.compile(r"^[UWCG][A-Z0-9]{2,}$")


@dataclass(frozen=True)
class WatchCommand:
    """A parsed `watch`, `unwatch` or `watches` command."""

    action: str
    """"watch", "unwatch" or "list"."""
    topic: str = ""
    here: bool = False


@dataclass(frozen=True)
class News:
    """One new statement about a watched topic (or a challenge of a verified one)."""

    label: str
    item: ItemRow
    challenged_item: int | None = None


def parse_watch(text: str) -> WatchCommand | None:
    """The watch command in `/conflict TEXT`, or None when TEXT is something else.

    ``watch`` or ``unwatch`` without a topic is refused; ``watches`` takes nothing after it
    (`watches of Kyiv` is a topic)."""
    match = _COMMAND.match(text or "")
    if match is None:
        return None
    word, rest = match.group(1).lower(), match.group(2)
    if word == "watches":
        return WatchCommand("list") if not rest.strip() else None
    here = bool(_HERE.search(" " + rest))
    topic = clean_topic(_HERE.sub("", " " + rest))
    if not topic:
        raise UserError(
            f"Say which topic: `/conflict {word} TOPIC` (add `here` to "
            f"{'tell this channel' if word == 'watch' else 'stop telling this channel'})."
        )
    return WatchCommand(word, topic, here)


def topic_key(topic: str) -> str:
    """What makes two watched topics the same: their search expression (case, accents and
    spacing do not count). Raises UserError for a topic that cannot be searched."""
    return build_query(topic).fts


_NAMED_TERM = re.compile(r'\(words:"[^"]*" OR (names:"[^"]*")\)')


def _spelling_free(fts: str) -> str:
    """A search expression with each term by its name key alone: "Lysychansk", "Lisichansk"
    and "Лисичанськ" give the same (their words differ, their name key does not)."""
    return _NAMED_TERM.sub(r"\1", fts)


def _same_watch(db: Database, fts: str, recipient: str) -> WatchRow | None:
    """The recipient's watch of the same topic in any spelling or script, if there is one."""
    wanted = _spelling_free(fts)
    for row in watches_of(db, [recipient]):
        if _spelling_free(row.topic_key) == wanted:
            return row
    return None


def watch(
    db: Database, topic: str, recipient: str, *, by: str, now: datetime | None = None
) -> tuple[WatchRow, bool]:
    """Start watching ``topic`` for ``recipient`` (a user or channel id); (watch, created).
    A topic already watched in another spelling or script is that watch."""
    query = build_query(topic)
    existing = _same_watch(db, query.fts, recipient)
    if existing is not None:
        return existing, False
    return add_watch(
        db,
        topic=query.topic,
        topic_key=query.fts,
        recipient=recipient,
        added_by=by,
        now=now or datetime.now(UTC),
    )


def unwatch(db: Database, topic: str, recipient: str) -> bool:
    """Stop watching ``topic`` for ``recipient``; False when it was not watched."""
    existing = _same_watch(db, topic_key(topic), recipient)
    return existing is not None and remove_watch(db, existing.topic_key, recipient)


def watches(db: Database, recipients: list[str]) -> list[WatchRow]:
    """The watches of a user and of a channel, oldest first."""
    return watches_of(db, recipients)


def check_watches(
    db: Database, now: datetime | None = None, *, interval: timedelta = DEFAULT_INTERVAL
) -> int:
    """Queue one message for each Slack watch that has news and was not told anything in
    the last ``interval``; returns how many were queued. Watches with nothing new are moved
    past what was looked at, so each check reads only what arrived since the last. Console
    watches are left to :func:`console_alerts`."""
    queued = 0
    for row, text, at in _due_news(db, now, interval, lambda row: is_slack_id(row.recipient)):
        queued += queue_message(
            db,
            kind=KIND,
            recipient=row.recipient,
            text=text,
            dedupe_key=f"watch:{row.id}:{row.seen_item}:{row.seen_challenge}",
            now=at,
        )
    return queued


def console_alerts(
    db: Database,
    recipient: str,
    now: datetime | None = None,
    *,
    interval: timedelta = DEFAULT_INTERVAL,
) -> list[str]:
    """The messages due for a console user's watches (Slack-escaped text), each given once."""
    return [text for _, text, _ in _due_news(db, now, interval, lambda r: r.recipient == recipient)]


def is_slack_id(recipient: str) -> bool:
    """A user (U..., W...) or channel (C..., G...) id that the outbox can post to."""
    return bool(_SLACK_ID.match(recipient))


def _due_news(
    db: Database,
    now: datetime | None,
    interval: timedelta,
    wanted: Callable[[WatchRow], bool],
) -> Iterator[tuple[WatchRow, str, datetime]]:
    """For each due watch ``wanted`` accepts that has news: (watch, message, now), yielded
    inside the transaction that moves the watch past it (so a message queued there is
    queued with the move, or not at all)."""
    now = now or datetime.now(UTC)
    newest_item, newest_challenge = newest_ids(db)
    for row in due_watches(db, now - interval):
        if not wanted(row):
            continue
        if row.seen_item >= newest_item and row.seen_challenge >= newest_challenge:
            continue
        news = _news(db, row, newest_item, newest_challenge)
        with transaction(db):
            moved = advance_watch(
                db,
                row,
                seen_item=newest_item,
                seen_challenge=newest_challenge,
                notified=now if news else None,
            )
            if moved and news:
                yield row, watch_message(row, news), now


def _news(db: Database, row: WatchRow, upto_item: int, upto_challenge: int) -> list[News]:
    """What is new about a watch's topic since it last looked, oldest first."""
    ids = matching_items_between(db, row.topic_key, row.seen_item, upto_item)
    news = []
    for item in sorted(items_by_id(db, ids, retracted=False), key=lambda i: i.id):
        if item.duplicate_of is not None:
            continue  # a re-publication repeats what was news already
        label = next((NEWS[s] for s in NEWS if s in item.signals), None)
        if label is not None:
            news.append(News(label, item))
    for _, challenged, challenger, _source in challenges_between(
        db, row.seen_challenge, upto_challenge
    ):
        if items_matching(db, row.topic_key, [challenged, challenger]):
            found = items_by_id(db, [challenger], retracted=False)
            if found:
                news.append(News("challenges a verified item", found[0], challenged))
    return news


def watch_message(row: WatchRow, news: list[News]) -> str:
    """The message for one watch, ready for Slack: every quoted text is escaped, so nothing
    in a bulletin can mention anyone or forge a link."""
    topic = _escape(row.topic, 100)
    count = len(news)
    head = (
        f"*{topic}*: {count} new statement{'s' if count != 1 else ''} on a topic "
        f"{'this channel watches' if row.recipient[:1] in 'CG' else 'you watch'}"
    )
    lines = [head]
    for entry in news[:SHOWN]:
        item = entry.item
        what = (
            f"{entry.label} (item {entry.challenged_item}, verified)"
            if entry.challenged_item is not None
            else f"{entry.label}, {item.status}"
        )
        lines.append(
            f"• _{what}_: “{_escape(item.text)}” ({_escape(item.source, 100)}, "
            f"{_time(item.published)}, item {item.id})"
        )
    if count > SHOWN:
        lines.append(f"…and {count - SHOWN} more.")
    lines.append(f"`/conflict {topic}` for the whole picture; `/conflict unwatch {topic}` to stop.")
    return "\n".join(lines)


def _escape(text: str, limit: int = _QUOTE) -> str:
    return slack_quote(text, limit)


def _time(moment: datetime | None) -> str:
    if moment is None:
        return "undated"
    moment = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%-d %b %H:%M UTC")


def run_watch_command(
    db: Database, command: WatchCommand, *, user: str, channel: str | None, interval: timedelta
) -> str:
    """The reply to a watch command from ``user`` in ``channel`` (None at the console), as
    plain text (escape it for Slack). ``here`` watches for the channel."""
    if command.here and not (channel and channel[:1] in "CG"):
        raise UserError(
            "`here` means this channel, and this is not one: without `here`, alerts come to "
            "you in a direct message."
        )
    recipient = channel if command.here and channel else user
    whom = "this channel" if command.here else "you"
    minutes = f"{interval.total_seconds() / 60:g} minute" + (
        "" if interval == timedelta(minutes=1) else "s"
    )
    if command.action == "watch":
        row, created = watch(db, command.topic, recipient, by=user)
        if not created:
            already = "This channel already watches" if command.here else "You already watch"
            return f"{already} “{row.topic}”."
        return (
            f"Watching “{row.topic}” for {whom}: a new claim, denial or not-verified note, or a "
            f"verified item challenged, is sent in one message at most every {minutes}. "
            f"`/conflict unwatch {row.topic}{' here' if command.here else ''}` stops it."
        )
    if command.action == "unwatch":
        if unwatch(db, command.topic, recipient):
            return f"Stopped watching “{command.topic}” for {whom}."
        return (
            f"{'This channel does' if command.here else 'You do'} not watch “{command.topic}”; "
            "`/conflict watches` lists what is watched."
        )
    rows = watches(db, [user] + ([channel] if channel and channel[:1] in "CG" else []))
    if not rows:
        return "Nothing is watched here. `/conflict watch TOPIC [here]` starts a watch."
    lines = ["Watched topics:"]
    for row in rows:
        lines.append(
            f"• “{row.topic}”: {'you' if row.recipient == user else 'this channel'}"
            f" (since {row.added[:16].replace('T', ' ')} UTC)"
        )
    return "\n".join(lines)
