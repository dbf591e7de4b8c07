"""Slack workspace exports: a folder per channel of per-day JSON files, one bulletin per message.

An export folder holds ``channels.json`` and ``users.json`` (both optional here: they name
channels and resolve mentions) and a folder per channel of files named by day
(``2022-07-03.json``), each an array of messages. A channel's folder may be given alone.
A message's time is its ``ts`` (Unix seconds, UTC); its text is Slack's mrkdwn, made plain:
``<@U123>`` gives "@name", ``<https://x|label>`` "label", ``<!here>`` "@here", ``&amp;``
"&". System messages (``channel_join``, ``channel_topic``, ...) and messages without text
are skipped and counted in a Notice; thread replies are messages like any other.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from newsroom.models import Notice, RawBulletin, Rejection
from newsroom.sources.clean import clean_line, decode
from newsroom.sources.dates import parse_date
from newsroom.sources.records import Origin, make_bulletin, plural
from newsroom.sources.tabular import json_error_reason

DAY_FILE = re.compile(r"\d{4}-\d{2}-\d{2}\.json")
MESSAGE_SUBTYPES = frozenset({"bot_message", "thread_broadcast", "file_share", "me_message"})
"""Subtypes of messages people or bots wrote; every other subtype is a system notice."""
_ANGLE = re.compile(r"<([^<>\n]*)>")
_EMPHASIS = (
    re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])"),
    re.compile(r"(?<![\w_])_(?=\S)([^_\n]+?)(?<=\S)_(?![\w_])"),
    re.compile(r"(?<![\w~])~(?=\S)([^~\n]+?)(?<=\S)~(?![\w~])"),
    re.compile(r"`([^`\n]+)`"),
)
_FENCE = re.compile(r"```")
_SPECIAL = {"everyone": "@everyone", "channel": "@channel", "here": "@here"}


def is_slack_export(folder: Path) -> bool:
    """A folder holding a Slack export, or one channel's folder of it."""
    return (
        _has_day_files(folder)
        or (folder / "channels.json").is_file()
        or any(_has_day_files(child) for child in folder.iterdir() if child.is_dir())
    )


def read_slack_export(folder: Path, origin: Origin) -> Iterator[RawBulletin | Rejection | Notice]:
    """Yield the messages of every channel, channel by channel and day by day."""
    names: dict[str, dict[str, str]] = {}
    for kind in ("users", "channels"):
        listing = _listing_file(folder, f"{kind}.json")
        names[kind] = {}
        if listing is not None:
            found = _read_names(listing, kind, origin)
            if isinstance(found, Rejection):
                yield found
            else:
                names[kind] = found
    channels = (
        [folder]
        if _has_day_files(folder)
        else sorted(child for child in folder.iterdir() if child.is_dir() and _has_day_files(child))
    )
    skipped = {"system": 0, "textless": 0}
    for channel_folder in channels:
        channel = names["channels"].get(channel_folder.name, channel_folder.name)
        source = origin.source or f"#{channel}"
        for day_file in sorted(p for p in channel_folder.iterdir() if DAY_FILE.fullmatch(p.name)):
            where = str(day_file)
            messages = _read_json(day_file)
            if isinstance(messages, str):
                yield origin.reject(messages, where)
                continue
            if not isinstance(messages, list):
                yield origin.reject("not an array of messages", where)
                continue
            for number, message in enumerate(messages, 1):
                at = f"{where}, message {number}"
                if not isinstance(message, dict):
                    yield origin.reject("not a message object", at)
                    continue
                subtype = message.get("subtype")
                if message.get("type", "message") != "message" or (
                    subtype is not None and subtype not in MESSAGE_SUBTYPES
                ):
                    skipped["system"] += 1
                    continue
                parsed = _message(message, origin, at, source, channel, names)
                if parsed is None:
                    skipped["textless"] += 1
                else:
                    yield parsed
    if not channels:
        yield origin.reject("a Slack export without channel folders of per-day JSON files")
    parts = []
    if skipped["system"]:
        parts.append(f"{plural(skipped['system'], 'Slack system message')} (joins, topic changes)")
    if skipped["textless"]:
        parts.append(f"{plural(skipped['textless'], 'message')} without text")
    if parts:
        yield Notice(where=origin.where, message="skipped " + " and ".join(parts))


def _message(
    message: Mapping[str, object],
    origin: Origin,
    where: str,
    source: str,
    channel: str,
    names: dict[str, dict[str, str]],
) -> RawBulletin | Rejection | None:
    text = message.get("text", "")
    if not isinstance(text, str):
        return origin.reject("field 'text' is not text", where)
    text = "\n\n".join(part for part in (text, *_attachment_texts(message)) if part.strip())
    if not text.strip():
        return None
    ts = message.get("ts")
    if ts is None:
        return origin.reject("no 'ts' (the message's time)", where)
    try:
        # the digits after the point only make ts unique in its channel: whole seconds
        published = parse_date(ts).replace(microsecond=0)
    except ValueError as exc:
        return origin.reject(f"{exc} in field 'ts'", where)
    return make_bulletin(
        origin,
        where,
        text=mrkdwn_to_text(text, names["users"], names["channels"]),
        source=source,
        published=published,
        record_id=f"slack:{channel}/{ts}",
    )


def _attachment_texts(message: Mapping[str, object]) -> list[str]:
    """What a message's legacy attachments say (an unfurled link, a feed app's post): each
    one's pretext, title and text, or its fallback when it has neither title nor text."""
    attachments = message.get("attachments")
    if not isinstance(attachments, list):
        return []
    texts: list[str] = []
    for attachment in attachments:
        if not isinstance(attachment, dict):
            continue
        parts = [attachment.get(key) for key in ("pretext", "title", "text")]
        if not any(isinstance(p, str) and p.strip() for p in parts[1:]):
            parts.append(attachment.get("fallback"))
        texts.extend(p for p in parts if isinstance(p, str) and p.strip())
    return texts


def mrkdwn_to_text(
    text: str, users: Mapping[str, str] | None = None, channels: Mapping[str, str] | None = None
) -> str:
    """Slack mrkdwn as plain text: mentions by name (ids left as they are when ``users`` or
    ``channels`` do not name them), links by their label, no emphasis marks, ``&amp;``,
    ``&lt;`` and ``&gt;`` decoded."""
    users, channels = users or {}, channels or {}

    def angle(match: re.Match[str]) -> str:
        target, _, label = match.group(1).partition("|")
        if target.startswith("@"):
            return "@" + (label.lstrip("@") or users.get(target[1:], target[1:]))
        if target.startswith("#"):
            return "#" + (label.lstrip("#") or channels.get(target[1:], target[1:]))
        if target.startswith("!"):
            return _SPECIAL.get(target[1:], label)
        return label or target

    text = _FENCE.sub("", _ANGLE.sub(angle, text))
    for pattern in _EMPHASIS:
        text = pattern.sub(r"\1", text)
    return html.unescape(text) if "&" in text else text


def _has_day_files(folder: Path) -> bool:
    return folder.is_dir() and any(DAY_FILE.fullmatch(p.name) for p in folder.iterdir())


def _listing_file(folder: Path, name: str) -> Path | None:
    """``name`` in the export folder, or in its parent when a channel's folder was given."""
    for place in (folder, folder.parent):
        if (place / name).is_file():
            return place / name
    return None


def _read_names(path: Path, kind: str, origin: Origin) -> dict[str, str] | Rejection:
    """Names by id (and channel names by folder name) from users.json or channels.json."""
    listing = _read_json(path)
    if isinstance(listing, str):
        return origin.reject(f"{listing}; {kind} are shown by id", str(path))
    if not isinstance(listing, list):
        return origin.reject(f"not an array; {kind} are shown by id", str(path))
    found: dict[str, str] = {}
    for entry in listing:
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
            continue
        profile = entry.get("profile") if isinstance(entry.get("profile"), dict) else {}
        for candidate in (
            profile.get("display_name"),
            profile.get("real_name"),
            entry.get("real_name"),
            entry.get("name"),
        ):
            if isinstance(candidate, str) and candidate.strip():
                found[entry["id"]] = clean_line(candidate)
                if kind == "channels":
                    found[candidate] = clean_line(candidate)
                break
    return found


def _read_json(path: Path) -> object:
    """The JSON in a file, or a message saying why it cannot be read."""
    try:
        content = decode(path.read_bytes())
    except OSError as exc:
        return f"cannot read it ({exc.strerror or exc})"
    if content is None:
        return "binary file, not text"
    try:
        return json.loads(content)
    except json.JSONDecodeError as exc:
        return f"invalid JSON ({json_error_reason(exc)} at line {exc.lineno}, column {exc.colno})"
    except RecursionError:
        return "invalid JSON (nested too deeply)"
