"""The console runs moves at the room's pace (key m) and records only the options offered now."""

from __future__ import annotations

import asyncio
import shutil

import pytest
from textual.widgets import Select

from tabletop.engine import commands as c
from tabletop.session import Session
from tabletop.tui import create_console
from tabletop.tui.forms import ConfirmScreen, FormScreen
from tests.conftest import FIXTURES, ROOT
from tests.net.conftest import until
from tests.tui.conftest import commands, text
from tests.tui.test_room import facilitating, seated


def moves_session(tmp_path) -> Session:
    """The three-move fixture, started: move 1 under way, move 2 waiting for the facilitator."""
    (tmp_path / "scenarios").mkdir()
    shutil.copytree(ROOT / "playbooks", tmp_path / "playbooks")
    scenario = tmp_path / "scenarios" / "moves.yaml"
    shutil.copy(FIXTURES / "moves.yaml", scenario)
    session = Session.create(scenario, tmp_path / "live.db", seed=1)
    session.submit(c.Start())
    return session


@pytest.fixture
def moves_console(tmp_path):
    session = moves_session(tmp_path)
    yield create_console(session, tick_seconds=3600, report_dir=tmp_path)
    session.close()


@pytest.fixture
def hosting_moves(tmp_path):
    """The same console, hosting the session on 127.0.0.1 for trainees and the room."""
    session = moves_session(tmp_path)
    session.submit(c.Pause())
    yield create_console(session, tick_seconds=3600, report_dir=tmp_path, listen=("127.0.0.1", 0))
    session.close()


def run(app, scenario, size=(120, 40)):
    async def go():
        async with app.run_test(size=size) as pilot:
            await scenario(pilot)

    asyncio.run(go())


def timeline(app) -> list[tuple[str, ...]]:
    table = app.query_one("#timeline-table")
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


def test_m_starts_the_next_move_after_a_yes_and_its_held_injects_go_out(moves_console):
    console = moves_console

    console.session.submit(c.Advance(to=1500))  # leak (20m, move 2) is due and held

    async def scenario(pilot):
        await pilot.pause()
        assert "Move 1: detection" in text(console, "#clock")
        await pilot.press("m")
        assert isinstance(console.screen, ConfirmScreen)
        assert console.screen.question.startswith("Start Move 2: the press hears of it now?")
        await pilot.press("y")
        await pilot.pause()
        assert "Move 2: the press hears of it" in text(console, "#clock")

    run(console, scenario)
    assert commands(console)[-1] == {"kind": "start_move", "move": "spread"}
    assert "leak" in console.engine.delivered


def test_the_timeline_shows_where_each_move_begins(moves_console):
    console = moves_console

    async def scenario(pilot):
        await pilot.pause()
        rows = timeline(console)
        moves = [(row[0], row[1], row[3]) for row in rows if row[2].startswith("move ")]
        assert moves == [
            ("T+00:00", "started", "━━ Move 1: detection ━━"),
            ("T+02:00", "starts", "━━ Move 3: recovery ━━"),
            ("", "next: start it with m", "━━ Move 2: the press hears of it ━━"),
        ]
        first = [row[2] for row in rows][:2]
        assert first == ["move detection", "inject first_report"]  # the boundary comes before its items

    run(console, scenario)


def test_next_move_is_in_the_help_the_footer_and_the_palette(moves_console):
    console = moves_console

    async def scenario(pilot):
        await pilot.pause()
        assert "Next move" in {key.description for key in console.screen.query("Footer FooterKey")}
        assert "Start the next move" in [command.title for command in console.get_system_commands(console.screen)]
        await pilot.press("question_mark")
        lines = text(console, "#message-body").splitlines()
        assert any(
            line.startswith("m ")
            and line.endswith("start the next move when the room is ready (its held injects and decisions go out)")
            for line in lines
        )

    run(console, scenario)


def test_a_scenario_without_moves_shows_no_move_key(console):
    async def scenario(pilot):
        await pilot.pause()
        assert "Next move" not in {key.description for key in console.screen.query("Footer FooterKey")}
        assert "Start the next move" not in [c.title for c in console.get_system_commands(console.screen)]
        await pilot.press("m")
        assert not isinstance(console.screen, ConfirmScreen)

    run(console, scenario)
    assert "start_move" not in [command["kind"] for command in commands(console)]


def offered_in_form(console, contain: str) -> list[str]:
    """The options the record-decision form offers for the joint decision, once `contain` was chosen."""
    session = console.session
    for command in (
        c.Advance(to=1000),
        c.Decide(team="csirt_cell", decision="contain", option=contain),
        c.StartMove(),
        c.Advance(to=1800),
    ):
        session.submit(command)
    labels: list[str] = []

    async def scenario(pilot):
        await pilot.pause()
        await pilot.press("r", "enter")
        assert isinstance(console.screen, FormScreen)
        select = console.screen.query_one("#field-option", Select)
        labels.extend(str(label) for label, _ in select._options if str(label))  # not the blank "Choose…"
        await pilot.press("escape")

    run(console, scenario)
    return labels


def test_the_decision_form_lists_only_the_options_offered_now(moves_console):
    assert offered_in_form(moves_console, "isolate") == [
        "Give the facts, attribute nothing",
        "No comment",
        "Free-text answer (below)",
    ]


def test_an_option_appears_in_the_form_once_its_condition_holds(moves_console):
    assert "Name the state behind it" in offered_in_form(moves_console, "wait")


def test_trainees_and_the_room_show_the_move_under_way_and_follow_the_next_one(hosting_moves):
    console = hosting_moves

    async def go():
        async with (
            facilitating(console) as facilitator,
            seated(console, "mfa_cell") as (trainee, _),
            seated(console, "room") as (room, _),
        ):
            assert str(trainee.query_one("#team").content) == "MFA cell · Move 1: detection"
            assert str(room.query_one("#room-title").content) == "Three-move exercise · Move 1: detection"
            await facilitator.press("m", "y")
            await until(lambda: trainee.client.view.get("move") == "Move 2: the press hears of it")
            await until(lambda: room.client.view.get("move") == "Move 2: the press hears of it")
            trainee.refresh_views()
            room.refresh_views()
            assert str(trainee.query_one("#team").content) == "MFA cell · Move 2: the press hears of it"
            assert str(room.query_one("#room-title").content).endswith("· Move 2: the press hears of it")

    asyncio.run(go())


def test_an_item_whose_time_came_before_its_move_shows_as_held(moves_console):
    console = moves_console
    console.session.submit(c.Advance(to=1500))

    async def scenario(pilot):
        await pilot.pause()
        statuses = {row[2]: row[1] for row in timeline(console)}
        assert statuses["inject leak"] == "held for its move"
        assert statuses["decision press_line"] == "opens"  # at 30m: its time has not come yet

    run(console, scenario)


def test_the_form_records_which_team_gave_a_joint_answer(moves_console):
    console = moves_console
    for command in (c.Advance(to=1000), c.Decide(team="csirt_cell", decision="contain", option="isolate")):
        console.session.submit(command)
    console.session.submit(c.StartMove())
    console.session.submit(c.Advance(to=1800))

    async def scenario(pilot):
        await pilot.pause()
        await pilot.press("r", "enter")
        assert isinstance(console.screen, FormScreen)
        assert console.screen.query_one("#field-team", Select).value == "mfa_cell"
        await pilot.press("enter", "down", "enter")  # answered by: the CSIRT cell
        await pilot.press("tab", "enter", "down", "enter")  # the first option offered: facts
        await pilot.press("tab", "tab", *"agreed jointly", "ctrl+s")
        await pilot.pause()
        assert not isinstance(console.screen, FormScreen)

    run(console, scenario)
    assert commands(console)[-1] == {
        "kind": "decide",
        "team": "csirt_cell",
        "decision": "press_line",
        "option": "facts",
        "text": None,
        "rationale": "agreed jointly",
    }
