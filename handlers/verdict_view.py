"""The verdict modal: its Block Kit, and the state it carries from opening to submit."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError
from slack_sdk.models.blocks import (
    Block,
    InputBlock,
    MarkdownTextObject,
    PlainTextInputElement,
    SectionBlock,
    UrlInputElement,
)
from slack_sdk.models.views import View

from handlers.format import quote
from newsroom.errors import UserError
from newsroom.verdicts import MAX_NOTE

CALLBACK_ID = "verdict_modal"
NOTE_BLOCK = "note"
EVIDENCE_BLOCK = "evidence"
TITLES = {
    "verified": "Mark verified",
    "false": "Mark false",
    "disputed": "Mark disputed",
    "clear": "Clear the verdict",
}
_MAX_METADATA = 3000
_ITEMS_ROOM = 2800


class ModalState(BaseModel):
    """What the modal must remember: kept in its ``private_metadata`` as JSON."""

    items: list[int]
    choice: str
    origin: str
    topic: str | None = None
    """The answer's topic, to redo the answer after the verdict."""
    response_url: str | None = None
    """The answer message's response_url, to update it in place."""
    shared_by: str | None = None
    """Set when the answer was shared with the channel (it is redone the same way)."""
    channel: str | None = None
    """Where to confirm with an ephemeral message when there is no answer to update."""
    confirm_url: str | None = None
    """A response_url for that confirmation when the bot cannot post in the channel."""

    def metadata(self) -> str:
        """The JSON for ``private_metadata``; UserError when it is over Slack's limit."""
        text = self.model_dump_json(exclude_none=True)
        if len(text) > _MAX_METADATA:
            raise UserError(
                f"That is too many statements to flag at once ({len(self.items)}); "
                "flag them one by one with `/conflict verify ITEM`."
            )
        return text

    @classmethod
    def read(cls, metadata: str) -> ModalState:
        """The state of a submitted modal; UserError when it is not one of ours."""
        try:
            return cls.model_validate_json(metadata or "")
        except ValidationError:
            raise UserError("This form is out of date: close it and try again.") from None


def verdict_view(state: ModalState, items: dict[int, str]) -> View:
    """The modal for ``state.choice`` on the items (id -> text) it names."""
    clearing = state.choice == "clear"
    blocks: list[Block] = [SectionBlock(text=_items_text(state.choice, items))]
    blocks.append(
        InputBlock(
            block_id=NOTE_BLOCK,
            label="Note",
            hint="Why, and on what evidence: shown with the verdict wherever the item appears.",
            optional=clearing,
            element=PlainTextInputElement(
                action_id=NOTE_BLOCK,
                multiline=True,
                max_length=MAX_NOTE,
                placeholder="Confirmed with the regional administration by phone.",
            ),
        )
    )
    if not clearing:
        blocks.append(
            InputBlock(
                block_id=EVIDENCE_BLOCK,
                label="Evidence link",
                optional=True,
                element=UrlInputElement(
                    action_id=EVIDENCE_BLOCK, placeholder="https://example.org/source"
                ),
            )
        )
    return View(
        type="modal",
        callback_id=CALLBACK_ID,
        title=TITLES.get(state.choice, "Verdict"),
        submit="Save" if not clearing else "Clear",
        close="Cancel",
        private_metadata=state.metadata(),
        blocks=blocks,
    )


def _items_text(choice: str, items: dict[int, str]) -> MarkdownTextObject:
    verb = "Clear the desk's verdict on" if choice == "clear" else f"Mark as *{choice}*"
    noun = "this statement" if len(items) == 1 else f"these {len(items)} statements"
    lines = [f"{verb} {noun}:"]
    room = _ITEMS_ROOM
    per_item = max(80, min(1200, room // max(1, len(items))))
    for shown, (item_id, text) in enumerate(items.items()):
        line = f"> `item {item_id}` {quote(text, per_item)}"
        if len(line) + 40 > room:
            lines.append(f"… and {len(items) - shown} more")
            break
        lines.append(line)
        room -= len(line) + 1
    return MarkdownTextObject(text="\n".join(lines), verbatim=True)


def submitted(values: dict[str, Any], block: str) -> str | None:
    """The text typed into an input of a submitted modal (``view.state.values``)."""
    value = (values.get(block) or {}).get(block) or {}
    return value.get("value") if isinstance(value, dict) else None
