"""Sessions: a scenario played through the engine, every command saved as it happens."""

from tabletop.session.encoding import encode
from tabletop.session.play import play, step_command
from tabletop.session.record import SessionRecord, read_session
from tabletop.session.session import ScenarioChanged, Session, load_stored_scenario, parse_command

__all__ = [
    "ScenarioChanged",
    "Session",
    "SessionRecord",
    "encode",
    "load_stored_scenario",
    "parse_command",
    "play",
    "read_session",
    "step_command",
]
