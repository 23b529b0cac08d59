"""Sessions: saved as they happen, resumed exactly, and honest when the scenario changed."""

from __future__ import annotations

import gc
import os
import re
import signal
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from tabletop.engine import CommandRefused
from tabletop.engine import commands as c
from tabletop.engine import events as ev
from tabletop.errors import TabletopError
from tabletop.session import ScenarioChanged, Session
from tabletop.store import StoreError
from tests.conftest import MINIMAL, ROOT

PLAYED = [
    c.Start(),
    c.Advance(to=1000),
    c.Note(text="CSIRT cell asks for logs"),
    c.Decide(team="csirt_cell", decision="contain", option="wait", rationale="need more facts"),
    c.Advance(to=4000),
    c.ScoreAdjust(team="csirt_cell", points=-1, reason="slow"),
]


@pytest.fixture
def recorded(write_scenario, tmp_path):
    scenario = write_scenario(MINIMAL)
    session = Session.create(scenario, tmp_path / "s.db", seed=5)
    for command in PLAYED:
        session.submit(command)
    session.close()
    return scenario, tmp_path / "s.db", session.events


def test_resume_rebuilds_the_same_state(recorded):
    _, path, events = recorded
    resumed = Session.resume(path)
    assert resumed.events == events
    assert resumed.engine.now == 4000 and resumed.engine.state["public_pressure"] == 35
    assert "press_call" in resumed.engine.delivered


def test_a_resume_that_keeps_no_events_still_checks_them_all(recorded):
    _, path, _ = recorded
    resumed = Session.resume(path, writable=False, keep_events=False)
    assert resumed.events == [] and resumed.engine.now == 4000 and resumed.engine.state["public_pressure"] == 35
    resumed.close()
    damage(path, "UPDATE events SET event = replace(event, '\"value\":35', '\"value\":36') WHERE command_seq = 4")
    with pytest.raises(ScenarioChanged, match="command #4: replaying it gives different events"):
        Session.resume(path, writable=False, keep_events=False)


def test_a_command_repeated_word_for_word_replays_each_time(write_scenario, tmp_path):
    session = Session.create(write_scenario(MINIMAL), tmp_path / "ticks.db", seed=5)
    for command in [c.Start(), *[c.Advance(by=600)] * 5, *[c.Note(text="same words")] * 3]:
        session.submit(command)
    session.close()
    resumed = Session.resume(tmp_path / "ticks.db")
    assert resumed.events == session.events and resumed.engine.now == 3000
    assert [e.time for e in resumed.events if isinstance(e, ev.NoteAdded)] == [3000] * 3


def test_resumed_session_continues_where_it_stopped(recorded):
    _, path, _ = recorded
    resumed = Session.resume(path)
    resumed.submit(c.Advance(to=20000))
    resumed.close()
    again = Session.resume(path)
    assert again.engine.ended and again.store.count() == len(PLAYED) + 1


def test_text_recorded_before_control_characters_were_refused_still_replays(recorded):
    _, path, _ = recorded
    db = sqlite3.connect(path)
    for table, column in (("commands", "command"), ("events", "event")):
        db.execute(f"UPDATE {table} SET {column} = replace({column}, 'asks for logs', 'asks\\u001b[31m for logs')")
    db.commit()
    db.close()
    resumed = Session.resume(path)
    assert any(getattr(e, "text", None) == "CSIRT cell asks\x1b[31m for logs" for e in resumed.events)
    with pytest.raises(TabletopError, match="control character"):
        resumed.submit({"kind": "note", "text": "typed now\x1b[31m"})


def test_a_refused_command_is_not_saved(recorded):
    _, path, _ = recorded
    session = Session.resume(path)
    with pytest.raises(CommandRefused):
        session.submit(c.Decide(team="csirt_cell", decision="contain", option="isolate"))
    assert session.store.count() == len(PLAYED)


def test_a_changed_scenario_is_named_and_the_stored_copy_can_continue(recorded):
    scenario, path, events = recorded
    scenario.write_text(MINIMAL.replace("by: 25", "by: 40"), encoding="utf-8")
    with pytest.raises(ScenarioChanged, match="changed since this session was recorded"):
        Session.resume(path)
    resumed = Session.resume(path, use_stored=True)
    assert resumed.events == events


def test_a_deleted_scenario_points_to_the_stored_copy(recorded):
    scenario, path, _ = recorded
    scenario.unlink()
    with pytest.raises(ScenarioChanged, match="--use-stored"):
        Session.resume(path)
    assert Session.resume(path, use_stored=True).engine.now == 4000


def damage(path, statement):
    db = sqlite3.connect(path)
    db.execute(statement)
    db.commit()
    db.close()


def test_replayed_events_that_differ_from_the_recorded_ones_are_named(recorded):
    _, path, _ = recorded
    damage(path, "UPDATE events SET event = replace(event, '\"value\":35', '\"value\":36') WHERE command_seq = 4")
    with pytest.raises(ScenarioChanged) as raised:
        Session.resume(path)
    message = str(raised.value)
    assert f"{path}: command #4: replaying it gives different events than were recorded (event 2: recorded " in message
    assert '"value":36' in message and '"value":35' in message and "--use-stored" in message


def test_on_its_stored_copy_a_session_that_replays_differently_was_edited(recorded):
    _, path, _ = recorded
    damage(path, "DELETE FROM events WHERE command_seq = 4 AND idx = 0")
    with pytest.raises(StoreError, match=r"command #4: replaying it .* the session file was edited or damaged"):
        Session.resume(path, use_stored=True)


@pytest.mark.parametrize(
    ("statement", "message"),
    [
        ("UPDATE commands SET command = '[[[' WHERE seq = 2", "command #2 is damaged (not JSON)"),
        ("DELETE FROM commands WHERE seq = 3", "command #3 is missing from the session file"),
        ('UPDATE events SET event = \'{"kind":"started"}\' WHERE command_seq = 1', "command #1, event 1 is damaged"),
        (
            "UPDATE events SET event = 'x' WHERE command_seq = 4 AND idx = 1",
            "command #4, event 2 is damaged (not JSON)",
        ),
    ],
)
def test_a_damaged_row_is_a_store_error_naming_the_file_and_command(recorded, statement, message):
    _, path, _ = recorded
    damage(path, statement)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=re.escape(message)) as raised:
        Session.resume(path, writable=False)
    assert str(raised.value).startswith(str(path)) and path.read_bytes() == before


def test_resume_leaves_the_garbage_collector_as_it_found_it(recorded):
    _, path, _ = recorded
    Session.resume(path).close()
    assert gc.isenabled()
    damage(path, "UPDATE events SET event = 'x' WHERE command_seq = 4 AND idx = 1")
    with pytest.raises(StoreError):
        Session.resume(path)
    assert gc.isenabled()
    gc.disable()
    try:
        with pytest.raises(StoreError):
            Session.resume(path)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_an_adhoc_inject_that_raises_a_level_is_saved_so_that_it_resumes(write_scenario, tmp_path):
    session = Session.create(write_scenario(MINIMAL), tmp_path / "s.db")
    session.submit(c.Start())
    session.submit(c.AdhocInject(to=["mfa_cell"], title="Escalate", effects=[{"raise": "mfa", "by": 2}]))
    session.close()
    assert Session.resume(tmp_path / "s.db").engine.levels["mfa"] == 2


def test_two_runs_with_the_same_seed_and_commands_store_identical_events(write_scenario, tmp_path):
    scenario = write_scenario(MINIMAL)
    logs = []
    for name in ("a.db", "b.db"):
        session = Session.create(scenario, tmp_path / name, seed=9)
        for command in PLAYED:
            session.submit(command)
        logs.append([r.events for r in session.store.records()])
        session.close()
    assert logs[0] == logs[1]


CHILD = textwrap.dedent(
    """
    import sys
    from tabletop.engine import commands as c
    from tabletop.session import Session
    session = Session.create(sys.argv[1], sys.argv[2])
    session.submit(c.Start())
    print("ACK 1", flush=True)
    for i in range(2, 100_000):
        session.submit(c.Note(text=f"note {i}"))
        print(f"ACK {i}", flush=True)
    """
)


def test_sigkill_mid_session_loses_no_acknowledged_command(write_scenario, tmp_path):
    scenario = write_scenario(MINIMAL)
    path = tmp_path / "killed.db"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(scenario), str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    acknowledged = 0
    for line in child.stdout:
        acknowledged = int(line.split()[1])
        if acknowledged >= 60:
            break
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    resumed = Session.resume(path)
    notes = [e.text for e in resumed.events if isinstance(e, ev.NoteAdded)]
    assert resumed.store.count() >= acknowledged
    assert notes[: acknowledged - 1] == [f"note {i}" for i in range(2, acknowledged + 1)]
    resumed.submit(c.Note(text="after the crash"))
    assert resumed.events[-1].text == "after the crash"


def test_a_closed_session_is_whole_in_its_one_file(recorded, tmp_path):
    import shutil

    _, path, events = recorded
    assert not path.with_name(path.name + "-wal").exists() or path.with_name(path.name + "-wal").stat().st_size == 0
    copy = tmp_path / "copy" / "alone.db"
    copy.parent.mkdir()
    shutil.copy(path, copy)
    assert Session.resume(copy, use_stored=True).events == events


def test_a_resumed_session_replays_its_chance_draws_exactly(write_scenario, tmp_path):
    scenario = write_scenario(
        MINIMAL.replace("    channel: phone\n", "    channel: phone\n    chance: 0.5\n").replace(
            "      - {add: public_pressure, by: 20}\n", "      - {add: public_pressure, by: 20}\n    chance: 0.5\n"
        )
    )
    for seed in range(6):
        session = Session.create(scenario, tmp_path / f"{seed}.db", seed=seed)
        for command in PLAYED:
            session.submit(command)
        session.close()
        assert any(isinstance(e, ev.ChanceDrawn) for e in session.events)
        resumed = Session.resume(tmp_path / f"{seed}.db")
        assert resumed.events == session.events
        resumed.close()


def test_a_session_keeps_its_attachments_and_resumes_after_the_files_are_gone(write_scenario, tmp_path):
    from tabletop.session import views
    from tests.loader.test_attachments import ATTACHED

    scenario = write_scenario(ATTACHED)
    (scenario.parent / "logs").mkdir()
    (scenario.parent / "logs" / "fw.txt").write_text("DENY 10.0.0.5\n")
    (scenario.parent / "logs" / "dump.bin").write_bytes(b"\x00\x01")
    session = Session.create(scenario, tmp_path / "s.db")
    session.submit(c.Start())
    session.close()
    (scenario.parent / "logs" / "fw.txt").unlink()
    (scenario.parent / "logs" / "dump.bin").unlink()
    for use_stored in (False, True):
        resumed = Session.resume(tmp_path / "s.db", use_stored=use_stored)
        view = views.team_view(resumed.engine, resumed.events, "csirt_cell")
        assert view["files"] == {
            "logs/fw.txt": {"text": "DENY 10.0.0.5\n"},
            "logs/dump.bin": {"data": "AAE=", "size": 2},
        }
        assert view["inbox"][-1]["attachments"] == [
            {"file": "logs/fw.txt", "title": "Firewall log"},
            {"file": "logs/dump.bin", "title": "dump.bin"},
        ]
        assert "files" not in views.team_view(resumed.engine, resumed.events, "mfa_cell")
        resumed.close()


def test_an_attachment_changed_on_disk_is_not_noticed_but_one_added_to_the_scenario_is(write_scenario, tmp_path):
    from tabletop.session.session import ScenarioChanged
    from tests.loader.test_attachments import ATTACHED

    scenario = write_scenario(ATTACHED)
    (scenario.parent / "logs").mkdir()
    (scenario.parent / "logs" / "fw.txt").write_text("DENY 10.0.0.5\n")
    (scenario.parent / "logs" / "dump.bin").write_bytes(b"\x00\x01")
    Session.create(scenario, tmp_path / "s.db").close()
    (scenario.parent / "logs" / "fw.txt").write_text("edited since\n")
    resumed = Session.resume(tmp_path / "s.db")
    assert resumed.engine.compiled.attachments["logs/fw.txt"] == b"DENY 10.0.0.5\n"  # the session's own copy
    resumed.close()
    (scenario.parent / "logs" / "new.txt").write_text("new")
    scenario.write_text(ATTACHED.replace("      - {file: logs/dump.bin}\n", "      - {file: logs/new.txt}\n"))
    with pytest.raises(ScenarioChanged):
        Session.resume(tmp_path / "s.db")


def test_feedback_and_hot_wash_replay_exactly_on_resume(write_scenario, tmp_path):
    session = Session.create(write_scenario(MINIMAL), tmp_path / "fb.db", seed=5)
    for command in [
        c.Start(),
        c.End(),
        c.ParticipantFeedback(team="csirt_cell", strengths="clear roles", ratings={"contain_fast": 4}),
        c.ParticipantFeedback(team="csirt_cell", strengths="clearer roles", ratings={"contain_fast": 5}),
        c.HotWash(point="improvement", text="press line came late", team="mfa_cell"),
    ]:
        session.submit(command)
    session.close()
    resumed = Session.resume(tmp_path / "fb.db")
    assert resumed.events == session.events
    assert [e.kind for e in resumed.events[-3:]] == [
        "participant_feedback_given",
        "participant_feedback_given",
        "hot_wash_recorded",
    ]


def test_a_mark_for_debrief_replays_exactly_on_resume(write_scenario, tmp_path):
    session = Session.create(write_scenario(MINIMAL), tmp_path / "mark.db", seed=5)
    for command in [c.Start(), c.Advance(to=20 * 60), c.MarkForDebrief(decision="contain", note="why wait?"), c.End()]:
        session.submit(command)
    session.close()
    resumed = Session.resume(tmp_path / "mark.db")
    assert resumed.events == session.events
    assert [e.decision for e in resumed.events if e.kind == "marked_for_debrief"] == ["contain"]
