"""Generate a large, valid scenario (thousands of injects) for loader and engine benchmarks."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

HEADER = """\
id: large
title: Generated large exercise
summary: A generated scenario with many injects, for benchmarks.
languages: [en]
clock:
  start: 2026-03-14T08:00:00+01:00
  duration: {hours}h
objectives:
  - id: coordinate
    text: Coordinate the response
    capability: Operational Coordination
state:
  pressure: {{type: number, initial: 0, min: 0, max: 1000000}}
ladder: [normal, elevated, serious, severe, crisis]
actors:
  - {{id: csirt, name: CSIRT, kind: technical, played_by: csirt_cell}}
  - {{id: mfa, name: Foreign ministry, kind: diplomatic, played_by: mfa_cell}}
  - {{id: press, name: Press, kind: media}}
  - {{id: partner, name: Partner CERT, kind: technical}}
relations:
  - {{from: csirt, to: mfa, trust: 0.7, coupling: 0.5}}
  - {{from: mfa, to: press, trust: 0.2, coupling: 0.6}}
  - {{from: press, to: mfa, trust: 0.2, coupling: 0.4}}
  - {{from: csirt, to: partner, trust: 0.9, coupling: 0.3}}
teams:
  - {{id: csirt_cell, name: CSIRT cell}}
  - {{id: mfa_cell, name: MFA cell}}
scoring:
  criteria:
    - {{id: quality, name: Quality}}
injects:
"""

INJECT = """\
  - id: inject_{n}
    at: {minute}
    from: {sender}
    to: [{team}]
    channel: email
    title: Development number {n}
    body: >-
      A development in the exercise, number {n}, with enough text to look like a real
      inject: indicators, a request for information and a deadline to answer it.
    effects:
      - {{add: pressure, by: 1}}
    tags: [generated, wave_{wave}]
"""

CONDITIONAL = """\
  - id: inject_{n}
    when: state.pressure >= {threshold}
    delay: 5m
    from: press
    to: [mfa_cell]
    title: Conditional development {n}
    body: Pressure passed {threshold}.
"""

DECISION = """\
  - id: decision_{n}
    team: {team}
    prompt: What do you do about development {n}?
    opens: {{at: {minute}}}
    window: 30m
    default: wait
    options:
      - {{id: act, label: Act, scores: {{quality: 3}}, effects: [{{raise: {actor}, by: 1}}]}}
      - {{id: wait, label: Wait, scores: {{quality: 0}}, effects: [{{add: pressure, by: 5}}]}}
"""


ACTORS = ("csirt", "mfa", "press", "partner")
TEAMS = {"csirt": "csirt_cell", "mfa": "mfa_cell"}


def cast(id_: str, duration: int | str, pressure_max: int) -> dict[str, Any]:
    """A scenario's frame as a dict, without injects or decisions: four actors escalating
    over four relations, two teams, one `pressure` state variable."""
    return {
        "id": id_,
        "title": id_,
        "summary": "Generated for the benchmarks.",
        "clock": {"start": "2026-01-01T00:00:00Z", "duration": duration},
        "objectives": [{"id": "o", "text": "Coordinate", "capability": "Planning"}],
        "state": {"pressure": {"type": "integer", "initial": 0, "min": 0, "max": pressure_max}},
        "ladder": ["normal", "elevated", "serious", "severe", "crisis"],
        "actors": [
            {"id": a, "name": a, "kind": "technical", **({"played_by": TEAMS[a]} if a in TEAMS else {})} for a in ACTORS
        ],
        "relations": [
            {"from": "csirt", "to": "mfa", "trust": 0.2, "coupling": 0.9},
            {"from": "mfa", "to": "press", "trust": 0.1, "coupling": 0.8},
            {"from": "press", "to": "mfa", "trust": 0.2, "coupling": 0.4},
            {"from": "csirt", "to": "partner", "trust": 0.3, "coupling": 0.7},
        ],
        "teams": [{"id": t, "name": t} for t in TEAMS.values()],
        "scoring": {"criteria": [{"id": "q", "name": "Q"}]},
    }


def generate(injects: int, decisions: int = 0) -> str:
    hours = max(2, injects // 60 + 2)
    parts = [HEADER.format(hours=hours)]
    for n in range(injects):
        if n % 10 == 9:
            parts.append(CONDITIONAL.format(n=n, threshold=n))
        else:
            sender = ("csirt", "mfa", "press", "partner")[n % 4]
            team = ("csirt_cell", "mfa_cell")[n % 2]
            parts.append(INJECT.format(n=n, minute=n % (hours * 60), sender=sender, team=team, wave=n // 100))
    if decisions:
        parts.append("decisions:\n")
        for n in range(decisions):
            team, actor = (("csirt_cell", "csirt"), ("mfa_cell", "mfa"))[n % 2]
            parts.append(DECISION.format(n=n, team=team, minute=(n * 7) % (hours * 60 - 30), actor=actor))
    return "".join(parts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("output", type=Path)
    parser.add_argument("--injects", type=int, default=5000)
    parser.add_argument("--decisions", type=int, default=0)
    args = parser.parse_args()
    args.output.write_text(generate(args.injects, args.decisions), encoding="utf-8")


if __name__ == "__main__":
    main()
