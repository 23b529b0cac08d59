"""UN norms a scenario's text names but no option is tagged with (scoring never sees them).

Texts say "norm (c)", "norms i and j", "un-norm-c", "la norma 13(c)", "las normas i y j":
each named norm should be enacted by some option (`norms: [un-norm-c]`), or adherence to
it is never scored.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from tabletop.lint.findings import Finding, Location
from tabletop.model import Scenario

_JOINS = r"(?:,|&|and|or|y|o|e|et|ou|und|oder|и)"
_LETTER = r"(?<![\w-])(?:13\s*)?(?:\([a-k]\)|[a-k](?=\s*(?:$|[.,;:!?)]|" + _JOINS + r"(?![\w-]))))"
"""A norm's letter: `(c)`, `13(c)`, or a bare `c` that ends a phrase or a list (not the `a` of "norms a state ...")."""
_NEXT = r"(?<![\w-])(?:13\s*)?\(?[a-k]\)?(?![\w-])"
"""A further letter in a list: after "and", any letter stands alone (`norms i and j on ...`)."""
NAMED = re.compile(
    r"\bun-norm-([a-k])\b"
    rf"|\b(?:norms?|normas?|normes?|normen|нормы?)\s+({_LETTER}(?:\s*{_JOINS}\s*{_NEXT})*)",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"(?<![\w-])\(?([a-k])\)?(?![\w-])", re.IGNORECASE)


def untagged_norms(scenario: Scenario) -> Iterator[Finding]:
    tagged = {norm for d in scenario.decisions for o in d.options for norm in o.norms}
    reported: set[str] = set()
    for where, text in _texts(scenario, ()):
        for norm in sorted(set(_named(text)) - tagged - reported):
            reported.add(norm)
            yield Finding(
                "warning",
                "untagged-norm",
                where,
                f"the text names UN norm ({norm[-1]}) but no option is tagged with it "
                f"(add 'norms: [{norm}]' to the options that enact it)",
            )


def _named(text: str) -> Iterator[str]:
    for match in NAMED.finditer(text):
        if match.group(1):
            yield f"un-norm-{match.group(1).lower()}"
            continue
        for letter in _LETTERS.finditer(re.sub(r"\b13\s*", "", match.group(2))):
            yield f"un-norm-{letter.group(1).lower()}"


def _texts(value: Any, where: Location) -> Iterator[tuple[Location, str]]:
    """Every string in the scenario with its location (all languages of every text)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, BaseModel):
        for name, field in type(value).model_fields.items():
            if name in ("norms", "id", "playbook_steps", "when", "condition", "until", "file"):
                continue
            yield from _texts(getattr(value, name), (*where, field.alias or name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*where, key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _texts(item, (*where, i))
