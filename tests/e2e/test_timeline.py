"""The phase timeline in a real browser: drawn on the journey map, readable on a phone, its step
marked in words, its text alternative one click away, its text in enough contrast."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from journey.words import WORDS
from tests.e2e.app_pages import browser_tab, open_page, pack
from tests.e2e.test_accessibility import MIN_CONTRAST, PHONE, contrast, parse_color

TIMELINE = 'svg[aria-labelledby^="phase-timeline"]'
#: Each drawn text with its fill and the fill of the shape behind it (the card, or a marked
#: row's band): the last filled rect drawn before it whose box holds the text's middle.
TEXT_COLORS = """svg => {
    const shapes = Array.from(svg.querySelectorAll("rect")).filter(
        r => (r.getAttribute("fill") || "none") !== "none");
    return Array.from(svg.querySelectorAll("text")).map(text => {
        const box = text.getBBox();
        const y = box.y + box.height / 2, x = box.x + Math.min(box.width, 4);
        let background = "#ffffff";
        for (const shape of shapes) {
            if (shape.compareDocumentPosition(text) & Node.DOCUMENT_POSITION_FOLLOWING) {
                const b = shape.getBBox();
                if (x >= b.x && x <= b.x + b.width && y >= b.y && y <= b.y + b.height) {
                    background = shape.getAttribute("fill");
                }
            }
        }
        return {text: text.textContent, color: text.getAttribute("fill"), background};
    });
}"""
#: The rendered size of each text, in CSS pixels (its font size times the picture's scale).
TEXT_PX = """svg => Array.from(svg.querySelectorAll("text")).map(
    t => parseFloat(t.getAttribute("font-size")) * svg.getScreenCTM().a)"""


@pytest.fixture(scope="module")
def phone(browser: Browser, base_url: str) -> Iterator[Page]:
    with browser_tab(browser, base_url, viewport=PHONE) as page:
        yield page


@pytest.fixture(scope="module")
def desk(browser: Browser, base_url: str) -> Iterator[Page]:
    with browser_tab(browser, base_url) as page:
        yield page


def test_the_timeline_is_a_named_picture_with_the_readers_step_marked(desk: Page) -> None:
    page = open_page(desk, "/journey_map?step=post_remission", WORDS.title_journey_map)
    picture = page.get_by_role("img", name=WORDS.timeline_picture_title)
    expect(picture).to_be_visible()
    texts = picture.locator("text").all_text_contents()
    assert sum(t == "▶ " + f"{WORDS.here_words}:".upper() for t in texts) == 2
    drawn = " ".join(texts)  # a long label wraps onto lines of its own
    for entry in pack().timeline:
        assert entry.range_words in drawn, entry.id
    description = picture.locator("desc").text_content()
    assert all(entry.what_varies in description for entry in pack().timeline)


def test_the_text_alternative_is_one_click_away_with_every_range(desk: Page) -> None:
    page = open_page(desk, "/journey_map?step=remission", WORDS.title_journey_map)
    box = page.locator("[data-testid=stExpander]").filter(has_text=WORDS.timeline_text_heading)
    table = box.get_by_role("table")
    expect(table).to_be_hidden()
    box.get_by_text(WORDS.timeline_text_heading).click()
    expect(table).to_be_visible()
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(pack().timeline))
    for row, entry in zip(rows.all(), pack().timeline, strict=True):
        expect(row).to_contain_text(entry.range_words)
        expect(row).to_contain_text(entry.what_varies)
    expect(rows.filter(has_text=WORDS.timeline_next_words)).to_have_count(2)


def test_on_a_phone_the_timeline_fits_and_its_words_stay_readable(phone: Page) -> None:
    page = open_page(phone, "/journey_map?step=induction", WORDS.title_journey_map)
    picture = page.locator(TIMELINE)
    picture.scroll_into_view_if_needed()
    expect(picture).to_be_visible()
    box = picture.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    assert not page.evaluate(
        "document.scrollingElement.scrollWidth > document.scrollingElement.clientWidth"
    ), "the page scrolls sideways"
    sizes = picture.evaluate(TEXT_PX)
    assert sizes and min(sizes) >= 9.5, min(sizes)


def test_the_timelines_text_has_enough_contrast(desk: Page) -> None:
    """axe leaves SVG text "incomplete": measure each text on the fill behind it."""
    page = open_page(desk, "/journey_map?step=post_remission", WORDS.title_journey_map)
    pairs = page.locator(TIMELINE).evaluate(TEXT_COLORS)
    assert len(pairs) > 2 * len(pack().timeline)
    assert {pair["background"] for pair in pairs} >= {"#ffffff", "#fff1a8"}  # card, marked row
    low = [
        (pair["text"], pair["color"], pair["background"], round(ratio, 2))
        for pair in pairs
        if (ratio := contrast(parse_color(pair["color"]), parse_color(pair["background"])))
        < MIN_CONTRAST
    ]
    assert not low, f"timeline text under {MIN_CONTRAST}:1: {low}"
