"""Accessibility in a real browser: axe-core's WCAG 2.2 A and AA rules on every page, both themes.

Each page is checked once fully drawn (the notice, its heading, the map's SVG, the script idle,
no widget still loading), with every expander opened so that what they hold is checked too. axe
cannot judge the contrast of SVG text (it reports it as "incomplete"), so a test here measures
the drawn diagram's own colour pairs. Another checks that the text outline tells the same map as
the SVG.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from harness.app_server import AppServer
from harness.browser import wait_for_app_idle
from journey.deciding import Person
from journey.diagram import ID_PREFIX_BAND
from journey.model import GuidePart
from journey.navigation import Answer, LastTestsShowed, checks_for_step
from journey.words import WORDS
from tests.e2e.app_pages import (
    CHART,
    EDGES,
    MAP_PART_BOXES,
    STEP_NODES,
    AppPage,
    app_pages,
    browser_tab,
    expand_all,
    marked_steps,
    open_page,
    open_section,
    pack,
)
from ui import chrome, components, view_state

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}}
# Rules that must run on every page (passed, failed or "incomplete"): proof that axe really looked
# at text contrast, the names of links, buttons and form fields, lists, and the document itself.
RULES_THAT_MUST_RUN = frozenset(
    {
        "aria-allowed-attr",
        "button-name",
        "color-contrast",
        "document-title",
        "html-has-lang",
        "label",
        "link-name",
        "list",
        "listitem",
        "nested-interactive",
        "target-size",
    }
)
RAN_GROUPS = ("passes", "violations", "incomplete")  # "inapplicable" rules found nothing to check
MIN_CONTRAST = 4.5
THEMES = ("light", "dark")
#: Non-text contrast (WCAG 1.4.11): a focus ring or a button's edge against the page.
MIN_NON_TEXT_CONTRAST = 3.0

AXE = Axe()
#: Every rule id axe ran (passes, violations, incomplete), by theme; printed at the end.
RULES_RAN: dict[str, set[str]] = {theme: set() for theme in THEMES}


def answer_where_questions(page: Page) -> None:
    """Answer the three questions, so the result and its criteria boxes are drawn as well."""
    answers = (
        chrome.ANSWER_LABELS[Answer.YES],
        chrome.RESULT_LABELS[LastTestsShowed.NO_SIGNS],
        chrome.ANSWER_LABELS[Answer.NO],
    )
    for text_id, label in zip(components.WHERE_QUESTION_TEXT_IDS, answers, strict=True):
        group = page.get_by_role("radiogroup", name=pack().text(text_id).title, exact=True)
        group.get_by_text(label, exact=True).click()
        expect(group.get_by_role("radio", name=label, exact=True)).to_be_checked()
    expect(page.get_by_text(WORDS.where_not_answered)).to_have_count(0)
    wait_for_app_idle(page)


def answer_checks(page: Page) -> None:
    """Open the walkthrough step's checks and answer the first wrongly and the next rightly, so
    both kinds of answer are checked as drawn."""
    page.get_by_text(WORDS.check_heading, exact=True).click()
    step = page.url.split("walk=")[1].split("&")[0]
    checks = checks_for_step(pack(), step)
    assert len(checks) >= 2, step
    for check, right in zip(checks, (False, True), strict=False):
        choice = next(c for c in check.choices if c.correct is right)
        group = page.get_by_role("radiogroup", name=check.question, exact=True)
        group.get_by_text(choice.text, exact=True).click()
        expect(group.get_by_role("radio", name=choice.text, exact=True)).to_be_checked()
        wait_for_app_idle(page)
    expect(page.get_by_text(WORDS.check_right)).to_have_count(1)
    expect(
        page.get_by_text(WORDS.check_not_quite.format(answer=checks[0].answer.text))
    ).to_have_count(1)


def fill_in_for_two(page: Page) -> None:
    """Getting ready to decide for two, a value marked: both columns and a place are drawn."""
    page.get_by_text(WORDS.guide_for_two, exact=True).click()
    wait_for_app_idle(page)
    open_section(page, WORDS.guide_values_fold)
    value = pack().guide_items(GuidePart.VALUE)[0]
    key = view_state.guide_key(Person.PATIENT, "mark", value.id)
    page.locator(f".st-key-{key}").locator("label").first.click()
    place = view_state.guide_key(Person.PATIENT, "place", value.id)
    expect(page.locator(f".st-key-{place}")).to_be_visible()
    wait_for_app_idle(page)


@dataclass(frozen=True)
class Checked:
    """A page as the accessibility run opens it: a view with content, and what to do first."""

    app_page: AppPage
    query: str = ""
    prepare: Callable[[Page], None] | None = None

    @property
    def path(self) -> str:
        return self.app_page.path + self.query


def checked_pages() -> tuple[Checked, ...]:
    by_path = {page.path: page for page in app_pages()}
    views = {
        # The diagram with a step marked, and facts that make options apply and not apply.
        "/journey_map": "?step=induction&ph=positive&lineage=b",
        "/treatment_options": "?step=induction&ph=positive&lineage=t",
        # A list of questions, so its move and remove buttons are checked.
        "/discussion_sheet": "?step=induction&q=q_induction_1,q_signs_1",
        # The end of the usual way: the branch is offered beside Back and Next, above and below.
        "/walkthrough": "?step=remission&walk=follow_up",
    }
    prepares = {
        "/where_am_i": answer_where_questions,
        "/walkthrough": answer_checks,
        "/discussion_sheet": fill_in_for_two,
    }
    return tuple(
        Checked(page, views.get(path, ""), prepares.get(path)) for path, page in by_path.items()
    )


CHECKED = checked_pages()


@pytest.fixture(scope="module")
def theme_tabs(browser: Browser, app_server: AppServer) -> Iterator[dict[str, Page]]:
    """A browser tab per theme, shared by this module's tests; each opens its page afresh. The
    dark tab is a reader whose system asks for dark colours: the app follows it (no theme.base)."""
    with (
        browser_tab(browser, app_server.url, color_scheme="light") as light,
        browser_tab(browser, app_server.url, color_scheme="dark") as dark,
    ):
        yield {"light": light, "dark": dark}


@pytest.fixture
def tab(theme_tabs: dict[str, Page]) -> Page:
    return theme_tabs["light"]


@pytest.fixture(scope="module", autouse=True)
def print_rules_ran(request: pytest.FixtureRequest) -> Iterator[None]:
    """At the end of the module, print every axe rule that ran (the lead keeps this list)."""
    yield
    lines = [
        f"axe rules run, {theme} theme ({len(rules)}): {', '.join(sorted(rules))}"
        for theme, rules in RULES_RAN.items()
        if rules
    ]
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print("\n" + "\n".join(lines), flush=True)


def relative_luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(value) for value in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: tuple[int, int, int], second: tuple[int, int, int]) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def parse_color(css: str) -> tuple[int, int, int]:
    """`rgb(1, 2, 3)`, `rgba(...)` or `#rrggbb` as an (r, g, b) tuple."""
    if re.fullmatch(r"#[0-9a-fA-F]{6}", css):
        return (int(css[1:3], 16), int(css[3:5], 16), int(css[5:7], 16))
    numbers = re.findall(r"[\d.]+", css)
    assert css.startswith("rgb") and len(numbers) >= 3, f"a colour this test cannot read: {css!r}"
    return (int(float(numbers[0])), int(float(numbers[1])), int(float(numbers[2])))


def run_axe(page: Page, theme: str, where: str) -> None:
    results = AXE.run(page, options=AXE_OPTIONS)
    response = results.response
    ran = {rule["id"] for group in RAN_GROUPS for rule in response[group]}
    RULES_RAN[theme].update(ran)
    assert results.violations_count == 0, f"{where} ({theme}):\n{results.generate_report()}"
    missing = RULES_THAT_MUST_RUN - ran
    assert not missing, f"{where} ({theme}): axe never ran {sorted(missing)}; it ran {sorted(ran)}"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("checked", CHECKED, ids=[c.app_page.name for c in CHECKED])
def test_no_wcag_violations(theme_tabs: dict[str, Page], theme: str, checked: Checked) -> None:
    page = theme_tabs[theme]
    open_page(page, checked.path, checked.app_page.title, diagram=checked.app_page.has_diagram)
    if checked.prepare:
        checked.prepare(page)
    expand_all(page)
    background = parse_color(
        page.get_by_test_id("stApp").evaluate("el => getComputedStyle(el).backgroundColor")
    )
    is_dark = relative_luminance(background) < 0.2
    assert is_dark == (theme == "dark"), f"the {theme} theme is not applied: {background}"
    if checked.app_page.path == "/journey_map":
        assert marked_steps(page) == ["induction"]
    run_axe(page, theme, checked.path)


@pytest.mark.parametrize("theme", THEMES)
def test_primary_buttons_stand_out_in_both_themes(theme_tabs: dict[str, Page], theme: str) -> None:
    """The primary colour (buttons, focus rings) is each theme's own: a primary button's fill
    against the page (WCAG 1.4.11: 3:1) and its words against the fill (4.5:1). The light
    theme's blue on the dark page was 2.8:1."""
    page = theme_tabs[theme]
    open_page(page, "/walkthrough", WORDS.title_walkthrough)
    background = parse_color(
        page.get_by_test_id("stApp").evaluate("el => getComputedStyle(el).backgroundColor")
    )
    assert (relative_luminance(background) < 0.2) == (theme == "dark"), background
    button = page.locator("[data-testid=stBaseButton-primary]").first
    fill, words = (
        parse_color(css)
        for css in button.evaluate(
            "el => [getComputedStyle(el).backgroundColor, getComputedStyle(el).color]"
        )
    )
    assert contrast(fill, background) >= MIN_NON_TEXT_CONTRAST, (theme, fill, background)
    assert contrast(words, fill) >= MIN_CONTRAST, (theme, words, fill)


PHONE = {"width": 390, "height": 844}


def test_no_wcag_violations_on_a_phone(browser: Browser, app_server: AppServer) -> None:
    """On a phone the journey scrolls sideways in its own box, the bands and key below it."""
    checked = next(c for c in CHECKED if c.app_page.path == "/journey_map")
    with browser_tab(browser, app_server.url, viewport=PHONE) as page:
        open_page(page, checked.path, checked.app_page.title, diagram=True)
        expand_all(page)
        assert page.locator(MAP_PART_BOXES["journey"]).evaluate(
            "el => el.scrollWidth > el.clientWidth"
        ), "the journey does not scroll here: this run would not check its scrolling box"
        run_axe(page, "light", f"{checked.path} at {PHONE['width']} px")


def test_axe_finds_violations_when_there_are_some(tab: Page) -> None:
    """The run above can fail: the same options catch faults planted in a drawn page."""
    page = tab
    open_page(page, "/about", WORDS.title_about)
    page.evaluate(
        """() => {
            const main = document.querySelector("[data-testid=stMainBlockContainer]");
            const img = document.createElement("img");
            img.src = "data:image/gif;base64,R0lGODlhAQABAAAAACw=";
            const button = document.createElement("button");
            const faint = document.createElement("p");
            faint.textContent = "Faint words";
            faint.style.color = "#cccccc";
            faint.style.background = "#ffffff";
            main.prepend(img, button, faint);
        }"""
    )
    results = AXE.run(page, options=AXE_OPTIONS)
    found = {rule["id"] for rule in results.response["violations"]}
    assert {"image-alt", "button-name", "color-contrast"} <= found, found


# ---------------------------------------------------------------- the diagram itself

DIAGRAM_COLORS = """svg => Array.from(svg.querySelectorAll("text")).map(text => {
    const group = text.closest("g.node, g.cluster, g.edge, g.graph");
    const kind = group.classList.contains("edge") ? "graph" : group.getAttribute("class");
    const owner = kind === "graph" ? svg.querySelector("g.graph") : group;
    const shape = Array.from(owner.querySelectorAll(":scope > polygon, :scope > ellipse,"
        + " :scope > path, :scope > g > a > polygon, :scope > g > a > ellipse,"
        + " :scope > g > a > path")).find(s => (s.getAttribute("fill") || "none") !== "none");
    return {
        text: text.textContent,
        color: text.getAttribute("fill") || "#000000",
        background: shape ? shape.getAttribute("fill") : "#ffffff",
    };
})"""


def test_the_drawn_diagram_text_has_enough_contrast(tab: Page) -> None:
    """axe leaves SVG text "incomplete"; measure each drawn text on the fill behind it, in each
    of the map's pictures (the journey, the bands, the key)."""
    page = tab
    open_page(page, "/journey_map?step=induction", WORDS.title_journey_map, diagram=True)
    pictures = page.locator(f"{CHART} svg")
    expect(pictures).to_have_count(len(MAP_PART_BOXES))
    pairs = [pair for svg in pictures.all() for pair in svg.evaluate(DIAGRAM_COLORS)]
    assert len(pairs) > len(pack().steps) + len(pack().transitions) + len(pack().bands)
    assert {WORDS.bands_title, WORDS.legend_title} <= {pair["text"] for pair in pairs}
    low = [
        (pair["text"], pair["color"], pair["background"], round(ratio, 2))
        for pair in pairs
        if (ratio := contrast(parse_color(pair["color"]), parse_color(pair["background"])))
        < MIN_CONTRAST
    ]
    assert not low, f"diagram text under {MIN_CONTRAST}:1: {low}"
    here = [pair for pair in pairs if pair["text"] == WORDS.here_prefix]
    assert here, "the marked step's prefix was not drawn"


OUTLINE_ITEMS = """ol => Array.from(ol.children).map(li => ({
    head: li.innerText.split("\\n")[0].trim(),
    arrows: Array.from(li.querySelectorAll(":scope > ul > li")).map(a => a.innerText.trim()),
}))"""
EDGE_PARTS = """edge => ({
    ends: edge.querySelector("title").textContent,
    label: Array.from(edge.querySelectorAll("text")).map(t => t.textContent).join(" "),
})"""


def step_title(head: str) -> str:
    """ "Title (Kind words) — You are here" -> "Title" (a title may hold brackets itself)."""
    head = head.removesuffix(f" — {WORDS.here_words}")
    return re.sub(r" \([^()]*\)$", "", head)


def test_the_text_outline_tells_the_same_map_as_the_svg(tab: Page) -> None:
    page = tab
    pk = pack()
    open_page(page, "/journey_map?step=induction", WORDS.title_journey_map, diagram=True)
    outline = page.get_by_test_id("stExpander").filter(has_text=WORDS.outline_heading)
    outline.locator("summary").click()
    steps_list = outline.locator("ol").first
    expect(steps_list).to_be_visible()
    items = steps_list.evaluate(OUTLINE_ITEMS)

    # Steps: one list item per SVG step node, each naming that step; the same step marked.
    node_ids = [
        node.get_attribute("id").removeprefix("step_") for node in page.locator(STEP_NODES).all()
    ]
    assert len(items) == len(node_ids)
    titles = {pk.step(step_id).title: step_id for step_id in node_ids}
    heads = [step_title(item["head"]) for item in items]
    assert sorted(heads) == sorted(titles), "outline steps differ from the diagram's nodes"
    here_in_outline = [
        titles[head]
        for head, item in zip(heads, items, strict=True)
        if WORDS.here_words in item["head"]
    ]
    assert here_in_outline == marked_steps(page) == ["induction"]

    # Transitions: one arrow line per SVG edge, same ends, same label.
    svg_arrows = set()
    for edge in page.locator(EDGES).all():
        parts = edge.evaluate(EDGE_PARTS)
        source, target = parts["ends"].split("->")
        svg_arrows.add((pk.step(source).title, f"{parts['label']} → {pk.step(target).title}"))
    outline_arrows = [
        (head, arrow)
        for head, item in zip(heads, items, strict=True)
        for arrow in item["arrows"]
        if arrow != WORDS.end_of_map_words
    ]
    assert len(outline_arrows) == page.locator(EDGES).count()
    assert set(outline_arrows) == svg_arrows

    # Bands: each drawn beside the steps is listed too.
    band_nodes = page.locator(f"{CHART} svg g.node").evaluate_all(
        f"nodes => nodes.filter(n => n.querySelector('title').textContent"
        f".startsWith('{ID_PREFIX_BAND}')).length"
    )
    band_lines = outline.locator("li", has_text=re.compile(f"^{re.escape(WORDS.bands_title)}:"))
    assert band_nodes == len(pk.bands) == band_lines.count()
    assert WORDS.here_prefix not in outline.inner_text()
