"""Text is data: what scenarios and people write is shown as typed, never obeyed.

Every renderer (the CLI's Rich console, the Textual apps, the reports) passes text through
`visible` once, at its own boundary, so that control characters cannot reach a terminal
raw: an escape sequence (`\\x1b[31m`, `\\x1b]0;title\\x07`) could otherwise repaint or retitle
the facilitator's terminal, and a bidi override (U+202E) reorder what is read. They are
shown instead: C0 controls and DEL as their Unicode control pictures (`␛`, `␇`, `␡`),
C1 controls and bidi controls as `<U+202E>`. Newlines and tabs are text and stay.

Standard library only, outside the model package, so that printing a line (even
`tabletop --help`'s error path) never pays for building the pydantic models. What people
type is refused instead (`model.text`).
"""

from __future__ import annotations

import re

HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""C0 controls but tab and newline, DEL, C1 controls, bidi embeddings, overrides and isolates."""


def picture(char: str) -> str:
    """A visible stand-in for one hidden character: `␛` for ESC, `<U+202E>` for a bidi override."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)  # ␀ … ␟, e.g. ␛ for ESC
    if code == 0x7F:
        return "\u2421"  # ␡
    return f"<U+{code:04X}>"


def visible(text: str) -> str:
    """`text` with every control and bidi character replaced by a visible stand-in."""
    return HIDDEN.sub(lambda match: picture(match.group()), text)


def escape_json(document: str) -> str:
    """An encoded JSON document with hidden characters as `\\uXXXX` escapes: the same data,
    safe to print. (`json` escapes C0 itself; C1, DEL and bidi controls it leaves raw.)"""
    return HIDDEN.sub(lambda match: f"\\u{ord(match.group()):04x}", document)
