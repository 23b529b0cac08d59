"""`tabletop check` as a trainer runs it: each hole found with its reason, at its line."""

from __future__ import annotations

import json

import pytest

from tabletop.cli import main
from tests.conftest import FIXTURES, MINIMAL, ROOT

HOLES = (FIXTURES / "check" / "holes.yaml").read_text(encoding="utf-8")


@pytest.fixture
def holes(write_scenario, capsys):
    """`tabletop check` on the scenario full of holes: (exit code, its lines without the path)."""
    path = write_scenario(HOLES, "holes.yaml")
    code = main(["check", str(path)])
    err = capsys.readouterr().err
    return code, [line.removeprefix(f"{path}:") for line in err.splitlines()]


def test_the_bundled_scenarios_check_clean(capsys):
    assert main(["check", str(ROOT / "scenarios")]) == 0
    out, err = capsys.readouterr()
    assert "0 error(s), 0 warning(s)" in out
    assert "error:" not in err and "warning:" not in err


def test_errors_make_check_exit_1(holes):
    code, lines = holes
    assert code == 1
    assert lines[-1] == "6 error(s), 9 warning(s), 2 note(s) in 1 file(s)"


def test_warnings_alone_exit_0(write_scenario, capsys):
    path = write_scenario(
        MINIMAL.replace(
            "  - {id: mfa_cell, name: MFA cell}",
            "  - {id: mfa_cell, name: MFA cell}\n  - {id: spare_cell, name: Spare}",
        ).replace(
            "  - {id: press, name: Press",
            "  - {id: spare, name: Spare, kind: private, played_by: spare_cell}\n  - {id: press, name: Press",
        )
    )
    assert main(["check", str(path)]) == 0
    assert "warning: team 'spare_cell' has no decision point to take" in capsys.readouterr().err


def test_a_condition_beyond_the_reachable_range_names_every_step(holes):
    assert (
        "53:11: error: inject 'attribution_ready' is never delivered: needs state.attribution_conf ≥ 90; "
        "at most 85 is reachable: +30 at line 37, +25 at line 44, +30 at line 51"
    ) in holes[1]


def test_a_condition_beyond_the_max_says_so(holes):
    assert (
        "59:11: error: inject 'overload' is never delivered: needs state.pressure > 500; "
        "at most 45 is reachable: +20 at line 37, +25 at line 98; its max is 100"
    ) in holes[1]


def test_a_contradiction_keeps_a_decision_point_shut(holes):
    assert (
        "102:19: error: decision point 'impossible' never opens: "
        "state.pressure > 5 and state.pressure < 3 cannot all hold"
    ) in holes[1]


def test_what_waits_for_a_decision_that_never_opens_is_a_consequence(holes):
    assert (
        "83:11: warning: inject 'follow_up' is never delivered: "
        "it waits for decision.impossible.decided, but decision point 'impossible' never opens"
    ) in holes[1]


def test_an_inject_waiting_for_its_own_delivery_is_a_cycle(holes):
    assert "65:11: error: inject 'echo' is never delivered: it waits for itself (a dependency cycle)" in holes[1]


def test_two_injects_waiting_for_each_other_are_a_cycle(holes):
    assert (
        "71:11: error: inject 'ping' is never delivered: dependency cycle: "
        "inject 'ping', which waits for inject 'pong', which waits for inject 'ping'"
    ) in holes[1]


@pytest.mark.parametrize(
    "expected",
    [
        "17:14: warning: state variable 'forgotten' is never read or changed",
        "13:10: warning: objective 'inform_public' is cited by no decision point (list it under a decision's 'objectives')",
        "111:12: warning: criterion 'diplomatic' is scored by no option",
        "10:10: warning: confidence-building measure 'osce-poc' is used by no option",
        "23:10: warning: actor 'bystander' is played by no team, sends nothing, reacts to nothing, and nothing reads, raises or escalates it",
        "26:5: note: relation bystander -> press carries nothing: 'bystander' never rises, and no condition or effect reads or changes the relation",
        "29:10: warning: team 'mfa_cell' has no decision point to take",
    ],
)
def test_unused_parts_are_warned_about(holes, expected):
    assert expected in holes[1]


def test_norms_named_in_a_text_but_tagged_on_no_option(holes):
    lines = holes[1]
    assert (
        "50:11: warning: the text names UN norm (i) but no option is tagged with it "
        "(add 'norms: [un-norm-i]' to the options that enact it)"
    ) in lines
    assert any(line.startswith("50:11: warning: the text names UN norm (j)") for line in lines)
    assert not any("UN norm (g)" in line for line in lines)  # tagged on 'isolate'


def test_norms_are_found_in_spanish_texts(write_scenario, capsys):
    text = MINIMAL.replace(
        "body: A journalist asks whether a foreign state is behind the outage.",
        "body: 'Un periodista pregunta si se respetan las normas h y k, y la norma 13(c).'",
    )
    path = write_scenario(text)
    main(["check", str(path)])
    err = capsys.readouterr().err
    assert [n for n in "abcdefghijk" if f"UN norm ({n})" in err] == ["c", "h", "k"]


def test_a_reaction_that_repeats_reaches_the_max(write_scenario, capsys):
    text = MINIMAL.replace("    when: actor.mfa.level >= 2\n", "    when: actor.mfa.level >= 2\n    once: false\n")
    text = text.replace("when: state.public_pressure >= 30", "when: state.public_pressure > 100")
    path = write_scenario(text)
    assert main(["check", str(path)]) == 1
    assert "needs state.public_pressure > 100; at most 100 is reachable (its max)" in capsys.readouterr().err


def test_an_actor_level_beyond_the_ladder_never_holds(write_scenario, capsys):
    path = write_scenario(MINIMAL.replace("when: actor.mfa.level >= 2", "when: actor.mfa.level >= 5"))
    assert main(["check", str(path)]) == 1
    assert (
        "reaction 'press_story' never fires: needs actor.mfa.level ≥ 5; at most 4 is reachable"
        in capsys.readouterr().err
    )


def test_a_flag_nothing_sets_never_holds(write_scenario, capsys):
    path = write_scenario(MINIMAL.replace("- {set: services_down, to: true}", "- {set: services_down, to: false}"))
    main(["check", str(path)])
    err = capsys.readouterr().err
    assert "state variable 'services_down'" not in err  # read by the end condition
    path = write_scenario(MINIMAL.replace("when: state.public_pressure >= 30", "when: state.services_down"), "b.yaml")
    path.write_text(path.read_text().replace("- {set: services_down, to: true}", "- {add: public_pressure, by: 1}"))
    assert main(["check", str(path)]) == 1
    assert (
        "inject 'press_call' is never delivered: needs state.services_down to be true; "
        "nothing that can happen sets it to true"
    ) in capsys.readouterr().err


def test_an_end_condition_on_an_option_of_a_decision_that_never_opens(write_scenario, capsys):
    path = write_scenario(
        MINIMAL.replace(
            "opens: {at: 15m}\n    window: 30m", "opens: {when: state.public_pressure > 200}\n    window: 30m"
        )
    )
    assert main(["check", str(path)]) == 1
    err = capsys.readouterr().err
    assert "decision point 'contain' never opens: needs state.public_pressure > 200" in err
    assert "end condition 'calm' can never happen: it waits for decision point 'contain', which never opens" in err


def test_json_lists_findings_with_severity_rule_and_position(write_scenario, capsys):
    path = write_scenario(HOLES, "holes.yaml")
    assert main(["check", "--json", str(path)]) == 1
    result = json.loads(capsys.readouterr().out)
    assert (result["ok"], result["errors"], result["warnings"], result["notes"]) == (False, 6, 9, 2)
    first = result["files"][0]["findings"][0]
    assert first == {
        "severity": "error",
        "rule": "never-happens",
        "line": 53,
        "column": 11,
        "message": first["message"],
    }
    assert first["message"].startswith("inject 'attribution_ready' is never delivered")


def test_an_invalid_scenario_is_reported_as_errors(write_scenario, capsys):
    path = write_scenario(MINIMAL.replace("from: press", "from: pres"))
    assert main(["check", str(path)]) == 1
    assert f"{path}:41:11: error: unknown actor 'pres' (did you mean 'press'?)" in capsys.readouterr().err


def test_simulate_adds_the_monte_carlo_figures(write_scenario, capsys):
    path = write_scenario(HOLES, "holes.yaml")
    assert main(["check", "--json", "--simulate", "20", str(path)]) == 1
    result = json.loads(capsys.readouterr().out)["files"][0]
    assert result["simulate"]["runs"] == 20
    reached = result["simulate"]["reached"]
    assert reached["inject:attribution_ready"] == 0 and reached["inject:first_clue"] == 20
    assert reached["decision:impossible"] == 0
    assert not any("bug in check" in f["message"] for f in result["findings"])
    assert result["simulate"]["never_reached"] >= result["simulate"]["never_reached_explained"] == 9


def test_simulate_figures_are_printed(write_scenario, capsys):
    path = write_scenario(MINIMAL)
    assert main(["check", "--simulate", "10", str(path)]) == 0
    out = capsys.readouterr().out
    assert f"{path}: simulated 10 runs (seed 0, random choices): reached 2 of 2 injects" in out


def test_an_option_whose_condition_never_holds_can_never_be_chosen(write_scenario, capsys):
    path = write_scenario(
        MINIMAL.replace("      - id: isolate\n", "      - id: isolate\n        when: state.public_pressure > 500\n")
    )  # not on the default option, which is always offered
    assert main(["check", str(path)]) == 1
    assert "option 'isolate' of decision point 'contain' can never be chosen: needs state.public_pressure > 500" in (
        capsys.readouterr().err
    )


def test_a_condition_that_can_never_be_false_is_noted(write_scenario, capsys):
    path = write_scenario(MINIMAL.replace("when: state.public_pressure >= 30", "when: state.public_pressure >= 0"))
    assert main(["check", str(path)]) == 0
    assert (
        "39:11: note: the condition of inject 'press_call' can never be false: it holds from the start (use 'at' for a time)"
    ) in capsys.readouterr().err


WAIT = "        label: Wait for more information\n"


def option_findings(write_scenario, capsys, wait_lines: str) -> list[str]:
    """`check` on the minimal scenario whose 'wait' option gets `wait_lines` after its label."""
    path = write_scenario(MINIMAL.replace(WAIT, WAIT + wait_lines))
    main(["check", str(path)])
    return [line for line in capsys.readouterr().err.splitlines() if "option 'wait'" in line]


def test_an_option_citing_a_norm_it_is_not_tagged_with_is_warned_about(write_scenario, capsys):
    lines = option_findings(write_scenario, capsys, "        feedback: Waiting disregards UN norm b.\n")
    assert len(lines) == 1
    assert lines[0].endswith(
        "warning: option 'wait' of 'contain' cites UN norm (b) but is not tagged with it "
        "(add it to 'norms' if the option upholds it, to 'norms_at_risk' if it strains it)"
    )


def test_a_norm_at_risk_counts_as_tagged(write_scenario, capsys):
    wait = "        norms_at_risk: [un-norm-b]\n        feedback: Waiting disregards UN norm b.\n"
    assert option_findings(write_scenario, capsys, wait) == []


def test_a_list_of_norms_does_not_swallow_the_next_word(write_scenario, capsys):
    wait = "        norms: [un-norm-c, un-norm-d, un-norm-h]\n        feedback: Under norms c, d and h, a state must act.\n"
    assert option_findings(write_scenario, capsys, wait) == []


def test_an_option_citing_a_cbm_by_number_or_id_must_list_it(write_scenario, capsys):
    cbms = "cbms:\n  - {id: poc-net, name: 'Points of contact (OSCE CBM 8, PC.DEC/1106)'}\n"
    wait = "        feedback: 'Waiting leaves the CBM 8 channel unused; la MFC 8 existe para esto.'\n"
    assert option_findings(write_scenario, capsys, wait) == []  # no CBM declared: nothing to match
    text = MINIMAL.replace(WAIT, WAIT + wait).replace("ladder:", cbms + "ladder:", 1)
    path = write_scenario(text)
    main(["check", str(path)])
    err = capsys.readouterr().err
    assert (
        "option 'wait' of 'contain' cites the confidence-building measure 'poc-net' but does not list it in 'cbms'"
        in err
    )
    tagged = text.replace(WAIT, WAIT + "        cbms: [poc-net]\n")
    path = write_scenario(tagged)
    main(["check", str(path)])
    assert "cites the confidence-building measure" not in capsys.readouterr().err


def test_a_spanish_de_is_no_norm_d(write_scenario, capsys):
    wait = "        feedback: 'Esperar respeta las normas de la ONU y la norma b.'\n        norms: [un-norm-b]\n"
    assert option_findings(write_scenario, capsys, wait) == []


def test_a_ladder_for_a_kind_no_actor_has_is_warned_about(write_scenario, capsys):
    ladders = "ladders:\n  adversary: [calm, probing, active, aggressive, rampant]\nactors:"
    path = write_scenario(MINIMAL.replace("actors:", ladders, 1))
    main(["check", str(path)])
    out = capsys.readouterr()
    assert (
        "19:14: warning: the adversary ladder names no actor's levels: no actor is of kind adversary"
        in out.out + out.err
    )
