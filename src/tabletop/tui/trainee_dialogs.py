"""The trainee's full texts: a decision to confirm, with its rationale, and an answer once decided.

Both are read in full (the dialog scrolls), headings in bold and every text the team or the
scenario wrote shown as typed.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from tabletop.model.base import format_time
from tabletop.text import visible
from tabletop.tui.forms import ConfirmScreen
from tabletop.tui.text import TextLabel, TextStatic


def sections(*parts: tuple[str, str]) -> Content:
    """(heading, text) pairs as one text: each heading in bold above its text, a blank line between."""
    return Content("\n\n").join(
        Content.assemble((visible(heading), "bold"), "\n", visible(text)) for heading, text in parts
    )


class ConfirmDecisionScreen(ConfirmScreen):
    """Send this decision? The question with the answer, then the rationale, in full; y sends, n or Esc goes back."""

    def __init__(self, question: str, body: Content) -> None:
        super().__init__(question)
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield TextLabel(self.question, classes="dialog-title")
            yield TextStatic(self.body, id="confirm-body")
            yield Static("y yes · n no", classes="hint")


def decided_body(words: dict[str, str], decided: dict[str, Any]) -> Content:
    """What the team answered, why, and the facilitator's feedback once released."""
    how = {"defaulted": words["how_defaulted"], "free_text": words["how_free_text"]}.get(decided["how"])
    answer = f"{decided['answer']}\n({how})" if how else decided["answer"]
    return sections(
        (f"{words['answer']} · {format_time(decided['time'])}", answer),
        (words["rationale"], decided["rationale"] or words["no_rationale"]),
        (words["feedback"], decided["feedback"] or words["no_feedback"]),
    )
