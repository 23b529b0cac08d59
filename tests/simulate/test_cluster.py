"""Playthroughs on a Dask cluster give what local processes give for the same seed."""

from __future__ import annotations

import json

import pytest

from tabletop.cli import main
from tabletop.loader import load_scenario
from tabletop.simulate import run_sweep
from tests.conftest import ROOT

distributed = pytest.importorskip("distributed")
CANAL = ROOT / "scenarios" / "canal-ransomware.yaml"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as local_cluster:
        yield local_cluster.scheduler_address


def test_a_sweep_on_the_cluster_equals_the_local_one(cluster):
    loaded = load_scenario(CANAL)
    local = run_sweep(loaded, 250, 9, "random", jobs=2)
    assert run_sweep(loaded, 250, 9, "random", executor=cluster) == local
    assert len({r.outcome for r in local}) > 1


def test_odds_from_a_point_on_the_cluster_equal_those_of_local_processes(cluster, tmp_path, capsys):
    session = tmp_path / "played.db"
    assert main(["play", str(CANAL), "--session", str(session), "--seed", "3"]) == 0
    capsys.readouterr()
    args = ["simulate", str(session), "--from", "T+01:00", "--vary", "d_consult", "--runs", "80", "--json"]
    reports = []
    for extra in (["--jobs", "1"], ["--jobs", "2"], ["--executor", cluster.replace("tcp://", "dask://")]):
        assert main([*args, *extra]) == 0
        reports.append(json.loads(capsys.readouterr().out))
    assert reports[0] == reports[1] == reports[2]


def test_a_scheduler_that_does_not_answer_is_a_clear_error(capsys, monkeypatch):
    monkeypatch.setattr("tabletop.simulate.cluster.CONNECT_TIMEOUT", "1s")
    assert main(["simulate", str(CANAL), "--runs", "5", "--executor", "dask://127.0.0.1:9"]) == 1
    assert "no Dask scheduler answered at tcp://127.0.0.1:9" in capsys.readouterr().err
