"""Typed events: their JSON form, and reading it back strictly."""

from __future__ import annotations

import json

import pytest

from tabletop.engine import MalformedEvent, event_json, parse_event
from tabletop.engine import events as ev
from tests.conftest import ROOT

PINNED = ROOT / "tests" / "fixtures" / "golden" / "session-rows.txt"


def stored_events():
    return [line[2:] for line in PINNED.read_text(encoding="utf-8").splitlines() if line.startswith("E ")]


def encode(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def test_every_pinned_event_reads_back_and_writes_the_same_bytes():
    for text in stored_events():
        event = parse_event(json.loads(text))
        assert encode(event_json(event)) == text


def test_every_kind_has_one_class_and_an_adhoc_inject_is_an_inject():
    kinds = {type(parse_event(json.loads(text))).__name__ for text in stored_events()}
    assert len(ev.KINDS) == 19 and "AdhocInjectDelivered" in kinds and "InjectDelivered" in kinds
    adhoc = ev.AdhocInjectDelivered(0, "adhoc_1", ("mfa_cell",), "adhoc", "Call", "", None, "phone")
    assert isinstance(adhoc, ev.InjectDelivered) and adhoc.kind == "inject_delivered"


def test_a_level_change_names_the_actor_it_spread_from_only_when_it_spread():
    assert "via" not in event_json(ev.LevelChanged(5, "mfa", 2, 1, "inject:x"))
    assert event_json(ev.LevelChanged(5, "mfa", 2, 1, "inject:x", via="csirt"))["via"] == "csirt"
    assert parse_event(event_json(ev.LevelChanged(5, "mfa", 2, 1, "inject:x"))).via is None


def test_events_compare_by_value_and_take_no_attributes_beyond_their_fields():
    event = ev.NoteAdded(0, "text", None)
    assert event == ev.NoteAdded(0, "text", None) and event != ev.NoteAdded(1, "text", None)
    with pytest.raises(AttributeError):
        event.colour = "red"  # type: ignore[attr-defined]


STARTED = {"kind": "started", "time": 0, "seed": 1}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1], "not an event but list [1]"),
        ({"time": 0}, "no known event kind (None)"),
        ({**STARTED, "kind": "exploded"}, "no known event kind ('exploded')"),
        ({"kind": "started", "time": 0}, "'started' event without its 'seed'"),
        ({**STARTED, "extra": 1}, "'started' event with an unexpected 'extra'"),
        ({**STARTED, "time": "0"}, "'started' event whose 'time' is '0'"),
        ({**STARTED, "time": True}, "'started' event whose 'time' is True"),
        ({**STARTED, "time": 0.0}, "'started' event whose 'time' is 0.0"),
        (
            {"kind": "state_changed", "time": 0, "variable": "x", "value": None, "previous": 1, "cause": "c"},
            "'state_changed' event whose 'value' is None",
        ),
        (
            {"kind": "inject_delivered", "time": 0, "inject": "a", "to": ["t"], "via": "adhoc"},
            "'inject_delivered' event without its 'title'",
        ),
        (
            {"kind": "inject_delivered", "time": 0, "inject": "a", "to": "t", "via": "scheduled"},
            "'inject_delivered' event whose 'to' is 't'",
        ),
        (
            {"kind": "ended", "time": 0, "outcome": "x", "text": {"en": 1}},
            "'ended' event whose 'text' is {'en': 1}",
        ),
    ],
)
def test_anything_but_an_event_is_refused_saying_what_is_wrong(data, message):
    with pytest.raises(MalformedEvent) as raised:
        parse_event(data)
    assert str(raised.value) == message


def test_values_keep_their_exact_type_so_they_write_back_the_same():
    state = {"kind": "state_changed", "time": 0, "variable": "x", "value": True, "previous": 1.5, "cause": "c"}
    assert parse_event(state).value is True
    score = {"kind": "score_adjusted", "time": 0, "team": "t", "points": 2, "reason": "r", "decision": None}
    event = parse_event({**score, "criterion": None})
    assert type(event.points) is int and encode(event_json(event)) == encode({**score, "criterion": None})
