"""Sessions: a scenario played through the engine, every command saved as it happens."""

from tabletop.session.session import ScenarioChanged, Session, encode, parse_command

__all__ = ["ScenarioChanged", "Session", "encode", "parse_command"]
