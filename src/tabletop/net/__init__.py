"""Trainee networking: a TLS WebSocket server in the facilitator's session, and its client."""

from tabletop.net.client import JoinRefused, TeamClient
from tabletop.net.join import Join, parse_join, parse_listen
from tabletop.net.server import TeamServer, hosting_for

__all__ = ["Join", "JoinRefused", "TeamClient", "TeamServer", "hosting_for", "parse_join", "parse_listen"]
