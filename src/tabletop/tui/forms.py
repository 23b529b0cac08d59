"""Modal screens: pick one item, fill a form, confirm, read help.

Forms collect values and hand them to a `submit` callback supplied by the app, which turns
them into a session command; the form shows the reason when the session refuses it and
stays open, so nothing is lost and nothing half-done is recorded. Titles, labels, choices
and messages are text, shown as typed (`tui.text`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from rich.segment import Segment
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.strip import Strip
from textual.widgets import Input, OptionList, RadioButton, RadioSet, Select, SelectionList, Static, TextArea
from textual.widgets.option_list import Option, OptionDoesNotExist

from tabletop.text import visible
from tabletop.tui.text import TextLabel, TextStatic, cell, literal

Choices = Sequence[tuple[str, str]]
"""(value, label) pairs."""

HINTS = {
    "hint_pick": "Enter choose · Esc cancel",
    "hint_form": "Ctrl+S send · Tab next field · Esc cancel",
    "hint_confirm": "y yes · n no",
    "hint_message": "Enter or Esc to close",
    "optional": "(optional)",
    "choose": "Choose…",
    "nothing_to_choose": "Nothing to choose.",
}
"""The dialogs' own words, in English; an app with `words` (the console's, in its language) overrides them."""


def word(screen: ModalScreen[Any], key: str) -> str:
    return getattr(screen.app, "words", {}).get(key) or HINTS[key]


@dataclass(frozen=True)
class Field:
    """One field of a form."""

    name: str
    label: str
    kind: str = "input"
    """input, text (multi-line), select, multi (several of), radio."""
    choices: Choices = ()
    value: Any = None
    placeholder: str = ""
    optional: bool = False
    extra: dict[str, Any] = field(default_factory=dict)


class PickScreen(ModalScreen[str | None]):
    """Choose one item from a list (Enter), or Escape to cancel."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, title: str, choices: Choices, empty: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.choices = list(choices)
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield TextLabel(self.title_text, classes="dialog-title")
            if self.choices:
                yield OptionList(
                    *(Option(visible(label), id=value) for value, label in self.choices), id="pick", markup=False
                )
            else:
                yield TextStatic(self.empty or word(self, "nothing_to_choose"), classes="muted")
            yield TextStatic(word(self, "hint_pick"), classes="hint")

    def on_mount(self) -> None:
        if self.choices:
            self.query_one("#pick", OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class CheckList(SelectionList[str]):
    """A SelectionList whose box shows ✓ when chosen and stays empty when not: Textual draws an
    X in both, told apart by colour alone, and an inject went to the wrong team that way."""

    def render_line(self, y: int) -> Strip:
        line = super().render_line(y)
        segments = list(line)
        if len(segments) < 3 or len(segments[1].text) != 1:  # ▐X▌ then the prompt
            return line
        try:
            chosen = self.get_option_at_index(self.scroll_offset.y + y).value in self.selected
        except OptionDoesNotExist:
            return line
        segments[1] = Segment("✓" if chosen else " ", segments[1].style)
        return Strip(segments, line.cell_length)


FORM_FRAME_ROWS = 10
"""Rows of a form that are not its fields: border, padding, title, error and keys (each with its margin)."""


class FormScreen(ModalScreen[bool]):
    """A form. Ctrl+S (or Enter in a one-line field) submits; Esc cancels."""

    BINDINGS = [Binding("escape", "dismiss(False)", "Cancel"), Binding("ctrl+s", "submit", "Send", priority=True)]

    def __init__(self, title: str, fields: Sequence[Field], submit: Callable[[dict[str, Any]], str | None]) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.on_submit = submit

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield TextLabel(self.title_text, classes="dialog-title")
            # The error and the keys stay in view below the fields, which scroll (80×24 holds few).
            with Vertical(classes="form-foot"):
                yield TextStatic("", id="form-error", classes="error")
                yield TextStatic(word(self, "hint_form"), classes="hint")
            with VerticalScroll(classes="form-fields"):
                for spec in self.fields:
                    optional = f" {word(self, 'optional')}" if spec.optional else ""
                    yield TextLabel(spec.label + optional, classes="field-label")
                    yield self._widget(spec)

    def on_mount(self) -> None:
        self.query_one("#form-error").display = False
        self.query_one(f"#field-{self.fields[0].name}").focus()

    def on_resize(self) -> None:
        """The fields get what the screen has left once the title, error and keys are in view."""
        self.query_one(".form-fields").styles.max_height = max(self.size.height * 9 // 10 - FORM_FRAME_ROWS, 3)

    def _widget(self, spec: Field) -> Any:
        wid = f"field-{spec.name}"
        if spec.kind == "text":
            return TextArea(spec.value or "", id=wid, soft_wrap=True, show_line_numbers=False)
        if spec.kind == "select":
            options = [(cell(label), value) for value, label in spec.choices]
            # Never preselect: an answer must be chosen, not sent as the first option by accident.
            value = spec.value if spec.value is not None else Select.NULL
            return Select(options, id=wid, allow_blank=True, prompt=word(self, "choose"), value=value)
        if spec.kind == "multi":
            return CheckList(
                *((literal(label), value, value in (spec.value or ())) for value, label in spec.choices), id=wid
            )
        if spec.kind == "radio":
            return RadioSet(
                *(RadioButton(literal(label), value=value == spec.value, name=value) for value, label in spec.choices),
                id=wid,
            )
        return Input(str(spec.value or ""), placeholder=spec.placeholder, id=wid)

    def values(self) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for spec in self.fields:
            widget = self.query_one(f"#field-{spec.name}")
            if isinstance(widget, TextArea):
                result[spec.name] = widget.text
            elif isinstance(widget, Select):
                result[spec.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, SelectionList):
                result[spec.name] = list(widget.selected)
            elif isinstance(widget, RadioSet):
                pressed = widget.pressed_button
                result[spec.name] = pressed.name if pressed is not None else None
            else:
                result[spec.name] = widget.value
        return result

    def action_submit(self) -> None:
        try:
            error = self.on_submit(self.values())
        except ValidationError as exc:  # e.g. points beyond ±1000, a note longer than 20,000 characters
            first = exc.errors()[0]
            error = f"{first['loc'][-1] if first['loc'] else 'value'}: {first['msg'].removeprefix('Value error, ')}"
        if error:
            shown = self.query_one("#form-error", Static)
            shown.update(error)
            shown.display = True
        else:
            self.dismiss(True)

    @on(Input.Submitted)
    def _enter(self) -> None:
        self.action_submit()


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [Binding("y,s", "dismiss(True)", "Yes"), Binding("n,escape", "dismiss(False)", "No")]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield TextLabel(self.question, classes="dialog-title")
            yield TextStatic(word(self, "hint_confirm"), classes="hint")


class MessageScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter,space", "dismiss(None)", "Close")]

    def __init__(self, title: str, body: str) -> None:
        super().__init__()
        self.title_text = title
        self.body = body

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog"):
            yield TextLabel(self.title_text, classes="dialog-title")
            yield TextStatic(self.body, id="message-body")
            yield TextStatic(word(self, "hint_message"), classes="hint")
