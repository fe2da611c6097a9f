"""The README's screenshot: the journey map at the induction step, drawn by a real browser.

Writes docs/screenshot.png (overwritten on every run, so it always shows the app as it is).
"""

from __future__ import annotations

import struct

from playwright.sync_api import Browser, expect

from harness.app_server import REPO_ROOT
from journey.words import WORDS
from tests.e2e.app_pages import CHART, marked_steps, notice, open_page, step_node, title

SCREENSHOT = REPO_ROOT / "docs" / "screenshot.png"
# Tall enough that the map, from its top, shows the marked step and the steps around it.
VIEWPORT = {"width": 1280, "height": 1000}
MAX_BYTES = 300_000


def test_the_readme_screenshot_shows_the_journey_map(browser: Browser, base_url: str) -> None:
    context = browser.new_context(base_url=base_url, viewport=VIEWPORT, device_scale_factor=1)
    page = context.new_page()
    try:
        open_page(page, "/journey_map?step=induction", WORDS.title_journey_map, diagram=True)
        assert marked_steps(page) == ["induction"]
        # The step's details open the page (answer first); the picture is of the map below them,
        # scrolled to the top of the window, with the marked step in it.
        expect(notice(page)).to_be_visible()
        expect(title(page, WORDS.title_journey_map)).to_be_visible()
        chart = page.locator(CHART).first
        # Below Streamlit's header bar, which stays over the top of the page.
        chart.evaluate(
            "el => { el.scrollIntoView({block: 'start'}); "
            "document.querySelector('[data-testid=stMain]').scrollBy(0, -80); }"
        )
        box = step_node(page, "induction").bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= VIEWPORT["height"]
        expect(chart).to_be_in_viewport()
        page.mouse.move(VIEWPORT["width"] - 10, VIEWPORT["height"] // 2)  # no hover effects
        SCREENSHOT.parent.mkdir(exist_ok=True)
        page.screenshot(path=SCREENSHOT, type="png", animations="disabled", caret="hide")
    finally:
        context.close()

    data = SCREENSHOT.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", data[16:24]) == (VIEWPORT["width"], VIEWPORT["height"])
    assert len(data) < MAX_BYTES, f"{SCREENSHOT} is {len(data)} bytes"
