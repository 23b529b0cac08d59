"""tabletop: a simulator for tabletop cyber-crisis exercises."""

__version__ = "0.1.0"
