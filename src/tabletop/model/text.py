"""Text is data: what scenarios and people write is shown as typed, never obeyed.

Every renderer (the CLI's Rich console, the Textual apps, the reports) passes text through
`visible` once, at its own boundary, so that control characters cannot reach a terminal
raw: an escape sequence (`\\x1b[31m`, `\\x1b]0;title\\x07`) could otherwise repaint or retitle
the facilitator's terminal, and a bidi override (U+202E) reorder what is read. They are
shown instead: C0 controls and DEL as their Unicode control pictures (`␛`, `␇`, `␡`),
C1 controls and bidi controls as `<U+202E>`. Newlines and tabs are text and stay.

Commands refuse these characters in what people type (`refuse_hidden`); scenario files
may still carry them as YAML escapes (`"\\e"`), which is why the renderers show them.
"""

from __future__ import annotations

import re

from pydantic import AfterValidator, ValidationInfo

HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates."""


def _picture(char: str) -> str:
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """`text` with every control and bidi character replaced by a visible stand-in."""
    return HIDDEN.sub(lambda match: _picture(match.group()), text)


def escape_json(document: str) -> str:
    """An encoded JSON document with hidden characters as `\\uXXXX` escapes: the same data,
    safe to print. (`json` escapes C0 itself; C1, DEL and bidi controls it leaves raw.)"""
    return HIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", document)


def refuse_hidden(text: str) -> str:
    """A pydantic validator for typed text: refuses control and bidi characters, naming the first."""
    found = HIDDEN.search(text)
    if found:
        char = found.group()
        raise ValueError(
            f"contains an invisible control character (U+{ord(char):04X}, shown as {_picture(char)}) "
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
