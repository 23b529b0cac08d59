"""The scenario language as pydantic models: the single source of truth for the format."""

from tabletop.model.playbook import Playbook, Step
from tabletop.model.scenario import Scenario

__all__ = ["Playbook", "Scenario", "Step"]
