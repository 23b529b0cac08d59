"""Text is data in the Textual apps: shown as typed, never parsed as markup.

Textual reads a plain `str` as content markup almost everywhere (labels, statics, table
cells, options, toasts), so `[/]` in a trainee's rationale would crash the console and
`[bold]` would turn bold. The widgets here are the apps' one boundary: they take `str`
and show it literally, with control characters made visible (`tabletop.text.visible`).
Anything styled on purpose is built as `Content`/`Text` with styles, not as markup.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.widgets import DataTable, Label, Static

from tabletop.text import visible


def literal(text: str) -> Content:
    """Textual content that shows `text` as typed."""
    return Content(visible(text))


class Cell(Text):
    """A table cell that shows its text as typed. Compares equal to that text, as Textual's
    `Content` does, so reading a table gives back what was written."""

    def __eq__(self, other: object) -> bool:
        if isinstance(other, str):
            return self.plain == other
        return super().__eq__(other)


def cell(text: str) -> Cell:
    return Cell(visible(text), end="")


class TextTable(DataTable):
    """A `DataTable` whose `str` cells are text, not markup."""

    def add_row(self, *cells: Any, **options: Any) -> Any:
        return super().add_row(*(cell(c) if isinstance(c, str) else c for c in cells), **options)


class TextStatic(Static):
    """A `Static` whose `str` content is text, not markup (and stays a `str`, made visible)."""

    def __init__(self, content: Any = "", **options: Any) -> None:
        super().__init__(visible(content) if isinstance(content, str) else content, markup=False, **options)

    def update(self, content: Any = "") -> None:
        super().update(visible(content) if isinstance(content, str) else content)


class TextLabel(TextStatic, Label):
    """A `Label` whose `str` content is text, not markup."""


class TextNotifications(App):
    """Toasts show their message and title as typed (a mixin for the apps)."""

    def notify(self, message: str, *, title: str = "", markup: bool = True, **options: Any) -> None:
        super().notify(visible(message), title=visible(title), markup=False, **options)
