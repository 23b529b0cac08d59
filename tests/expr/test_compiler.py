"""The condition language: what it accepts, what it reads, and how it refuses the rest."""

from __future__ import annotations

import pytest

from tabletop.expr import ConditionError, Scope, compile_condition

SCOPE = Scope(
    state={"attribution_confidence": "number", "services_down": "flag", "confidence": "choice", "alert": "choice"},
    choices={"confidence": ("low", "moderate", "high"), "alert": ("green", "amber", "red")},
    actors=frozenset({"mfa", "csirt"}),
    injects=frozenset({"leak"}),
    decisions={"contain": frozenset({"isolate", "wait"})},
    relations=frozenset({("mfa", "csirt")}),
)


class World:
    """A stand-in for the engine's state."""

    def __init__(self):
        self.state = {"attribution_confidence": 70, "services_down": True, "confidence": "moderate", "alert": "red"}
        self.now = 5400
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
        ('state.confidence >= "moderate"', True),
        ('state.confidence > "moderate"', False),
        ('state.confidence == "moderate" and state.confidence != "high"', True),
        ('"low" < state.confidence < "high"', True),
        ('"high" <= state.confidence', False),
        ("clock.elapsed >= 1h30m", True),
        ("clock.elapsed > 1h30m", False),
        ("45m <= clock.elapsed < 2h", True),
        ("clock.elapsed >= 90min and clock.elapsed <= 1h30m0s", True),
        ("clock.elapsed == 5400s or clock.elapsed < 90s", True),
        ("count(state.services_down, inject.leak.delivered, decision.contain.decided) >= 2", True),
        ("count(state.services_down, inject.leak.delivered, decision.contain.decided) == 3", False),
        ("count(not inject.leak.delivered) + 1 == 2", True),
        ('count(state.confidence == "high", actor.mfa.level > 1) == 1', True),
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
        'state.confidence >= "moderate" and clock.elapsed < 1h',
        "count(state.services_down, inject.leak.delivered) > 0",
    ],
)
def test_a_compiled_condition_reads_only_the_environment(text):
    code = compile_condition(text, SCOPE).evaluate.__code__
    assert code.co_varnames == ("env",)
    allowed = {"env", "state", "levels", "delivered", "relations", "decision_field", "_divide", "now", "index"}
    assert set(code.co_names) <= allowed


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("clock.elapsed >= 1h30m and not (clock.elapsed > 2h)", {5400, 7201}),
        ("30m <= clock.elapsed < 1h", {1800, 3600}),
        ("30m < clock.elapsed <= 1h", {1801, 3601}),
        ("clock.elapsed == 10s or clock.elapsed != 20s", {10, 11, 20, 21}),
        ("state.services_down", set()),
    ],
)
def test_a_condition_on_the_clock_lists_the_seconds_it_may_turn_at(text, times):
    compiled = compile_condition(text, SCOPE)
    assert compiled.times == times
    assert (("clock", "elapsed") in compiled.reads) == bool(times)


def test_a_count_reads_each_of_its_flags():
    compiled = compile_condition("count(state.services_down, decision.contain.decided) >= 1", SCOPE)
    assert compiled.reads == {("state", "services_down"), ("decision", "contain")}


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
            "unknown name 'services_down'; names start with state., actor., relation., inject., decision., move. or clock.",
        ),
        (
            'state.confidence >= "moderat"',
            20,
            "'moderat' is not a value of 'confidence' (did you mean 'moderate'?); its values are low, moderate, high",
        ),
        ("state.confidence >= 2", 20, "cannot compare a choice with a number"),
        ("state.confidence == decision.contain.option", 20, "compare a choice with one of its values, in quotes"),
        ("state.confidence == state.alert", 20, "two choices compare only when they have the same values"),
        ('state.attribution_confidence >= "high"', 32, "cannot compare a number with a text"),
        ("state.confidence", 0, "a condition must be true or false, but this is a choice"),
        (
            "clock.elapsed >= 90",
            17,
            "cannot compare a duration with a number: clock.elapsed compares with a duration such as 45m or 1h30m",
        ),
        ("state.attribution_confidence > 45m", 31, "a duration such as 45m is compared only with clock.elapsed"),
        ("clock.elapsed + 5m > 1h", 0, "expected a number here, got a duration"),
        ("clock.now > 1h", 0, "the clock has only '.elapsed', not '.now'"),
        ('clock.elapsed > 1h and decision.contain.option == "5m"', 50, "decision point 'contain' has no option '5m'"),
        ("clock.elapsed >= 1h30", 17, "condition syntax error: invalid decimal literal"),
        ("count(state.services_down, actor.mfa.level) > 1", 27, "count(…) counts flags, but this is a number"),
        ("count() > 1", 0, "count(…) needs at least one flag, e.g. count(state.a, state.b)"),
        (
            "cont(state.services_down) > 1",
            0,
            "unknown function 'cont' (did you mean 'count'?); the only function is count(…) of flags",
        ),
        ("count(state.services_down)", 0, "a condition must be true or false, but this is a number"),
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
