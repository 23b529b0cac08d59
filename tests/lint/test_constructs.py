"""`tabletop check` on every construct of the format: moves, recurring injects, chance, option
conditions, joint decisions, `to: all`, variants, attachments, choices, the clock, count(),
holds_for. Each read right: no false errors, and the holes a trainer would expect, with the reason."""

from __future__ import annotations

import re

import pytest

from tabletop.cli import main
from tests.conftest import FIXTURES, MINIMAL, ROOT

MOVES = (FIXTURES / "moves.yaml").read_text(encoding="utf-8")


@pytest.fixture
def check(write_scenario, capsys):
    """Check a scenario text: (exit code, its finding lines without the path, the summary)."""

    def run(text: str) -> tuple[int, list[str]]:
        path = write_scenario(text)
        code = main(["check", str(path)])
        out, err = capsys.readouterr()
        return code, [line.removeprefix(f"{path}:") for line in (err + out).splitlines()]

    return run


def findings(lines: list[str], severity: str) -> list[str]:
    return [line for line in lines if f": {severity}: " in line]


# -- moves ----------------------------------------------------------------------------------


def test_a_move_that_never_starts_is_an_error_and_what_it_holds_never_happens(check):
    code, lines = check(MOVES.replace("    starts: {at: 2h}", "    starts: {when: state.public_pressure > 200}"))
    assert code == 1
    assert findings(lines, "error") == [
        "41:20: error: move 'recovery' never starts: needs state.public_pressure > 200; "
        "at most 65 is reachable: starts at 10, +30 at line 61, +25 at line 98; its max is 100"
    ]
    warnings = findings(lines, "warning")
    assert "71:5: warning: inject 'all_clear' is never delivered: its move 'recovery' never starts" in warnings
    assert (
        "122:11: warning: end condition 'calm' can never happen: it waits for move 'recovery', which never starts"
    ) in warnings  # move.current == "recovery"


def test_a_condition_on_a_move_that_never_starts(check):
    text = MOVES.replace("    starts: {at: 2h}", "    starts: {when: state.public_pressure > 200}")
    code, lines = check(text.replace('move.current == "recovery" and not state.services_down', "move.recovery.started"))
    assert code == 1
    assert (
        "122:11: warning: end condition 'calm' can never happen: it waits for move 'recovery', which never starts"
    ) in lines


def test_moves_that_start_read_clean_and_a_move_for_the_facilitator_is_no_finding(check):
    code, lines = check(MOVES)
    assert code == 0
    assert not findings(lines, "error") and not findings(lines, "warning")
    assert not any("spread" in line for line in lines)


def test_starting_a_later_move_starts_the_earlier_ones(check):
    """`spread` has no way of its own to start here but the facilitator; `recovery` at 2h brings it."""
    code, lines = check(MOVES.replace('move.current == "recovery"', "move.spread.started"))
    assert code == 0 and not findings(lines, "warning")


def test_a_timed_item_held_by_a_move_counts_from_the_move(check):
    """The ending must hold for 1h30m; it can hold only once `recovery` starts at 2h, 1h before the end."""
    text = MOVES.replace("    text: Services restored", "    holds_for: 1h30m\n    text: Services restored")
    text = text.replace(
        'when: move.current == "recovery" and not state.services_down', "when: inject.all_clear.delivered"
    )
    code, lines = check(text.replace("  - id: all_clear\n    at: 2h", "  - id: all_clear\n    at: 30m"))
    assert code == 0
    assert any(
        "warning: end condition 'calm' can never happen: its condition must hold for 1h30m;" in line for line in lines
    )


# -- recurring injects ----------------------------------------------------------------------

RECURRING = MINIMAL.replace(
    "  - id: first_report\n    at: 0\n", "  - id: first_report\n    at: 0\n    every: 10m\n    times: 3\n"
).replace("      - {raise: csirt, by: 1}\n", "      - {raise: csirt, by: 1}\n      - {add: public_pressure, by: 5}\n")


def test_a_recurring_inject_applies_its_effects_times_over(check):
    code, lines = check(RECURRING.replace("when: state.public_pressure >= 30", "when: state.public_pressure >= 80"))
    assert code == 1
    assert (
        "42:11: error: inject 'press_call' is never delivered: needs state.public_pressure ≥ 80; "
        "at most 70 is reachable: starts at 10, +5 ×3 at line 40, +25 at line 66, +20 at line 72"
    ) in lines
    code, lines = check(RECURRING.replace("when: state.public_pressure >= 30", "when: state.public_pressure >= 70"))
    assert not findings(lines, "error")


def test_a_recurring_inject_with_only_until_is_bounded_by_the_clock(check):
    text = RECURRING.replace("    times: 3\n", "    until: state.public_pressure >= 100\n")
    code, lines = check(text.replace("when: state.public_pressure >= 30", "when: inject.first_report.count > 19"))
    assert code == 1
    assert (
        "42:11: error: inject 'press_call' is never delivered: needs inject.first_report.count > 19; "
        "it is delivered at most 19 times (every 10m from 0m in a 3h clock)"
    ) in lines


def test_an_inject_count_beyond_its_times_never_holds(check):
    code, lines = check(RECURRING.replace("when: state.public_pressure >= 30", "when: inject.first_report.count >= 4"))
    assert code == 1
    assert (
        "42:11: error: inject 'press_call' is never delivered: needs inject.first_report.count ≥ 4; "
        "it is delivered at most 3 times (its 'times')"
    ) in lines
    code, lines = check(RECURRING.replace("when: state.public_pressure >= 30", "when: inject.first_report.count >= 3"))
    assert code == 0


def test_an_until_that_holds_from_the_start_delivers_once(check):
    code, lines = check(RECURRING.replace("    times: 3\n", "    until: state.public_pressure >= 0\n"))
    assert code == 0
    assert (
        "32:12: note: the 'until' of inject 'first_report' can never be false: it holds from the start, "
        "so the inject is delivered once and never recurs"
    ) in lines


def test_the_bundled_recurring_example_checks_clean(capsys):
    assert main(["check", str(FIXTURES / "injects" / "sitrep.yaml")]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


# -- chance ---------------------------------------------------------------------------------


def test_a_chance_item_may_happen_and_an_ending_hanging_on_it_is_noted(check):
    text = MINIMAL.replace("    delay: 10m\n", "    delay: 10m\n    chance: 0.3\n")
    code, lines = check(
        text.replace('decision.contain.option == "isolate" and not state.services_down', "inject.press_call.delivered")
    )
    assert code == 0 and not findings(lines, "error")
    assert (
        "76:11: note: end condition 'calm' can happen only if something with a chance happens: "
        "inject 'press_call' (chance 30%); in some sessions it cannot happen at all"
    ) in lines


def test_an_ending_that_needs_no_chance_item_is_not_noted(check):
    _, lines = check(MINIMAL.replace("    delay: 10m\n", "    delay: 10m\n    chance: 0.3\n"))
    assert not any("chance" in line for line in lines)


# -- options, joint decisions ----------------------------------------------------------------


def test_an_option_that_can_never_be_offered_does_not_count_in_the_ranges(check):
    text = MINIMAL.replace(
        "      - id: isolate\n", "      - id: isolate\n        when: state.public_pressure > 500\n"
    ).replace(
        "        playbook_steps: [csirt-incident-handling/contain]\n",
        "        playbook_steps: [csirt-incident-handling/contain]\n        effects: [{add: public_pressure, by: 80}]\n",
    )
    code, lines = check(text)
    assert code == 1
    assert any("needs state.public_pressure > 500; at most 55 is reachable" in line for line in lines)


def test_every_team_of_a_joint_decision_has_a_decision(check):
    code, lines = check(MINIMAL.replace("    team: csirt_cell\n", "    team: [csirt_cell, mfa_cell]\n"))
    assert code == 0
    assert not any("has no decision point" in line for line in lines)


# -- to: all, variants, attachments ----------------------------------------------------------


def test_variant_texts_count_in_norm_detection_and_to_all_is_read(check, project):
    (project / "scenarios" / "logs").mkdir()
    (project / "scenarios" / "logs" / "un-norm-c.txt").write_text("log\n")
    text = MINIMAL.replace(
        "    to: [mfa_cell]\n    channel: phone\n",
        "    to: all\n    channel: phone\n    attachments: [{file: logs/un-norm-c.txt}]\n"
        "    variants:\n      mfa_cell: {body: Recall norm (e) on human rights.}\n",
    )
    code, lines = check(text)
    assert code == 0
    assert [re.search(r"UN norm \((\w)\)", line).group(1) for line in lines if "UN norm" in line] == ["e"]


# -- choices, the clock, count() --------------------------------------------------------------

CHOICE = MINIMAL.replace(
    "  services_down: {type: flag, initial: false}",
    "  services_down: {type: flag, initial: false}\n  conf: {type: choice, values: [low, moderate, high]}",
).replace("      - {raise: csirt, by: 1}", "      - {raise: csirt, by: 1}\n      - {add: conf, by: 1}")


def test_a_choice_value_beyond_reach_never_holds(check):
    code, lines = check(CHOICE.replace("when: state.public_pressure >= 30", 'when: state.conf >= "high"'))
    assert code == 1
    assert (
        "41:11: error: inject 'press_call' is never delivered: needs state.conf ≥ \"high\"; "
        'at most "moderate" is reachable: starts at "low", +1 at line 39'
    ) in lines


def test_a_choice_set_to_its_value_can_hold(check):
    text = CHOICE.replace("when: state.public_pressure >= 30", 'when: state.conf == "high"')
    code, lines = check(text.replace("{add: conf, by: 1}", "{set: conf, to: high}"))
    assert code == 0 and not any("press_call" in line for line in lines)


def test_a_clock_past_the_duration_never_holds(check):
    code, lines = check(MINIMAL.replace("when: state.public_pressure >= 30", "when: clock.elapsed >= 3h30m"))
    assert code == 1
    assert (
        "39:11: error: inject 'press_call' is never delivered: needs clock.elapsed ≥ 3h30m; "
        "the clock runs for 3h (clock.duration)"
    ) in lines
    assert check(MINIMAL.replace("when: state.public_pressure >= 30", "when: clock.elapsed >= 2h"))[0] == 0


def test_a_count_needing_more_flags_than_can_be_true(check):
    text = MINIMAL.replace(
        'when: decision.contain.option == "isolate" and not state.services_down',
        "when: count(state.services_down, decision.contain.decided, not state.services_down) >= 3",
    )
    code, lines = check(text.replace("- {set: services_down, to: true}", "- {add: public_pressure, by: 1}"))
    assert code == 1
    assert (
        "75:11: error: end condition 'calm' can never happen: needs count(state.services_down, "
        "decision.contain.decided, not state.services_down) ≥ 3; at most 2 of its flags can be true "
        "(state.services_down: never true)"
    ) in lines


def test_holds_for_longer_than_the_clock_is_warned(check):
    text = MINIMAL.replace("    text: Services restored", "    holds_for: 2h\n    text: Services restored")
    code, lines = check(text.replace('decision.contain.option == "isolate" and', "clock.elapsed >= 1h30m and"))
    assert code == 0
    assert (
        "75:11: warning: end condition 'calm' can never happen: its condition must hold for 2h; "
        "it can hold at 1h30m at the earliest, and the clock stops at 3h"
    ) in lines


# -- the examples ------------------------------------------------------------------------------


def test_the_moves_example_checks_clean(capsys):
    assert main(["check", "--playbooks", str(ROOT / "playbooks"), str(FIXTURES / "moves.yaml")]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_the_conditions_example_of_the_guide_checks_clean(write_scenario, capsys):
    guide = (ROOT / "docs" / "authoring.md").read_text(encoding="utf-8")
    block = next(b for b in re.findall(r"```yaml\n(.*?)```", guide, re.S) if b.startswith("id: attribution-pressure"))
    assert main(["check", str(write_scenario(block))]) == 0
    assert "0 error(s), 0 warning(s)" in capsys.readouterr().out


def test_a_new_skeleton_checks_clean(tmp_path, capsys):
    assert main(["new", "x", "--teams", "a,b", "-o", str(tmp_path)]) == 0
    capsys.readouterr()
    assert main(["check", str(tmp_path / "x.yaml")]) == 0
    assert "0 error(s), 0 warning(s), 0 note(s)" in capsys.readouterr().out


def test_a_variable_read_only_by_an_until_is_used(check):
    text = RECURRING.replace("    times: 3\n", "    until: state.services_down\n")
    code, lines = check(text.replace("when: state.public_pressure >= 30", "when: inject.first_report.count >= 2"))
    assert code == 0
    assert not any("'services_down'" in line for line in lines)


def test_the_clock_before_a_move_starts_at_its_time_never_holds_beside_it(check):
    code, lines = check(
        MOVES.replace('move.current == "recovery" and', "clock.elapsed < 1h and move.recovery.started and")
    )
    assert code == 1
    assert (
        "122:11: error: end condition 'calm' can never happen: clock.elapsed < 1h cannot hold once "
        "move 'recovery' starts at 2h at the earliest"
    ) in lines
