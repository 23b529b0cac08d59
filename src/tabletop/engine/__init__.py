"""The deterministic engine: a scenario clock, one event queue, state, escalation, decisions.

Pure: no I/O, no wall clock, no global random (see docs/architecture.md).
"""

from tabletop.engine.commands import COMMAND_ADAPTER, Command
from tabletop.engine.compiled import CompiledScenario, compile_scenario
from tabletop.engine.core import CommandRefused, Engine
from tabletop.engine.events import Event, MalformedEvent, event_json, parse_event

__all__ = [
    "COMMAND_ADAPTER",
    "Command",
    "CommandRefused",
    "CompiledScenario",
    "Engine",
    "Event",
    "MalformedEvent",
    "compile_scenario",
    "event_json",
    "parse_event",
]
