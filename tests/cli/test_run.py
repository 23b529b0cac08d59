"""`tabletop run` as a facilitator meets it: how the command ends when the console does."""

from __future__ import annotations

import pytest

from tabletop.cli import main
from tests.conftest import MINIMAL


class StoppedConsole:
    """Stands in for the Textual console, ending as a real one would."""

    def __init__(self, return_code: int) -> None:
        self.return_code = return_code
        self.report_paths: list = []

    def run(self) -> None:
        pass


def run_with_console(monkeypatch, tmp_path, write_scenario, return_code: int) -> int:
    monkeypatch.setattr("tabletop.tui.create_console", lambda *_, **__: StoppedConsole(return_code))
    return main(["run", str(write_scenario(MINIMAL)), "--session", str(tmp_path / "s.db")])


def test_a_console_that_stopped_on_an_error_is_exit_1_and_says_where_the_session_is(
    monkeypatch, tmp_path, write_scenario, capsys
):
    assert run_with_console(monkeypatch, tmp_path, write_scenario, return_code=1) == 1
    out, err = capsys.readouterr()
    assert "Session saved" not in out
    assert "internal error" in err and f"tabletop resume {tmp_path / 's.db'}" in err


def test_a_console_closed_normally_is_exit_0(monkeypatch, tmp_path, write_scenario, capsys):
    assert run_with_console(monkeypatch, tmp_path, write_scenario, return_code=0) == 0
    assert "Session saved in" in capsys.readouterr().out


def test_run_and_resume_open_the_console_in_the_language_asked_for(monkeypatch, tmp_path, write_scenario):
    asked = []

    def console(*_, **options):
        asked.append(options["lang"])
        return StoppedConsole(0)

    monkeypatch.setattr("tabletop.tui.create_console", console)
    session = str(tmp_path / "s.db")
    assert main(["run", str(write_scenario(MINIMAL)), "--session", session, "--lang", "es"]) == 0
    assert main(["resume", session, "--lang", "en"]) == 0
    assert main(["resume", session]) == 0
    assert asked == ["es", "en", None]  # None: the scenario's first language


def test_a_console_language_it_does_not_speak_is_refused_with_the_choices(tmp_path, write_scenario, capsys):
    with pytest.raises(SystemExit) as exit:
        main(["run", str(write_scenario(MINIMAL)), "--session", str(tmp_path / "s.db"), "--lang", "fr"])
    assert exit.value.code == 2
    assert "invalid choice: 'fr' (choose from 'en', 'es')" in capsys.readouterr().err
    assert not (tmp_path / "s.db").exists()
