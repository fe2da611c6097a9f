"""What the browser tests know about the app: its pages, the notice, the diagram, the keyboard.

Shared by test_pages, test_accessibility, test_privacy, test_downloads and test_screenshot. Every
word the tests look for comes from the app's own modules (ui.chrome, journey.diagram) or from the
content pack, so a change of wording moves the tests with it.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Locator, Page, expect

from harness.app_server import REPO_ROOT
from harness.browser import wait_for_app_idle
from journey.loading import load_pack
from journey.model import ContentPack
from journey.report import DISCLAIMER_TEXT_ID
from journey.words import ENGLISH, WORDS, current_language

REAL_PACK = REPO_ROOT / "data"

CHART = ".journey-map"  # the in-page map (inside its component's shadow root; locators pierce it)
# Step nodes carry `id=step_<id>` in the DOT; bands and the legend are nodes too, but not steps.
STEP_NODES = f"{CHART} svg g.node[id^=step_]"
EDGES = f"{CHART} svg g.edge"
# The map's three pictures, each in its own box: the journey (the steps), the bands, the key.
MAP_PART_BOXES = {
    "journey": ".journey-map-journey",
    "bands": ".journey-map-bands",
    "legend": ".journey-map-legend",
}
NOTICE = "[data-testid=stAlert]"
EXCEPTION = "[data-testid=stException]"
EXPANDER_SUMMARY = "[data-testid=stExpander] summary"
# Streamlit loads most widgets' code on first use and draws this placeholder until it arrives,
# after the script run has ended: a page is not drawn while one is left.
LOADING_PLACEHOLDER = "[data-testid=stSkeleton]"


def pack() -> ContentPack:
    """The real content pack, the one the session's app server uses (its JOURNEY_DATA is unset),
    in the language in use (a test in Spanish opens `use_language("es")`)."""
    return _pack(current_language())


@functools.cache
def _pack(language: str) -> ContentPack:
    return load_pack(REAL_PACK, lang="" if language == ENGLISH else language)


def notice_text() -> str:
    return pack().text(DISCLAIMER_TEXT_ID).body


@dataclass(frozen=True)
class AppPage:
    """One page of the app: its URL path, the heading it shows first, whether it draws the map."""

    path: str
    title: str
    has_diagram: bool

    @property
    def name(self) -> str:
        return self.path.strip("/") or "start"


def app_pages() -> tuple[AppPage, ...]:
    """Every page in the navigation, by the URL path Streamlit gives its file."""
    return (
        AppPage("/", pack().info.title, has_diagram=True),
        AppPage("/journey_map", WORDS.title_journey_map, has_diagram=True),
        AppPage("/where_am_i", WORDS.title_where_am_i, has_diagram=False),
        AppPage("/treatment_options", WORDS.title_options, has_diagram=False),
        AppPage("/tests_and_terms", WORDS.title_tests_terms, has_diagram=False),
        AppPage("/walkthrough", WORDS.title_walkthrough, has_diagram=True),
        AppPage("/discussion_sheet", WORDS.title_sheet, has_diagram=False),
        AppPage("/about", WORDS.title_about, has_diagram=False),
    )


@contextlib.contextmanager
def browser_tab(browser: Browser, base_url: str, **context_args: Any) -> Iterator[Page]:
    """One page in its own browser context, to share between the tests of a module.

    Every test still loads its page afresh (a new Streamlit session each time); sharing the
    context keeps the browser's cache, so Streamlit's scripts are not fetched again per test.
    """
    context = browser.new_context(base_url=base_url, **context_args)
    try:
        yield context.new_page()
    finally:
        context.close()


def notice(page: Page) -> Locator:
    return page.locator(NOTICE, has_text=notice_text())


def title(page: Page, text: str) -> Locator:
    return page.get_by_role("heading", level=1, name=text, exact=True)


def wait_until_drawn(page: Page, heading: str | None = None, *, diagram: bool = False) -> None:
    """Wait for the whole page: the notice, the page's heading, the map's SVG, idle, no placeholder.

    The script state alone is not enough: the very first page a fresh server draws goes idle once
    with nothing on it, before the frame reruns it (ui/frame.py); and widgets whose code is still
    loading show a placeholder for a moment after the run has ended.
    """
    expect(notice(page)).to_be_visible()
    if heading is not None:
        expect(title(page, heading)).to_be_visible()
    if diagram:
        expect(page.locator(STEP_NODES).first).to_be_visible()
    wait_for_app_idle(page)
    expect(page.locator(LOADING_PLACEHOLDER)).to_have_count(0)
    expect(page.locator(EXCEPTION)).to_have_count(0)


def open_page(page: Page, path: str, heading: str | None = None, *, diagram: bool = False) -> Page:
    """Go to `path` (relative to base_url, or a full URL) and wait until it is fully drawn."""
    page.goto(path)
    wait_until_drawn(page, heading, diagram=diagram)
    return page


def expand_all(page: Page) -> int:
    """Open every closed expander on the page, so checks see what they hold; returns how many.

    Every summary is clicked from the page's own script at once, so the opening animations run
    side by side (Playwright's click waits for each in turn, most of a second apiece); while one
    runs, its <details> has a fixed height with the overflow hidden.
    """
    opened = page.locator(EXPANDER_SUMMARY).evaluate_all(
        """summaries => summaries.filter(s => !s.parentElement.open).map(s => s.click()).length"""
    )
    if opened:
        expect(page.locator("[data-testid=stExpander] details:not([open])")).to_have_count(0)
        expect(page.locator("[data-testid=stExpander] details[style*=height]")).to_have_count(0)
        wait_for_app_idle(page)
        expect(page.locator(LOADING_PLACEHOLDER)).to_have_count(0)
    return opened


def open_section(page: Page, label: str) -> None:
    """Open the section (an expander) named `label`, if closed, and wait for what it holds."""
    details = page.locator("[data-testid=stExpander] details").filter(
        has=page.locator("summary").get_by_text(label, exact=True)
    )
    if details.get_attribute("open") is None:
        details.locator("summary").click()
        expect(details).to_have_attribute("open", "")
        wait_for_app_idle(page)
        expect(page.locator(LOADING_PLACEHOLDER)).to_have_count(0)


# ---------------------------------------------------------------- the diagram


def step_node(page: Page, step_id: str) -> Locator:
    """The SVG node of one step (its DOT id is `step_<id>`)."""
    return page.locator(f"{CHART} svg g.node#step_{step_id}")


def node_text(node: Locator) -> str:
    """The words drawn in a node, line by line joined with spaces (the <title> is the DOT id)."""
    return " ".join(text.strip() for text in node.locator("text").all_text_contents())


def mark_this_document(page: Page) -> None:
    """Leave a mark in the page's window: a reload or a new session would lose it."""
    page.evaluate("() => { window.__same_document = true; }")


def is_same_document(page: Page) -> bool:
    return page.evaluate("() => window.__same_document === true")


def marked_steps(page: Page, prefix: str = WORDS.here_prefix) -> list[str]:
    """The step ids whose node text starts with the "you are here" prefix (or another)."""
    marked = []
    for node in page.locator(STEP_NODES).all():
        if node_text(node).startswith(prefix):
            marked.append(node.get_attribute("id").removeprefix("step_"))
    return marked


# ---------------------------------------------------------------- the keyboard


def has_focus(target: Locator) -> bool:
    """True when the keyboard focus is on `target` (or inside it), inside shadow roots too."""
    return target.evaluate(
        """el => {
          let active = document.activeElement;
          while (active && active.shadowRoot && active.shadowRoot.activeElement) {
            active = active.shadowRoot.activeElement;
          }
          return el === active || el.contains(active);
        }"""
    )


def focus_is_on_the_page_itself(page: Page) -> bool:
    """True when nothing has the focus: the browser's active element is the page's body."""
    return page.evaluate(
        "() => !document.activeElement || document.activeElement === document.body"
    )


def tab_to(page: Page, target: Locator, *, max_presses: int = 150, backwards: bool = False) -> int:
    """Press Tab (or Shift+Tab) until `target` has the focus; returns how many presses it took."""
    key = "Shift+Tab" if backwards else "Tab"
    for presses in range(max_presses + 1):
        if has_focus(target):
            return presses
        page.keyboard.press(key)
    raise AssertionError(f"{max_presses} presses of {key} never reached {target}")


def downloaded_bytes(page: Page, label: str) -> tuple[str, bytes]:
    """Press the download button named `label`; (the file's suggested name, its bytes)."""
    with page.expect_download() as started:
        page.get_by_role("button", name=label).click()
    download = started.value
    return download.suggested_filename, Path(download.path()).read_bytes()
