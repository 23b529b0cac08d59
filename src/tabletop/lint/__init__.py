"""`tabletop check`: a compiler-grade static analysis of a valid scenario (nothing is played).

    reachability.py  which items can happen (least fixpoint over reachable ranges)
    ranges.py        what each variable, level and relation can become, and by which effects
    conditions.py    whether a compiled condition can hold over those ranges, and why not
    never.py         items that never happen: errors (a range, a contradiction, a cycle);
                     conditions that can never be false (notes)
    unused.py        declared parts nothing uses; teams without decisions (warnings)
    norms.py         UN norms named in texts but tagged on no option; an option citing a
                     norm or CBM it is not tagged with (warnings)
    timing.py        holds_for beyond the clock, an `until` that holds at once, endings
                     that hang on chance
    crosscheck.py    `--simulate N`: Monte Carlo figures beside the static findings

Every check reads the scenario through `items.py`, which gives unknown constructs a
"can't tell" meaning: a format that grows makes `check` quieter, never wrong.
"""

from __future__ import annotations

from collections.abc import Callable

from tabletop.lint.findings import SEVERITIES, Finding, Location, Severity
from tabletop.lint.never import always_holds, never_happens
from tabletop.lint.norms import untagged_in_options, untagged_norms
from tabletop.lint.reachability import Reach, analyse
from tabletop.lint.timing import on_chance, once_only, too_long
from tabletop.lint.unused import unused
from tabletop.model import Scenario

__all__ = ["SEVERITIES", "Finding", "Location", "Reach", "Severity", "lint"]


def lint(scenario: Scenario, line_of: Callable[[Location], int | None]) -> tuple[list[Finding], Reach]:
    """Every finding on `scenario` (already validated), and the reachability they rest on."""
    reach = analyse(scenario, line_of)
    findings = [
        *never_happens(reach),
        *always_holds(reach),
        *too_long(reach),
        *once_only(reach),
        *on_chance(scenario, reach, line_of),
        *unused(scenario, reach),
        *untagged_norms(scenario),
        *untagged_in_options(scenario),
    ]
    return findings, reach
