"""The debrief replay, driven by keys as a facilitator would: scrub, step, play, fork; never write."""

from __future__ import annotations

import asyncio

import pytest
import yaml
from textual.widgets import DataTable, Input

from tabletop.engine import commands as c
from tabletop.model.base import format_time
from tabletop.session import Session, read_session, views
from tabletop.session.fork import history_until
from tabletop.session.played import PlayedSession
from tabletop.store import SQLiteStore
from tabletop.tui import create_replay
from tabletop.tui.forms import ConfirmScreen, FormScreen, MessageScreen
from tabletop.tui.rendering import console_words
from tests.conftest import ROOT, played_canal
from tests.hostile import TYPED
from tests.tui.conftest import CANAL, Toasts, text


@pytest.fixture
def played(tmp_path):
    """Canal played with the poor decisions (18 commands, the last at T+03:40)."""
    return played_canal(tmp_path / "canal.db")


def replay(path, scenario, size=(120, 40), lang=None):
    """Run the replay of `path` through `scenario`; return the app and the toasts it showed."""
    app = create_replay(PlayedSession.open(path), lang=lang)
    toasts = Toasts()

    async def go():
        async with app.run_test(size=size, message_hook=toasts) as pilot:
            await pilot.pause()
            await scenario(app, pilot)

    asyncio.run(go())
    return app, toasts


def rows(app, table_id: str) -> list[list[str]]:
    table = app.query_one(f"#{table_id}", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def shows_as_it_stood(app, path, point: int) -> None:
    """The escalation, state and team tabs show what `history_until` has at the point."""
    engine = history_until(path, before_command=point + 1).engine
    scenario = engine.compiled.scenario
    assert app.played.point == point
    assert text(app, "#clock").startswith(f"{format_time(engine.now)} ")
    assert f"command {point} of 18" in text(app, "#clock")
    levels = [row[1] for row in rows(app, "actors-table")]  # "3 open dispute": each actor's level and its name
    assert levels == [level for _, level, *_ in views.actors(engine, [])]
    assert [int(level.split()[0]) for level in levels] == [engine.levels[a.id] for a in scenario.actors]
    assert [row[:2] for row in rows(app, "state-table")] == [list(row[:2]) for row in views.state(engine)]
    for team in scenario.teams:
        open_now = [d.decision for d in views.open_decisions(engine, team.id)]
        assert app.query_one(f"#decisions-{team.id}", DataTable).row_count == len(open_now)
    scrubber = app.query_one("#scrubber", DataTable)
    assert scrubber.cursor_row == point


def test_scrub_step_and_play_show_the_session_as_it_stood_and_never_write_it(played):
    before = played.read_bytes()

    async def scenario(app, pilot):
        shows_as_it_stood(app, played, 0)
        await pilot.press("g", *"T+01:30", "enter")  # as the session stood at T+01:30: after command 7
        assert not isinstance(app.screen, FormScreen)
        shows_as_it_stood(app, played, 7)
        await pilot.press("left")
        shows_as_it_stood(app, played, 6)
        await pilot.press("right", "right")
        shows_as_it_stood(app, played, 8)
        await pilot.press("up")
        shows_as_it_stood(app, played, 7)
        await pilot.press("plus", "space")
        assert "playing, 2/s" in text(app, "#clock")
        for _ in range(600):  # the player's timer moves on by itself, one command a beat
            if app.played.point >= 10:
                break
            await pilot.pause(0.05)
        await pilot.press("space")
        assert "paused" in text(app, "#clock")
        shows_as_it_stood(app, played, app.played.point)
        assert app.played.point >= 10
        await pilot.press("end")
        shows_as_it_stood(app, played, 18)
        assert "ENDED" in text(app, "#clock")
        await pilot.press("home")
        shows_as_it_stood(app, played, 0)

    replay(played, scenario)
    assert played.read_bytes() == before


def test_the_scrubber_lists_every_command_in_the_logs_words_with_its_time(played):
    async def scenario(app, pilot):
        listed = rows(app, "scrubber")
        assert len(listed) == 19  # the start, then each command
        assert listed[1] == ["#1", "T+00:00", "exercise started (seed 7) (+3)"]
        assert listed[2][:2] == ["#2", "T+00:35"]
        assert listed[2][2].startswith("clock → T+00:35 · inject nsc_alert → mfa_cell: ")
        assert listed[3][2].startswith("csirt_cell decided d_contain: monitor after 00:05")

    replay(played, scenario)


def test_stepping_back_shows_the_log_up_to_the_point_only(played):
    events = read_session(played).events

    async def scenario(app, pilot):
        await pilot.press("end")
        assert app.query_one("#log-table", DataTable).row_count == len(events)
        await pilot.press("g", *"3", "enter")
        assert app.query_one("#log-table", DataTable).row_count == len(app.played.events) < len(events)

    replay(played, scenario)


def test_keys_that_would_record_say_it_is_a_read_only_replay(played):
    before = played.read_bytes()

    async def scenario(app, pilot):
        await pilot.press("right", "right", "right")
        for key in ("d", "a", "r", "o", "s", "e", "n"):
            await pilot.press(key)
            assert app.screen is app.screen_stack[0], f"{key} opened a dialog"

    _app, toasts = replay(played, scenario)
    assert len([t for t in toasts if t.startswith("Read-only replay: ")]) == 7
    assert "Fork from here (f) to play on." in toasts[0]
    assert played.read_bytes() == before


def test_fork_from_the_point_writes_a_new_session_beside_it_and_the_parent_is_untouched(played, tmp_path):
    before = played.read_bytes()

    async def scenario(app, pilot):
        await pilot.press("g", *"11", "enter", "f")
        assert isinstance(app.screen, FormScreen)
        assert app.screen.query_one(Input).value == str(tmp_path / "canal-fork-T0210.db")
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, ConfirmScreen)
        assert "tabletop resume" in text(app, ".dialog-title")
        await pilot.press("n")
        await pilot.press("f")  # again: the name taken, the next one is offered
        assert app.screen.query_one(Input).value == str(tmp_path / "canal-fork-T0210-2.db")
        field = app.screen.query_one(Input)
        field.value = str(tmp_path / "canal-fork-T0210.db")  # an existing file is refused, never overwritten
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, FormScreen)
        assert "already exists" in text(app, "#form-error")
        await pilot.press("escape")

    app, toasts = replay(played, scenario)
    fork = tmp_path / "canal-fork-T0210.db"
    assert app.forks == [fork] and app.return_value is None
    assert any(t.startswith(f"Fork saved: Fork saved in {fork}. To play on: tabletop resume {fork}") for t in toasts)
    assert not (tmp_path / "canal-fork-T0210-2.db").exists()
    store = SQLiteStore.open(fork, writable=False)
    try:
        assert store.count() == 11
        assert store.meta().fork["before_command"] == 12
    finally:
        store.close()
    parent = read_session(played).records
    assert [r.command for r in read_session(fork).records] == [r.command for r in parent[:11]]
    assert played.read_bytes() == before


def test_yes_after_a_fork_closes_the_replay_to_play_on_from_it(played, tmp_path):
    async def scenario(app, pilot):
        await pilot.press("right", "right", "f", "ctrl+s", "y")

    app, _ = replay(played, scenario)
    assert app.return_value == tmp_path / "canal-fork-T0035.db"
    assert Session.resume(app.return_value, use_stored=True).engine.now == 35 * 60


def test_a_fork_from_the_start_holds_no_command(played, tmp_path):
    async def scenario(app, pilot):
        await pilot.press("f")
        assert app.screen.query_one(Input).value == str(tmp_path / "canal-fork-T0000.db")
        await pilot.press("ctrl+s", "n")

    replay(played, scenario)
    store = SQLiteStore.open(tmp_path / "canal-fork-T0000.db", writable=False)
    assert store.count() == 0
    store.close()


def test_a_place_it_cannot_go_to_is_said_in_the_form(played):
    async def scenario(app, pilot):
        await pilot.press("g", *"soon", "enter")
        assert isinstance(app.screen, FormScreen)
        assert text(app, "#form-error") == "Give a command number (0 … 18) or a time such as T+02:40, not 'soon'."
        await pilot.press("escape")
        assert app.played.point == 0

    replay(played, scenario)


def test_help_lists_the_replays_keys(played):
    async def scenario(app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, MessageScreen)
        shown = text(app, "#message-body")
        assert "go to command N, or to a time (T+02:40)" in shown
        assert "write a new session that starts from this point" in shown
        assert "read-only replay" in shown

    replay(played, scenario, size=(80, 24))


def test_a_spanish_replay_speaks_spanish(played):
    async def scenario(app, pilot):
        await pilot.press("right")
        assert "REPETICIÓN · solo lectura · comando 1 de 18" in text(app, "#clock")
        footer = {key.description for key in app.screen.query("Footer FooterKey")}
        assert {"Salir", "Reproducir", "Bifurcar", "Ir a"} <= footer

    replay(played, scenario, lang="es")


def test_hostile_notes_and_adhoc_injects_show_as_typed(tmp_path):
    path = tmp_path / "hostile.db"
    session = Session.create(CANAL, path, seed=1)
    for command in (
        c.Start(),
        c.Note(text=TYPED),
        c.AdhocInject(to=["csirt_cell"], title=TYPED, body=TYPED),
        c.Advance(by=60),
    ):
        session.submit(command)
    session.close()

    async def scenario(app, pilot):
        await pilot.press("end")
        listed = [row[2] for row in rows(app, "scrubber")]
        assert listed[2] == f"note: {TYPED}"
        assert listed[3] == f"inject adhoc_1 → csirt_cell (ad hoc): {TYPED}"
        assert any(TYPED in row[1] for row in rows(app, "log-table"))
        assert next(row[2] for row in rows(app, "inbox-csirt_cell")) == TYPED
        assert any(TYPED in row[3] for row in rows(app, "timeline-table"))
        scrubber = app.query_one("#scrubber", DataTable)
        on_screen = "\n".join(scrubber.render_line(y).text for y in range(scrubber.size.height))
        assert "note: [/] [bold]x[/bold]" in on_screen

    replay(path, scenario)


def test_a_clicked_command_is_shown(played):
    async def scenario(app, pilot):
        await pilot.click("#scrubber", offset=(10, 1 + 1 + 4))  # the border, the header, then #0 … #4
        shows_as_it_stood(app, played, 4)

    replay(played, scenario)


def test_moves_faster_than_the_screen_keeps_up_with_end_where_the_last_one_went(played):
    async def scenario(app, pilot):
        app.go(5)
        app.go(4)  # before the scrubber has told of the first move
        app.go(9)
        app.go(8)
        for _ in range(20):
            await pilot.pause()
        shows_as_it_stood(app, played, 8)

    replay(played, scenario)


def test_every_word_of_the_replay_is_in_spanish_too():
    english, spanish = console_words("en"), console_words("es")
    ours = [
        key
        for key in english
        if key.startswith(("replay_", "fork_", "go_to", "f_go_to", "e_go_to", "f_fork", "e_fork"))
    ]
    assert len(ours) > 20
    table = yaml.safe_load((ROOT / "src" / "tabletop" / "tui" / "words.yaml").read_text("utf-8"))["console"]["es"]
    assert [key for key in ours if key not in table] == []
    assert english["replay_actions"].keys() == spanish["replay_actions"].keys()
    assert all(spanish["replay_actions"][a] != english["replay_actions"][a] for a in english["replay_actions"])
