"""The Online tab's join strings: whole on screen at any width, and copied with a key.

A join string is one long word (about 130 characters); cut at the edge of an 80-column
screen, what the facilitator copied gave "pin mismatch". Here each team's string is an
entry of a list that wraps it to the width, with nothing inserted (`tabletop join` ignores
the line breaks a terminal's copy may add), and `c` or Enter copies the highlighted one to
the clipboard (OSC 52), whole.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual import on
from textual.binding import Binding
from textual.content import Content
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tabletop.text import visible


class JoinList(OptionList):
    """One entry per team: its id, then its join string on lines of its own."""

    BINDINGS = [Binding("c", "copy", "Copy join string")]

    def __init__(self, **options: object) -> None:
        super().__init__(markup=False, **options)  # type: ignore[arg-type]
        self.joins: dict[str, str] = {}

    def show(self, joins: Sequence[tuple[str, str]]) -> None:
        self.joins = dict(joins)
        self.clear_options()
        self.add_options(Option(Content(f"{visible(team)}\n{join}"), id=team) for team, join in joins)
        if joins:
            self.highlighted = 0

    def action_copy(self) -> None:
        if self.highlighted is None:
            return
        team = self.get_option_at_index(self.highlighted).id or ""
        self.app.copy_to_clipboard(self.joins[team])
        self.notify(f"{team}'s join string is on the clipboard (if the terminal allows OSC 52).", title="Copied")

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_copy()
