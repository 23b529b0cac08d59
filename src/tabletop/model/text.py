"""What people type may not hide characters: the validators that refuse them.

Commands refuse control and bidi characters in what people type (`refuse_hidden`); scenario
files may still carry them as YAML escapes (`"\\e"`), which is why the renderers show them
visibly (`tabletop.text.visible`).
"""

from __future__ import annotations

from pydantic import AfterValidator, ValidationInfo

from tabletop.text import HIDDEN, picture


def refuse_hidden(text: str) -> str:
    """A pydantic validator for typed text: refuses control and bidi characters, naming the first."""
    found = HIDDEN.search(text)
    if found:
        char = found.group()
        raise ValueError(
            f"contains an invisible control character (U+{ord(char):04X}, shown as {picture(char)}) "
            f"at position {found.start() + 1}; remove it"
        )
    return text


STORED = {"stored": True}
"""Validation context for text read back from a session file: what was accepted when it was
recorded (before this refusal existed) replays as it was, and the renderers show it visibly."""


def refuse_typed(text: str, info: ValidationInfo) -> str:
    return text if info.context == STORED else refuse_hidden(text)


Typed = AfterValidator(refuse_typed)
"""Marks a field people type into: `Annotated[str, Typed]`."""
