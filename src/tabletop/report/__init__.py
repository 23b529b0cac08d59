"""Reports: what happened in a session, told for people (timelines now; the AAR builds on it)."""

from tabletop.report.describe import describe_event

__all__ = ["describe_event"]
