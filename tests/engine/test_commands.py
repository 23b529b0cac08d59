"""What people type into commands is text: printable, with newlines and tabs, never controls."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

from tabletop.engine import COMMAND_ADAPTER
from tabletop.engine.commands import parse_stored
from tests.hostile import CONTROLS, TYPED

TYPED_FIELDS = [
    {"kind": "decide", "team": "t", "decision": "d", "option": "o", "rationale": "{}"},
    {"kind": "decide", "team": "t", "decision": "d", "text": "{}"},
    {"kind": "note", "text": "{}"},
    {"kind": "score_adjust", "team": "t", "points": 1, "reason": "{}"},
    {"kind": "rate_objective", "objective": "o", "rating": "P", "note": "{}"},
    {"kind": "end", "text": "{}"},
    {"kind": "adhoc_inject", "to": ["t"], "title": "{}"},
    {"kind": "adhoc_inject", "to": ["t"], "title": "ok", "body": {"en": "ok", "es": "{}"}},
]


def typed(command: dict, text: str) -> dict:
    return {
        k: (v.format(text) if v == "{}" else typed(v, text) if isinstance(v, dict) else v) for k, v in command.items()
    }


@pytest.mark.parametrize("command", TYPED_FIELDS, ids=lambda c: c["kind"])
def test_typed_text_is_accepted_as_typed_with_newlines_and_tabs(command):
    given = typed(command, f"{TYPED}\n\tنص عربي \u200f(RLM) 日本語")
    accepted = COMMAND_ADAPTER.validate_python(given).model_dump()
    assert {key: accepted[key] for key in given} == given


@pytest.mark.parametrize("control", list(CONTROLS), ids=lambda c: repr(c))
@pytest.mark.parametrize("command", TYPED_FIELDS, ids=lambda c: c["kind"])
def test_control_and_bidi_characters_are_refused_naming_the_first(command, control):
    with pytest.raises(ValidationError) as refused:
        COMMAND_ADAPTER.validate_python(typed(command, f"fine {control} text"))
    assert f"invisible control character (U+{ord(control[0]):04X}, shown as " in str(refused.value)
    assert "at position 6" in str(refused.value)


@pytest.mark.parametrize("command", TYPED_FIELDS, ids=lambda c: c["kind"])
def test_a_stored_command_with_a_control_character_still_replays_as_recorded(command):
    recorded = typed(command, "old \x1b[31m text")
    assert {
        key: value for key, value in parse_stored(json.dumps(recorded)).model_dump().items() if key in recorded
    } == recorded
