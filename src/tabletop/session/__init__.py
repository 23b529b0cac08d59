"""Sessions: a scenario played through the engine, every command saved as it happens."""

from tabletop.session.play import play, step_command
from tabletop.session.session import ScenarioChanged, Session, encode, load_stored_scenario, parse_command

__all__ = ["ScenarioChanged", "Session", "encode", "load_stored_scenario", "parse_command", "play", "step_command"]
