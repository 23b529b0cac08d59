"""The stored text of an event: what resume compares, the same bytes however it is made."""

from __future__ import annotations

import json
from dataclasses import fields

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tabletop.engine import event_json, parse_event
from tabletop.engine import events as ev
from tabletop.session import encode
from tabletop.session.encoding import encode_events
from tests.conftest import ROOT

PINNED = ROOT / "tests" / "fixtures" / "golden" / "session-rows.txt"
CLASSES = (*ev.KINDS.values(), ev.AdhocInjectDelivered)


def test_every_pinned_event_is_encoded_to_its_stored_bytes():
    stored = [line[2:] for line in PINNED.read_text(encoding="utf-8").splitlines() if line.startswith("E ")]
    events = [parse_event(json.loads(text)) for text in stored]
    assert {type(e) for e in events} == set(CLASSES)
    assert encode_events(events) == stored


def test_a_level_change_that_did_not_spread_has_no_via():
    assert encode_events([ev.LevelChanged(5, "mfa", 2, 1, "inject:x")]) == [
        '{"kind":"level_changed","time":5,"actor":"mfa","level":2,"previous":1,"cause":"inject:x"}'
    ]


VALUES = st.one_of(
    st.integers(),
    st.floats(),
    st.booleans(),
    st.none(),
    st.text(),
    st.dictionaries(st.text(max_size=5), st.text(), max_size=3),
    st.tuples(st.text(), st.text()),
)
"""Anything a field may hold, and more: quotes, control characters, NaN, -0.0, 10**30."""


@st.composite
def any_event(draw):
    cls = draw(st.sampled_from(CLASSES))
    return cls(**{f.name: draw(VALUES) for f in fields(cls)})


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(any_event(), max_size=4))
def test_events_are_encoded_as_the_general_encoder_writes_their_json_form(events):
    assert encode_events(events) == [encode(event_json(e)) for e in events]
