"""Submitting the verdict modal: checks again, stores the verdict, then updates the answer
the editor was looking at (or confirms privately when there is none)."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import Ack
from slack_sdk import WebClient
from slack_sdk.errors import SlackClientError

from bot.desk import Help, VerdictOutcome, conflict, set_verdicts
from bot.settings import Settings
from bot.verifiers import Verifiers
from handlers.blocks import (
    answer_blocks,
    answer_fallback,
    verdict_outcome_blocks,
    verdict_outcome_text,
)
from handlers.post_to_channel import send
from handlers.verdict_view import (
    CALLBACK_ID as CALLBACK_ID,  # the listener's callback id, for register()
)
from handlers.verdict_view import (
    EVIDENCE_BLOCK,
    NOTE_BLOCK,
    ModalState,
    submitted,
)
from newsroom.errors import UserError
from newsroom.verdicts import clean_evidence

APOLOGY = "Sorry, something went wrong on our side. It has been logged; please try again."


def make_listener(settings: Settings, verifiers: Verifiers) -> Callable[..., None]:
    """The modal submission listener over the configured database."""

    def verdict_submitted(
        ack: Ack, body: dict, view: dict, client: WebClient, logger: logging.Logger
    ) -> None:
        user = (body.get("user") or {}).get("id")
        try:
            state = ModalState.read(view.get("private_metadata", ""))
            if not verifiers.allowed(user):
                verifiers.refuse(user, state.items, f"{state.choice} (modal)")
                ack(
                    response_action="errors",
                    errors={NOTE_BLOCK: verifiers.refusal(mentions=False)},
                )
                return
            values = (view.get("state") or {}).get("values") or {}
            note, evidence = submitted(values, NOTE_BLOCK), submitted(values, EVIDENCE_BLOCK)
            try:
                clean_evidence(evidence)
            except UserError as error:
                ack(response_action="errors", errors={EVIDENCE_BLOCK: str(error)})
                return
            outcomes = set_verdicts(
                settings.wiredesk_db,
                state.items,
                state.choice,
                by=user,
                origin=state.origin,
                note=note,
                evidence=evidence,
            )
        except UserError as error:
            ack(response_action="errors", errors={NOTE_BLOCK: str(error)})
            return
        except Exception:
            logger.exception("Verdict modal submission failed")
            ack(response_action="errors", errors={NOTE_BLOCK: APOLOGY})
            return
        ack()
        try:
            show(settings, client, state, user, outcomes, logger)
        except Exception:
            logger.exception("Showing the verdict failed (it is stored)")

    return verdict_submitted


def show(
    settings: Settings,
    client: WebClient,
    state: ModalState,
    user: str,
    outcomes: list[VerdictOutcome],
    logger: logging.Logger,
) -> None:
    """Redo the answer in place through its response_url; else confirm privately."""
    if state.response_url and state.topic and update_answer(settings, state, logger):
        return
    confirm(client, state, user, outcomes, logger, settings.wiredesk_browse_url)


def update_answer(settings: Settings, state: ModalState, logger: logging.Logger) -> bool:
    """Replace the answer message with the answer as it is now; False if that failed."""
    result = conflict(settings.wiredesk_db, state.topic or "")
    if isinstance(result, Help):
        return False
    failure = send(
        state.response_url,
        {
            "replace_original": True,
            "text": answer_fallback(result),
            "blocks": [
                b.to_dict()
                for b in answer_blocks(
                    result,
                    shared_by=state.shared_by,
                    shareable=state.shared_by is None,
                    browse_url=settings.wiredesk_browse_url,
                )
            ],
        },
    )
    if failure:
        logger.warning("Could not update the answer: %s", failure)
        return False
    return True


def confirm(
    client: WebClient,
    state: ModalState,
    user: str,
    outcomes: list[VerdictOutcome],
    logger: logging.Logger,
    browse_url: str = "",
) -> None:
    """Tell the editor what was set: an ephemeral message in the channel, or through the
    interaction's response_url when the bot cannot post there."""
    text, blocks = verdict_outcome_text(outcomes), verdict_outcome_blocks(outcomes, browse_url)
    if state.channel:
        try:
            client.chat_postEphemeral(channel=state.channel, user=user, text=text, blocks=blocks)
            return
        except SlackClientError as error:
            logger.warning("chat.postEphemeral failed in %s: %s", state.channel, error)
    url = state.confirm_url or state.response_url
    if url:
        failure = send(
            url,
            {
                "response_type": "ephemeral",
                "replace_original": False,
                "text": text,
                "blocks": [b.to_dict() for b in blocks],
            },
        )
        if failure:
            logger.warning("Could not confirm the verdict to %s: %s", user, failure)
