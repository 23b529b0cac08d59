"""Resuming a 100,000-command session: replay every command and verify every event.

The session is built once (through the real engine; written in one transaction to save
set-up time), then `Session.resume` is timed. Also times per-command durable appends.
Target: resume under 2 s. Run: python -m benchmarks.bench_resume
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tabletop.engine import commands as c
from tabletop.session import Session, encode

SCENARIOS = Path(__file__).resolve().parent.parent / "scenarios"


def build(path: Path, scenario: Path, commands: int) -> None:
    """A long console session: the clock ticking every few seconds, notes in between,
    every decision answered as it opens."""
    session = Session.create(scenario, path, seed=1)
    db = session.store._db  # one transaction for the set-up only; sessions commit per command
    db.execute("BEGIN")
    engine = session.engine
    seq = 0

    def submit(command) -> None:
        nonlocal seq
        events = engine.apply(command)
        seq += 1
        db.execute("INSERT INTO commands VALUES (?, ?, ?)", (seq, encode(command.model_dump(mode="json")), "-"))
        db.executemany("INSERT INTO events VALUES (?, ?, ?)", [(seq, i, encode(e)) for i, e in enumerate(events)])
        for event in events:  # the teams answer each decision with its first option
            if event["kind"] == "decision_opened":
                decision = engine.compiled.decisions[event["decision"]]
                submit(c.Decide(team=decision.team, decision=decision.id, option=decision.options[0].id, rationale="r"))

    submit(c.Start())
    duration = session.loaded.scenario.clock.duration
    step = max(1, duration * 2 // commands)
    while seq < commands:
        if seq % 2 and not engine.ended and engine.now + step < duration - 60:
            submit(c.Advance(by=step))
        else:
            submit(c.Note(text=f"observation {seq}: the MFA cell is discussing attribution"))
    db.execute("COMMIT")
    session.close()


def main(commands: int = 100_000) -> dict[str, float]:
    scenario = SCENARIOS / "canal-ransomware.yaml"
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.db"
        build(path, scenario, commands)
        start = time.perf_counter()
        session = Session.resume(path)
        resume = time.perf_counter() - start
        events = len(session.events)
        start = time.perf_counter()
        for i in range(200):
            session.submit(c.Note(text=f"durable note {i}"))
        append = (time.perf_counter() - start) / 200
        session.close()
        size = path.stat().st_size / 1e6
    print(f"session: {commands:,} commands, {events:,} events, {size:.1f} MB")
    print(f"  resume (replay + verify): {resume:.2f} s (target < 2 s; ratio to target {resume / 2:.2f})")
    print(f"  durable append (synchronous=FULL): {append * 1000:.2f} ms per command")
    return {"resume_s": resume, "append_ms": append * 1000}


if __name__ == "__main__":
    main()
