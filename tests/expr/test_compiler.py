"""The condition language: what it accepts, what it reads, and how it refuses the rest."""

from __future__ import annotations

import pytest

from tabletop.expr import ConditionError, Scope, compile_condition

SCOPE = Scope(
    state={"attribution_confidence": "number", "services_down": "flag"},
    actors=frozenset({"mfa", "csirt"}),
    injects=frozenset({"leak"}),
    decisions={"contain": frozenset({"isolate", "wait"})},
    relations=frozenset({("mfa", "csirt")}),
)


class World:
    """A stand-in for the engine's state."""

    def __init__(self):
        self.state = {"attribution_confidence": 70, "services_down": True}
        self.levels = {"mfa": 2}
        self.delivered = set()
        self.relations = {("mfa", "csirt"): [0.8, 0.3]}
        self.decision = {"open": False, "decided": True, "closed": True, "defaulted": False, "option": "isolate"}

    def decision_field(self, decision, field):
        return self.decision[field]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("state.attribution_confidence >= 60 and actor.mfa.level >= 2", True),
        ("state.attribution_confidence >= 80 or not state.services_down", False),
        ("state.services_down == true", True),
        ('decision.contain.option == "isolate"', True),
        ("decision.contain.decided and not decision.contain.defaulted", True),
        ("not inject.leak.delivered", True),
        ("state.attribution_confidence / 0 == 0", True),
        ("10 < state.attribution_confidence * 2 - 50 <= 90", True),
        ("-state.attribution_confidence < 0", True),
        ("relation.mfa.csirt.trust >= 0.8 and relation.mfa.csirt.coupling < 0.5", True),
    ],
)
def test_conditions_evaluate_against_the_world(text, expected):
    assert compile_condition(text, SCOPE).evaluate(World()) is expected


@pytest.mark.parametrize(
    "text",
    [
        'state.attribution_confidence / 2 > -1 and decision.contain.option != "wait" or inject.leak.delivered',
        "not (actor.mfa.level >= 2) or state.services_down == true",
        "relation.mfa.csirt.trust > 0.5",
    ],
)
def test_a_compiled_condition_reads_only_the_environment(text):
    code = compile_condition(text, SCOPE).evaluate.__code__
    assert code.co_varnames == ("env",)
    assert set(code.co_names) <= {"env", "state", "levels", "delivered", "relations", "decision_field", "_divide"}


def test_a_condition_lists_exactly_what_it_reads():
    compiled = compile_condition(
        "state.attribution_confidence > 1 and actor.mfa.level > 0 or inject.leak.delivered", SCOPE
    )
    assert compiled.reads == {("state", "attribution_confidence"), ("actor", "mfa"), ("inject", "leak")}


@pytest.mark.parametrize(
    ("text", "offset", "message"),
    [
        (
            "state.atribution_confidence > 3",
            0,
            "unknown state variable 'atribution_confidence' (did you mean 'attribution_confidence'?)",
        ),
        ("actor.mfa.level >= 2 and actor.mfb.level > 1", 25, "unknown actor 'mfb' (did you mean 'mfa'?)"),
        (
            'decision.contain.option == "isolat"',
            27,
            "decision point 'contain' has no option 'isolat' (did you mean 'isolate'?)",
        ),
        (
            "decision.contain.chosen",
            0,
            "a decision point has no '.chosen' (did you mean 'closed'?); use one of: open, decided, closed, defaulted, option",
        ),
        ("state.services_down + 1 > 0", 0, "expected a number here, got a flag"),
        ("state.services_down > false", 22, "a flag can only be compared with == or !="),
        ('actor.mfa.level == "high"', 19, "cannot compare a number with a text"),
        ("state.attribution_confidence", 0, "a condition must be true or false, but this is a number"),
        ("__import__('os').system('ls')", 0, "'function call' is not allowed in a condition"),
        ("state.__class__", 0, "unknown state variable '__class__'"),
        (
            "relation.csirt.mfa.trust > 0.5",
            0,
            "no relation from 'csirt' to 'mfa' (relations have a direction: there is one from 'mfa' to 'csirt')",
        ),
        ("relation.mfa.csirt.weight > 0.5", 0, "a relation has '.trust' and '.coupling', not '.weight'"),
        ("relation.mfa.trust > 0.5", 0, "expected relation.<from>.<to>.trust, got 'relation.mfa.trust'"),
        ("state.services_down & true", 0, "operator '&' is not allowed in a condition (use 'and' / 'or')"),
        ("[x for x in y]", 0, "'ListComp' is not allowed in a condition"),
        ("state.attribution_confidence >", 30, "condition syntax error: it ends too early"),
        (
            "state.attribution_confidence = 3",
            29,
            "condition syntax error: use '==' to compare ('=' alone is not a comparison)",
        ),
        ("actor.mfa.level > 0 && inject.leak.delivered", 20, "condition syntax error: use 'and', not '&&'"),
        ("inject.leak.delivered || true", 22, "condition syntax error: use 'or', not '||'"),
        ("!inject.leak.delivered", 0, "condition syntax error: use 'not', not '!'"),
        ("actor.mfa.level => 2", 16, "condition syntax error: use '>=', not '=>'"),
        ("(actor.mfa.level > 0 and (true)", 0, "condition syntax error: '(' opened here is never closed"),
        ("actor.mfa.level > 0)", 19, "condition syntax error: ')' closes nothing opened before it"),
        (
            'decision.contain.option == "a && b" and state.attribution_confidence = 1',
            69,
            "condition syntax error: use '==' to compare ('=' alone is not a comparison)",
        ),
        (
            'decision.contain.option == "isolate',
            27,
            'condition syntax error: the text opened with " here is never closed',
        ),
        ("   ", 0, "condition is empty"),
        (
            "services_down",
            0,
            "unknown name 'services_down'; names start with state., actor., relation., inject., decision. or move.",
        ),
    ],
)
def test_bad_conditions_are_refused_with_a_column(text, offset, message):
    with pytest.raises(ConditionError) as caught:
        compile_condition(text, SCOPE)
    assert (caught.value.offset, caught.value.message) == (offset, message)


def test_overlong_and_overnested_conditions_are_refused():
    with pytest.raises(ConditionError, match="too long"):
        compile_condition("true and " * 300 + "true", SCOPE)
    with pytest.raises(ConditionError):
        compile_condition("(" * 300 + "true" + ")" * 300, SCOPE)


def test_the_deepest_condition_within_the_limits_compiles_and_evaluates():
    deepest = compile_condition("not " * 98 + "true", SCOPE)
    assert deepest.evaluate(World()) is True
