"""Reports: the after-action report (AAR/IP) and session comparisons, for people and tools."""

from tabletop.report.aar import build_report
from tabletop.report.describe import describe_event
from tabletop.report.render import FORMATS, render_html, render_json, render_markdown, render_pdf

__all__ = ["FORMATS", "build_report", "describe_event", "render_html", "render_json", "render_markdown", "render_pdf"]
