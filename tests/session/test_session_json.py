"""The JSON a session file holds never changes shape: files recorded by earlier versions
still resume and verify. The rows of two played sessions, covering every command and every
kind of event, are pinned byte for byte in tests/fixtures/golden/session-rows.txt.
Regenerate with TABLETOP_UPDATE_GOLDEN=1 only for a deliberate format change."""

from __future__ import annotations

import os
import sqlite3

from tabletop.engine import commands as c
from tabletop.session import Session
from tabletop.store import SQLiteStore
from tests.conftest import FIXTURES, MINIMAL, ROOT
from tests.engine.test_recurring_injects import with_sitrep

GOLDEN = ROOT / "tests" / "fixtures" / "golden" / "session-rows.txt"
CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"
CANAL_COMMANDS = [
    c.Note(text="before the start"),
    c.Start(),
    c.Pause(),
    c.Resume(),
    c.AdhocInject(
        to=["mfa_cell", "csirt_cell"],
        title={"en": "The minister calls", "es": "Llama la ministra"},
        body="Why no statement yet? [/] <b>ñ</b>",
        effects=[{"add": "public_pressure", "by": 5}, {"cancel": "journalist_leak"}, {"raise": "group", "by": 4}],
    ),
    c.AdhocInject(to=["csirt_cell"], title="A partner writes", sender="partner_cert", channel="liaison"),
    c.DeliverInject(inject="leak_site"),
    c.Advance(to=1900),
    c.Decide(team="csirt_cell", decision="d_contain", option="isolate_segment", rationale="evidence first"),
    c.Advance(next=True),
    c.Advance(to=6000),
    c.ScoreAdjust(team="csirt_cell", points=2, reason="good call", decision="d_contain"),
    c.ScoreAdjust(team="mfa_cell", points=-1.5, reason="slow", criterion="coordination"),
    c.Advance(by=600),
    c.End(outcome="stopped", text="the room ran out of time"),
    c.RateObjective(objective="share_indicators", rating="S", note="fast, but no TLP"),
    c.ReleaseFeedback(team="csirt_cell"),
    c.ReleaseFeedback(),
    c.Note(text="debrief: ask about the board", team="mfa_cell"),
    c.PlayOn(note="the minister wants to see the fallout"),
    c.Discuss(text="Who informs Varnia, and how?"),
    c.Resume(),
    c.CancelInject(inject="restoration_report", reason="no time left for recovery"),
    c.ObserverNote(text="the MFA cell waited for the CSIRT", team="mfa_cell", objective="share_indicators", rating="M"),
    c.End(outcome="stopped", text="the room ran out of time"),
    c.DescribeExercise(dates=["2026-11-30"], location="Panamá", participants=["AurCERT", "MFA"], marking="TLP:AMBER"),
    c.PlanImprovements(
        entries=[
            {"decision": "d_contain", "owner": "AurCERT", "poc": "Ana", "start": "2027-01-15"},
            {"issue": "No port liaison", "action": "Appoint one", "capability": "Operational Coordination"},
        ]
    ),
]
FREE_TEXT = MINIMAL.replace("    default: wait\n", "    default: wait\n    free_text: true\n")
FREE_TEXT_COMMANDS = [
    c.Start(),
    c.Advance(to=1000),
    c.Decide(team="csirt_cell", decision="contain", text="call the operator first", rationale=""),
    c.CountAsOption(decision="contain", option="isolate", reason="calling the operator isolates it"),
    c.Advance(to=99_999),
]

CHANCE_AND_CHOICE = (
    MINIMAL.replace("    channel: phone\n", "    channel: phone\n    chance: 0.5\n")
    .replace(
        "  services_down: {type: flag, initial: false}\n",
        "  services_down: {type: flag, initial: false}\n  confidence: {type: choice, values: [low, moderate, high]}\n",
    )
    .replace("      - {raise: csirt, by: 1}", "      - {raise: csirt, by: 1}\n      - {add: confidence, by: 1}")
)
CHANCE_AND_CHOICE_COMMANDS = [c.Start(), c.Advance(to=1000), c.Advance(to=99_999)]
MOVES_COMMANDS = [
    c.Start(),
    c.Advance(to=1200),
    c.Decide(team="csirt_cell", decision="contain", option="isolate", rationale=""),
    c.StartMove(),
    c.Advance(to=1800),
    c.Decide(team="mfa_cell", decision="press_line", option="facts", rationale="agreed with the CSIRT"),
    c.StartMove(move="recovery"),
    c.Advance(to=99_999),
]
"""Moves (held injects, a move started by hand), a joint decision answered by one of its teams."""


RECURRING_COMMANDS = [
    c.Start(),
    c.Advance(to=3600),
    c.CancelInject(inject="sitrep", reason="enough"),
    c.Advance(to=7200),
]

FEEDBACK_COMMANDS = [
    c.Start(),
    c.End(),
    c.ParticipantFeedback(
        team="csirt_cell",
        respondent="terminal 1",
        strengths="clear roles",
        improvements="logs came late",
        ratings={"contain_fast": 4},
        comments="[/] <b>ñ</b>",
    ),
    c.HotWash(point="strength", text="fast containment", team="csirt_cell"),
    c.HotWash(point="improvement", text="no press line"),
]
"""Participant feedback and the hot wash, after the end."""

MARK_COMMANDS = [c.Start(), c.Advance(to=1200), c.MarkForDebrief(decision="contain", note="why wait?"), c.End()]
"""A decision point marked for the debrief while it is open."""


def session_rows(path) -> list[str]:
    """The command and event rows exactly as stored, one per line."""
    db = sqlite3.connect(path)
    try:
        lines = []
        for seq, command in db.execute("SELECT seq, command FROM commands ORDER BY seq"):
            lines.append(f"C {command}")
            events = db.execute("SELECT event FROM events WHERE command_seq = ? ORDER BY idx", (seq,))
            lines += [f"E {event}" for (event,) in events]
        return lines
    finally:
        db.close()


def play_session(scenario, commands, path, seed):
    session = Session.create(scenario, path, seed=seed)
    for command in commands:
        session.submit(command)
    session.close()
    return session_rows(path)


def played_rows(tmp_path, write_scenario) -> list[str]:
    canal = play_session(CANAL, CANAL_COMMANDS, tmp_path / "canal.db", seed=7)
    free = play_session(write_scenario(FREE_TEXT), FREE_TEXT_COMMANDS, tmp_path / "free.db", seed=3)
    chance = play_session(
        write_scenario(CHANCE_AND_CHOICE, "chance.yaml"), CHANCE_AND_CHOICE_COMMANDS, tmp_path / "chance.db", seed=4
    )
    recurring_scenario = write_scenario(with_sitrep("times: 5"), "recurring.yaml")
    recurring = play_session(recurring_scenario, RECURRING_COMMANDS, tmp_path / "recurring.db", seed=5)
    moves_text = (FIXTURES / "moves.yaml").read_text(encoding="utf-8")
    moves = play_session(write_scenario(moves_text, "moves.yaml"), MOVES_COMMANDS, tmp_path / "moves.db", seed=5)
    feedback = play_session(
        write_scenario(MINIMAL, "feedback.yaml"), FEEDBACK_COMMANDS, tmp_path / "feedback.db", seed=5
    )
    return [
        "# canal-ransomware, seed 7",
        *canal,
        "# minimal with a free-text answer, seed 3",
        *free,
        "# minimal with a chance and a choice, seed 4",
        *chance,
        "# minimal with a recurring inject to all teams, cancelled after two deliveries, seed 5",
        *recurring,
        "# three moves with a joint decision, seed 5",
        *moves,
        "# minimal with participant feedback and the hot wash, seed 5",
        *feedback,
        "# minimal with a decision marked for the debrief, seed 5",
        *play_session(write_scenario(MINIMAL, "mark.yaml"), MARK_COMMANDS, tmp_path / "mark.db", seed=5),
    ]


def test_session_rows_keep_their_exact_json(tmp_path, write_scenario):
    rows = played_rows(tmp_path, write_scenario)
    if os.environ.get("TABLETOP_UPDATE_GOLDEN"):
        GOLDEN.write_text("\n".join(rows) + "\n", encoding="utf-8")
    golden = GOLDEN.read_text(encoding="utf-8").splitlines()
    for i, (row, pinned) in enumerate(zip(rows, golden, strict=False), start=1):
        assert row == pinned, f"{GOLDEN.name} line {i} differs"
    assert len(rows) == len(golden)


def test_the_pinned_rows_cover_every_kind_of_event():
    lines = GOLDEN.read_text(encoding="utf-8").splitlines()
    kinds = {line.split('"kind":"')[1].split('"')[0] for line in lines if line.startswith("E ")}
    assert any('"kind":"level_changed"' in line and '"via":' in line for line in lines)
    assert kinds >= {
        "note_added",
        "started",
        "paused",
        "resumed",
        "inject_delivered",
        "inject_cancelled",
        "decision_opened",
        "decision_made",
        "decision_defaulted",
        "state_changed",
        "level_changed",
        "relation_changed",
        "reaction_fired",
        "score_adjusted",
        "objective_rated",
        "feedback_released",
        "ended",
        "move_started",
    }


def test_a_session_recorded_in_the_pinned_format_resumes_and_verifies(tmp_path, write_scenario):
    played_rows(tmp_path, write_scenario)
    canal = GOLDEN.read_text(encoding="utf-8").split("# minimal")[0].splitlines()[1:]
    store = SQLiteStore.open(tmp_path / "canal.db", writable=False)
    meta = store.meta()
    store.close()
    rebuilt = SQLiteStore.create(tmp_path / "old.db", meta)
    for line in canal:
        if line.startswith("C "):
            rebuilt.append(line[2:], [], "2026-01-01T00:00:00.000+00:00")
    rebuilt.close()
    db = sqlite3.connect(tmp_path / "old.db")
    seq, idx = 0, 0
    for line in canal:
        if line.startswith("C "):
            seq, idx = seq + 1, 0
        else:
            db.execute("INSERT INTO events (command_seq, idx, event) VALUES (?, ?, ?)", (seq, idx, line[2:]))
            idx += 1
    db.commit()
    db.close()
    resumed = Session.resume(tmp_path / "old.db", use_stored=True, writable=False)
    assert resumed.engine.ended and resumed.store.count() == len(CANAL_COMMANDS)
    resumed.close()
