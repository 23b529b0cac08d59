"""The exercise around a session, for the after-action report: when, where, for whom, its
handling marking, and who owns each corrective action of the improvement plan.

An `exercise.yaml` (beside the session file, or given to `run --exercise`):

    dates: [2026-11-30, 2026-12-01]
    location: Ministry of Foreign Affairs, Panama City
    sponsor: National Cybersecurity Directorate
    participants: [National CSIRT, MFA cyber unit, Canal Authority]
    marking: TLP:AMBER
    plan:
      - decision: contain
        owner: National CSIRT
        poc: Ana Pérez, ana.perez@csirt.example
        start: 2027-01-15
        completion: 2027-03-31

A `plan.yaml` (`report --plan`) holds only the `plan:` list.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from tabletop.errors import did_you_mean
from tabletop.model.base import Identifier, StrictModel
from tabletop.model.text import Typed

Line = Annotated[str, Field(min_length=1, max_length=2000), Typed]
"""One line of free text, as typed: a place, an organisation, a person."""
DETAILS = ("dates", "location", "sponsor", "participants", "marking")
"""The fields of `ExerciseDetails`, each replaced on its own by a later record."""
TLP_LEVELS = ("CLEAR", "GREEN", "AMBER", "AMBER+STRICT", "RED")
"""Traffic Light Protocol 2.0 (FIRST, 2022)."""


class PlanEntry(StrictModel):
    """One row of the improvement plan: an issue the report found (by its decision point), or
    one of your own (with its corrective action), and who does what by when."""

    decision: Identifier | None = None
    """The decision point whose answer the report lists as an area for improvement."""
    team: Identifier | None = None
    """The team that answered it, when the decision point is put to more than one team."""
    issue: Line | None = None
    """An issue of your own (e.g. from the hot wash), instead of `decision`."""
    capability: Line | None = None
    """The core capability an issue of your own serves."""
    action: Annotated[str, Field(min_length=1, max_length=4000), Typed] | None = None
    """The corrective action; for a `decision`, replaces the one the report suggests."""
    owner: Line | None = None
    """The responsible organisation."""
    poc: Line | None = None
    """The point of contact: a name, a role, an address."""
    start: date | None = None
    """When the corrective action starts (YYYY-MM-DD)."""
    completion: date | None = None
    """When it is to be completed (YYYY-MM-DD)."""

    @model_validator(mode="after")
    def _one_issue(self) -> PlanEntry:
        if (self.decision is None) == (self.issue is None):
            raise ValueError("a plan entry names either a 'decision' or an 'issue' of its own")
        if self.issue is not None and self.action is None:
            raise ValueError("an issue of your own needs its corrective 'action'")
        if self.start and self.completion and self.completion < self.start:
            raise ValueError(f"completion ({self.completion}) comes before start ({self.start})")
        return self

    @property
    def key(self) -> tuple[str, str]:
        """Which row this entry fills: a later entry with the same key replaces it."""
        return (self.decision, self.team or "") if self.decision else ("", self.issue or "")


class ExerciseDetails(StrictModel):
    """When, where and for whom the exercise ran, and how the report may be shared."""

    dates: list[date] = []
    """The day(s) of the exercise (YYYY-MM-DD)."""
    location: Line | None = None
    """Where the exercise takes place."""
    sponsor: Line | None = None
    """The organisation that sponsors the exercise."""
    participants: list[Line] = []
    """Participating organisations or people."""
    marking: Annotated[str, Field(min_length=1, max_length=200), Typed] | None = None
    """The handling marking shown at the top and bottom of every page, e.g. `TLP:AMBER`
    (a `TLP:` marking must be one of TLP 2.0's: CLEAR, GREEN, AMBER, AMBER+STRICT, RED)."""

    @field_validator("marking")
    @classmethod
    def _tlp(cls, marking: str | None) -> str | None:
        if marking is None or not marking.upper().startswith("TLP:"):
            return marking
        level = marking[4:].strip()
        if level not in TLP_LEVELS:
            choices = [f"TLP:{t}" for t in TLP_LEVELS]
            if level.upper() == "WHITE":
                hint = " (TLP 2.0 calls it 'TLP:CLEAR')"
            else:
                close = did_you_mean(level.upper(), TLP_LEVELS).replace("'", "'TLP:", 1)
                hint = close or f" (TLP 2.0: {', '.join(choices)})"
            raise ValueError(f"'{marking}' is no TLP 2.0 marking{hint}")
        return f"TLP:{level}"


class ExerciseFile(ExerciseDetails):
    """An `exercise.yaml`: the exercise's details and, optionally, its improvement plan."""

    plan: list[PlanEntry] = []
    """Owners, points of contact and dates of the improvement plan's rows."""


class PlanFile(StrictModel):
    """A `plan.yaml` for `tabletop report SESSION --plan plan.yaml`."""

    plan: Annotated[list[PlanEntry], Field(min_length=1)]
    """Owners, points of contact and dates of the improvement plan's rows."""
