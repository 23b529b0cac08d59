"""A corpus of broken scenarios: each must be reported at the exact line and column.

Every case is the minimal scenario (tests/fixtures/minimal.yaml) with a few edits; the test
asserts the complete list of problems the trainer would read (`line:col: message`).
"""

from __future__ import annotations

import pytest

from tabletop.errors import ValidationFailed
from tabletop.loader import load_scenario
from tests.conftest import MINIMAL


def with_moves(first: str = "{id: detection, title: Detection}", after: str = "") -> dict[str, str]:
    """The edit that gives the minimal scenario two moves (lines 28-30), the second at 30m;
    `after` goes after the first inject's id (line 32)."""
    return {
        "injects:\n  - id: first_report": (
            f"moves:\n  - {first}\n  - {{id: spread, title: Spread, starts: {{at: 30m}}}}\n"
            f"injects:\n  - id: first_report{after}"
        )
    }


# name: ({text in minimal.yaml: replacement}, [expected "line:col: message", ...])
CASES = {
    "a kind's ladder shorter than the shared one": (
        {
            "ladder: [normal, elevated, serious, severe, crisis]": "ladder: [normal, elevated, serious, severe, crisis]\nladders:\n  media: [quiet, reporting, frenzy]"
        },
        [
            "19:10: the media ladder has 3 levels and the shared ladder 5: give every level its name (level n is the same pressure for every actor)"
        ],
    ),
    "a ladder for a kind of actor there is not": (
        {
            "ladder: [normal, elevated, serious, severe, crisis]": "ladder: [normal, elevated, serious, severe, crisis]\nladders:\n  press: [a, b, c, d, e]"
        },
        [
            "19:3: 'press' is not allowed here; expected one of: 'diplomatic', 'technical', 'government', 'private', 'international', 'adversary' or 'media'"
        ],
    ),
    "a choice raised like an actor": (
        {
            "  services_down: {type: flag, initial: false}": "  services_down: {type: flag, initial: false}\n  confidence: {type: choice, values: [low, moderate, high]}",
            "      - {raise: csirt, by: 1}": "      - {raise: confidence, by: 2}",
        },
        ["38:17: 'confidence' is a state variable, not an actor; use {add: confidence, by: 2}"],
    ),
    "a choice compared with a value it does not have": (
        {
            "  services_down: {type: flag, initial: false}": "  services_down: {type: flag, initial: false}\n  confidence: {type: choice, values: [low, moderate, high]}",
            "when: state.public_pressure >= 30": 'when: state.confidence >= "moderat"',
        },
        [
            "40:31: 'moderat' is not a value of 'confidence' (did you mean 'moderate'?); its values are low, moderate, high"
        ],
    ),
    "a choice compared with a number": (
        {
            "  services_down: {type: flag, initial: false}": "  services_down: {type: flag, initial: false}\n  confidence: {type: choice, values: [low, moderate, high]}",
            "when: state.public_pressure >= 30": "when: state.confidence >= 2",
        },
        ["40:31: cannot compare a choice with a number"],
    ),
    "a choice whose initial value is not one of its values": (
        {
            "  services_down: {type: flag, initial: false}": "  services_down: {type: flag, initial: false}\n  confidence: {type: choice, values: [low, moderate, high], initial: hihg}"
        },
        ["17:15: initial value 'hihg' is not one of the values (did you mean 'high'?): low, moderate, high"],
    ),
    "a choice with one value and bounds": (
        {
            "  services_down: {type: flag, initial: false}": "  services_down: {type: flag, initial: false}\n  confidence: {type: choice, values: [low]}\n  alert: {type: choice, values: [green, red], max: 2}"
        },
        [
            "17:15: a choice lists at least two 'values', lowest first, e.g. [low, moderate, high]",
            "18:10: a choice has no min or max: its values run from the first to the last",
        ],
    ),
    "values on a number": (
        {"public_pressure: {type: integer,": "public_pressure: {type: integer, values: [a, b],"},
        ["15:20: only a choice has 'values'"],
    ),
    "a choice set to a value it does not have, or moved by half a step": (
        {
            "  services_down: {type: flag, initial: false}": "  services_down: {type: flag, initial: false}\n  confidence: {type: choice, values: [low, moderate, high]}",
            "      - {raise: csirt, by: 1}": "      - {set: confidence, to: hgh}\n      - {add: confidence, by: 0.5}\n      - {set: public_pressure, to: high}",
        },
        [
            "38:31: 'confidence' is a choice; 'hgh' is not one of its values (did you mean 'high'?): low, moderate, high",
            "39:31: 'confidence' is a choice; add a whole number of steps (1 up, -1 down)",
            "40:36: 'public_pressure' is an integer; set it to a number",
        ],
    ),
    "the clock compared with a bare number": (
        {"when: state.public_pressure >= 30": "when: clock.elapsed >= 90"},
        ["39:28: cannot compare a duration with a number: clock.elapsed compares with a duration such as 45m or 1h30m"],
    ),
    "a duration compared with something other than the clock": (
        {"when: state.public_pressure >= 30": "when: state.public_pressure >= 30m"},
        ["39:36: a duration such as 30m is compared only with clock.elapsed"],
    ),
    "a count of something that is not a flag": (
        {"when: state.public_pressure >= 30": "when: count(state.services_down, state.public_pressure) >= 1"},
        ["39:38: count(…) counts flags, but this is a number"],
    ),
    "holds_for beside at, beside delay, and of zero": (
        {
            "    opens: {at: 15m}": "    opens: {at: 15m, holds_for: 5m}",
            "    delay: 10m": "    delay: 10m\n    holds_for: 10m",
            "    when: actor.mfa.level >= 2": "    when: actor.mfa.level >= 2\n    holds_for: 0",
        },
        [
            "38:5: give 'delay' or 'holds_for', not both: 'delay' waits after the condition first becomes true without re-checking it; 'holds_for' waits while it stays true",
            "51:12: 'holds_for' goes with 'when' (a condition), not with 'at'",
            "66:5: 'holds_for' must be longer than zero",
        ],
    ),
    "a chance of zero and above one": (
        {
            "    channel: phone": "    channel: phone\n    chance: 0",
            "    when: actor.mfa.level >= 2": "    when: actor.mfa.level >= 2\n    chance: 1.5",
        },
        ["44:13: must be greater than 0.0, got 0", "69:13: must be at most 1.0, got 1.5"],
    ),
    "a condition on a relation that is not declared": (
        {"when: state.public_pressure >= 30": "when: relation.press.mfa.trust < 0.5"},
        ["39:11: no relation from 'press' to 'mfa' (relations have a direction: there is one from 'mfa' to 'press')"],
    ),
    "a condition written in another language's syntax": (
        {"when: state.public_pressure >= 30": "when: state.public_pressure >= 30 && !state.services_down"},
        ["39:39: condition syntax error: use 'and', not '&&'"],
    ),
    "a team named like a seat": (
        {
            "{id: mfa_cell, name: MFA cell}": "{id: observer, name: MFA cell}",
            "played_by: mfa_cell}": "played_by: observer}",
            "to: [mfa_cell]": "to: [observer]",
        },
        ["27:10: 'observer' is the observer's seat when teams join; give the team another id"],
    ),
    "comma in an unquoted flow value": (
        {"{id: press, name: Press, kind: media": "{id: press, name: Press, TV and radio, kind: media"},
        [
            "21:30: unknown key 'TV and radio' with no value; if it is part of the text before it, put that text in quotes (inside {...} a comma starts a new key)"
        ],
    ),
    "unclosed flow list": (
        {"ladder: [normal, elevated, serious, severe, crisis]": "ladder: [normal, elevated"},
        [
            "18:7: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 17)"
        ],
    ),
    "tab indentation": (
        {"    text: Contain the incident quickly": "\ttext: Contain the incident quickly"},
        ["12:1: tab character in indentation; YAML indents with spaces only"],
    ),
    "bad indentation": (
        {"    capability: Cybersecurity": "     capability: Cybersecurity"},
        ["13:16: YAML syntax error: unexpected ':' (check this line's indentation, or quote a value that holds ': ')"],
    ),
    "duplicate key": (
        {"title: Minimal exercise": "title: Minimal exercise\ntitle: Again"},
        ["4:1: duplicate key 'title' (first defined on line 3)"],
    ),
    "two documents": (
        {"id: minimal": "id: minimal\n---\nid: other"},
        ["3:1: expected one YAML document, found several (remove the extra '---')"],
    ),
    "custom tag": (
        {"title: Minimal exercise": "title: !!python/object:os.system x"},
        ["3:8: unsupported YAML tag '!!python/object:os.system'"],
    ),
    "misspelt top-level key": (
        {"summary:": "sumary:"},
        ["2:1: missing required key 'summary'", "4:1: unknown key 'sumary' (did you mean 'summary'?)"],
    ),
    "misspelt nested key": (
        {"    prompt: How": "    promt: How"},
        ["47:5: missing required key 'prompt'", "49:5: unknown key 'promt' (did you mean 'prompt'?)"],
    ),
    "wrong actor kind": (
        {"kind: media": "kind: journalist"},
        [
            "21:36: 'journalist' is not allowed here; expected one of: 'diplomatic', 'technical', 'government', 'private', 'international', 'adversary' or 'media'"
        ],
    ),
    "capability not HSEEP": (
        {"capability: Cybersecurity": "capability: Cyber security"},
        [
            "13:17: 'Cyber security' is not allowed here (did you mean 'Cybersecurity'?); expected one of the 32 values listed in docs/authoring.md"
        ],
    ),
    "bad duration": (
        {"  duration: 3h": "  duration: three hours"},
        ["8:13: expected a duration such as 45m, 1h30m or 01:30, got 'three hours'"],
    ),
    "bad start date": (
        {"start: 2026-03-14T08:00:00+01:00": "start: next tuesday"},
        ["7:10: expected a date and time such as 2026-03-14T08:00:00+01:00, got 'next tuesday'"],
    ),
    "number as title": (
        {"title: Minimal exercise": "title: 42"},
        ["3:8: expected text or a mapping of language codes to text, got the number 42"],
    ),
    "id with capitals": (
        {"  - id: contain_fast": "  - id: Contain-Fast"},
        ["11:9: 'Contain-Fast' is not a valid id (use lower-case letters, digits and _, starting with a letter)"],
    ),
    "trust above one": (
        {"trust: 0.8,": "trust: 1.8,"},
        ["23:35: must be at most 1.0, got 1.8"],
    ),
    "both at and when": (
        {"    at: 0\n": "    at: 0\n    when: state.services_down\n"},
        ["29:5: give either 'at' (a time) or 'when' (a condition), not both or neither"],
    ),
    "one option only": (
        {
            "      - id: wait\n        label: Wait for more information\n        scores: {technical: 0}\n        effects:\n          - {add: public_pressure, by: 25}\n": ""
        },
        ["54:7: needs at least 2 item(s), got 1"],
    ),
    "discussion questions not a list": (
        {"    title: A journalist calls": "    title: A journalist calls\n    discussion_questions: Who speaks?"},
        ["45:27: expected a list, got 'Who speaks?'"],
    ),
    "a discussion question that is not text": (
        {"    title: A journalist calls": "    title: A journalist calls\n    discussion_questions: [Who speaks?, 42]"},
        ["45:41: expected text or a mapping of language codes to text, got the number 42"],
    ),
    "misspelt facilitator notes": (
        {"    title: A journalist calls": "    title: A journalist calls\n    facilitator_note: Play it hard"},
        ["45:5: unknown key 'facilitator_note' (did you mean 'facilitator_notes'?)"],
    ),
    "unknown effect": (
        {"{raise: csirt, by: 1}": "{escalate: csirt, by: 1}"},
        ["37:9: an effect starts with one of: set, add, raise, lower, relation, schedule, cancel, open, end"],
    ),
    "flag with bounds": (
        {"{type: flag, initial: false}": "{type: flag, initial: false, max: 1}"},
        ["16:18: a flag has no min or max"],
    ),
    "unknown team in played_by": (
        {"played_by: mfa_cell}": "played_by: mfa_cel}"},
        [
            "20:68: unknown team 'mfa_cel' (did you mean 'mfa_cell'?)",
            "27:10: team 'mfa_cell' plays no actor (set 'played_by: mfa_cell' on one)",
        ],
    ),
    "unknown sender": (
        {"    from: press": "    from: pres"},
        ["41:11: unknown actor 'pres' (did you mean 'press'?)"],
    ),
    "unknown recipient": (
        {"to: [mfa_cell]": "to: [mfa_team]"},
        ["42:10: unknown team 'mfa_team' (did you mean 'mfa_cell'?)"],
    ),
    "duplicate inject id": (
        {"  - id: press_call": "  - id: first_report"},
        ["38:9: duplicate id 'first_report' (first used on line 29)"],
    ),
    "missing default option": (
        {"default: wait": "default: wiat"},
        ["52:14: unknown option 'wiat' (did you mean 'wait'?)"],
    ),
    "unknown playbook step": (
        {"csirt-incident-handling/contain]": "csirt-incident-handling/contian]"},
        ["57:26: playbook 'csirt-incident-handling' has no step 'contian' (did you mean 'contain'?)"],
    ),
    "unknown norm": (
        {"norms: [un-norm-g]": "norms: [un-norm-z]"},
        ["58:17: unknown UN norm 'un-norm-z'; the eleven norms are un-norm-a … un-norm-k"],
    ),
    "unknown norm at risk": (
        {"norms: [un-norm-g]": "norms: [un-norm-g]\n        norms_at_risk: [un-norm-q]"},
        ["59:25: unknown UN norm 'un-norm-q'; the eleven norms are un-norm-a … un-norm-k"],
    ),
    "norm upheld and at risk": (
        {"norms: [un-norm-g]": "norms: [un-norm-g]\n        norms_at_risk: [un-norm-b, un-norm-g]"},
        ["59:36: 'un-norm-g' is also in this option's norms: upheld or at risk, not both"],
    ),
    "unknown criterion": (
        {"scores: {technical: 3}": "scores: {tecnical: 3}"},
        ["56:28: unknown scoring criterion 'tecnical' (did you mean 'technical'?)"],
    ),
    "score above max": (
        {"scores: {technical: 3}": "scores: {technical: 5}"},
        ["56:29: 5 is outside 0..3 for criterion 'technical'"],
    ),
    "reaction for a played actor": (
        {"    actor: press": "    actor: mfa"},
        ["66:12: actor 'mfa' is played by team 'mfa_cell'; reactions are for simulated actors"],
    ),
    "deadline before opening": (
        {"    window: 30m": "    deadline: 10m"},
        ["51:15: deadline T+00:10 is not after the opening time T+00:15"],
    ),
    "unknown playbook": (
        {"playbooks: [csirt-incident-handling]\n": "playbooks: [csirt-incident-handlin]\n"},
        [
            "9:13: playbook 'csirt-incident-handlin' not found (did you mean 'csirt-incident-handling'?); looked for csirt-incident-handlin.yaml in {project}/scenarios/, {project}/playbooks/",
            "26:52: playbook 'csirt-incident-handling' is not listed under 'playbooks:'",
            "57:26: playbook 'csirt-incident-handling' is not listed under 'playbooks:'",
        ],
    ),
    "inject after the end": (
        {"    at: 0\n": "    at: 4h\n"},
        ["30:9: T+04:00 is after the scenario ends (T+03:00)"],
    ),
    "undeclared language": (
        {"title: Minimal exercise": "title: {en: Minimal exercise, fr: Exercice minimal}"},
        ["3:35: language 'fr' is not declared in 'languages'"],
    ),
    "missing translation": (
        {
            "languages: [en]": "languages: [en, es]",
            "title: Minimal exercise": "title: {en: Minimal exercise, es: Ejercicio mínimo}",
            "summary: A ransomware": "summary: {en: A ransomware",
            "consult partners.": "consult partners.}",
        },
        [
            "4:10: missing translation: es",
            "12:11: text in one language only; give en, es",
            "17:10: text in one language only; give en, es",
            "17:18: text in one language only; give en, es",
            "17:28: text in one language only; give en, es",
            "17:37: text in one language only; give en, es",
            "17:45: text in one language only; give en, es",
            "33:12: text in one language only; give en, es",
            "34:11: text in one language only; give en, es",
            "44:12: text in one language only; give en, es",
            "45:11: text in one language only; give en, es",
            "49:13: text in one language only; give en, es",
            "55:16: text in one language only; give en, es",
            "60:16: text in one language only; give en, es",
            "76:11: text in one language only; give en, es",
        ],
    ),
    "add to a flag": (
        {"{set: services_down, to: true}": "{add: services_down, by: 1}"},
        ["36:15: 'services_down' is a flag; use 'set' with true or false"],
    ),
    "unknown state variable": (
        {"when: state.public_pressure >= 30": "when: state.public_presure >= 30"},
        ["39:11: unknown state variable 'public_presure' (did you mean 'public_pressure'?)"],
    ),
    "condition syntax": (
        {"when: state.public_pressure >= 30": "when: state.public_pressure >="},
        ["39:35: condition syntax error: it ends too early"],
    ),
    "function call": (
        {"when: actor.mfa.level >= 2": "when: __import__('os').system('x')"},
        ["67:11: 'function call' is not allowed in a condition"],
    ),
    "unknown option in condition": (
        {'option == "isolate"': 'option == "isolat"'},
        ["75:38: decision point 'contain' has no option 'isolat' (did you mean 'isolate'?)"],
    ),
    "shape and reference problems in one pass": (
        {"capability: Cybersecurity": "capability: Cyber security", "to: [mfa_cell]": "to: [mfa_team]"},
        [
            "13:17: 'Cyber security' is not allowed here (did you mean 'Cybersecurity'?); expected one of the 32 values listed in docs/authoring.md",
            "42:10: unknown team 'mfa_team' (did you mean 'mfa_cell'?)",
        ],
    ),
    "a broken decision does not make references to it unknown": (
        {"    prompt: How": "    promt: How", "to: [mfa_cell]": "to: [mfa_team]"},
        [
            "42:10: unknown team 'mfa_team' (did you mean 'mfa_cell'?)",
            "47:5: missing required key 'prompt'",
            "49:5: unknown key 'promt' (did you mean 'prompt'?)",
        ],
    ),
    "a broken state variable is not reported again where conditions and effects use it": (
        {"{type: integer, initial: 10": "{type: int, initial: 10", "    from: press": "    from: pres"},
        [
            "15:27: 'int' is not allowed here (did you mean 'integer'?); expected one of: 'number', 'integer', 'flag' or 'choice'",
            "41:11: unknown actor 'pres' (did you mean 'press'?)",
        ],
    ),
    "a broken inject beside an unknown playbook step": (
        {
            "    at: 0\n": "    at: 0\n    tags: 7\n",
            "csirt-incident-handling/contain]": "csirt-incident-handling/contian]",
        },
        [
            "31:11: expected a list, got the number 7",
            "58:26: playbook 'csirt-incident-handling' has no step 'contian' (did you mean 'contain'?)",
        ],
    ),
    "condition not true/false": (
        {"when: actor.mfa.level >= 2": "when: actor.mfa.level"},
        ["67:11: a condition must be true or false, but this is a number"],
    ),
    "a recurring inject with no bound": (
        {"    to: [csirt_cell]\n": "    to: [csirt_cell]\n    every: 30m\n"},
        [
            "29:5: a recurring inject needs 'times: N' or 'until: <condition>', so it never recurs unnoticed",
        ],
    ),
    "'times' without 'every'": (
        {"    to: [csirt_cell]\n": "    to: [csirt_cell]\n    times: 3\n"},
        ["29:5: 'until' and 'times' go with 'every' (a recurring inject); add 'every: 30m'"],
    ),
    "an inject that schedules itself": (
        {"      - {raise: csirt, by: 1}": "      - {schedule: first_report, after: 30m}"},
        [
            "37:20: inject 'first_report' schedules itself, which does nothing: an inject is delivered once. "
            "For a recurring inject write 'every: 30m' with 'times: N' or 'until: <condition>'"
        ],
    ),
    "a recurring inject's 'until' naming an unknown decision": (
        {"    to: [csirt_cell]\n": "    to: [csirt_cell]\n    every: 30m\n    until: decision.contian.decided\n"},
        ["34:12: unknown decision point 'contian' (did you mean 'contain'?)"],
    ),
    "a variant for an unknown team": (
        {"    to: [csirt_cell]\n": "    to: [csirt_cell]\n    variants:\n      csirt_cel: {title: Ransom}\n"},
        ["34:7: unknown team 'csirt_cel' (did you mean 'csirt_cell'?)"],
    ),
    "a variant for a team that does not receive the inject": (
        {"    to: [csirt_cell]\n": "    to: [csirt_cell]\n    variants:\n      mfa_cell: {title: Ransom}\n"},
        ["34:7: team 'mfa_cell' does not receive this inject (to: csirt_cell); add it to 'to' or remove its variant"],
    ),
    "an attachment that is not there": (
        {"    to: [csirt_cell]\n": "    to: [csirt_cell]\n    attachments:\n      - {file: logs/fw.txt}\n"},
        ["34:16: attachment not found: logs/fw.txt (looked in {project}/scenarios)"],
    ),
    "an attachment outside the scenario's folder": (
        {"    to: [csirt_cell]\n": "    to: [csirt_cell]\n    attachments:\n      - {file: ../secrets.txt}\n"},
        ["34:16: '..' would leave the scenario's folder; keep attachments in it or below it: ../secrets.txt"],
    ),
    "an attachment with an absolute path": (
        {"    to: [csirt_cell]\n": "    to: [csirt_cell]\n    attachments:\n      - {file: /etc/passwd}\n"},
        ["34:16: an attachment's path is relative to the scenario's folder, not absolute: /etc/passwd"],
    ),
    "an inject in a move that is not declared": (
        with_moves(after="\n    move: detecton"),
        [
            "33:11: unknown move 'detecton' (did you mean 'detection'?)",
        ],
    ),
    "a move named where the scenario has no moves": (
        {"  - id: contain\n": "  - id: contain\n    move: detection\n"},
        [
            "48:11: unknown move 'detection': the scenario has no 'moves:'",
        ],
    ),
    "moves listed out of their time order": (
        with_moves(first="{id: detection, title: Detection, starts: {at: 45m}}"),
        [
            "30:46: move 'spread' starts at T+00:30, before move 'detection' (T+00:45); moves start in the order they are listed",
        ],
    ),
    "a condition on a move that is not declared": (
        {**with_moves(), "when: actor.mfa.level >= 2": "when: move.sprea.started"},
        [
            "70:11: unknown move 'sprea' (did you mean 'spread'?)",
        ],
    ),
    "a condition comparing the current move with an unknown one": (
        {**with_moves(), "when: actor.mfa.level >= 2": 'when: move.current == "recovery"'},
        [
            "70:27: unknown move 'recovery'",
        ],
    ),
    "move.current without moves": (
        {"when: actor.mfa.level >= 2": 'when: move.current == "x"'},
        [
            "67:11: the scenario has no moves: 'move.current' needs a 'moves:' list",
        ],
    ),
    "a joint decision naming an unknown team twice": (
        {"    team: csirt_cell\n": "    team: [csirt_cell, mfa_cel, csirt_cell]\n"},
        [
            "48:24: unknown team 'mfa_cel' (did you mean 'mfa_cell'?)",
            "48:33: team 'csirt_cell' is listed twice",
        ],
    ),
    "a condition on the default option": (
        {"      - id: wait\n": "      - id: wait\n        when: state.services_down\n"},
        [
            "60:15: option 'wait' is the default, which is always offered (it applies when the deadline passes): remove its 'when' or choose another default",
        ],
    ),
    "an option's condition with an unknown name": (
        {"      - id: isolate\n": "      - id: isolate\n        when: state.pressure > 3\n"},
        [
            "55:15: unknown state variable 'pressure' (did you mean 'public_pressure'?)",
        ],
    ),
}


def problems_of(write_scenario, edits: dict[str, str]) -> list[str]:
    text = MINIMAL
    for old, new in edits.items():
        assert text.count(old) == 1, f"edit {old!r} must match exactly once"
        text = text.replace(old, new)
    path = write_scenario(text)
    with pytest.raises(ValidationFailed) as caught:
        load_scenario(path)
    project = str(path.parent.parent)
    return [str(p).removeprefix(f"{path}:").replace(project, "{project}") for p in caught.value.problems]


@pytest.mark.parametrize("name", CASES)
def test_broken_scenario_is_reported_exactly(name, write_scenario):
    edits, expected = CASES[name]
    assert problems_of(write_scenario, edits) == expected


def test_corpus_is_large_enough():
    assert len(CASES) >= 25
