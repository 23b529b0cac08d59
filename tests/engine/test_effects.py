"""Effect dispatch: every kind of effect has a rule, and an effect without one is a bug that raises."""

from __future__ import annotations

import pytest

from tabletop.engine import commands as c
from tabletop.engine.effects import RULES, apply_effects
from tabletop.model.effects import _MODELS, AddState


def test_every_effect_kind_the_loader_builds_has_a_rule():
    assert set(RULES) == set(_MODELS.values())


def test_an_effect_without_a_rule_raises_instead_of_being_skipped(engine):
    playing = engine()
    playing.apply(c.Start())

    class Unknown:
        pass

    with pytest.raises(TypeError, match="no rule for the effect"):
        apply_effects(playing, [Unknown()], "test")


def test_effects_stop_applying_once_the_scenario_has_ended(engine):
    playing = engine()
    playing.apply(c.Start())
    playing.apply(c.End(outcome="stopped"))
    before = dict(playing.state)
    apply_effects(playing, [AddState(add="public_pressure", by=5)], "test")
    assert playing.state == before
