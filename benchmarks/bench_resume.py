"""Resuming a long session: replay every command and verify every stored event.

The session is a facilitated exercise that keeps the engine busy: a generated scenario
with injects and decision points spread over its clock and reaction rules that fire again
and again; the facilitator advances the clock, sends ad hoc injects that raise pressure and
escalate actors (the reactions answer, escalation spreads), every other decision is
answered by its team, the rest default; a few notes and score adjustments. It is built
once through the real engine (written in one transaction to save set-up time).

Timed, in fresh processes, interleaved round by round:
- `tabletop resume SESSION --status --json`, as a user runs it (start-up included);
- `Session.resume(SESSION)` timed inside a process once tabletop is imported (what the
  console waits for after start-up), with the process's peak RSS;
- the peer: a process reading every row of the file and parsing its JSON, no replay.
With `--against SRC` (the `src` folder of another checkout, e.g. from `git archive`), the
first two run that code too, in the same rounds: before and after, under the same load.

Run: python -m benchmarks.bench_resume [--commands 100000 1000000] [--rounds N] [--against SRC]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from benchmarks.large_scenario import ACTORS, TEAMS, cast
from benchmarks.measure import interleave_processes, megabytes, python, ratio, tabletop
from tabletop.engine import commands as c
from tabletop.engine import event_json
from tabletop.session import Session, encode

DAYS = 100

RESUME = """
import sys, time
from tabletop.session import Session
start = time.perf_counter()
session = Session.resume(sys.argv[1])
events = len(session.events)
session.close()
print(f"{time.perf_counter() - start} {events}")
"""
READ = """
import json, sqlite3, sys, time
start = time.perf_counter()
db = sqlite3.connect(sys.argv[1])
rows = 0
for (text,) in db.execute("SELECT command FROM commands ORDER BY seq"):
    json.loads(text); rows += 1
for (text,) in db.execute("SELECT event FROM events ORDER BY command_seq, idx"):
    json.loads(text); rows += 1
print(f"{time.perf_counter() - start} {rows}")
"""


def scenario(injects: int = 200, decisions: int = 400) -> dict[str, Any]:
    """Injects and decision points spread over DAYS days; reactions that fire whenever pressure builds."""
    minutes = DAYS * 24 * 60
    return {
        **cast("long", f"{DAYS * 24}h", 100),
        "injects": [
            {
                "id": f"i{i}",
                "at": (i * minutes) // injects,
                "from": ACTORS[i % 4],
                "to": [TEAMS["csirt"]],
                "title": f"Development {i}",
                "body": "Indicators, a request for information and a deadline.",
                "effects": [{"add": "pressure", "by": 4}, {"raise": ACTORS[i % 2], "by": 1}],
            }
            for i in range(injects)
        ],
        "decisions": [
            {
                "id": f"d{j}",
                "team": TEAMS[ACTORS[j % 2]],
                "prompt": "What now?",
                "opens": {"at": (j * minutes) // decisions + 7},
                "window": 120,
                "default": "wait",
                "options": [
                    {"id": "act", "label": "Act", "scores": {"q": 3}, "effects": [{"lower": ACTORS[j % 2], "by": 1}]},
                    {"id": "wait", "label": "Wait", "scores": {"q": 0}, "effects": [{"add": "pressure", "by": 10}]},
                ],
            }
            for j in range(decisions)
        ],
        "reactions": [
            {
                "id": "press_story",
                "actor": "press",
                "when": "state.pressure >= 20",
                "once": False,
                "effects": [{"add": "pressure", "by": -15}, {"raise": "press", "by": 1}],
            },
            {
                "id": "press_calms",
                "actor": "press",
                "when": "actor.press.level >= 3",
                "once": False,
                "delay": 30,
                "effects": [{"lower": "press", "by": 2}, {"lower": "mfa", "by": 1}],
            },
        ],
    }


def build(folder: Path, commands: int) -> Path:
    """A session of `commands` commands through the real engine; returns its path."""
    scenario_path = folder / "long.yaml"
    scenario_path.write_text(yaml.safe_dump(scenario(), sort_keys=False), encoding="utf-8")
    path = folder / f"long-{commands}.db"
    session = Session.create(scenario_path, path, seed=1)
    db = session.store._db  # one transaction for the set-up only; sessions commit per command
    db.execute("BEGIN")
    engine = session.engine
    seq = 0
    duration = session.loaded.scenario.clock.duration
    step = max(1, int(duration * 0.95 / (0.3 * commands)))  # advances (3 in 10 commands) cover the clock

    def submit(command: Any) -> None:
        nonlocal seq
        events = engine.apply(command)
        seq += 1
        db.execute(
            "INSERT INTO commands VALUES (?, ?, ?)", (seq, encode(command.model_dump(mode="json", by_alias=True)), "-")
        )
        db.executemany(
            "INSERT INTO events VALUES (?, ?, ?)", [(seq, i, encode(event_json(e))) for i, e in enumerate(events)]
        )
        for event in events:  # every other decision still open is answered by its team
            open_ = event.kind == "decision_opened" and engine.decisions[event.decision].status == "open"
            if open_ and int(event.decision[1:]) % 2 == 0:
                submit(c.Decide(team=event.team, decision=event.decision, option="act", rationale="contain first"))

    submit(c.Start())
    while seq < commands - 1:
        turn = seq % 10
        if turn in (0, 3, 6) and engine.now + step < duration - 60:
            submit(c.Advance(by=step))
        elif turn in (1, 4, 7, 8):
            actor = ACTORS[seq % 4]
            effects = [{"add": "pressure", "by": 3}, {"raise": actor, "by": 1}] if turn != 8 else [{"lower": actor}]
            submit(c.AdhocInject(to=[TEAMS["csirt"]], title=f"Call {seq}", sender=actor, effects=effects))
        elif turn == 2:
            submit(c.ScoreAdjust(team=TEAMS["mfa"], points=1, reason="clear statement"))
        else:
            submit(c.Note(text=f"observation {seq}: the MFA cell is discussing attribution"))
    submit(c.Note(text="end of the recording"))
    db.execute("COMMIT")
    session.close()
    return path


def describe(path: Path) -> str:
    import sqlite3

    db = sqlite3.connect(path)
    commands = Counter(json.loads(t)["kind"] for (t,) in db.execute("SELECT command FROM commands"))
    events = Counter(json.loads(t)["kind"] for (t,) in db.execute("SELECT event FROM events"))
    db.close()
    total = sum(events.values())
    top = ", ".join(f"{n / total:.1%} {k}" for k, n in events.most_common(6))
    mix = ", ".join(f"{n / sum(commands.values()):.1%} {k}" for k, n in commands.most_common())
    return f"{sum(commands.values()):,} commands ({mix}); {total:,} events ({top}, ...)"


GOALS = {100_000: 2.0, 1_000_000: 15.0}
"""Seconds for `Session.resume`, by number of commands."""


def measure(commands: int, rounds: int, goal: float, folder: Path, against: Path | None = None) -> dict[str, float]:
    path = build(folder, commands)
    print(f"session of {describe(path)}; file {megabytes(path.stat().st_size)}")
    contestants = {
        "tabletop resume --status": tabletop("resume", str(path), "--status", "--json"),
        "Session.resume": python("-c", RESUME, str(path)),
        "read rows": python("-c", READ, str(path)),
    }
    if against is not None:
        first = f"import sys; sys.path.insert(0, {str(against)!r})\n"
        cli = first + "from tabletop.cli import main; sys.exit(main())"
        contestants["tabletop resume --status (against)"] = python("-c", cli, "resume", str(path), "--status", "--json")
        contestants["Session.resume (against)"] = python("-c", first + RESUME, str(path))
    timings, peaks = interleave_processes(
        contestants, rounds, reported=("Session.resume", "read rows", "Session.resume (against)")
    )
    for name, timing in timings.items():
        print(f"  {name:36} {timing}; peak RSS {megabytes(peaks[name])}")
    resume = timings["Session.resume"]
    ratio(
        "resume ÷ reading the rows",
        resume,
        timings["read rows"],
        "resuming the session (load the scenario, replay every command, verify every stored event) "
        "over only reading every row and parsing its JSON, each timed inside its process",
    )
    if against is not None:
        ratio(
            "resume ÷ resume (against)",
            resume,
            timings["Session.resume (against)"],
            f"Session.resume of this checkout over that of {against}, same file, same rounds",
        )
    process = timings["tabletop resume --status"]
    print(
        f"  resume of {commands:,} commands: min {resume.min:.2f} s, median {resume.median:.2f} s, peak RSS "
        f"{megabytes(peaks['Session.resume'])}; goal < {goal:g} s: {'met' if resume.median < goal else 'NOT met'} "
        f"(as a process with start-up: median {process.median:.2f} s, {'met' if process.median < goal else 'not met'})"
    )
    return {"resume_s": resume.median, "rss": peaks["Session.resume"]}


def main(
    sizes: tuple[tuple[int, int, float], ...] = ((100_000, 3, 2.0), (1_000_000, 2, 15.0)), against: Path | None = None
) -> dict[int, dict]:
    """`sizes`: (commands, rounds, goal in seconds) per session."""
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for commands, rounds, goal in sizes:
            results[commands] = measure(commands, rounds, goal, Path(folder), against)
    return results


def cli(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=__doc__.split("\n\n", 1)[1])
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.add_argument(
        "--commands", type=int, nargs="+", default=list(GOALS), help="session sizes (default: %(default)s)"
    )
    parser.add_argument("--rounds", type=int, help="rounds per size (default: 3 below 1,000,000 commands, else 2)")
    parser.add_argument(
        "--against", type=Path, metavar="SRC", help="another checkout's src folder, timed beside this one"
    )
    args = parser.parse_args(argv)
    if args.against is not None and not (args.against / "tabletop" / "__init__.py").exists():
        sys.exit(f"{args.against}: not a src folder holding tabletop")
    main(
        tuple(
            (n, args.rounds or (3 if n < 1_000_000 else 2), GOALS.get(n, 2.0 if n <= 100_000 else 15.0))
            for n in args.commands
        ),
        args.against.resolve() if args.against else None,
    )


if __name__ == "__main__":
    cli()
