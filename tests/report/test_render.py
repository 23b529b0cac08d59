"""Markdown output escapes what a Markdown renderer would obey, and only that."""

from __future__ import annotations

from markdown_it import MarkdownIt

from tabletop.report.render import escape_markdown


def rendered(text: str) -> str:
    return MarkdownIt("commonmark").enable("table").renderInline(escape_markdown(text))


def test_html_links_images_and_code_are_shown_as_typed():
    for text in ("<script>alert(1)</script>", "[x](javascript:alert(1))", "![x](http://x/y.png)", "`code` *em* _em_"):
        assert rendered(text) == text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def test_identifiers_keep_their_underscores_readable():
    assert escape_markdown("mfa_cell decided d_contain") == "mfa_cell decided d_contain"


def test_a_pipe_cannot_break_a_table_cell():
    table = MarkdownIt("commonmark").enable("table").render(f"| a |\n| --- |\n| {escape_markdown('x | y')} |\n")
    assert "<td>x | y</td>" in table


def test_control_characters_are_made_visible():
    assert escape_markdown("\x1b[31mred\u202e") == "␛\\[31mred&lt;U+202E&gt;"
