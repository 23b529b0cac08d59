"""`chance:` on injects and reactions: drawn from the engine's seeded generator, recorded, replayable."""

from __future__ import annotations

from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tests.conftest import MINIMAL
from tests.engine.test_engine import run

PLAY = (c.Start(), c.Advance(to=3 * 3600))


def with_chance(inject: float | None = None, reaction: float | None = None) -> str:
    text = MINIMAL
    if inject is not None:
        text = text.replace("    channel: phone\n", f"    channel: phone\n    chance: {inject}\n")
    if reaction is not None:
        text = text.replace(
            "      - {add: public_pressure, by: 20}\n",
            f"      - {{add: public_pressure, by: 20}}\n    chance: {reaction}\n",
        )
    return text


def draws(events):
    return [(e.what, e.id, e.happened) for e in events if isinstance(e, ev.ChanceDrawn)]


def test_the_same_seed_gives_the_same_draws_and_events(engine):
    text = with_chance(inject=0.5, reaction=0.5)
    for seed in range(5):
        assert run(engine(text, seed), *PLAY) == run(engine(text, seed), *PLAY)


def test_seeds_differ_in_what_happens(engine):
    text = with_chance(inject=0.5)
    outcomes = {tuple(draws(run(engine(text, seed), *PLAY))) for seed in range(20)}
    assert outcomes == {(("inject", "press_call", True),), (("inject", "press_call", False),)}


def test_a_failed_draw_is_recorded_and_the_inject_does_not_happen(engine):
    text = with_chance(inject=0.3)
    seed = next(s for s in range(50) if draws(run(engine(text, s), *PLAY)) == [("inject", "press_call", False)])
    e = engine(text, seed)
    events = run(e, *PLAY)
    missed = next(x for x in events if isinstance(x, ev.ChanceDrawn))
    assert missed == ev.ChanceDrawn(55 * 60, what="inject", id="press_call", chance=0.3, happened=False)
    assert not any(isinstance(x, ev.InjectDelivered) and x.inject == "press_call" for x in events)
    assert e.missed == {"press_call": 55 * 60}


def test_the_facilitator_can_still_deliver_an_inject_that_did_not_happen(engine):
    text = with_chance(inject=0.3)
    seed = next(s for s in range(50) if draws(run(engine(text, s), *PLAY)) == [("inject", "press_call", False)])
    e = engine(text, seed)
    run(e, c.Start(), c.Advance(to=3600))
    events = e.apply(c.DeliverInject(inject="press_call"))
    assert [x.via for x in events if isinstance(x, ev.InjectDelivered)] == ["facilitator"]


def test_a_reaction_whose_draw_fails_changes_nothing(engine):
    text = with_chance(reaction=0.5).replace("    when: actor.mfa.level >= 2\n", "    when: state.services_down\n")
    runs = [run(engine(text, seed), *PLAY) for seed in range(20)]
    happened = [r for r in runs if draws(r) == [("reaction", "press_story", True)]]
    failed = [r for r in runs if draws(r) == [("reaction", "press_story", False)]]
    assert happened and failed
    assert all(any(isinstance(x, ev.ReactionFired) for x in r) for r in happened)
    assert not any(isinstance(x, ev.ReactionFired) for r in failed for x in r)


def test_without_chance_nothing_is_drawn(engine):
    e = engine()
    state = e.rng.getstate()
    assert draws(run(e, *PLAY)) == [] and e.rng.getstate() == state
