"""What a user names when adding a source, and when a source is next due."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest

from newsroom.errors import UserError
from newsroom.wire.http import retry_after
from newsroom.wire.schedule import BACKOFF_CAP, RETRY_AFTER_CAP, after_failure, after_success
from newsroom.wire.targets import channel_target, format_every, normalise_url, parse_every
from store.sources import Source


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30s", 30), ("5m", 300), ("1h", 3600), ("1d", 86400), ("90", 90), (" 2 H ", 7200)],
)
def test_durations(text: str, seconds: float) -> None:
    assert parse_every(text) == seconds


@pytest.mark.parametrize("text", ["", "five minutes", "5x", "-5m", "29s", "8d"])
def test_bad_durations(text: str) -> None:
    with pytest.raises(UserError, match="--every"):
        parse_every(text)


@pytest.mark.parametrize(
    ("seconds", "shown"), [(30, "30s"), (90, "90s"), (300, "5m"), (7200, "2h"), (86400, "1d")]
)
def test_intervals_are_shown_as_typed(seconds: float, shown: str) -> None:
    assert format_every(seconds) == shown


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("HTTPS://Wire.Example/Feed.xml", "https://wire.example/Feed.xml"),
        ("http://wire.example:80/rss?b=2&a=1#top", "http://wire.example/rss?b=2&a=1"),
        ("https://wire.example:8443", "https://wire.example:8443/"),
        ("http://[::1]:8080/x", "http://[::1]:8080/x"),
        ("https://user:pw@wire.example/f", "https://user:pw@wire.example/f"),
        ("https://WIRE.EXAMPLE./f", "https://wire.example/f"),  # the root's dot: the same host
        ("https://_feeds.wire.example/f", "https://_feeds.wire.example/f"),
    ],
)
def test_urls_are_normalised(given: str, kept: str) -> None:
    assert normalise_url(given) == kept


def test_an_international_host_name_is_kept_in_its_ascii_form() -> None:
    kept = normalise_url("https://Київ.example/стрічка")
    assert kept.startswith("https://xn--") and kept.endswith(".example/стрічка")
    assert normalise_url("https://київ.example/стрічка") == kept


@pytest.mark.parametrize(
    "given",
    [
        "wire.example/rss",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "http://:80/",
        "http://wire exa.mple/feed",  # a space: refused now, not at every poll
        "http://wire.example/a feed.xml",
        "http://wire..example/feed",
        "http://wire!.example/feed",
    ],
)
def test_what_is_not_an_http_url_is_refused(given: str) -> None:
    with pytest.raises(UserError, match="Cannot add"):
        normalise_url(given)


def test_a_password_in_a_url_is_masked_where_the_source_is_named() -> None:
    source = Source(
        *[1, "feed", "https://desk:s3cret@wire.example/f", None, 300.0, False, False, "cli"],
        *["2025-03-04T00:00:00+00:00", *[None] * 7, 0, 0, 0, 0, None, 0.0],
    )
    assert source.label == "https://desk:***@wire.example/f"


@pytest.mark.parametrize("given", ["C0123ABCD9", "G0123ABCD9"])
def test_channel_ids(given: str) -> None:
    assert channel_target(given) == given


@pytest.mark.parametrize("given", ["general", "#news", "c0123abcd9", "U0123ABCD9"])
def test_not_channel_ids(given: str) -> None:
    with pytest.raises(UserError, match="channel id"):
        channel_target(given)


def test_backoff_doubles_stays_in_the_upper_half_and_is_capped() -> None:
    rng = random.Random(3)
    for failures in range(1, 8):
        base = min(60 * 2**failures, BACKOFF_CAP)
        delays = [after_failure(60, failures, rng=rng) for _ in range(50)]
        assert all(base / 2 <= d <= base for d in delays)
        assert len(set(delays)) > 1  # jittered
    assert after_failure(60, 40, rng=rng) <= BACKOFF_CAP


def test_retry_after_wins_when_longer_and_is_capped() -> None:
    rng = random.Random(1)
    assert after_failure(60, 1, retry_after=5, rng=rng) <= 120
    assert after_failure(60, 1, retry_after=900, rng=rng) == 900
    assert after_failure(60, 1, retry_after=10 * RETRY_AFTER_CAP, rng=rng) == RETRY_AFTER_CAP


def test_success_waits_the_interval_or_a_longer_max_age() -> None:
    assert after_success(300, None) == 300
    assert after_success(300, 60) == 300
    assert after_success(300, 900) == 900


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("120", 120.0),
        ("Tue, 04 Mar 2025 12:10:00 GMT", 600.0),
        ("Tue, 04 Mar 2025 11:00:00 GMT", 0.0),  # in the past
        ("soon", None),
        (None, None),
    ],
)
def test_retry_after_header(header: str | None, seconds: float | None) -> None:
    now = datetime(2025, 3, 4, 12, 0, tzinfo=UTC)
    assert retry_after(header, now) == seconds
