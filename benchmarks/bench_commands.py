"""Commands as a user runs them (whole processes) next to the same work done in-process.

The difference between the two is what a user waits for beyond the work itself: Python
start-up and imports. The anchor for start-up is a bare Python importing what every
command needs (`pydantic, yaml, rich.console`). Goals: `tabletop --help` ≤ 2x and
`tabletop validate scenarios/canal-ransomware.yaml` ≤ 4x that anchor.
Run: python -m benchmarks.bench_commands
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchmarks.measure import SCENARIOS, interleave, interleave_processes, python, ratio, tabletop
from tabletop.engine import commands as c
from tabletop.loader import load_scenario
from tabletop.report import build_report, render_markdown
from tabletop.session import Session, read_session
from tabletop.simulate import run_sweep

CANAL = SCENARIOS / "canal-ransomware.yaml"
ANCHOR = "import pydantic, yaml, rich.console"


def play(path: Path) -> None:
    """A played session of the canal scenario: every decision answered with its first option."""
    session = Session.create(CANAL, path, seed=1)
    session.submit(c.Start())
    while not session.engine.ended:
        for event in session.submit(c.Advance(next=True)):
            if event.kind == "decision_opened":
                decision = session.engine.compiled.decisions[event.decision]
                session.submit(
                    c.Decide(team=decision.team, decision=decision.id, option=decision.options[0].id, rationale="r")
                )
    session.close()


def report(path: Path) -> str:
    record = read_session(path)
    meta = record.meta
    session = {"seed": meta.seed, "digest": meta.scenario_digest, "created_at": meta.created_at}
    return render_markdown(build_report(record.loaded.scenario, record.loaded.playbooks, record.events, session, None))


def main(rounds: int = 5, runs: int = 200) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        session = Path(folder) / "played.db"
        play(session)
        canal = str(CANAL)
        processes, _ = interleave_processes(
            {
                "anchor": python("-c", ANCHOR),
                "--help": tabletop("--help"),
                "validate": tabletop("validate", canal),
                "simulate": tabletop("simulate", canal, "--runs", str(runs)),
                "report": tabletop("report", str(session)),
            },
            rounds,
        )
        loaded = load_scenario(CANAL)
        inside = interleave(
            {
                "validate": lambda: load_scenario(CANAL),
                "simulate": lambda: run_sweep(loaded, runs, seed=0, policy="random"),
                "report": lambda: report(session),
            },
            rounds,
        )
    print(f"whole processes vs the same work in this process (canal-ransomware; simulate --runs {runs}):")
    print(f"  python -c '{ANCHOR}': {processes['anchor']}")
    for name in ("--help", "validate", "simulate", "report"):
        line = f"  tabletop {name:9} process {processes[name]}"
        print(line + (f"; in-process {inside[name]}" if name in inside else ""))
    help_ratio = ratio(
        "tabletop --help ÷ anchor",
        processes["--help"],
        processes["anchor"],
        f"the help text as a process over a Python that only runs `{ANCHOR}`",
        "<= 2x",
    )
    validate_ratio = ratio(
        "tabletop validate ÷ anchor",
        processes["validate"],
        processes["anchor"],
        "validating the canal scenario as a process over the same anchor",
        "<= 4x",
    )
    for name in ("validate", "simulate", "report"):
        ratio(
            f"{name}: process ÷ in-process",
            processes[name],
            inside[name],
            f"`tabletop {name}` as a user runs it over the same work in a warm process (the rest is start-up)",
        )
    return {"help_ratio": help_ratio, "validate_ratio": validate_ratio}


if __name__ == "__main__":
    main()
