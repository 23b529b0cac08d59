"""`tabletop simulate SESSION --from T+hh:mm [--vary DECISION]`: the odds from a point of a played session."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tabletop.cli import main
from tabletop.engine import commands as c
from tabletop.session import Session
from tests.conftest import ROOT

CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"


@pytest.fixture(scope="module")
def played(tmp_path_factory):
    """canal-ransomware played to its end with every decision left to its default, seed 3."""
    path = tmp_path_factory.mktemp("played") / "played.db"
    assert main(["play", str(CANAL), "--session", str(path), "--seed", "3"]) == 0
    return path


def simulate(capsys, *args):
    assert main(["simulate", *map(str, args), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_odds_from_a_point_are_the_same_for_a_seed_whatever_the_jobs(played, capsys):
    args = (played, "--from", "T+01:00", "--vary", "d_consult", "--runs", "120", "--seed", "5")
    one = simulate(capsys, *args, "--jobs", "1")
    two = simulate(capsys, *args, "--jobs", "2")
    assert one == two
    assert simulate(capsys, *args[:-1], "6", "--jobs", "1") != one


def test_runs_from_a_point_keep_what_was_decided_and_differ_after_it(played, capsys):
    report = simulate(capsys, played, "--from", "T+01:00", "--runs", "100")
    assert report["from"]["session"] == str(played) and report["from"]["at"] == "T+01:00"
    contain = report["decisions"]["d_contain"]["options"]
    assert contain["monitor"] == {"chosen": 100, "by_default": 100}  # defaulted in the session, before T+01:00
    assert len(report["outcomes"]) > 1
    consult = report["decisions"]["d_consult"]["options"]
    assert sum(o["chosen"] for o in consult.values()) > sum(o["by_default"] for o in consult.values())


def test_each_option_of_the_varied_decision_has_its_outcomes_and_mean_scores(played, capsys):
    report = simulate(capsys, played, "--from", "T+01:00", "--vary", "d_consult", "--runs", "60")
    varied = report["vary"]
    assert varied["decision"] == "d_consult"
    assert [o["option"] for o in varied["options"]] == ["consult_only", "go_alone", "consult_and_poc", "poc_only"]
    for option in varied["options"]:
        assert option["runs"] == 60 and 0 < option["taken"] <= 60
        assert sum(option["outcomes"].values()) == pytest.approx(1, abs=0.01)
        assert set(option["mean_scores"]) == {"csirt_cell", "mfa_cell"}
    scores = {o["option"]: o["mean_scores"]["mfa_cell"] for o in varied["options"]}
    assert scores["consult_and_poc"] > scores["go_alone"]


def test_the_odds_table_names_options_by_their_labels(played, capsys):
    assert main(["simulate", str(played), "--from", "T+01:00", "--vary", "d_consult", "--runs", "20"]) == 0
    out = capsys.readouterr().out
    assert "Decline the CMS" in out and "go_alone" not in out
    assert "continuing" in out and "from T+01:00" in out


def test_simulating_from_a_session_leaves_the_file_as_it_was(played, capsys):
    before = played.read_bytes()
    simulate(capsys, played, "--from", "T+02:00", "--runs", "10")
    assert played.read_bytes() == before


def test_a_session_in_progress_continues_from_where_its_log_stops(tmp_path, capsys):
    session = Session.create(CANAL, tmp_path / "live.db", seed=2)
    session.submit(c.Start())
    session.submit(c.Advance(to=3600))
    session.close()
    report = simulate(capsys, tmp_path / "live.db", "--runs", "10")
    assert report["from"]["at"] == "T+01:00" and report["runs"] == 10


def test_a_session_that_has_ended_needs_a_point_to_continue_from(played, capsys):
    assert main(["simulate", str(played), "--runs", "10"]) == 1
    assert "continue from an earlier point with --from" in capsys.readouterr().err


def test_from_on_a_scenario_file_is_refused(capsys):
    assert main(["simulate", str(CANAL), "--from", "T+01:00", "--runs", "10"]) == 1
    assert "not a session file" in capsys.readouterr().err


def test_varying_an_unknown_decision_suggests_the_nearest(played, capsys):
    assert main(["simulate", str(played), "--from", "T+01:00", "--vary", "d_consutl"]) == 1
    assert "did you mean 'd_consult'" in capsys.readouterr().err


def test_varying_a_decision_already_taken_at_the_point_is_refused(played, capsys):
    assert main(["simulate", str(played), "--from", "T+01:00", "--vary", "d_contain"]) == 1
    err = capsys.readouterr().err
    assert "'d_contain' was already defaulted to 'monitor' by T+01:00" in err and "d_consult" in err


def test_a_scenario_can_be_varied_from_its_start(capsys):
    report = simulate(capsys, CANAL, "--vary", "d_contain", "--runs", "20")
    assert all(o["taken"] == 20 for o in report["vary"]["options"]) and "from" not in report


def test_an_executor_that_is_not_a_dask_address_is_a_usage_error():
    result = subprocess.run(
        [sys.executable, "-m", "tabletop", "simulate", str(CANAL), "--executor", "spark://x:1"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "dask://HOST:PORT" in result.stderr


def test_the_dask_executor_without_its_package_says_what_to_install(capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)
    assert main(["simulate", str(CANAL), "--runs", "5", "--executor", "dask://127.0.0.1:1"]) == 1
    assert "pip install 'tabletop[dask]'" in capsys.readouterr().err
