"""exercise.yaml and plan.yaml as models: TLP 2.0 markings, and plan entries that make a row."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from tabletop.model.exercise import ExerciseDetails, PlanEntry


@pytest.mark.parametrize("level", ["CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED"])
def test_every_tlp_2_marking_is_accepted(level):
    assert ExerciseDetails(marking=f"TLP:{level}").marking == f"TLP:{level}"


@pytest.mark.parametrize(
    ("marking", "hint"),
    [
        ("TLP:WHITE", "(TLP 2.0 calls it 'TLP:CLEAR')"),
        ("TLP:PURPLE", "(TLP 2.0: TLP:CLEAR, TLP:GREEN, TLP:AMBER, TLP:AMBER+STRICT, TLP:RED)"),
        ("TLP:amber", "(did you mean 'TLP:AMBER'?)"),
        ("tlp:AMBER+STRCT", "(did you mean 'TLP:AMBER+STRICT'?)"),
    ],
)
def test_a_tlp_marking_that_tlp_2_lacks_is_refused_with_a_hint(marking, hint):
    with pytest.raises(ValidationError) as refused:
        ExerciseDetails(marking=marking)
    assert f"'{marking}' is no TLP 2.0 marking {hint}" in str(refused.value)


def test_any_other_marking_is_free_text():
    assert ExerciseDetails(marking="OFFICIAL-SENSITIVE").marking == "OFFICIAL-SENSITIVE"


def test_a_plan_entry_names_a_decision_or_an_issue_of_its_own():
    with pytest.raises(ValidationError, match="either a 'decision' or an 'issue'"):
        PlanEntry(owner="AurCERT")
    with pytest.raises(ValidationError, match="either a 'decision' or an 'issue'"):
        PlanEntry(decision="d_contain", issue="Slow", action="Faster")


def test_entries_for_the_same_row_share_a_key():
    assert PlanEntry(decision="d_contain", owner="A").key == PlanEntry(decision="d_contain", poc="B").key
    assert PlanEntry(decision="d_contain").key != PlanEntry(decision="d_contain", team="csirt_cell").key
    assert PlanEntry(issue="Slow", action="Faster").key == ("", "Slow")
