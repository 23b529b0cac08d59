"""Attribution as a typed judgement: the technical confidence and the political decision, per
team, each political decision set against what was stated by then about the party it names."""

from __future__ import annotations

import pytest

from tabletop.engine import Engine, compile_scenario
from tabletop.engine import commands as c
from tabletop.errors import ValidationFailed
from tabletop.loader import load_scenario
from tabletop.scoring import evaluate
from tests.conftest import MINIMAL

ATTRIBUTION = (
    MINIMAL.replace(
        "  services_down: {type: flag, initial: false}\n",
        "  services_down: {type: flag, initial: false}\n"
        "  confidence: {type: choice, values: [none, low, moderate, high], initial: none}\n",
    )
    .replace(
        "  - {id: press, name: Press, kind: media, threshold: 0.5}\n",
        "  - {id: press, name: Press, kind: media, threshold: 0.5}\n"
        "  - {id: gang, name: Grey Gang, kind: adversary}\n"
        "  - {id: neighbour, name: Government of Neighbouria, kind: government}\n",
    )
    .replace(
        "reactions:\n",
        """  - id: assess
    team: csirt_cell
    prompt: What is your technical attribution?
    opens: {at: 20m}
    window: 30m
    default: unknown
    options:
      - id: evidence
        label: The gang, at the confidence the evidence supports
        attribution: {confidence: state.confidence, to: gang}
      - id: unknown
        label: Low confidence, actor unknown
        attribution: {confidence: low}
  - id: statement
    team: mfa_cell
    prompt: What do you say in public?
    opens: {at: 1h}
    window: 30m
    default: nothing
    options:
      - id: name_gang
        label: Name the gang with partners
        attribution: {decision: joint, to: gang}
      - id: name_state
        label: Name Neighbouria
        attribution: {decision: public, to: neighbour}
      - id: nothing
        label: Attribute nothing yet
        attribution: {decision: withhold}
reactions:
""",
    )
)


def judged(write_scenario, *commands):
    loaded = load_scenario(write_scenario(ATTRIBUTION))
    engine = Engine(compile_scenario(loaded.scenario, loaded.playbooks))
    events = [e for command in (c.Start(), *commands) for e in engine.apply(command)]
    return evaluate(loaded.scenario, loaded.playbooks, events).attribution


def decide(decision, option, team):
    return c.Decide(decision=decision, option=option, team=team)


def test_a_confidence_read_from_state_is_the_value_it_held_when_the_answer_was_given(write_scenario):
    found = judged(
        write_scenario,
        c.AdhocInject(to=["csirt_cell"], title="Intel", effects=[{"set": "confidence", "to": "moderate"}]),
        c.Advance(to=1500),
        decide("assess", "evidence", "csirt_cell"),
        c.AdhocInject(to=["csirt_cell"], title="More intel", effects=[{"set": "confidence", "to": "high"}]),
    )
    assert found["csirt_cell"].confidence == "moderate"
    assert [s.confidence for s in found["csirt_cell"].steps] == ["moderate"]


def test_naming_the_party_the_csirt_assessed_at_moderate_confidence_keeps_to_the_evidence(write_scenario):
    found = judged(
        write_scenario,
        c.AdhocInject(to=["csirt_cell"], title="Intel", effects=[{"set": "confidence", "to": "moderate"}]),
        c.Advance(to=1500),
        decide("assess", "evidence", "csirt_cell"),
        c.Advance(to=3700),
        decide("statement", "name_gang", "mfa_cell"),
    )
    step = found["mfa_cell"].steps[0]
    assert (step.call, step.to, step.stated_then, step.outran) == ("joint", "gang", "moderate", False)
    assert found["mfa_cell"].call == "joint" and found["mfa_cell"].confidence is None


def test_naming_a_state_nobody_assessed_outruns_the_evidence_even_after_a_confident_assessment_of_a_gang(
    write_scenario,
):
    found = judged(
        write_scenario,
        c.AdhocInject(to=["csirt_cell"], title="Intel", effects=[{"set": "confidence", "to": "high"}]),
        c.Advance(to=1500),
        decide("assess", "evidence", "csirt_cell"),
        c.Advance(to=3700),
        decide("statement", "name_state", "mfa_cell"),
    )
    step = found["mfa_cell"].steps[0]
    assert (step.stated_then, step.outran) == (None, True)


def test_a_general_low_confidence_counts_for_every_party_and_withholding_never_outruns(write_scenario):
    low = judged(
        write_scenario,
        c.Advance(to=1500),
        decide("assess", "unknown", "csirt_cell"),
        c.Advance(to=3700),
        decide("statement", "name_gang", "mfa_cell"),
    )
    assert (low["mfa_cell"].steps[0].stated_then, low["mfa_cell"].steps[0].outran) == ("low", True)
    withheld = judged(write_scenario, c.Advance(to=3700), decide("statement", "nothing", "mfa_cell"))
    assert withheld["mfa_cell"].steps[0].outran is False


def test_an_answer_applied_by_default_judges_nothing(write_scenario):
    found = judged(write_scenario, c.Advance(to=2 * 3600))
    assert found["csirt_cell"].steps == [] and found["mfa_cell"].steps == []


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("{to: gang}", "give the technical 'confidence' (low, moderate, high), the political 'decision'"),
        ("{decision: public, to: gangs}", "unknown actor 'gangs' (did you mean 'gang'?)"),
        ("{confidence: state.services_down}", "state.services_down must be a choice of none, low, moderate, high"),
        (
            "{confidence: moderat}",
            "'moderat' is not a confidence: give low, moderate or high (did you mean 'moderate'?)",
        ),
    ],
)
def test_a_bad_attribution_tag_is_named_where_it_is(write_scenario, tag, message):
    text = ATTRIBUTION.replace("attribution: {decision: withhold}", f"attribution: {tag}")
    with pytest.raises(ValidationFailed) as failed:
        load_scenario(write_scenario(text))
    assert message in str(failed.value)
