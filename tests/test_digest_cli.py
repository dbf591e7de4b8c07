"""`wiredesk digest`: the digest due on a date, as text or JSON, and posted once with --post."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlite_utils import Database

from newsroom.digest import due_date
from tests.conftest import Wiredesk
from tests.support.slack_standin import SlackStandIn

CHANNEL = "C0DIGEST"
# A live-blog page written for these tests: three stories, no breaks between them.
PAGE = (
    "Russian forces claimed to have captured Lysychansk, the defence ministry in Moscow said. "
    "Ukraine's general staff denied that Lysychansk had fallen, saying fighting continued on "
    "the outskirts. Residents of Lysychansk said shelling had damaged the bread factory. "
    "Explosions shook Belgorod early on Sunday, governor Vyacheslav Gladkov said. Three people "
    "were killed in Belgorod, he said, without providing evidence of the cause. "
    "Rescuers in Kremenchuk recovered two more bodies from the shopping centre, regional "
    "officials said. The death toll in Kremenchuk rose to 20, the emergency service said."
)
FOLLOW_UP = (
    "Lysychansk was under heavy fire on Sunday evening, a local official said. Power was cut "
    "in Belgorod after the blasts, the governor said."
)
PUBLISHED = "2022-07-03T12:00:00Z"


@pytest.fixture
def ingested(wiredesk: Wiredesk, tmp_path: Path) -> None:
    for name, text, source in (("page.txt", PAGE, "Live blog"), ("wire.txt", FOLLOW_UP, "Wire")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        result = wiredesk("ingest", str(path), "--source", source, "--published", PUBLISHED)
        assert result.exit_code == 0, result.output


@pytest.fixture
def standin(monkeypatch: pytest.MonkeyPatch) -> Iterator[SlackStandIn]:
    """The stand-in, and the environment `wiredesk digest --post` reads."""
    with SlackStandIn() as server:
        monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-test")
        monkeypatch.setenv("SLACK_API_URL", server.api_url)
        monkeypatch.setenv("WIREDESK_DIGEST_CHANNEL", CHANNEL)
        yield server


def test_json_for_a_date(wiredesk: Wiredesk, ingested: None) -> None:
    result = wiredesk("digest", "--date", "2022-07-04", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == {"date", "window", "counts", "topics", "changes"}
    assert data["date"] == "2022-07-04"
    assert data["window"] == {"start": "2022-07-03T08:00:00Z", "end": "2022-07-04T08:00:00Z"}
    assert data["counts"]["bulletins"] == 2
    assert data["counts"]["items"] >= 9
    topics = {t["topic"]: t for t in data["topics"]}
    assert {"Lysychansk", "Belgorod", "Kremenchuk"} <= set(topics)
    assert topics["Lysychansk"]["headline"].startswith("Disputed")
    texts = [s["text"] for s in topics["Lysychansk"]["summary"]]
    assert any("denied" in text for text in texts)
    for topic in data["topics"]:
        assert set(topic) == {"topic", "headline", "summary", "counts"}
        assert all(s["source"] in ("Live blog", "Wire") for s in topic["summary"])
    assert data["changes"] == []


def test_the_window_follows_the_settings(
    wiredesk: Wiredesk, ingested: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREDESK_TIMEZONE", "Europe/Kyiv")
    monkeypatch.setenv("WIREDESK_DIGEST_TIME", "09:30")
    data = json.loads(wiredesk("digest", "--date", "2022-07-04", "--json").stdout)
    assert data["window"] == {"start": "2022-07-03T06:30:00Z", "end": "2022-07-04T06:30:00Z"}


def test_a_day_without_news_is_empty(wiredesk: Wiredesk, ingested: None) -> None:
    data = json.loads(wiredesk("digest", "--date", "2022-07-06", "--json").stdout)
    assert data["counts"]["bulletins"] == 0 and data["topics"] == []


def test_default_date_is_the_digest_due_last(wiredesk: Wiredesk, db: Database) -> None:
    result = wiredesk("digest", "--json")
    assert result.exit_code == 0, result.output
    expected = due_date(datetime.now(UTC), (8, 0), "UTC")
    assert json.loads(result.stdout)["date"] == expected.isoformat()


def test_text_output(wiredesk: Wiredesk, ingested: None) -> None:
    result = wiredesk("digest", "--date", "2022-07-04")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Conflict desk digest for 2022-07-04")
    assert "2 new bulletins" in result.stdout
    assert "More: /conflict Lysychansk" in result.stdout


def test_post_posts_once(wiredesk: Wiredesk, ingested: None, standin: SlackStandIn) -> None:
    first = wiredesk("digest", "--date", "2022-07-04", "--post")
    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == f"Digest for 2022-07-04 to {CHANNEL}: posted"
    [call] = standin.calls("chat.postMessage")
    assert call.params["channel"] == CHANNEL
    assert "Lysychansk" in json.dumps(call.params["blocks"])
    second = wiredesk("digest", "--date", "2022-07-04", "--post")
    assert second.exit_code == 0, second.output
    assert "not posted again: already posted" in second.stdout
    assert len(standin.calls("chat.postMessage")) == 1


def test_post_without_a_channel(
    wiredesk: Wiredesk, standin: SlackStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("WIREDESK_DIGEST_CHANNEL")
    result = wiredesk("digest", "--date", "2022-07-04", "--post")
    assert result.exit_code == 2
    assert "WIREDESK_DIGEST_CHANNEL" in result.stderr
    assert "Traceback" not in result.output
    assert standin.calls("chat.postMessage") == []


def test_post_without_a_token(
    wiredesk: Wiredesk, standin: SlackStandIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SLACK_BOT_TOKEN")
    result = wiredesk("digest", "--date", "2022-07-04", "--post")
    assert result.exit_code == 2
    assert "SLACK_BOT_TOKEN" in result.stderr
    assert standin.calls("chat.postMessage") == []


@pytest.mark.parametrize("bad", ["2022-13-01", "yesterday", "04/07/2022", "2022-07-04T08:00", ""])
def test_bad_date(wiredesk: Wiredesk, bad: str) -> None:
    result = wiredesk("digest", "--date", bad, "--json")
    assert result.exit_code == 2
    assert "--date" in result.stderr
    assert result.stdout == ""


def test_bad_time_setting(wiredesk: Wiredesk, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WIREDESK_DIGEST_TIME", "8 o'clock")
    result = wiredesk("digest", "--date", "2022-07-04")
    assert result.exit_code == 2
    assert "WIREDESK_DIGEST_TIME" in result.stderr


def test_help(wiredesk: Wiredesk) -> None:
    result = wiredesk("digest", "--help")
    assert result.exit_code == 0
    for option in ("--date", "--json", "--post", "WIREDESK_DIGEST_CHANNEL"):
        assert option in result.stdout
