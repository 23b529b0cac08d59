"""The JSON text of commands and events in a session file: compact, stable, and fast to make.

Every event is encoded when it is saved and again, to compare with the stored text, each
time its session is resumed: 1,500,000 of them for a session of 1,000,000 commands. So an
event class's text is made by a function written for that class (`_event_encoder`) instead
of building a dict (`event_json`) for the general encoder to walk: 3x faster, and the same
text, byte for byte (tests/session/test_encoding.py holds them to it).
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import fields
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import Any

from tabletop.engine import Event
from tabletop.engine.events import KINDS, AdhocInjectDelivered, EventBase

_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _no_default(value: Any) -> Any:
    raise TypeError(f"{type(value).__name__} is not JSON")


_C_ENCODER = c_make_encoder and c_make_encoder(None, _no_default, encode_basestring, None, ":", ",", False, False, True)
"""What `_ENCODER.encode` builds on every call: built once."""


def encode(value: Any) -> str:
    """The one JSON form used for commands and events in a session file (compact, stable)."""
    if _C_ENCODER is None:
        return _ENCODER.encode(value)
    return "".join(_C_ENCODER(value, 0))


def encode_events(events: list[Event]) -> list[str]:
    """Each event's stored text: `encode(event_json(event))`, made faster."""
    return [_EVENT_ENCODERS[type(event)](event) for event in events]


def _event_encoder(cls: type[EventBase]) -> Callable[[EventBase], str]:
    """A function that returns the text of an event of class `cls`: one f-string.

    Its fields come in `event_json`'s order: `kind`, then as declared, those in
    `omitted_when_none` left out when None. The values events hold are written inline, as the
    encoder writes them (an `int` by `str`, a `str` by `encode_basestring`, a finite `float`
    by `float.__repr__`, None as null); anything else (booleans, tuples, texts by language,
    NaN) goes to `encode`. Types are compared exactly: a bool is not an int here.
    """
    names = {"_encode": encode, "_string": encode_basestring, "_float": float.__repr__, "_finite": math.isfinite}
    parts = ["{{" + encode_basestring("kind") + ":" + encode_basestring(cls.kind)]
    for field in fields(cls):
        key = "," + encode_basestring(field.name) + ":"
        value = (
            f"v if (t := type(v := e.{field.name})) is int else _string(v) if t is str"
            ' else _float(v) if t is float and _finite(v) else "null" if v is None else _encode(v)'
        )
        if field.name in cls.omitted_when_none:
            names[f"_key_{field.name}"] = key
            rest = "_string(v) if type(v) is str else _encode(v)"
            parts.append(f'{{"" if (v := e.{field.name}) is None else _key_{field.name} + ({rest})}}')
        else:
            parts.append(f"{key}{{{value}}}")
    source = f"def encode_{cls.__name__}(e):\n    return f'{''.join(parts)}}}}}'\n"
    exec(source, names)  # our own source, from the dataclass's fields
    return names[f"encode_{cls.__name__}"]


_EVENT_ENCODERS = {cls: _event_encoder(cls) for cls in (*KINDS.values(), AdhocInjectDelivered)}
