"""The condition language: small, typed, checked at load time, compiled once; its text is never `eval`ed.

    state.attribution_confidence >= 60 and actor.mfa.level >= 2
    decision.contain.option == "isolate" or not inject.leak.delivered

Text is parsed with Python's `ast` (for its precise column offsets), every node is checked
against a whitelist and a scope of declared names, typed (number, flag, text), and rebuilt
node by node as a Python function of the engine's state that tabletop writes itself (the
text's names and values only ever enter it as constants). The compiled condition also lists
the names it reads, so the engine re-checks a condition only when one of them changes.
"""

from tabletop.expr.compiler import (
    Compiled,
    ConditionError,
    Dependency,
    Environment,
    Scope,
    compile_condition,
)
from tabletop.expr.scope import scope_of

__all__ = ["Compiled", "ConditionError", "Dependency", "Environment", "Scope", "compile_condition", "scope_of"]
