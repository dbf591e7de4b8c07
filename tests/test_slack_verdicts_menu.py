"""The verdict menu on each answer item, its modal, and the answer updated in place."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support import slack_app
from tests.support.slack_app import Desk, fill_db, item_ids, text_objects, texts
from tests.support.slack_standin import dropped
from tests.support.verdicts import OUTSIDER, VERIFIER, choose, entries, menus, opened_view, submit

clean_env, standin, serve_desk = slack_app.clean_env, slack_app.standin, slack_app.serve_desk


@pytest.fixture
def desk(serve_desk: Callable[..., Desk], db_path: Path) -> Desk:
    return serve_desk(fill_db(db_path), wiredesk_verifiers=VERIFIER)


def test_every_item_has_a_verdict_menu(desk: Desk) -> None:
    answer = desk.answer("Lysychansk")
    found = menus(answer)
    assert set(found) == set(item_ids(answer))
    for block_id, values in found.values():
        assert block_id.startswith("item|")
        assert list(values) == ["verified", "false", "disputed", "clear"]


def test_menu_modal_submit_stores_and_updates_the_answer(desk: Desk, db_path: Path) -> None:
    answer = desk.answer("Lysychansk")
    item = item_ids(answer)[0]
    url = desk.standin.webhook_url("answer")

    status, body = choose(desk, answer, item, "verified", response_url=url)
    assert (status, body) == (200, b"")
    [call] = desk.standin.wait_for("views.open")
    assert call.params["trigger_id"] == "T.menu"
    view = call.params["view"]
    assert view["callback_id"] == "verdict_modal"
    assert view["title"]["text"] == "Mark verified"
    state = json.loads(view["private_metadata"])
    assert state["items"] == [item]
    assert state["choice"] == "verified"
    assert state["response_url"] == url
    assert state["topic"] == "Lysychansk"
    note_block = next(b for b in view["blocks"] if b.get("block_id") == "note")
    assert note_block["element"]["multiline"] is True
    assert note_block.get("optional") is False
    evidence = next(b for b in view["blocks"] if b.get("block_id") == "evidence")
    assert evidence["optional"] is True
    assert f"`item {item}`" in view["blocks"][0]["text"]["text"]

    status, reply = submit(
        desk,
        view,
        note="Confirmed by phone <!channel>",
        evidence="https://example.org/proof?a=1&b=2",
    )
    assert (status, reply) == (200, None)  # the modal closes

    [entry] = entries(db_path, item)
    assert (entry.new_status, entry.by, entry.origin) == ("verified", VERIFIER, "button")
    assert entry.note == "Confirmed by phone <!channel>"
    assert entry.evidence == "https://example.org/proof?a=1&b=2"

    [updated] = desk.standin.wait_for_webhooks(1, name="answer")
    assert updated["replace_original"] is True
    assert item_ids(updated) == item_ids(answer)
    shown = "\n".join(texts(updated))
    assert f":white_check_mark: *VERIFIED* by <@{VERIFIER}>" in shown
    assert "Confirmed by phone &lt;!channel&gt;" in shown
    assert "<!channel>" not in shown
    assert "<https://example.org/proof?a=1&amp;b=2|evidence link>" in shown
    assert "Post to channel" in json.dumps(updated["blocks"])  # still the private answer
    assert all(o.get("verbatim") for o in text_objects(updated["blocks"]) if o["type"] == "mrkdwn")


def test_a_shared_answer_is_updated_as_shared(desk: Desk, db_path: Path) -> None:
    answer = desk.answer("Lysychansk")
    shared_url = desk.standin.webhook_url("share")
    desk.click(slack_app.button_value(answer), shared_url, user_id="U777")
    shared = desk.standin.wait_for_webhooks(2, name="share")[0]
    item = item_ids(shared)[0]

    url = desk.standin.webhook_url("in-channel")
    choose(desk, shared, item, "false", response_url=url, ephemeral=False)
    view = opened_view(desk)
    assert view["title"]["text"] == "Mark false"
    assert submit(desk, view, note="Debunked")[0] == 200

    [updated] = desk.standin.wait_for_webhooks(1, name="in-channel")
    assert updated["replace_original"] is True
    footer = updated["blocks"][-1]["elements"][0]["text"]
    assert footer.endswith("shared by <@U777>")
    assert "Post to channel" not in json.dumps(updated["blocks"])
    assert ":x: *FALSE* by <@U1>" in "\n".join(texts(updated))
    assert entries(db_path, item)[0].new_status == "false"


def test_bad_evidence_is_an_error_in_the_modal(desk: Desk, db_path: Path) -> None:
    answer = desk.answer("Lysychansk")
    item = item_ids(answer)[0]
    choose(desk, answer, item, "disputed", response_url=desk.standin.webhook_url("a"))
    view = opened_view(desk)
    status, reply = submit(desk, view, note="Two sources disagree", evidence="javascript:alert(1)")
    assert status == 200
    assert reply["response_action"] == "errors"
    assert list(reply["errors"]) == ["evidence"]
    assert "https://" in reply["errors"]["evidence"]
    assert entries(db_path, item) == []


def test_clearing_an_item_without_a_verdict_is_an_error_in_the_modal(
    desk: Desk, db_path: Path
) -> None:
    answer = desk.answer("Lysychansk")
    item = item_ids(answer)[0]
    choose(desk, answer, item, "clear", response_url=desk.standin.webhook_url("a"))
    view = opened_view(desk)
    assert view["title"]["text"] == "Clear the verdict"
    assert [b.get("block_id") for b in view["blocks"]].count("evidence") == 0
    note = next(b for b in view["blocks"] if b.get("block_id") == "note")
    assert note["optional"] is True
    status, reply = submit(desk, view)
    assert status == 200
    assert reply == {
        "response_action": "errors",
        "errors": {"note": f"Item {item} has no verdict to clear."},
    }
    assert entries(db_path, item) == []


def test_clear_after_verify_restores_the_text_status(desk: Desk, db_path: Path) -> None:
    answer = desk.answer("Lysychansk")
    item = item_ids(answer)[0]
    url = desk.standin.webhook_url("answer")
    choose(desk, answer, item, "verified", response_url=url)
    submit(desk, opened_view(desk, 1), note="ok")
    choose(desk, answer, item, "clear", response_url=url)
    assert submit(desk, opened_view(desk, 2))[0] == 200
    newest, first = entries(db_path, item)
    assert (first.new_status, newest.old_status, newest.new_status) == (
        "verified",
        "verified",
        "cleared",
    )
    last = desk.standin.wait_for_webhooks(2, name="answer")[-1]
    # the item shows its text status again (an unverified caveat listed as context is no
    # verdict)
    assert "*VERIFIED*" not in "\n".join(texts(last)).replace("*UNVERIFIED*", "")


def test_a_non_verifier_is_refused_before_the_modal(desk: Desk, db_path: Path) -> None:
    answer = desk.answer("Lysychansk")
    item = item_ids(answer)[0]
    url = desk.standin.webhook_url("refused")
    status, _ = choose(desk, answer, item, "verified", user_id=OUTSIDER, response_url=url)
    assert status == 200
    [reply] = desk.standin.wait_for_webhooks(1, name="refused")
    assert reply == {
        "text": f"Only the verification desk can set verdicts (<@{VERIFIER}>).",
        "response_type": "ephemeral",
        "replace_original": False,
    }
    assert desk.standin.calls("views.open") == []
    assert entries(db_path, item) == []


def test_a_non_verifier_submitting_a_modal_is_refused(desk: Desk, db_path: Path) -> None:
    answer = desk.answer("Lysychansk")
    item = item_ids(answer)[0]
    choose(desk, answer, item, "verified", response_url=desk.standin.webhook_url("a"))
    status, reply = submit(desk, opened_view(desk), note="sneaky", user_id=OUTSIDER)
    assert status == 200
    assert reply["response_action"] == "errors"
    assert "Only the verification desk" in reply["errors"]["note"]
    assert entries(db_path, item) == []


def test_a_forged_modal_state_is_refused(desk: Desk) -> None:
    view = {"callback_id": "verdict_modal", "private_metadata": "{not json", "blocks": []}
    status, reply = submit(desk, view, note="x")
    assert status == 200
    assert reply == {
        "response_action": "errors",
        "errors": {"note": "This form is out of date: close it and try again."},
    }


def test_an_answer_that_cannot_be_updated_is_confirmed_privately(
    desk: Desk, db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Slack dropping the connection to the response_url (twice: a retry too) must not leave
    the editor without word: the verdict is stored, said with chat.postEphemeral, and logged."""
    answer = desk.answer("Lysychansk")
    item = item_ids(answer)[0]
    url = desk.standin.webhook_url("gone")
    desk.standin.script("webhook:gone", dropped(), dropped())
    choose(desk, answer, item, "verified", response_url=url)
    [call] = desk.standin.wait_for("views.open")
    with caplog.at_level(logging.WARNING):
        assert submit(desk, call.params["view"], note="Seen on video") == (200, None)
        [told] = desk.standin.wait_for("chat.postEphemeral")
    assert told.params["user"] == VERIFIER
    assert f"item {item}" in json.dumps(told.params)
    assert [e.new_status for e in entries(db_path, item)] == ["verified"]
    assert "Could not update the answer" in caplog.text
    assert "Showing the verdict failed" not in caplog.text
