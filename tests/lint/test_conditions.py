"""The walk of a compiled condition: what it does not know means "can't tell", never an error."""

from __future__ import annotations

import ast

from tabletop.lint.conditions import World, can_hold
from tabletop.lint.ranges import reachable
from tabletop.loader import load_scenario
from tests.conftest import MINIMAL


def world_of(write_scenario) -> World:
    scenario = load_scenario(write_scenario(MINIMAL)).scenario
    return World(reachable(scenario, (), lambda loc: None), lambda key: True)


def test_a_construct_the_walk_does_not_know_can_hold(write_scenario):
    unknown = ast.parse('count(env.moves["two"], env.clock.elapsed) > 3 and env.state["public_pressure"] >= 10').body[0]
    assert can_hold(unknown.value, world_of(write_scenario)) is None


def test_a_comparison_of_unknowns_with_a_text_can_hold(write_scenario):
    choice = ast.parse('env.state["confidence"] >= "moderate"').body[0]
    assert can_hold(choice.value, world_of(write_scenario)) is None


def test_a_known_contradiction_inside_an_unknown_call_is_not_judged(write_scenario):
    inside = ast.parse('holds_for(env.state["public_pressure"] > 500, 600)').body[0]
    assert can_hold(inside.value, world_of(write_scenario)) is None
