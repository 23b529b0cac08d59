"""Playbooks: reference procedures that decision options cite and scoring measures against."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from tabletop.model.base import Duration, Identifier, Slug, StrictModel, Text
from tabletop.model.vocabulary import ActorKind, Phase


class Step(StrictModel):
    """One step of a playbook."""

    id: Identifier
    """Unique within the playbook; cited as `playbook-id/step_id`."""
    title: Text
    """What is done."""
    phase: Phase
    """The phase it belongs to (the incident-handling phases of NIST SP 800-61 Rev. 2, or diplomatic ones)."""
    target: Duration | None = None
    """Time target: done by this scenario time after the incident starts."""
    description: Text | None = None
    """Guidance for the team."""


class Playbook(StrictModel):
    """A reference procedure, e.g. national CSIRT incident handling."""

    id: Slug
    """Unique id; the file is `playbooks/<id>.yaml`."""
    title: Text
    """Title."""
    owner: ActorKind
    """The kind of actor who owns the procedure."""
    version: str = "1"
    """Version of the procedure text."""
    source: str | None = None
    """The reference it follows (e.g. NIST SP 800-61 Rev. 3), with its revision: guides are withdrawn and replaced."""
    languages: Annotated[list[str], Field(min_length=1)] = ["en"]
    """Languages every text is given in."""
    steps: Annotated[list[Step], Field(min_length=1)]
    """Ordered steps."""
