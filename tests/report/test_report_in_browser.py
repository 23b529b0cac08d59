"""The HTML report in a real headless browser (Debian's chromium): offline, charts drawn.

CI installs chromium and sets TABLETOP_CI=1, so there these tests cannot be skipped; on a
machine without chromium they are skipped with a reason.
"""

from __future__ import annotations

import os

import pytest

from tabletop.cli import main
from tabletop.report.render import find_browser

BROWSER = find_browser()
if BROWSER is None and os.environ.get("TABLETOP_CI"):
    raise RuntimeError("TABLETOP_CI is set but no chromium was found")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="chromium is not installed")

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_html_report_renders_offline_with_its_charts(sessions, tmp_path):
    from playwright.sync_api import sync_playwright

    target = tmp_path / "aar.html"
    assert main(["report", str(sessions["poor"]), "-o", str(target)]) == 0
    requests, failed, errors = [], [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=FLAGS)
        page = browser.new_page(viewport={"width": 1200, "height": 900})
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.on("request", lambda r: requests.append(r.url))
        page.on("requestfailed", lambda r: failed.append(r.url))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(target.as_uri())
        charts = page.locator("figure svg")
        sizes = [charts.nth(i).bounding_box() for i in range(charts.count())]
        headings = page.locator("h2").all_inner_texts()
        page.screenshot(path=str(tmp_path / "aar.png"), full_page=True)
        browser.close()
    assert requests == [target.as_uri()] and failed == [] and errors == []
    assert len(sizes) == 3 and all(box["width"] > 400 and box["height"] > 150 for box in sizes)
    assert headings[:2] == ["Executive summary", "Exercise overview"] and headings[-1] == "Improvement plan"
    assert (tmp_path / "aar.png").stat().st_size > 50_000


def test_pdf_report_is_printed_by_the_system_browser(sessions, tmp_path):
    target = tmp_path / "aar.pdf"
    assert main(["report", str(sessions["good"]), "--format", "pdf", "-o", str(target)]) == 0
    data = target.read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 20_000


def test_on_an_a4_page_the_charts_print_at_their_own_size(sessions, tmp_path):
    """Printed on A4 (the column `A4_COLUMN_PX` wide), no chart is shrunk, so its text keeps the
    size tests/report/test_charts.py reads from the SVG."""
    from playwright.sync_api import sync_playwright

    from tabletop.report.charts import A4_COLUMN_PX, WIDTH

    target = tmp_path / "aar.html"
    assert main(["report", str(sessions["poor"]), "--lang", "es", "-o", str(target)]) == 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=BROWSER, args=FLAGS)
        page = browser.new_page(viewport={"width": int(A4_COLUMN_PX) + 48, "height": 1100})
        page.emulate_media(media="print")
        page.goto(target.as_uri())
        widths = page.eval_on_selector_all("figure svg", "svgs => svgs.map(s => s.getBoundingClientRect().width)")
        browser.close()
    assert len(widths) == 3 and all(width == pytest.approx(WIDTH * 96, abs=1) for width in widths)
