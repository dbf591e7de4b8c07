"""The digest over the real seed page (../shared/data, read in place; skipped when absent)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import SHARED_DATA, Wiredesk

pytestmark = pytest.mark.skipif(
    not (SHARED_DATA / "seed-live-blog.txt").is_file(), reason=f"{SHARED_DATA} is not present"
)


@pytest.fixture
def digest(wiredesk: Wiredesk) -> dict:
    seed = SHARED_DATA / "seed-live-blog.txt"
    ingest = wiredesk(
        "ingest", str(seed), "--source", "Live blog", "--published", "2022-07-03T12:00:00Z"
    )
    assert ingest.exit_code == 0, ingest.output
    result = wiredesk("digest", "--date", "2022-07-04", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_window_and_counts(digest: dict) -> None:
    assert digest["date"] == "2022-07-04"
    assert digest["window"] == {"start": "2022-07-03T08:00:00Z", "end": "2022-07-04T08:00:00Z"}
    counts = digest["counts"]
    assert counts["bulletins"] == 1
    assert counts["items"] > 10
    assert counts["disputed"] >= 2 and counts["claimed"] >= 1 and counts["unverified"] >= 1


def test_lysychansk_is_a_disputed_topic_with_both_sides(digest: dict) -> None:
    topics = {t["topic"]: t for t in digest["topics"]}
    assert "Lysychansk" in topics
    lysychansk = topics["Lysychansk"]
    assert lysychansk["headline"].startswith("Disputed")
    texts = " ".join(s["text"] for s in lysychansk["summary"])
    assert "Russia claims it has taken full control of Lysychansk" in texts
    assert "has denied the claims" in texts
    assert all(s["source"] == "Live blog" for s in lysychansk["summary"])
    assert lysychansk["counts"]["items"] == sum(
        n for status, n in lysychansk["counts"].items() if status != "items"
    )


def test_the_other_stories_of_the_page_are_topics_too(digest: dict) -> None:
    others = [t for t in digest["topics"] if t["topic"] != "Lysychansk"]
    words = " ".join(t["topic"] + " " + t["headline"] for t in others)
    summaries = " ".join(s["text"] for t in others for s in t["summary"])
    assert "Belgorod" in words
    assert "Lukashenko" in words or "Belarus" in words
    assert "Kremenchuk" in words
    assert "Berlin" in summaries
    # One topic per story: no sentence is quoted under two topics.
    quoted = [s["text"] for t in digest["topics"] for s in t["summary"]]
    assert len(quoted) == len(set(quoted))
    # The parties to the war, named all over the page, are not topics.
    assert not {"Russia", "Ukraine"} & {t["topic"] for t in digest["topics"]}


def test_text_output_over_the_seed(wiredesk: Wiredesk, digest: dict) -> None:
    result = wiredesk("digest", "--date", "2022-07-04")
    assert result.exit_code == 0
    assert "Lysychansk: Disputed" in result.stdout
    assert "— Live blog, 2022-07-03 12:00 UTC" in result.stdout
