"""The names a scenario's conditions may use, shared by the loader (to name-check every
condition at load time) and the engine (to compile them for play).

It lives with the condition language, not the engine, so that `validate` checks conditions
without loading the engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tabletop.expr.compiler import Scope

if TYPE_CHECKING:
    from tabletop.model import Scenario


def scope_of(scenario: Scenario) -> Scope:
    """The state variables (with their types), actors, relations, injects, decisions and moves of `scenario`."""
    return Scope(
        state={name: var.type if var.type in ("flag", "choice") else "number" for name, var in scenario.state.items()},
        choices={name: tuple(var.values) for name, var in scenario.state.items() if var.type == "choice"},
        actors=frozenset(a.id for a in scenario.actors),
        injects=frozenset(i.id for i in scenario.injects),
        decisions={d.id: frozenset(o.id for o in d.options) for d in scenario.decisions},
        relations=frozenset((r.from_, r.to) for r in scenario.relations),
        moves=tuple(m.id for m in scenario.moves),
    )
