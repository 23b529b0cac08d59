"""Properties of the escalation model (docs/escalation.md)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tabletop.engine.escalation import spread


def play(edges, rise=1, thresholds=None, levels=None, top=4):
    actors = sorted({a for a, _, _, _ in edges} | {b for _, b, _, _ in edges} | {"a"})
    levels = {x: 0 for x in actors} | (levels or {})
    pressure = {x: 0.0 for x in actors}
    thresholds = {x: 1.0 for x in actors} | (thresholds or {})
    out = {}
    for a, b, trust, coupling in edges:
        out.setdefault(a, []).append((b, [trust, coupling]))
    rises = []
    spread(
        "a",
        rise,
        levels,
        pressure,
        thresholds,
        out,
        top,
        lambda actor, old, new, source: rises.append((actor, old, new, source)),
    )
    return rises, levels, pressure


def test_pressure_is_coupling_times_rise_times_distrust():
    rises, _, pressure = play([("a", "b", 0.5, 0.4)], rise=2)
    assert rises == [] and pressure["b"] == 0.4


def test_a_rise_crossing_the_threshold_spreads_on():
    rises, levels, _ = play([("a", "b", 0.0, 1.0), ("b", "c", 0.0, 1.0), ("c", "d", 0.5, 0.5)])
    assert rises == [("b", 0, 1, "a"), ("c", 0, 1, "b")]
    assert levels["d"] == 0


def test_cycles_terminate_and_no_actor_rises_twice_for_one_cause():
    edges = [
        ("a", "b", 0.0, 1.0),
        ("b", "a", 0.0, 1.0),
        ("b", "c", 0.0, 1.0),
        ("c", "b", 0.0, 1.0),
        ("c", "a", 0.0, 1.0),
    ]
    rises, _, _ = play(edges, rise=3)
    risen = [actor for actor, *_ in rises]
    assert sorted(risen) == ["b", "c"] and len(set(risen)) == len(risen)


def test_no_actor_rises_above_the_ladder():
    rises, levels, pressure = play([("a", "b", 0.0, 1.0)], levels={"b": 4})
    assert rises == [] and levels["b"] == 4 and pressure["b"] == 1.0


graphs = st.lists(
    st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef"), st.floats(0, 1), st.floats(0, 1)).filter(
        lambda e: e[0] != e[1]
    ),
    max_size=20,
    unique_by=lambda e: (e[0], e[1]),
)


@settings(max_examples=300, deadline=None)
@given(edges=graphs, rise=st.integers(1, 4), extra=st.floats(0, 1))
def test_more_coupling_never_means_less_escalation(edges, rise, extra):
    _, low, _ = play(edges, rise)
    stronger = [(a, b, trust, min(1.0, coupling + extra)) for a, b, trust, coupling in edges]
    _, high, _ = play(stronger, rise)
    assert all(high[x] >= low[x] for x in low)


@settings(max_examples=300, deadline=None)
@given(edges=graphs, rise=st.integers(1, 4))
def test_spreading_always_terminates_with_each_actor_rising_at_most_once(edges, rise):
    rises, levels, _ = play(edges, rise)
    risen = [actor for actor, *_ in rises]
    assert len(risen) == len(set(risen)) and "a" not in risen
    assert all(0 <= level <= 4 for level in levels.values())


def test_the_worked_example_in_the_docs():
    """docs/escalation.md, step by step."""
    levels = {"csirt": 0, "mfa": 0, "press": 0}
    pressure = {"csirt": 0.0, "mfa": 0.0, "press": 0.0}
    thresholds = {"csirt": 1.0, "mfa": 1.0, "press": 0.5}
    out = {"csirt": [("mfa", [0.8, 0.6])], "mfa": [("press", [0.2, 0.5])], "press": [("mfa", [0.2, 0.4])]}
    rises = []

    def raise_(actor, by):
        levels[actor] += by
        spread(actor, by, levels, pressure, thresholds, out, 4, lambda *rise: rises.append(rise))

    raise_("csirt", 2)
    assert rises == [] and round(pressure["mfa"], 6) == 0.24
    raise_("mfa", 1)
    assert rises == [] and round(pressure["press"], 6) == 0.4
    raise_("mfa", 1)
    assert rises == [("press", 0, 1, "mfa")]
    assert levels == {"csirt": 2, "mfa": 2, "press": 1}
    assert pressure["press"] == 0.0 and round(pressure["mfa"], 6) == 0.24
