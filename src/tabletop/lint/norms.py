"""UN norms and CBMs a scenario's text names but no option is tagged with (scoring never sees them).

Texts say "norm (c)", "norms i and j", "un-norm-c", "la norma 13(c)", "las normas i y j":
each named norm should be enacted by some option (`norms: [un-norm-c]`) or put at risk by one
(`norms_at_risk`), or the debrief never shows it. An option's own label and feedback are held
to more: a norm or CBM they cite ("norm (b)", "CBM 8", "MFC 8", a CBM's id) is tagged on that
option, so what the debrief says and what the score counts agree.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel

from tabletop.lint.findings import Finding, Location
from tabletop.model import Scenario

_WORD_JOIN = r"(?:&|and|or|y|o|e|et|ou|und|oder|и)"
_LETTER = r"(?<![\w-])(?:13\s*)?(?:\([a-k]\)|[a-k](?=\s*(?:$|[.,;:!?)])|\s+" + _WORD_JOIN + r"(?![\w-])))"
"""A norm's letter: `(c)`, `13(c)`, or a bare `c` that ends a phrase or a list (not the `a` of "norms a state ...")."""
_NEXT = r"(?<![\w-])(?:13\s*)?\(?[a-k]\)?(?![\w-])"
"""A further letter in a list: after "and", any letter stands alone (`norms i and j on ...`)."""
_ITEM = rf"(?:(?:\s*,\s*|\s+){_WORD_JOIN}\s+{_NEXT}|\s*,\s*{_LETTER})"
"""After a comma alone the letter must end a phrase too: "norms c, d and h, a state" names no (a)."""
NAMED = re.compile(
    r"\bun-norm-([a-k])\b"
    rf"|\b(?:norms?|normas?|normes?|normen|нормы?)\s+({_LETTER}{_ITEM}*)",
    re.IGNORECASE,
)
_LETTERS = re.compile(r"(?<![\w-])\(?([a-k])\)?(?![\w-])", re.IGNORECASE)


def untagged_norms(scenario: Scenario) -> Iterator[Finding]:
    tagged = {norm for d in scenario.decisions for o in d.options for norm in (*o.norms, *o.norms_at_risk)}
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


CBM_NUMBER = re.compile(r"\b(?:CBM|MFC|MCF|MCM)\s*(\d{1,2})\b")
"""A CBM cited by number, as the OSCE and the OAS number them ("CBM 8", Spanish "MFC 8")."""


def untagged_in_options(scenario: Scenario) -> Iterator[Finding]:
    """An option whose label or feedback cites a norm or CBM it is not tagged with."""
    numbered: dict[str, set[str]] = {}
    for cbm in scenario.cbms:
        for _, name in _texts(cbm.name, ()):
            for number in CBM_NUMBER.findall(name):
                numbered.setdefault(number, set()).add(cbm.id)
    ids = {cbm.id for cbm in scenario.cbms}
    for i, decision in enumerate(scenario.decisions):
        for k, option in enumerate(decision.options):
            where = ("decisions", i, "options", k)
            texts = [(field, text) for field in ("label", "feedback") for _, text in _texts(getattr(option, field), ())]
            norms = {norm for _, text in texts for norm in _named(text)}
            for norm in sorted(norms - set(option.norms) - set(option.norms_at_risk)):
                yield Finding(
                    "warning",
                    "option-untagged-norm",
                    (*where, "norms"),
                    f"option '{option.id}' of '{decision.id}' cites UN norm ({norm[-1]}) but is not tagged with it "
                    f"(add it to 'norms' if the option upholds it, to 'norms_at_risk' if it strains it)",
                )
            cited = {c for _, text in texts for n in CBM_NUMBER.findall(text) for c in numbered.get(n, ())}
            cited |= {c for _, text in texts for c in ids if re.search(rf"(?<![\w-]){re.escape(c)}(?![\w-])", text)}
            for cbm in sorted(cited - set(option.cbms)):
                yield Finding(
                    "warning",
                    "option-untagged-cbm",
                    (*where, "cbms"),
                    f"option '{option.id}' of '{decision.id}' cites the confidence-building measure '{cbm}' "
                    f"but does not list it in 'cbms'",
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
            if name in ("norms", "norms_at_risk", "cbms", "id", "playbook_steps", "when", "condition", "until", "file"):
                continue
            yield from _texts(getattr(value, name), (*where, field.alias or name))
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*where, key))
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _texts(item, (*where, i))
