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
    """One entry per seat: its name and id, then its join string on lines of its own.

    `copied` and `copied_title` are the toast's words, `{seat}` filled in (the console's language).
    """

    BINDINGS = [Binding("c", "copy", "Copy join string")]

    def __init__(self, copied: str, copied_title: str, **options: object) -> None:
        super().__init__(markup=False, **options)  # type: ignore[arg-type]
        self.copied, self.copied_title = copied, copied_title
        self.joins: dict[str, str] = {}
        self.names: dict[str, str] = {}

    def show(self, joins: Sequence[tuple[str, str]], names: dict[str, str]) -> None:
        """`joins`: (seat id, join string); `names`: what people call each seat."""
        self.joins, self.names = dict(joins), names
        self.clear_options()
        self.add_options(
            Option(Content(f"{visible(names.get(seat, seat))} · {visible(seat)}\n{join}"), id=seat)
            for seat, join in joins
        )
        if joins:
            self.highlighted = 0

    def action_copy(self) -> None:
        if self.highlighted is None:
            return
        seat = self.get_option_at_index(self.highlighted).id or ""
        self.app.copy_to_clipboard(self.joins[seat])
        self.notify(self.copied.format(seat=self.names.get(seat, seat)), title=self.copied_title)

    @on(OptionList.OptionSelected)
    def _chosen(self) -> None:
        self.action_copy()
