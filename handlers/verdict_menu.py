"""The verdict menu on each answer item: checks who is asking, then opens the verdict modal."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from slack_bolt import Ack, Respond
from slack_sdk import WebClient

from bot.desk import item_texts
from bot.settings import Settings
from bot.verifiers import Verifiers
from handlers.blocks import VERDICT_MENU_ACTION_ID, item_place
from handlers.errors import replies_errors
from handlers.verdict_view import ModalState, verdict_view
from newsroom.errors import UserError
from newsroom.verdicts import CHOICES

ACTION_ID = VERDICT_MENU_ACTION_ID


def read_choice(action: dict) -> tuple[int, str]:
    """(item id, choice) from a menu option's value `{"item": ID, "choice": CHOICE}`."""
    value = (action.get("selected_option") or {}).get("value") or action.get("value") or ""
    try:
        data = json.loads(value)
        item_id, choice = int(data["item"]), str(data["choice"])
    except (ValueError, KeyError, TypeError):
        raise UserError("This menu is from an older answer; run the command again.") from None
    if choice not in CHOICES:
        raise UserError("This menu is from an older answer; run the command again.")
    return item_id, choice


def make_listener(settings: Settings, verifiers: Verifiers) -> Callable[..., None]:
    """The menu listener over the configured database."""

    @replies_errors
    def verdict_menu(
        ack: Ack,
        respond: Respond,
        logger: logging.Logger,
        body: dict,
        action: dict,
        client: WebClient,
    ) -> None:
        ack()
        item_id, choice = read_choice(action)
        user = (body.get("user") or {}).get("id")
        if not verifiers.allowed(user):
            refusal = verifiers.refuse(user, item_id, f"{choice} (menu)")
            respond(text=refusal, response_type="ephemeral", replace_original=False)
            return
        place = item_place(action.get("block_id", ""))
        state = ModalState(
            items=[item_id],
            choice=choice,
            origin="button",
            topic=place.topic if place else None,
            shared_by=place.shared_by if place else None,
            response_url=body.get("response_url"),
            channel=(body.get("channel") or {}).get("id"),
        )
        view = verdict_view(state, item_texts(settings.wiredesk_db, [item_id]))
        client.views_open(trigger_id=body["trigger_id"], view=view)

    return verdict_menu
