"""`play` on a session already under way (a fork): it continues from where the session stands."""

from __future__ import annotations

from tabletop.loader.scripts import load_script
from tabletop.session import Session, play
from tabletop.session.fork import fork_session
from tests.conftest import ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"


def _fork_at(tmp_path, at):
    parent = tmp_path / "parent.db"
    session = Session.create(CANAL, parent, seed=7)
    play(session, *load_script(ROOT / "examples" / "canal-ransomware" / "poor.yaml", session.loaded.scenario))
    session.close()
    return fork_session(parent, tmp_path / "fork.db", at=at)


def _script(tmp_path, text, scenario):
    path = tmp_path / "script.yaml"
    path.write_text(text, encoding="utf-8")
    return load_script(path, scenario)


def test_a_step_before_the_point_is_skipped_but_a_still_open_decision_is_answered_at_once(tmp_path):
    fork = _fork_at(tmp_path, 2 * 3600 + 44 * 60)  # d_consult opened at T+02:40; the parent answered at T+02:45
    script = _script(
        tmp_path,
        "steps:\n"
        '  - {at: "T+00:50", note: "too late to say"}\n'
        '  - {at: "T+02:41", team: mfa_cell, decide: d_consult, option: consult_and_poc, rationale: "ask partners"}\n',
        fork.loaded.scenario,
    )
    warnings = play(fork, *script)
    fork.close()
    made = [e for e in fork.events if e.kind == "decision_made" and e.time > 2 * 3600 + 40 * 60]
    assert [(e.decision, e.option, e.time, e.elapsed) for e in made] == [
        ("d_consult", "consult_and_poc", 2 * 3600 + 44 * 60, 4 * 60)
    ]
    assert [str(w).split(": ", 1)[1] for w in warnings] == [
        "not played: T+00:50 is before T+02:44, where this session continues"
    ]
    assert not any(e.kind == "note_added" for e in fork.events)


def test_a_step_answering_a_decision_already_closed_is_skipped(tmp_path):
    fork = _fork_at(tmp_path, 2 * 3600 + 50 * 60)  # the parent answered d_consult at T+02:45
    script = _script(
        tmp_path,
        'steps:\n  - {at: "T+02:55", team: mfa_cell, decide: d_consult, option: consult_and_poc}\n',
        fork.loaded.scenario,
    )
    warnings = play(fork, *script)
    fork.close()
    assert [str(w).split(": ", 1)[1] for w in warnings] == [
        "not played: decision point 'd_consult' was already closed by T+02:50, where this session continues"
    ]


def test_a_move_the_script_starts_that_had_not_started_by_the_point_starts_at_once(tmp_path):
    example = ROOT / "examples" / "msp-supply-chain.yaml"
    parent = tmp_path / "late.db"
    session = Session.create(example, parent)
    play(session, *load_script(ROOT / "examples" / "msp-supply-chain" / "late.yaml", session.loaded.scenario))
    session.close()
    fork = fork_session(parent, tmp_path / "fork.db", at=3600)  # the late play starts move 2 at T+01:00
    assert "attribution" not in fork.engine.moves_started
    good = load_script(ROOT / "examples" / "msp-supply-chain" / "good.yaml", fork.loaded.scenario)
    warnings = play(fork, *good)  # its start_move is at T+00:45
    fork.close()
    assert fork.engine.moves_started["attribution"] == 3600
    assert fork.engine.decisions["request_assistance"].decided
    assert not any("never started" in str(w) for w in warnings)
