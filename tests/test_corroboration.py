"""Corroboration: independent sources reporting a statement on their own authority.

One wire story re-published by many outlets is one source; a claim repeated by many outlets
is still one claim; a relay is someone else's word.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlite_utils import Database

from newsroom.answer import AnswerItem
from newsroom.ask import ask
from newsroom.corroboration import _candidate_query, independent_sources
from newsroom.statements import read_statement
from newsroom.verdicts import set_verdict
from store.bulletins import add_bulletins
from store.revisions import retract_bulletin
from store.search import items_by_id
from tests.conftest import Wiredesk, item_ids_with, make_bulletin

FIRE = "A fire destroyed the main grain terminal at the port of Izmail overnight."
FIRE_REWORDED = (
    "The main grain terminal in Izmail port was destroyed by fire overnight, with smoke "
    "visible across the Danube."
)


def _add(db: Database, *bulletins: tuple[str, str, str]) -> None:
    for text, source, published in bulletins:
        add_bulletins(db, [make_bulletin(text, source=source, published=published)])


def _item(db: Database, topic: str, fragment: str) -> AnswerItem:
    return next(i for i in ask(db, topic).items if fragment in i.text)


def _sources(db: Database, fragment: str) -> list[int]:
    """independent_sources of every stored item containing ``fragment``."""
    return [independent_sources(db, row) for row in items_by_id(db, item_ids_with(db, fragment))]


def test_two_outlets_reporting_one_fact_in_their_own_words_corroborate_it(
    db: Database, wiredesk: Wiredesk
) -> None:
    _add(
        db,
        (f"{FIRE} Firefighters worked until dawn.", "Harbour Times", "2024-05-02T07:00Z"),
        (FIRE_REWORDED, "Danube Post", "2024-05-02T09:00Z"),
    )

    answer = json.loads(wiredesk("ask", "Izmail", "--json").output)

    fires = [i for i in answer["items"] if "grain terminal" in i["text"]]
    assert sorted((i["source"], i["status"], i["independent_sources"]) for i in fires) == [
        ("Danube Post", "corroborated", 2),
        ("Harbour Times", "corroborated", 2),
    ]
    others = [i for i in answer["items"] if "grain terminal" not in i["text"]]
    assert all(i["independent_sources"] == 1 for i in others)


def test_each_independent_outlet_counts_once(db: Database) -> None:
    _add(
        db,
        (FIRE, "Harbour Times", "2024-05-02T07:00Z"),
        (FIRE_REWORDED, "Danube Post", "2024-05-02T09:00Z"),
        (
            "Fire overnight destroyed the main grain terminal of Izmail's port.",
            "Danube Post",
            "2024-05-02T10:00Z",
        ),
        (
            "Izmail's main grain terminal was destroyed overnight in a fire.",
            "Coast Daily",
            "2024-05-02T11:00Z",
        ),
    )

    assert _item(db, "Izmail", "A fire destroyed").independent_sources == 3
    assert _sources(db, "grain terminal") == [3, 3, 3, 3]


def test_one_wire_story_republished_by_three_outlets_is_one_source(db: Database) -> None:
    wire = (
        "Shipping through the port of Constanta resumed on Thursday after a three-day strike "
        "by dock workers ended with a pay deal. Dozens of bulk carriers had waited at anchor "
        "during the stoppage, which began on Monday."
    )
    _add(
        db,
        (wire, "Black Sea Wire", "2024-05-03T08:00Z"),
        (f"CONSTANTA (Euro Ports Daily) - {wire}", "Euro Ports Daily", "2024-05-03T09:00Z"),
        (f"{wire} (Reporting by Shipping Monitor staff)", "Shipping Monitor", "2024-05-03T10:00Z"),
        (f"By Trade Courier staff. {wire}", "Trade Courier", "2024-05-03T11:00Z"),
    )

    item = _item(db, "Constanta", "Shipping through")

    assert (item.status, item.independent_sources) == ("reported", 1)
    assert _sources(db, "Shipping through the port") == [1, 1, 1, 1]


def test_the_same_sentence_in_otherwise_different_bulletins_is_a_copy(db: Database) -> None:
    _add(
        db,
        (f"{FIRE} Firefighters worked until dawn.", "Harbour Times", "2024-05-02T07:00Z"),
        (
            f"Markets opened lower in Odesa. {FIRE} Wheat prices rose.",
            "Grain Monitor",
            "2024-05-02T09:00Z",
        ),
    )

    assert _sources(db, "A fire destroyed") == [1, 1]


def test_a_claim_repeated_by_three_outlets_is_one_claim(db: Database) -> None:
    _add(
        db,
        (
            "The transport ministry said the Izmail terminal would reopen within two weeks.",
            "Harbour Times",
            "2024-05-04T08:00Z",
        ),
        (
            "The Izmail terminal will reopen within two weeks, the transport ministry said.",
            "Danube Post",
            "2024-05-04T09:00Z",
        ),
        (
            "According to the transport ministry, the Izmail terminal will reopen within two weeks.",
            "Coast Daily",
            "2024-05-04T10:00Z",
        ),
    )

    items = ask(db, "Izmail").items

    assert len(items) == 3
    assert {(i.status, i.independent_sources) for i in items} == {("claimed", 1)}


@pytest.mark.parametrize(
    "relay",
    [
        "Harbour Times, citing port officials, reported that a fire destroyed the main grain "
        "terminal at Izmail overnight.",
        "A fire destroyed the main grain terminal at Izmail overnight, port officials told Reuters.",
        "A fire destroyed the main grain terminal at Izmail overnight, citing port officials.",
        "A fire destroyed the main grain terminal at Izmail overnight, according to Harbour Times.",
    ],
)
def test_a_relay_does_not_count(db: Database, relay: str) -> None:
    _add(
        db, (FIRE, "Harbour Times", "2024-05-02T07:00Z"), (relay, "River Wire", "2024-05-02T10:00Z")
    )

    item = _item(db, "Izmail", "A fire destroyed the main grain terminal at the port")

    assert (item.status, item.independent_sources) == ("reported", 1)


@pytest.mark.parametrize(
    ("other", "why"),
    [
        ("The main grain terminal at the port of Izmail reopened after repairs.", "another event"),
        (
            "A fire destroyed the main grain terminal at the port of Reni overnight.",
            "another place",
        ),
        ("A fire did not destroy the main grain terminal at the port of Izmail.", "a negation"),
        (
            "Firefighters saved the main grain terminal at the port of Izmail overnight.",
            "unlike words",
        ),
    ],
)
def test_other_statements_do_not_corroborate(db: Database, other: str, why: str) -> None:
    _add(
        db,
        (FIRE, "Harbour Times", "2024-05-02T07:00Z"),
        (other, "Danube Post", "2024-05-02T09:00Z"),
    )

    assert _sources(db, "A fire destroyed the main grain terminal at the port of Izmail") == [1], (
        why
    )


def test_figures_that_disagree_do_not_corroborate(db: Database) -> None:
    _add(
        db,
        (
            "Floods forced 1,200 people from their homes in Valencia on Sunday.",
            "Iberia Wire",
            "2024-10-27T08:00Z",
        ),
        (
            "Floods forced 12,000 people from their homes in Valencia on Sunday.",
            "Tagus Post",
            "2024-10-27T09:00Z",
        ),
        (
            "Sunday's floods in Valencia forced 1,200 people from their homes.",
            "Harbour Blog",
            "2024-10-27T10:00Z",
        ),
    )

    assert _sources(db, "1,200 people") == [2, 2]
    assert _sources(db, "12,000 people") == [1]


def test_reports_far_apart_in_time_are_different_events(db: Database) -> None:
    _add(
        db,
        (FIRE, "Harbour Times", "2024-05-02T07:00Z"),
        (FIRE_REWORDED, "Danube Post", "2024-06-20T09:00Z"),
    )

    assert _sources(db, "grain terminal") == [1, 1]


def test_one_outlet_reporting_twice_is_one_source(db: Database) -> None:
    _add(
        db,
        (FIRE, "Harbour Times", "2024-05-02T07:00Z"),
        (FIRE_REWORDED, "Harbour Times", "2024-05-02T09:00Z"),
    )

    assert _sources(db, "grain terminal") == [1, 1]


def test_a_verdict_outranks_corroborated(db: Database) -> None:
    _add(
        db,
        (FIRE, "Harbour Times", "2024-05-02T07:00Z"),
        (FIRE_REWORDED, "Danube Post", "2024-05-02T09:00Z"),
    )
    (item_id,) = item_ids_with(db, "A fire destroyed")
    set_verdict(
        db, item_id, "false", by="U0VERIFY", origin="cli", now=datetime(2024, 5, 3, tzinfo=UTC)
    )

    item = _item(db, "Izmail", "A fire destroyed")

    assert (item.status, item.text_status, item.independent_sources) == ("false", "corroborated", 2)
    assert item.model_dump(mode="json")["independent_sources"] == 2


def test_a_statement_naming_nothing_is_not_counted(db: Database) -> None:
    _add(
        db,
        ("Heavy rain flooded the old town overnight.", "Harbour Times", "2024-05-02T07:00Z"),
        ("The old town was flooded by heavy rain overnight.", "Danube Post", "2024-05-02T09:00Z"),
    )

    assert _sources(db, "old town") == [1, 1]


def test_being_told_to_do_something_is_no_relay(db: Database) -> None:
    _add(
        db,
        (
            "Residents of Izmail were told to leave the port district overnight.",
            "Harbour Times",
            "2024-05-02T07:00Z",
        ),
        (
            "Overnight, residents of Izmail's port district were told to leave.",
            "Danube Post",
            "2024-05-02T09:00Z",
        ),
    )

    assert _sources(db, "told to leave") == [2, 2]


# ------------------------------------------------------------ one event, in other words
# Fictional reports (real places, invented events and outlets) of one strike: each outlet
# in its own words, as independent reporters write them.

BLOCK_HIT = (
    "A missile struck a nine-storey apartment block in Dnipro's Sobornyi district shortly "
    "before 7am on Tuesday, tearing away its top floors."
)
BUILDING_HIT = (
    "Two loud blasts shook central Dnipro at about 6:50am, and a residential building in the "
    "Soborna neighbourhood was hit, our correspondent in the city said."
)


def _status(db: Database, topic: str, fragment: str) -> tuple[str, int, list[str]]:
    item = _item(db, topic, fragment)
    return item.status, item.independent_sources, item.corroborated_by


def test_one_event_reported_by_two_outlets_in_their_own_words_is_corroborated(
    db: Database,
) -> None:
    _add(
        db,
        (BLOCK_HIT, "Eastern Monitor", "2024-06-04T04:10Z"),
        (BUILDING_HIT, "Dnipro Dispatch", "2024-06-04T04:40Z"),
    )

    assert _status(db, "Dnipro", "nine-storey") == ("corroborated", 2, ["Dnipro Dispatch"])
    # "our correspondent said" is the outlet's own reporting, not a party's claim
    assert _status(db, "Dnipro", "Two loud blasts") == ("corroborated", 2, ["Eastern Monitor"])


def test_a_wire_copy_of_the_report_does_not_corroborate_it(db: Database) -> None:
    _add(
        db,
        (BLOCK_HIT, "Eastern Monitor", "2024-06-04T04:10Z"),
        (
            f"DNIPRO, June 4 (Eastern Monitor) - {BLOCK_HIT}",
            "Frontline Digest",
            "2024-06-04T05:00Z",
        ),
    )

    assert _status(db, "Dnipro", "nine-storey") == ("reported", 1, [])


@pytest.mark.parametrize(
    ("other", "published", "why"),
    [
        (
            "A drone hit a school in Dnipro's Sobornyi district shortly before 7am on Tuesday.",
            "2024-06-04T05:00Z",
            "another thing hit",
        ),
        (
            "A missile struck a nine-storey apartment block in Dnipro's Chechelivskyi district "
            "on Tuesday.",
            "2024-06-04T05:00Z",
            "another district",
        ),
        (
            "A missile struck an apartment block in Dnipro's Sobornyi district at about 4pm, "
            "our correspondent said.",
            "2024-06-04T14:30Z",
            "another hour",
        ),
        (
            "A missile struck an apartment block in Dnipro's Sobornyi district on Wednesday.",
            "2024-06-05T09:00Z",
            "another day",
        ),
        (
            "Residents of an apartment block in Dnipro's Sobornyi district were told to boil "
            "water for a week.",
            "2024-06-04T05:00Z",
            "another event, one word shared",
        ),
    ],
)
def test_two_events_in_one_town_do_not_corroborate_each_other(
    db: Database, other: str, published: str, why: str
) -> None:
    _add(
        db,
        (BLOCK_HIT, "Eastern Monitor", "2024-06-04T04:10Z"),
        (other, "Dnipro Dispatch", published),
    )

    assert _sources(db, "nine-storey apartment block in Dnipro's Sobornyi") == [1], why


def test_a_partys_account_of_the_event_is_one_source_however_many_carry_it(
    db: Database,
) -> None:
    _add(
        db,
        (
            "Every window of a kindergarten in Dnipro's Sobornyi district was blown out in "
            "Tuesday's missile strike, a Dnipro Dispatch reporter saw.",
            "Dnipro Dispatch",
            "2024-06-04T08:00Z",
        ),
        (
            "Mayor Borys Filatov said a missile fragment hit a kindergarten in Dnipro's "
            "Sobornyi district that was empty at the time.",
            "Meridian Wire",
            "2024-06-04T05:00Z",
        ),
        (
            "A kindergarten in Dnipro's Sobornyi district was damaged by a missile fragment, "
            "Mayor Borys Filatov said.",
            "Northgate Herald",
            "2024-06-04T06:00Z",
        ),
    )

    # The mayor is one source, whichever outlet carries him; his claim stays a claim.
    status, sources, by = _status(db, "Dnipro", "Every window")
    assert (status, sources) == ("corroborated", 2)
    assert len(by) == 1 and by[0].startswith("Meridian Wire (") and "Borys Filatov" in by[0]
    assert _item(db, "Dnipro", "missile fragment hit").status == "claimed"


def test_corroboration_is_the_same_after_ingesting_again(db: Database) -> None:
    bulletins = (
        (BLOCK_HIT, "Eastern Monitor", "2024-06-04T04:10Z"),
        (BUILDING_HIT, "Dnipro Dispatch", "2024-06-04T04:40Z"),
    )
    _add(db, *bulletins)
    before = [_status(db, "Dnipro", "nine-storey"), _status(db, "Dnipro", "Two loud blasts")]

    _add(db, *bulletins)

    assert [_status(db, "Dnipro", "nine-storey"), _status(db, "Dnipro", "Two loud blasts")] == (
        before
    )


def test_a_retracted_report_corroborates_nothing(db: Database) -> None:
    """A report whose bulletin was retracted (a deleted wire message) no longer counts."""
    _add(
        db,
        (f"{FIRE} Firefighters worked until dawn.", "Harbour Times", "2024-05-02T07:00Z"),
        (FIRE_REWORDED, "Danube Post", "2024-05-02T09:00Z"),
    )
    assert _sources(db, "main grain terminal at the port") == [2]

    (reworded,) = items_by_id(db, item_ids_with(db, "visible across the Danube"))
    retract_bulletin(db, reworded.bulletin_id, datetime(2024, 5, 2, 10, tzinfo=UTC))

    assert _sources(db, "main grain terminal at the port") == [1]
    assert _item(db, "Izmail", "main grain terminal at the port").status == "reported"


def test_the_candidate_search_uses_exact_terms_for_every_inflection() -> None:
    """Corroboration candidates are found with exact index terms (a prefix term reads its
    every word over the whole record), and every inflection of a word is among them."""
    query = _candidate_query(FIRE_REWORDED, read_statement(FIRE_REWORDED))

    assert query is not None and "*" not in query
    for form in ("terminal", "terminals", "destroyed", "destroying", "destroys"):
        assert f'words:"{form}"' in query
