"""Telegram Desktop chat exports (``result.json``): one bulletin per message with text.

An export is a JSON object naming the chat (``name``, ``type``, ``id``) with its
``messages``; a whole account's export ("Export Telegram data") holds such chats under
``chats.list`` and ``left_chats.list``, each read as its own export. A message's ``text``
is a string, or a list of strings and entity objects (``{"type": "hashtag", "text":
"#Odesa"}``); its time is ``date_unixtime`` (``date`` is the exporting computer's local
time, of no known zone, and is never used). Service messages (channel created, message
pinned) and messages without text (a photo, a sticker) are skipped and counted in a Notice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import replace

from newsroom.models import Notice, RawBulletin, Rejection
from newsroom.sources.clean import plain_text
from newsroom.sources.dates import parse_date
from newsroom.sources.records import Origin, make_bulletin, plural

CHAT_TYPES = frozenset(
    {
        "personal_chat",
        "bot_chat",
        "saved_messages",
        "private_group",
        "private_supergroup",
        "public_supergroup",
        "private_channel",
        "public_channel",
    }
)
"""The ``type`` of a chat in a Telegram Desktop export."""


def is_telegram_export(document: object) -> bool:
    """A Telegram Desktop export of one chat: a named chat of a known type with messages."""
    return (
        isinstance(document, dict)
        and document.get("type") in CHAT_TYPES
        and isinstance(document.get("messages"), list)
        and "name" in document
    )


ACCOUNT_CHAT_LISTS = ("chats", "left_chats")
"""Where a whole account's export keeps its chats: ``{"chats": {"list": [...]}}``."""


def account_chats(document: object) -> list[dict[str, object]] | None:
    """The chats of a whole account's Telegram Desktop export, or None when it is none."""
    if not isinstance(document, dict):
        return None
    chats: list[dict[str, object]] = []
    found = False
    for key in ACCOUNT_CHAT_LISTS:
        section = document.get(key)
        listing = section.get("list") if isinstance(section, dict) else None
        if isinstance(listing, list):
            found = found or any(is_telegram_export(chat) for chat in listing)
            chats.extend(chat for chat in listing if is_telegram_export(chat))
    return chats if found else None


def read_account(
    chats: list[dict[str, object]], origin: Origin
) -> Iterator[RawBulletin | Rejection | Notice]:
    """Each chat of a whole account's export, read as its own export ("chat NAME" in
    ``where``)."""
    for chat in chats:
        name = chat.get("name")
        label = name.strip() if isinstance(name, str) and name.strip() else f"id {chat.get('id')}"
        yield from read_telegram(chat, replace(origin, where=f"{origin.where}, chat {label}"))


def read_telegram(
    export: Mapping[str, object], origin: Origin
) -> Iterator[RawBulletin | Rejection | Notice]:
    """Yield a bulletin per message with text, rejections for damaged messages, and a
    Notice counting the messages skipped.

    Source: the caller's, else the chat's name. A forwarded message is credited to the
    channel it came from, as a relay. URL: ``https://t.me/USERNAME/ID`` when the export
    names the chat's ``username``.
    """
    name = export.get("name")
    channel = origin.source or (name.strip() if isinstance(name, str) and name.strip() else None)
    username = export.get("username")
    username = username.lstrip("@") if isinstance(username, str) and username.strip() else None
    skipped = {"service": 0, "textless": 0}
    messages = export["messages"]
    assert isinstance(messages, list)
    for number, message in enumerate(messages, 1):
        if not isinstance(message, dict):
            yield origin.reject("not a message object", origin.at("message", number))
            continue
        message_id = message.get("id")
        where = origin.at("message", message_id if isinstance(message_id, int) else number)
        if message.get("type", "message") != "message":
            skipped["service"] += 1
            continue
        parsed = _message(message, origin, where, channel, export.get("id"), username)
        if parsed is None:
            skipped["textless"] += 1
        else:
            yield parsed
    if any(skipped.values()):
        yield Notice(
            where=origin.where,
            message=f"skipped {plural(skipped['service'], 'service message')} and"
            f" {plural(skipped['textless'], 'message')} without text (photos, stickers, polls)",
        )


def _message(
    message: Mapping[str, object],
    origin: Origin,
    where: str,
    channel: str | None,
    chat_id: object,
    username: str | None,
) -> RawBulletin | Rejection | None:
    """One message as a bulletin, a rejection, or None when it has no text."""
    text = message_text(message.get("text", ""))
    if text is None:
        return origin.reject("field 'text' is neither text nor a list of text parts", where)
    if not text.strip():
        return None
    moment = message.get("date_unixtime")
    if moment is None:
        return origin.reject(
            "no 'date_unixtime' (its 'date' is the exporting computer's local time, of no"
            " known zone)",
            where,
        )
    try:
        published = parse_date(moment)
    except ValueError as exc:
        return origin.reject(f"{exc} in field 'date_unixtime'", where)
    message_id = message.get("id")
    forwarded = message.get("forwarded_from")
    return make_bulletin(
        origin,
        where,
        text=plain_text(text),
        source=channel,
        published=published,
        url=f"https://t.me/{username}/{message_id}" if username and message_id else None,
        record_id=f"telegram:{chat_id}/{message_id}" if message_id is not None else None,
        relayed_from=forwarded if isinstance(forwarded, str) else None,
    )


def message_text(value: object) -> str | None:
    """A message's ``text``: a string, or strings and entity objects joined as they run;
    None when it is neither."""
    if isinstance(value, str):
        return value
    if not isinstance(value, list):
        return None
    parts = []
    for part in value:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            parts.append(part["text"])
        else:
            return None
    return "".join(parts)
