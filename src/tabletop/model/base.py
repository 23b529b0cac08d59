"""Shared field types: strict models, ids, durations, multilingual texts, conditions."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Union

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    WithJsonSchema,
)


class StrictModel(BaseModel):
    """Every model rejects unknown keys: a misspelt key is an error, never silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True, allow_inf_nan=False)


Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=64)]
"""Lower-case letters, digits and `_`, starting with a letter; usable inside conditions."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]*$", max_length=80)]
"""Like an identifier but may contain `-`: scenario, playbook, norm and CBM ids."""

Condition = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
"""An expression in the condition language, e.g. `state.public_pressure >= 60`."""

Text = str | dict[Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")], str]
"""A plain string, or a mapping from language code to string (`{en: ..., es: ...}`)."""

_DURATION = re.compile(r"^\s*(?:(?P<h>\d+)\s*h)?\s*(?:(?P<m>\d+)\s*m(?:in)?)?\s*(?:(?P<s>\d+)\s*s)?\s*$")
_CLOCK = re.compile(r"^\s*(?:T\+)?(?P<h>\d{1,3}):(?P<m>[0-5]\d)(?::(?P<s>[0-5]\d))?\s*$")


def parse_duration(value: Any) -> Any:
    """Minutes as a number, or `1h30m`, `45m`, `90s`, `01:30` / `T+01:30` → whole seconds."""
    if isinstance(value, bool):
        raise ValueError("expected a duration such as 45m, 1h30m or 01:30, not true/false")
    if isinstance(value, int | float):
        if not math.isfinite(value) or value < 0:
            raise ValueError("a duration is a finite, non-negative time")
        return _bounded(round(value * 60))
    if isinstance(value, str):
        match = _CLOCK.match(value) or _DURATION.match(value)
        if match and any(match.group(g) for g in "hms"):
            h, m, s = (int(match.group(g) or 0) for g in "hms")
            return _bounded(h * 3600 + m * 60 + s)
    raise ValueError(f"expected a duration such as 45m, 1h30m or 01:30, got {value!r}")


MAX_DURATION = 10_000_000
"""About 115 days of scenario time: far beyond any exercise, and what commands accept."""


def _bounded(seconds: int) -> int:
    if seconds > MAX_DURATION:
        raise ValueError(f"a duration of at most {MAX_DURATION // 86400} days, please")
    return seconds


Duration = Annotated[
    int,
    BeforeValidator(parse_duration),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "description": "minutes"},
                {
                    "type": "string",
                    "pattern": r"^\s*((\d+\s*h)?\s*(\d+\s*m(in)?)?\s*(\d+\s*s)?|(T\+)?\d{1,3}:[0-5]\d(:[0-5]\d)?)\s*$",
                },
            ]
        }
    ),
]
"""Scenario time in whole seconds, written as minutes (`30`) or `1h30m`, `45m`, `01:30`."""

Fraction = Annotated[float, Field(ge=0.0, le=1.0)]


def text_in(text: Text, language: str, fallback: str = "en") -> str:
    """The text in `language`, else the fallback language, else the first one given."""
    if isinstance(text, str):
        return text
    return text.get(language) or text.get(fallback) or next(iter(text.values()), "")


def format_time(seconds: int) -> str:
    """Scenario time as `T+hh:mm` (with `:ss` only when there are seconds)."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"T+{hours:02d}:{minutes:02d}" + (f":{secs:02d}" if secs else "")


def keyed_union(kinds: dict[str, type[BaseModel]], name: str, message: str) -> Any:
    """A union of models told apart by which key a mapping has, e.g. `{add: x, by: 1}`.

    Branch tags are `name:key` (never a YAML key), so error locations stay unambiguous;
    `message` is what a mapping with none of the keys is told.
    """

    def kind_of(value: Any) -> str | None:
        if isinstance(value, dict):
            return next((f"{name}:{key}" for key in value if key in kinds), None)
        return next((f"{name}:{key}" for key, model in kinds.items() if isinstance(value, model)), None)

    branches = tuple(Annotated[model, Tag(f"{name}:{key}")] for key, model in kinds.items())
    return Annotated[
        Union[branches],  # noqa: UP007  (built from a tuple at run time)
        Discriminator(kind_of, custom_error_type=f"{name}_kind", custom_error_message=message),
    ]
