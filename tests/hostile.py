"""Hostile text: what an author or a trainee could write to break a renderer or a terminal.

One corpus for every test that shows text. `TYPED` is what a person can type into a
command (accepted, shown as typed); `CONTROLS` are characters that must never reach a
terminal raw (refused in commands, shown visibly when a scenario file carries them).
"""

from __future__ import annotations

import html
import re

import yaml

from tabletop.text import HIDDEN
from tests.conftest import MINIMAL

MARKUP = ("[/]", "[bold]x[/bold]", "[link=javascript:alert(1)]x[/link]", "[mfa_cell]", "[/redacted]", ":smile:")
"""Rich and Textual markup, a team label that looks like a tag, an emoji code."""

WEB = (
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "$5m & $6m",
)
"""HTML, a Markdown link, a Jinja expression, matplotlib mathtext."""

TOKENS = MARKUP + WEB
TYPED = " ".join(TOKENS)
"""Every token in one line, as a trainee could type it."""

CONTROLS = {
    "\x1b[31m": "␛[31m",
    "\x1b]0;pwned\x07": "␛]0;pwned␇",
    "\x9b2J": "<U+009B>2J",
    "\u202e": "<U+202E>",
    "\x00\x08\x7f": "␀␈␡",
}
"""Escape sequences, a C1 CSI, a bidi override and other controls: typed → shown."""

HOSTILE = TYPED + " " + " ".join(CONTROLS)
"""What a scenario file can carry (as YAML escapes such as "\\e")."""

LONG = "long " * 2_000
"""10,000 characters."""


def scenario_yaml() -> str:
    """The minimal scenario with every text an author writes replaced by the corpus."""
    document = yaml.safe_load(MINIMAL)
    document["title"] = HOSTILE
    document["summary"] = HOSTILE + " " + LONG
    document["ladder"] = [f"{level} {HOSTILE}" for level in document["ladder"]]
    for item in document["actors"] + document["teams"]:
        item["name"] = f"{item['name']} {HOSTILE}"
    for inject in document["injects"]:
        inject["title"] = f"{inject['title']} {HOSTILE}"
        inject["body"] = f"{HOSTILE} {LONG}"
    for decision in document["decisions"]:
        decision["prompt"] = HOSTILE
        for option in decision["options"]:
            option["label"] = f"{option['label']} {HOSTILE}"
    for objective in document["objectives"]:
        objective["text"] = HOSTILE
    for end in document["end"]:
        end["text"] = HOSTILE
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10**6)


def playbook_yaml(text: str) -> str:
    """A playbook (its YAML text) with its title and every step title carrying the corpus."""
    document = yaml.safe_load(text)
    languages = document.get("languages", ["en"])
    document["title"] = {language: HOSTILE for language in languages}
    for step in document["steps"]:
        title = step["title"] if isinstance(step["title"], dict) else dict.fromkeys(languages, step["title"])
        step["title"] = {language: f"{title[language]} {HOSTILE}" for language in languages}
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10**6)


SCRIPT = yaml.safe_dump(
    {
        "steps": [
            {"at": "20m", "team": "csirt_cell", "decide": "contain", "option": "wait", "rationale": TYPED},
            {"at": "25m", "team": "mfa_cell", "note": TYPED},
            {"at": "30m", "score": "csirt_cell", "points": 1, "reason": TYPED},
            {"at": "1h", "rate": "contain_fast", "rating": "M", "note": TYPED + " " + LONG},
            {"at": "2h", "end": "stopped", "text": TYPED},
        ]
    },
    sort_keys=False,
    allow_unicode=True,
    width=10**6,
)
"""A decision script whose rationale, note, reason and rating note carry what can be typed."""


def assert_shown_as_typed(output: str, controls: bool = True) -> None:
    """Every token printed as typed, every control shown visibly, none raw."""
    missing = [token for token in TOKENS if token not in output]
    assert not missing, f"not shown as typed: {missing}"
    if controls:
        unseen = [shown for shown in CONTROLS.values() if shown not in output]
        assert not unseen, f"controls not shown visibly: {unseen}"
    raw = HIDDEN.search(output)
    assert raw is None, f"a raw control character reached the output: {raw.group()!r}"


def assert_inert_html(page: str, controls: bool = True) -> None:
    """HTML in which the corpus is text: escaped, no script, no image, no javascript: link."""
    assert "<script>alert" not in page and "<img src=x" not in page
    assert not re.search(r"href=[\"']?javascript:", page)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert_shown_as_typed(" ".join(text.split()), controls)
