"""The console: the Slack commands at a prompt, over the local database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlite_utils import Database

from bot.console import GREETING, run_console, run_line
from bot.desk import USAGE
from store.bulletins import add_bulletins
from tests.conftest import make_bulletin

CLAIM = (
    "Russian forces claimed on Tuesday to have captured the outskirts of Lysychansk after a "
    "week of heavy shelling."
)
DENIAL = (
    "Ukraine's general staff denied that Russian forces had captured the outskirts, saying its "
    "troops still held the western districts."
)
OTHER_STORY = "Separately, the governor of Kharkiv said two people were wounded overnight."
BULLETINS = [
    (f"{CLAIM} {DENIAL} {OTHER_STORY}", "Test Wire", "2024-03-05T09:00:00Z"),
    (
        "Lysychansk was without power for a second day, the city administration said.",
        "Meridian Wire",
        "2024-03-04T09:00:00Z",
    ),
    (
        "У Лисичанську третій день немає води, повідомила міська влада.",
        "Radio Step",
        "2024-03-03T09:00:00Z",
    ),
    (
        "Air raid sirens sounded across Kyiv's left bank for three hours on Monday night.",
        "Capital Courier",
        "2024-03-02T09:00:00Z",
    ),
    (
        "Переговоры в Киеве завершились без итогового заявления.",
        "Vostok Daily",
        "2024-03-01T09:00:00Z",
    ),
    ("Sudan's army said it had retaken a bridge in Khartoum.", "Nile Desk", "2024-03-01T10:00:00Z"),
    ("Rescue teams in Aleppo pulled two children from the rubble.", "Levant", "2024-03-01T11:00Z"),
    ("Heavy rain flooded roads around Goma overnight.", "Lakes Radio", "2024-03-01T12:00:00Z"),
    ("Grain ships left Odesa under naval escort.", "Black Sea News", "2024-03-01T13:00:00Z"),
]


@pytest.fixture
def desk(db: Database, db_path: Path) -> str:
    add_bulletins(db, [make_bulletin(t, source=s, published=p) for t, s, p in BULLETINS])
    return str(db_path)


def test_conflict_topic_answers_with_claim_and_denial(desk: str) -> None:
    reply = run_line(desk, "/conflict Lysychansk")
    lines = reply.splitlines()
    assert lines[0] == "/conflict Lysychansk"
    assert lines[2].startswith("Disputed: a claim by Russian forces is denied by Ukraine's")
    flat = " ".join(reply.split())
    assert f"“{CLAIM}”" in flat
    assert f"“{DENIAL}”" in flat
    assert "Kharkiv" not in reply
    assert lines[-1] == "3 matching statements, 1 more shown as context"


@pytest.mark.parametrize(
    "line",
    [
        "Lysychansk",
        "  Lysychansk  ",
        "/CONFLICT Lysychansk",
        "/conflict   Lysychansk",
        "/conflict <#C024BE91L|Lysychansk>",
    ],
)
def test_a_bare_topic_or_any_spelling_is_the_same_question(desk: str, line: str) -> None:
    expected = run_line(desk, "/conflict Lysychansk").splitlines()[1:]
    assert run_line(desk, line).splitlines()[1:] == expected


def test_a_cyrillic_spelling_lists_the_same_items(desk: str) -> None:
    latin = run_line(desk, "/conflict Lysychansk").splitlines()
    cyrillic = run_line(desk, "/conflict Лисичанськ").splitlines()
    assert cyrillic[0] == "/conflict Лисичанськ"
    assert sorted(x for x in cyrillic if "] item " in x) == sorted(
        x for x in latin if "] item " in x
    )
    assert cyrillic[-1] == latin[-1] == "3 matching statements, 1 more shown as context"


@pytest.mark.parametrize("line", ["/conflict help", "/conflict", "help", "?", "/conflict ?"])
def test_help_shows_usage_and_the_most_active_names(desk: str, line: str) -> None:
    lines = run_line(desk, line).splitlines()
    usage = len(USAGE.splitlines())
    assert "\n".join(lines[:usage]) == USAGE.replace("`", "")
    assert lines[usage + 1] == "Nothing new in the last days; most active topics up to 2024-03-05:"
    topics = lines[usage + 2 :]
    assert topics[:2] == [
        "  /conflict Lysychansk  (3 bulletins)",
        "  /conflict Kyiv  (2 bulletins)",
    ]
    assert len(topics) == 8
    for entry in topics:
        name = entry.split()[1]
        assert name[0].isupper(), entry  # names, never common words in any script
        assert not name.endswith(("'s", "’s")), entry
        assert name not in {"Tuesday", "Monday"}, entry


def test_help_on_an_empty_database(db: Database, db_path: Path) -> None:
    reply = run_line(str(db_path), "/conflict help")
    assert reply.splitlines()[-1] == "No bulletins yet: ingest some with `wiredesk ingest`."


def test_an_unknown_command_says_what_is_known(desk: str) -> None:
    assert run_line(desk, "/foo Lysychansk") == (
        "Unknown command /foo: the console knows /conflict TOPIC and /conflict help."
    )


@pytest.mark.parametrize(
    ("line", "reply"),
    [
        (
            "/conflict " + "Lysychansk " * 30,
            "! That topic is 329 characters long; keep it under 200 (a place, person or "
            "organisation works best).",
        ),
        (
            "x" * 5000,
            "! That topic is 5,000 characters long; keep it under 200 (a place, person or "
            "organisation works best).",
        ),
        (
            "/conflict ***",
            "! “***” has no letters or digits to search for; try a place, person or "
            "organisation, for example: Lysychansk",
        ),
    ],
)
def test_a_topic_that_cannot_be_searched_gets_one_line(desk: str, line: str, reply: str) -> None:
    assert run_line(desk, line) == reply


def test_no_match_suggests_close_names(desk: str) -> None:
    reply = run_line(desk, "/conflict Lysychank")
    assert reply.splitlines() == [
        "/conflict Lysychank",
        "",
        "Nothing found about “Lysychank”.",
        "Topics that look close: Lysychansk",
    ]


@pytest.mark.parametrize("line", ["", "   ", "\t"])
def test_an_empty_line_gets_no_reply(desk: str, line: str) -> None:
    assert run_line(desk, line) == ""


def test_run_console_answers_each_line_until_quit(desk: str) -> None:
    out: list[str] = []
    lines = ["/conflict Lysychansk", "", "/foo", "Kyiv", "quit", "/conflict Aleppo"]
    run_console(desk, lines, write=out.append)
    assert out == [
        GREETING,
        run_line(desk, "/conflict Lysychansk"),
        run_line(desk, "/foo"),
        run_line(desk, "/conflict Kyiv"),
    ]
    assert "Aleppo" not in "\n".join(out)


@pytest.mark.parametrize("word", ["exit", "QUIT", ":q", "/quit", "  quit  "])
def test_every_quit_word_ends_the_console(desk: str, word: str) -> None:
    out: list[str] = []
    run_console(desk, [word, "Kyiv"], write=out.append)
    assert out == [GREETING]


def test_run_console_ends_cleanly_at_the_end_of_input(desk: str) -> None:
    out: list[str] = []
    run_console(desk, ["Aleppo"], write=out.append)
    assert out[0] == GREETING
    assert "Rescue teams in Aleppo pulled two children from the rubble." in out[1]
    assert out[2:] == [""]


def test_the_console_command_reads_from_stdin(wiredesk, desk: str) -> None:
    result = wiredesk("console", input="/conflict Kyiv\nquit\n", db=Path(desk))
    assert result.exit_code == 0, result.output
    assert GREETING in result.stdout
    assert "Air raid sirens sounded across Kyiv's left bank" in result.stdout


@pytest.mark.parametrize(
    "line", ["/conflict verify abc", "verify abc", "/conflict history abc", "/conflict clear x"]
)
def test_a_verdict_command_without_an_item_number_says_so_instead_of_searching(
    desk: str, line: str
) -> None:
    reply = run_line(desk, line, by="console:ann")
    assert reply.startswith("! ITEM must be a number, the N shown as `item N` in answers")
    assert "Nothing found" not in reply


@pytest.mark.parametrize(
    ("line", "refused"),
    [
        ("/conflict verify 1 see https://example.org/report>", "'>'"),
        ("/conflict verify 1 see https://example.org/a<b", "'<'"),
    ],
)
def test_an_evidence_link_with_an_angle_bracket_is_refused_not_cut(
    desk: str, db_path: Path, line: str, refused: str
) -> None:
    reply = run_line(desk, line, by="console:ann")
    assert reply.startswith("! The evidence link ")
    assert f"holds {refused}, which a link cannot" in reply
    assert "has no verdicts yet" in run_line(desk, "/conflict history 1")


def test_an_evidence_link_in_angle_brackets_is_kept_whole(desk: str) -> None:
    reply = run_line(desk, "/conflict verify 1 filmed <https://example.org/clip?t=1>")
    assert reply.endswith("note: filmed · evidence: https://example.org/clip?t=1")


def test_a_verdict_on_a_read_only_database_is_refused_and_the_console_goes_on(
    desk: str, db_path: Path
) -> None:
    from tests.support.permissions import permissions_apply

    db_path.chmod(0o444)
    with permissions_apply():
        refused = run_line(desk, "/conflict verify 1 seen on video", by="console:ann")
        asked = run_line(desk, "/conflict history 1")
    assert refused.startswith(f"! Cannot write to database {db_path}: it is read-only.")
    assert "has no verdicts yet" in asked
