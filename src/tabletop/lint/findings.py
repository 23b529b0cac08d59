"""What `check` reports: a finding is an error, a warning or a note at a place in the scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

Severity = Literal["error", "warning", "note"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "note")

Location = tuple[Any, ...]
"""A path into the scenario file, as the loader locates it: ("injects", 3, "when")."""


@dataclass(frozen=True)
class Finding:
    """One thing `check` found: how bad, where, what and why; `rule` names the check."""

    severity: Severity
    rule: str
    where: Location
    message: str
