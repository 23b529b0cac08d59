"""Render the report dict as Markdown, self-contained HTML, JSON or (with Chromium) PDF.

Text is data. Every value a template prints passes one boundary, the environment's
`finalize`: control characters become visible (`tabletop.text.visible`), then HTML is
autoescaped by Jinja and Markdown by `escape_markdown`. JSON keeps the data and escapes
the characters a terminal would obey.

Jinja2 (Markdown, HTML) and matplotlib (the HTML's charts) are imported where they are used:
a JSON report, and every command that only describes events, loads neither.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tabletop.errors import TabletopError
from tabletop.model import Scenario
from tabletop.model.base import text_in
from tabletop.report.aar import labels
from tabletop.text import escape_json, visible

if TYPE_CHECKING:
    import jinja2

FORMATS = ("md", "html", "json", "pdf")
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


_MARKDOWN = re.compile(r"[\\`*\[\]<>&|]|(?<![^\W_])_|_(?![^\W_])")
"""Markdown's active characters; `_` only where it could start or end emphasis (not in `mfa_cell`)."""
_ENTITIES = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def escape_markdown(value: Any) -> str:
    """Printed as typed by any Markdown renderer: no HTML (`<script>`, `<img onerror>`), no
    links or images (`[x](javascript:…)`), no code or emphasis, no table cell breaks."""
    return _MARKDOWN.sub(lambda m: _ENTITIES.get(m.group()) or "\\" + m.group(), visible(str(value)))


def css_string(text: Any) -> str:
    """A CSS string literal (`content: …`) that shows `text` as typed: every character but
    letters, digits and spaces as a hex escape, so no quote, backslash or `</style>` can end it."""
    body = "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x}" for c in visible(str(text)))
    return f'"{body}"'


def _environment(markdown: bool) -> jinja2.Environment:
    import jinja2
    from markupsafe import Markup

    def visible_html(value: Any) -> Any:
        """Jinja escapes HTML after this; markup we made (the charts) passes as it is."""
        return visible(value) if isinstance(value, str) and not isinstance(value, Markup) else value

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("tabletop.report", "templates"),
        autoescape=not markdown,
        finalize=escape_markdown if markdown else visible_html,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    environment.filters["cell"] = lambda text: " ".join(str(text).split())
    environment.filters["css_string"] = lambda text: Markup(css_string(text))
    return environment


def render_json(report: dict[str, Any]) -> str:
    return escape_json(json.dumps(report, ensure_ascii=False, indent=2)) + "\n"


def render_markdown(report: dict[str, Any]) -> str:
    template = _environment(markdown=True).get_template("report.md.j2")
    return template.render(report=report, L=labels(report["language"]))


def render_html(report: dict[str, Any], scenario: Scenario) -> str:
    from tabletop.report.charts import escalation_chart, scores_chart, state_chart

    words = labels(report["language"])
    lang = report["language"]
    names = {a.id: visible(text_in(a.name, lang, scenario.languages[0])) for a in scenario.actors}
    ladder = [visible(text_in(level, lang, scenario.languages[0])) for level in scenario.ladder]
    ladders = {
        a.id: [visible(text_in(level, lang, scenario.languages[0])) for level in scenario.ladder_of(a.id)]
        for a in scenario.actors
    }
    teams = {t["id"]: visible(t["name"]) for t in report["teams"]}
    objectives = {o["id"]: visible(o["text"]) for o in report["objectives"]}
    by_team = {
        (team, objective): value
        for objective, data in report["evaluation"]["objectives"].items()
        for team, value in data["by_team"].items()
    }
    chart_words = words["chart_words"]
    flag = [chart_words["false"], chart_words["true"]]
    bounds = {
        name: (v.min, v.max, v.values or (flag if v.type == "flag" else None)) for name, v in scenario.state.items()
    }
    charts = {
        "escalation": escalation_chart(report["series"], ladder, names, chart_words, ladders),
        "state": state_chart(report["series"], bounds, chart_words),
        "scores": scores_chart(teams, objectives, by_team, chart_words),
    }
    template = _environment(markdown=False).get_template("report.html.j2")
    return template.render(report=report, L=words, charts=charts)


def find_browser() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


def render_pdf(html: str, target: Path) -> None:
    """Print the HTML to PDF with the system's Chromium, offline."""
    browser = find_browser()
    if browser is None:
        raise TabletopError("a PDF needs Chromium or Google Chrome installed (e.g. apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="tabletop-pdf-") as folder:
        page = Path(folder) / "report.html"
        page.write_text(html, encoding="utf-8")
        command = [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-extensions",
            f"--user-data-dir={folder}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={target.resolve()}",
            page.as_uri(),
        ]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=120)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise TabletopError(f"could not run {browser} to make the PDF: {exc}") from None
        if result.returncode != 0 or not target.exists():
            raise TabletopError(f"{browser} could not make the PDF: {result.stderr.strip()[-300:]}")
