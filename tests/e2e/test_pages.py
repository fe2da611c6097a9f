"""Every page in a real browser: the notice, the SVG map, node clicks, shared links, keyboard."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from harness.browser import wait_for_app_idle
from journey.model import State
from journey.navigation import next_steps, walk_route
from journey.words import WORDS
from tests.e2e.app_pages import (
    CHART,
    MAP_PART_BOXES,
    STEP_NODES,
    AppPage,
    app_pages,
    browser_tab,
    expand_all,
    focus_is_on_the_page_itself,
    has_focus,
    is_same_document,
    mark_this_document,
    marked_steps,
    node_text,
    notice,
    open_page,
    pack,
    step_node,
    tab_to,
    title,
    wait_until_drawn,
)
from ui import chrome, components, frame, view_state
from ui.journey_map import MIN_LABEL_PX

PAGES = app_pages()


@pytest.fixture(scope="module")
def tab(browser: Browser, base_url: str) -> Iterator[Page]:
    """A browser tab shared by this module's tests; each test opens its page afresh."""
    with browser_tab(browser, base_url) as shared:
        yield shared


MAIN_PARAGRAPHS = "[data-testid=stMain] [data-testid=stMarkdownContainer] p"
# Each item of the question basket starts with its number: "**1.** The question".
NUMBERED = re.compile(r"^\s*\d+\.\s")


def step_choice(page: Page) -> Locator:
    return page.get_by_role("combobox", name=WORDS.step_pick_label)


def fact_choice(page: Page, fact_id: str, value: str) -> Locator:
    """The sidebar's radio button for one value of one fact."""
    fact = next(fact for fact in pack().facts if fact.id == fact_id)
    label = next(choice.label for choice in fact.values if choice.value == value)
    group = page.get_by_role("radiogroup", name=fact.question, exact=True)
    return group.get_by_role("radio", name=label, exact=True)


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


@pytest.mark.parametrize("app_page", PAGES, ids=[p.name for p in PAGES])
def test_every_page_loads_with_the_notice(tab: Page, app_page: AppPage) -> None:
    open_page(tab, app_page.path, app_page.title, diagram=app_page.has_diagram)
    expect(notice(tab)).to_have_count(1)
    # WCAG 2.4.2 Page Titled (axe checks only that a title exists): the tab names the page too.
    is_start = app_page.path == "/"
    expect(tab).to_have_title(WORDS.app_title if is_start else frame.tab_title(app_page.title))
    # Every page is listed in the navigation.
    nav = tab.get_by_test_id("stSidebarNav")
    for other in PAGES:
        expect(nav.locator(f"a[href$='{other.path.rstrip('/') or '/'}']").first).to_be_attached()
    if app_page.has_diagram:
        expect(tab.locator(STEP_NODES)).to_have_count(len(pack().steps))
    else:
        expect(tab.locator(CHART)).to_have_count(0)


def test_the_diagram_svg_is_drawn_with_every_step_and_transition(tab: Page) -> None:
    open_page(tab, "/journey_map", WORDS.title_journey_map, diagram=True)
    chart = tab.locator(CHART)
    expect(chart).to_have_attribute("role", "figure")
    expect(chart.locator("svg g.edge")).to_have_count(len(pack().transitions))
    drawn = sorted(
        node.get_attribute("id").removeprefix("step_") for node in tab.locator(STEP_NODES).all()
    )
    assert drawn == sorted(pack().step_ids)
    for step in pack().steps:
        assert node_text(step_node(tab, step.id)) == step.title
    assert marked_steps(tab) == [], "no step was chosen, yet one is marked"


def test_clicking_a_node_changes_the_url_and_marks_that_step(tab: Page) -> None:
    pk = pack()
    open_page(tab, "/journey_map?step=diagnosis&ph=positive", diagram=True)
    expect(tab.get_by_role("heading", level=2, name=pk.step("diagnosis").title)).to_be_visible()
    assert marked_steps(tab) == ["diagnosis"]

    mark_this_document(tab)
    step_node(tab, "remission").locator("a").click()
    tab.wait_for_url(re.compile(r"step=remission"))
    wait_until_drawn(tab, WORDS.title_journey_map, diagram=True)
    assert is_same_document(tab), "the click reloaded the page"
    expect(step_node(tab, "remission").locator("a")).to_have_attribute("aria-current", "location")
    expect(tab.locator(f"{CHART} a[aria-current]")).to_have_count(1)

    assert urlsplit(tab.url).path == "/journey_map"
    params = query_of(tab.url)
    assert params["step"] == ["remission"]
    assert params["ph"] == ["positive"], "the click lost a fact of the situation"
    expect(step_node(tab, "remission").locator("text").first).to_have_text(WORDS.here_prefix)
    assert node_text(step_node(tab, "remission")).startswith(WORDS.here_prefix)
    assert marked_steps(tab) == ["remission"]
    remission = pk.step("remission").title
    expect(tab.get_by_role("heading", level=2, name=remission, exact=True)).to_be_visible()
    expect(tab.get_by_role("heading", level=2, name=pk.step("diagnosis").title)).to_have_count(0)
    # The list of steps (the way to choose without a mouse) follows the map.
    expect(step_choice(tab)).to_have_value(remission)
    # The sidebar still shows the fact from the link.
    expect(fact_choice(tab, "ph", "positive")).to_be_checked()


# Clicks a node's link and reads, in the same task (before any answer from the server can be
# handled), the ids of the nodes whose first text is the marker and of the links aria-current.
_CLICK_AND_READ_MARKS_JS = """
(link, prefix) => {
  link.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, button: 0 }));
  const svg = link.closest("svg");
  const nodes = [...svg.querySelectorAll("g.node[id^=step_]")];
  return {
    marked: nodes
      .filter((node) => (node.querySelector("text")?.textContent || "").trim() === prefix)
      .map((node) => node.id.replace(/^step_/, "")),
    current: nodes
      .filter((node) => node.querySelector("a[aria-current]"))
      .map((node) => node.id.replace(/^step_/, "")),
  };
}
"""


@pytest.mark.parametrize(
    ("path", "prefix", "current", "moved"),
    [
        (
            "/journey_map?step=diagnosis&ph=positive",
            WORDS.here_prefix,
            "location",
            "step=remission",
        ),
        (
            "/walkthrough?step=post_remission&walk=diagnosis",
            WORDS.this_step_prefix,
            "step",
            "walk=remission",
        ),
    ],
    ids=["journey map", "walkthrough"],
)
def test_a_click_marks_the_node_at_once_and_the_servers_run_confirms_it(
    tab: Page, path: str, prefix: str, current: str, moved: str
) -> None:
    open_page(tab, path, diagram=True)
    assert marked_steps(tab, prefix) == ["diagnosis"]
    link = step_node(tab, "remission").locator("a")
    # At the click itself, before the server has answered: the marker has moved.
    at_click = link.evaluate(_CLICK_AND_READ_MARKS_JS, prefix)
    assert at_click == {"marked": ["remission"], "current": ["remission"]}
    # The node left behind reads as a plain step again.
    assert node_text(step_node(tab, "diagnosis")) == pack().step("diagnosis").title
    # After the server's run: the map it drew marks the same node, and only it.
    tab.wait_for_url(re.compile(moved))
    wait_until_drawn(tab, diagram=True)
    expect(link).to_have_attribute("aria-current", current)
    expect(tab.locator(f"{CHART} a[aria-current]")).to_have_count(1)
    assert marked_steps(tab, prefix) == ["remission"]
    expect(step_node(tab, "remission").locator("text").first).to_have_text(prefix)
    assert node_text(step_node(tab, "diagnosis")) == pack().step("diagnosis").title


def test_a_node_click_keeps_the_chosen_questions(tab: Page) -> None:
    chosen = "q_signs_1,q_induction_1"
    open_page(tab, f"/journey_map?step=diagnosis&ph=negative&q={chosen}", diagram=True)
    step_node(tab, "remission").locator("a").click()
    tab.wait_for_url(re.compile(r"step=remission"))
    wait_until_drawn(tab, WORDS.title_journey_map, diagram=True)
    params = query_of(tab.url)
    assert params["step"] == ["remission"]
    assert params.get("q") == [chosen], f"the chosen questions were lost: {tab.url}"


def test_clicking_a_node_on_start_opens_that_step_on_the_journey_map(tab: Page) -> None:
    open_page(tab, "/", pack().info.title, diagram=True)
    mark_this_document(tab)
    step_node(tab, "induction").locator("a").click()
    tab.wait_for_url(re.compile(r"/journey_map\?.*step=induction"))
    wait_until_drawn(tab, WORDS.title_journey_map, diagram=True)
    assert is_same_document(tab), "the click reloaded the page"
    assert urlsplit(tab.url).path == "/journey_map"
    assert query_of(tab.url)["step"] == ["induction"]
    assert marked_steps(tab) == ["induction"]
    heading = pack().step("induction").title
    expect(tab.get_by_role("heading", level=2, name=heading, exact=True)).to_be_visible()


SHARED_FACTS = {"ph": "positive", "lineage": "b", "kmt2a": "no", "cns": "yes", "age": "45"}
SHARED_QUESTIONS = ("q_induction_1", "q_signs_2", "q_diagnosis_2")


def shared_link(path: str) -> str:
    facts = "&".join(f"{key}={value}" for key, value in SHARED_FACTS.items())
    return f"{path}?step=induction&{facts}&q={','.join(SHARED_QUESTIONS)}"


def test_a_shared_link_reopens_the_same_view(page: Page) -> None:
    """In a browser that has never seen the app (its own context): the link alone is the view."""
    tab = page
    pk = pack()
    assert all(pk.question(question_id) for question_id in SHARED_QUESTIONS)
    link = shared_link("/discussion_sheet")
    open_page(tab, link, WORDS.title_sheet)

    # The sidebar controls show the facts from the link.
    for fact_id, value in SHARED_FACTS.items():
        if fact_id == "age":
            age = tab.locator(f".st-key-{view_state.fact_key('age')} input")
            expect(age).to_have_value(value)
        else:
            expect(fact_choice(tab, fact_id, value)).to_be_checked()
    # The basket shows the chosen questions, in the link's order, and their boxes are ticked.
    basket = tab.locator(MAIN_PARAGRAPHS).filter(has_text=NUMBERED)
    expect(basket).to_have_count(len(SHARED_QUESTIONS))
    for position, question_id in enumerate(SHARED_QUESTIONS):
        expect(basket.nth(position)).to_contain_text(
            f"{position + 1}. {pk.question(question_id).text}"
        )
    # Each question's box is ticked in its group (one group's boxes are drawn at a time).
    for question_id in SHARED_QUESTIONS:
        question = pk.question(question_id)
        group = pk.step(question.step_id).title if question.step_id else WORDS.sheet_general_group
        choice = tab.get_by_role("combobox", name=WORDS.sheet_group_label)
        if choice.input_value() != group:
            choice.click()
            tab.get_by_role("option", name=group, exact=True).click()
            wait_for_app_idle(tab)
        box = tab.locator(f".st-key-{view_state.QUESTION_KEY_PREFIX}{question_id} input")
        expect(box).to_be_checked()
    # The share link on the page is the same view again.
    share = tab.get_by_test_id("stCode").first.inner_text().strip()
    assert query_of(share) == query_of(link)
    assert urlsplit(share).path == "/discussion_sheet"

    # The same link on the journey map: the step chosen and marked.
    open_page(tab, shared_link("/journey_map"), WORDS.title_journey_map, diagram=True)
    assert marked_steps(tab) == ["induction"]
    expect(step_choice(tab)).to_have_value(pk.step("induction").title)
    for fact_id, value in SHARED_FACTS.items():
        if fact_id != "age":
            expect(fact_choice(tab, fact_id, value)).to_be_checked()


WALK_TOP = view_state.WALK_KEYS[view_state.WalkBar.TOP]
WALK_BOTTOM = view_state.WALK_KEYS[view_state.WalkBar.BOTTOM]
# The presenter's map at 1280 px: step labels this large or larger (the journey map's are 12 px).
PRESENTER_LABEL_PX = 18


def walk_button(page: Page, key: str) -> Locator:
    """One of the walkthrough's buttons, by its widget key (each is drawn above and below)."""
    return page.locator(f".st-key-{key} button")


def walk_heading(page: Page, step_id: str) -> Locator:
    return page.get_by_role("heading", level=2, name=pack().step(step_id).title, exact=True)


def walk_is_at(page: Page, step_id: str, position: str, reader: str = "") -> None:
    """The walkthrough shows `step_id` at `position`, its URL says so, and the run is over."""
    expect(page.get_by_test_id("stProgress")).to_contain_text(position)
    expect(walk_heading(page, step_id)).to_be_visible()
    expect(page).to_have_url(re.compile(f"[?&]walk={step_id}(&|$)"))
    if reader:
        expect(page).to_have_url(re.compile(f"[?&]step={reader}(&|$)"))
    wait_for_app_idle(page)  # the buttons of this step are drawn before the next press


def test_the_walkthrough_can_be_done_with_the_keyboard_alone(tab: Page) -> None:
    route = walk_route(pack())
    usual, branch = route.usual, route.branch
    open_page(tab, "/walkthrough?step=remission", WORDS.title_walkthrough, diagram=True)
    progress = tab.get_by_test_id("stProgress")
    expect(progress).to_contain_text(WORDS.walk_position.format(n=1, total=len(usual)))
    next_button = walk_button(tab, WALK_TOP.forward)
    back_button = walk_button(tab, WALK_TOP.back)
    offer = walk_button(tab, WALK_TOP.branch)
    expect(back_button).to_be_disabled()

    tab_to(tab, next_button)
    lost_focus = 0
    for position in range(2, len(usual) + 1):
        if not has_focus(next_button):
            lost_focus += 1
            tab_to(tab, next_button)
        tab.keyboard.press("Enter" if position % 2 else "Space")
        step = usual[position - 1]
        where = WORDS.walk_position.format(n=position, total=len(usual))
        walk_is_at(tab, step.id, where, reader="remission")
        expect(title(tab, WORDS.title_walkthrough)).to_have_count(1)
    # The focus stayed on Next through every rerun: one Tab, then only Enter and Space.
    assert lost_focus == 0, f"the Next button lost the focus {lost_focus} time(s)"
    # At the end of the usual way Next is off; the focus went on to the branch, not the page.
    expect(next_button).to_be_disabled()
    expect(walk_button(tab, WALK_BOTTOM.forward)).to_be_disabled()
    expect(offer).to_have_text(
        re.compile(re.escape(WORDS.walk_branch_offer.format(when=route.branch_when, title="")))
    )
    expect(offer).to_be_focused()
    expect(step_node(tab, usual[-1].id).locator("text").first).to_have_text(WORDS.this_step_prefix)

    tab.keyboard.press("Enter")
    first_of_branch = WORDS.walk_branch_position.format(
        when=route.branch_when, n=1, total=len(branch)
    )
    walk_is_at(tab, branch[0].id, first_of_branch, reader="remission")
    expect(next_button).to_be_focused()
    for position in range(2, len(branch) + 1):
        tab.keyboard.press("Enter")
        where = WORDS.walk_branch_position.format(
            when=route.branch_when, n=position, total=len(branch)
        )
        walk_is_at(tab, branch[position - 1].id, where)
    # At the branch's end Next is off too: the focus is on Back, never on the page.
    expect(next_button).to_be_disabled()
    expect(back_button).to_be_focused()
    tab.keyboard.press("Enter")
    walk_is_at(tab, branch[-2].id if len(branch) > 1 else usual[-1].id, "")
    expect(back_button).to_be_focused()


def test_the_arrow_keys_press_back_and_next_but_not_in_a_field_or_on_the_map(tab: Page) -> None:
    usual = walk_route(pack()).usual
    total = len(usual)
    open_page(tab, "/walkthrough", WORDS.title_walkthrough, diagram=True)
    assert focus_is_on_the_page_itself(tab)  # a presenter who has not touched anything yet
    tab.keyboard.press("ArrowRight")
    walk_is_at(tab, usual[1].id, WORDS.walk_position.format(n=2, total=total))
    tab.keyboard.press("ArrowRight")
    walk_is_at(tab, usual[2].id, WORDS.walk_position.format(n=3, total=total))
    tab.keyboard.press("ArrowLeft")
    second = WORDS.walk_position.format(n=2, total=total)
    walk_is_at(tab, usual[1].id, second)
    expect(walk_button(tab, WALK_TOP.back)).to_be_focused()
    # A screen reader hears where the walk is now (the focus stayed on a button).
    expect(tab.locator(".walk-keys-live")).to_have_text(
        WORDS.walk_announce.format(position=second, title=usual[1].title)
    )

    age = next(fact for fact in pack().facts if fact.id == "age")
    field = tab.get_by_role("spinbutton", name=age.question)
    field.focus()  # a field keeps its arrows (they move the caret there)
    for key in ("ArrowRight", "ArrowLeft", "ArrowRight"):
        field.press(key)
    node = step_node(tab, usual[4].id).locator("a")
    tab_to(tab, node)
    for key in ("ArrowRight", "ArrowRight", "ArrowLeft"):
        tab.keyboard.press(key)
    tab.wait_for_timeout(500)  # a press that moved the walk would have started a run by now
    wait_for_app_idle(tab)
    walk_is_at(tab, usual[1].id, WORDS.walk_position.format(n=2, total=total))
    assert has_focus(step_node(tab, usual[4].id)), "the map's node kept the focus"


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
    ids=["desk", "phone"],
)
@pytest.mark.parametrize("end", ["usual", "branch"])
def test_after_next_at_an_end_the_steps_heading_is_at_the_top_and_a_button_has_the_focus(
    tab: Page, end: str, viewport: dict[str, int]
) -> None:
    route = walk_route(pack())
    part = route.usual if end == "usual" else route.branch
    tab.set_viewport_size(viewport)
    open_page(tab, f"/walkthrough?walk={part[-2].id}", WORDS.title_walkthrough, diagram=True)
    below = walk_button(tab, WALK_BOTTOM.forward)
    below.scroll_into_view_if_needed()
    expect(walk_heading(tab, part[-2].id)).not_to_be_in_viewport()
    below.click()
    expect(walk_heading(tab, part[-1].id)).to_be_visible()
    wait_for_app_idle(tab)
    heading = walk_heading(tab, part[-1].id)
    expect(heading).to_be_in_viewport()
    # At the top of the screen, under Streamlit's own bar, with the number and buttons below it.
    assert heading.bounding_box()["y"] < 150, heading.bounding_box()
    expect(tab.get_by_test_id("stProgress")).to_be_in_viewport()
    expect(walk_button(tab, WALK_TOP.back)).to_be_in_viewport()
    expect(walk_button(tab, WALK_TOP.forward)).to_be_disabled()
    expect(walk_button(tab, WALK_TOP.branch if end == "usual" else WALK_TOP.back)).to_be_focused()
    assert not focus_is_on_the_page_itself(tab)


def test_the_walkthrough_map_is_large_on_a_wide_screen(tab: Page) -> None:
    tab.set_viewport_size({"width": 1280, "height": 800})
    open_page(tab, "/walkthrough?walk=induction", WORDS.title_walkthrough, diagram=True)
    boxes = map_boxes(tab)
    journey, main = boxes["journey"], boxes["main"]
    # The journey takes the column's whole width; the bands and the key follow below it.
    assert journey["width"] == pytest.approx(main["width"], abs=1), boxes
    for part in ("bands", "legend"):
        assert boxes[part]["y"] >= journey["y"] + journey["height"], (part, boxes)
    assert min(label_sizes_px(tab)) >= PRESENTER_LABEL_PX, label_sizes_px(tab)
    assert tab.locator(MAP_PART_BOXES["journey"]).evaluate("el => el.scrollWidth <= el.clientWidth")


def test_enter_on_a_focused_node_chooses_it_keeps_focus_there_and_announces_it(tab: Page) -> None:
    open_page(tab, "/journey_map?step=signs", WORDS.title_journey_map, diagram=True)
    mark_this_document(tab)
    target = step_node(tab, "post_remission").locator("a")
    tab_to(tab, target)
    tab.keyboard.press("Enter")
    tab.wait_for_url(re.compile(r"step=post_remission"))
    wait_until_drawn(tab, WORDS.title_journey_map, diagram=True)
    assert is_same_document(tab), "Enter reloaded the page"
    expect(target).to_have_attribute("aria-current", "location")
    assert has_focus(step_node(tab, "post_remission")), "focus left the chosen node"
    title = pack().step("post_remission").title
    expect(tab.locator(f"{CHART} ~ .journey-map-live")).to_have_text(
        chrome.map_announce(WORDS.here_words, title)
    )
    tab.keyboard.press(" ")  # Space chooses too (here: the same step again, no harm)
    assert is_same_document(tab)


def test_node_links_stay_for_opening_a_step_in_a_new_tab(tab: Page) -> None:
    open_page(tab, "/journey_map?ph=negative", WORDS.title_journey_map, diagram=True)
    href = step_node(tab, "induction").locator("a").get_attribute("xlink:href")
    assert query_of(href.replace("&amp;", "&")) == {"step": ["induction"], "ph": ["negative"]}


def test_the_walkthrough_marks_its_step_as_this_step_not_where_you_are(tab: Page) -> None:
    open_page(
        tab,
        "/walkthrough?step=post_remission&walk=induction",
        WORDS.title_walkthrough,
        diagram=True,
    )
    node = step_node(tab, "induction").locator("a")
    expect(node).to_have_attribute("aria-current", "step")
    assert marked_steps(tab, WORDS.this_step_prefix) == ["induction"]
    assert marked_steps(tab) == [], "the walkthrough's map says 'you are here' somewhere"
    expect(tab.locator(MAP_PART_BOXES["legend"])).to_contain_text(WORDS.this_step_prefix)
    mark_this_document(tab)
    step_node(tab, "remission").locator("a").click()
    tab.wait_for_url(re.compile(r"walk=remission"))
    wait_until_drawn(tab, WORDS.title_walkthrough, diagram=True)
    assert is_same_document(tab)
    assert query_of(tab.url)["step"] == ["post_remission"], "the map moved the reader's own step"
    expect(walk_heading(tab, "remission")).to_be_visible()
    assert marked_steps(tab, WORDS.this_step_prefix) == ["remission"]


def test_after_a_click_the_chosen_steps_heading_is_in_view(tab: Page) -> None:
    tab.set_viewport_size({"width": 1280, "height": 800})
    open_page(tab, "/journey_map?step=signs", WORDS.title_journey_map, diagram=True)
    step_node(tab, "recurrent_treatment").locator("a").click()
    tab.wait_for_url(re.compile(r"step=recurrent_treatment"))
    wait_until_drawn(tab, WORDS.title_journey_map, diagram=True)
    heading = tab.get_by_role("heading", level=2, name=pack().step("recurrent_treatment").title)
    expect(heading).to_be_in_viewport()


# Each step label's font size as drawn: its size in the SVG's units times the SVG's own scale.
LABEL_PX = """texts => texts.map((text) => {
    const svg = text.ownerSVGElement;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return parseFloat(text.getAttribute("font-size")) * scale;
})"""
PIXELS_PER_POINT = "svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width"
MAIN_COLUMN = """el => {
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    const left = box.left + parseFloat(style.paddingLeft);
    return { x: left, y: box.top, width: box.right - parseFloat(style.paddingRight) - left };
}"""


# From one step of zoom in (x1.25) back to the page's own size: a few presses at most.
ZOOM_OUT_PRESSES_MAX = 5


def map_boxes(page: Page) -> dict[str, dict[str, float]]:
    """Where the map's pictures (journey, bands, legend) are drawn, and the main column."""
    boxes = {part: page.locator(box).bounding_box() for part, box in MAP_PART_BOXES.items()}
    boxes["main"] = page.get_by_test_id("stMainBlockContainer").evaluate(MAIN_COLUMN)
    assert all(boxes.values()), boxes
    return boxes


def label_sizes_px(page: Page) -> list[float]:
    return page.locator(f"{STEP_NODES} text").evaluate_all(LABEL_PX)


#: Of each button in an element, whether some of its text is cut off (wider than its own box).
CUT_TEXT_JS = """els => els.map(button => [...button.querySelectorAll('*')].some(
    el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflow !== 'visible'
  ) || button.scrollWidth > button.clientWidth + 1)"""


@pytest.mark.parametrize(
    "viewport",
    [{"width": 1280, "height": 800}, {"width": 390, "height": 844}],
    ids=["desk", "phone"],
)
def test_a_link_to_a_step_opens_with_its_answer_on_the_first_screen(
    browser: Browser, base_url: str, viewport: dict[str, int]
) -> None:
    """Answer first: a reader who follows a link to their step (Start's "I was just diagnosed", a
    shared link) sees the step, what it is and where it can lead without scrolling."""
    step = pack().state_step(State.UNTREATED)
    with browser_tab(browser, base_url, viewport=viewport) as page:
        open_page(page, f"/journey_map?step={step.id}", WORDS.title_journey_map, diagram=True)
        for part in (
            page.get_by_role("heading", level=2, name=step.title),
            page.get_by_text(step.summary),
            page.get_by_text(f"{WORDS.next_heading}:"),
        ):
            box = part.first.bounding_box()
            assert box is not None and 0 <= box["y"] < viewport["height"], (part, box)


def test_on_a_phone_the_steps_moves_show_their_whole_label(browser: Browser, base_url: str) -> None:
    """Streamlit cuts a long button label with an ellipsis; the step's moves wrap instead."""
    with browser_tab(browser, base_url, viewport={"width": 390, "height": 844}) as phone:
        open_page(phone, "/journey_map?step=induction", WORDS.title_journey_map, diagram=True)
        moves = phone.locator(f".st-key-{components.MOVES_KEY} button")
        expect(moves).to_have_count(len(next_steps(pack(), "induction")))
        assert moves.evaluate_all(CUT_TEXT_JS) == [False] * moves.count()


def test_on_a_phone_the_journey_gets_the_width_and_the_bands_and_key_follow_it(
    browser: Browser, base_url: str
) -> None:
    width = 390
    context = browser.new_context(base_url=base_url, viewport={"width": width, "height": 844})
    try:
        phone = context.new_page()
        open_page(phone, "/journey_map?step=induction", WORDS.title_journey_map, diagram=True)
        boxes = map_boxes(phone)
        journey, main = boxes["journey"], boxes["main"]
        # The journey's box starts at the column's left edge and takes its whole width.
        assert journey["x"] == pytest.approx(main["x"], abs=1), boxes
        assert journey["width"] == pytest.approx(main["width"], abs=1), boxes
        # Every step label is drawn at MIN_LABEL_PX or more (the text's own box is taller).
        sizes = label_sizes_px(phone)
        assert len(sizes) >= len(pack().steps) and min(sizes) >= MIN_LABEL_PX - 0.01, sizes
        heights = phone.locator(f"{STEP_NODES} text").evaluate_all(
            "texts => texts.map((t) => t.getBoundingClientRect().height)"
        )
        assert min(heights) >= MIN_LABEL_PX, heights
        # Too wide at that size, the journey scrolls sideways in its own box; the page does not.
        journey_box = phone.locator(MAP_PART_BOXES["journey"])
        assert journey_box.evaluate("el => el.scrollWidth > el.clientWidth"), "squeezed"
        assert phone.evaluate("() => document.documentElement.scrollWidth") <= width
        # It opens on the chosen step, the whole node in sight.
        node = step_node(phone, "induction").bounding_box()
        assert node is not None and node["x"] >= 0 and node["x"] + node["width"] <= width, node
        # The bands and then the key follow below the journey, inside the screen.
        journey_bottom = journey["y"] + journey["height"]
        for part in ("bands", "legend"):
            box = boxes[part]
            assert box["y"] >= journey_bottom, (part, boxes)
            assert box["x"] >= main["x"] - 1 and box["x"] + box["width"] <= width, (part, boxes)
        assert boxes["legend"]["y"] >= boxes["bands"]["y"] + boxes["bands"]["height"], boxes
        side_sizes = phone.locator(f"{MAP_PART_BOXES['legend']} text").evaluate_all(LABEL_PX)
        assert min(side_sizes) >= MIN_LABEL_PX - 0.01, side_sizes
    finally:
        context.close()


def test_on_a_wide_screen_the_bands_and_key_sit_beside_the_journey(tab: Page) -> None:
    tab.set_viewport_size({"width": 1280, "height": 800})
    open_page(tab, "/journey_map?step=induction", WORDS.title_journey_map, diagram=True)
    boxes = map_boxes(tab)
    journey, main = boxes["journey"], boxes["main"]
    assert journey["x"] == pytest.approx(main["x"], abs=1), boxes
    for part in ("bands", "legend"):
        box = boxes[part]
        assert box["x"] >= journey["x"] + journey["width"], (part, boxes)
        assert box["x"] + box["width"] <= main["x"] + main["width"] + 1, (part, boxes)
    # Top-aligned with the journey: the bands at its top, the key below them, both beside it.
    assert boxes["bands"]["y"] == pytest.approx(journey["y"], abs=1), boxes
    assert boxes["legend"]["y"] >= boxes["bands"]["y"] + boxes["bands"]["height"], boxes
    assert boxes["legend"]["y"] < journey["y"] + journey["height"], boxes
    # The three pictures share one scale, as the single picture did; the journey fits its box.
    scales = tab.locator(f"{CHART} svg").evaluate_all(f"svgs => svgs.map({PIXELS_PER_POINT})")
    assert len(scales) == len(MAP_PART_BOXES) and max(scales) - min(scales) < 0.01, scales
    assert min(label_sizes_px(tab)) >= MIN_LABEL_PX - 0.01
    assert tab.locator(MAP_PART_BOXES["journey"]).evaluate("el => el.scrollWidth <= el.clientWidth")


def test_the_map_zooms_in_and_out_with_its_own_buttons_and_keeps_the_size_on_a_choice(
    tab: Page,
) -> None:
    tab.set_viewport_size({"width": 1280, "height": 800})
    open_page(tab, "/journey_map?step=induction", WORDS.title_journey_map, diagram=True)
    journey = tab.locator(f"{MAP_PART_BOXES['journey']} svg")
    journey_box = tab.locator(MAP_PART_BOXES["journey"])
    controls = tab.get_by_role("group", name=WORDS.map_zoom_group, exact=True)
    zoom_in = controls.get_by_role("button", name=WORDS.map_zoom_in, exact=True)
    zoom_out = controls.get_by_role("button", name=WORDS.map_zoom_out, exact=True)
    # At the page's own size the whole journey is in its box: no smaller to go.
    expect(zoom_out).to_have_attribute("aria-disabled", "true")
    start = journey.evaluate(PIXELS_PER_POINT)
    zoom_in.click()
    zoomed = journey.evaluate(PIXELS_PER_POINT)
    assert zoomed == pytest.approx(start * 1.25, rel=0.01)
    assert journey_box.evaluate("el => el.scrollWidth > el.clientWidth"), "no room was made"
    expect(zoom_out).to_have_attribute("aria-disabled", "false")

    step_node(tab, "remission").locator("a").click()
    tab.wait_for_url(re.compile(r"step=remission"))
    wait_until_drawn(tab, WORDS.title_journey_map, diagram=True)
    expect(step_node(tab, "remission").locator("a")).to_have_attribute("aria-current", "location")
    assert journey.evaluate(PIXELS_PER_POINT) == pytest.approx(zoomed, rel=0.01)

    # Zoom out stops where the whole journey is in its box again (no scrolling).
    for _ in range(ZOOM_OUT_PRESSES_MAX):
        if zoom_out.get_attribute("aria-disabled") == "true":
            break
        zoom_out.click()
    expect(zoom_out).to_have_attribute("aria-disabled", "true")
    assert journey_box.evaluate("el => el.scrollWidth <= el.clientWidth")


#: Records, from the first byte of the page on, every set of link names the sidebar menu shows.
MENU_WATCH = """
window.menusSeen = [];
new MutationObserver(() => {
  const menu = document.querySelector('[data-testid="stSidebarNav"]');
  if (!menu) return;
  const names = [...menu.querySelectorAll('a')].map(a => a.innerText.replace(/\\s+/g, ' ').trim());
  const last = window.menusSeen[window.menusSeen.length - 1];
  if (JSON.stringify(names) !== JSON.stringify(last)) window.menusSeen.push(names);
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


@pytest.mark.parametrize(
    ("path", "title", "step"),
    [("/", None, None), ("/journey_map?step=remission", WORDS.title_journey_map, "remission")],
    ids=["start", "sub_page"],
)
def test_the_first_visit_to_a_fresh_server_shows_only_the_real_menu_and_the_frame(
    start_app_server, page: Page, path: str, title: str | None, step: str | None
) -> None:
    """On the first run after a server start Streamlit would draw a menu of the `pages/` file
    names, and on a sub-page URL run that file without app.py (ui/frame.py). The very first
    request of a new server is the case to see: from the first byte on, every menu the page
    shows names the pages by their titles, and the page is inside the frame (notice, sidebar)."""
    server = start_app_server(env={"JOURNEY_DATA": None})
    page.add_init_script(MENU_WATCH)
    page.goto(f"{server.url}{path}")
    wait_until_drawn(page, title, diagram=True)
    expect(notice(page)).to_have_count(1)
    menu = page.get_by_test_id("stSidebarNav")
    expect(menu).to_be_visible()
    titles = [page_title for _, page_title, _ in frame.pages()]
    expect(menu.get_by_role("link")).to_have_text([re.compile(re.escape(t)) for t in titles])
    menus = page.evaluate("window.menusSeen")
    assert menus, "the observer saw no menu at all"
    for names in menus:
        assert all(any(t in name for t in titles) for name in names), names
    if step is not None:
        expect(page.get_by_role("heading", level=2, name=pack().step(step).title)).to_be_visible()


def test_back_and_forward_move_between_chosen_steps_without_a_reload(tab: Page) -> None:
    open_page(tab, "/journey_map?step=signs", WORDS.title_journey_map, diagram=True)
    mark_this_document(tab)
    for step in ("induction", "remission"):
        step_node(tab, step).locator("a").click()
        tab.wait_for_url(re.compile(rf"step={step}"))
        wait_until_drawn(tab, WORDS.title_journey_map, diagram=True)
    current = tab.locator(f"{CHART} a[aria-current]")
    for move, step in (
        (tab.go_back, "induction"),
        (tab.go_back, "signs"),
        (tab.go_forward, "induction"),
    ):
        move()
        tab.wait_for_url(re.compile(rf"step={step}(&|$)"))
        wait_until_drawn(tab, WORDS.title_journey_map, diagram=True)
        heading = tab.get_by_role("heading", level=2, name=pack().step(step).title, exact=True)
        expect(heading).to_be_visible()
        expect(current).to_have_count(1)
        expect(step_node(tab, step).locator("a")).to_have_attribute("aria-current", "location")
    assert is_same_document(tab), "Back or Forward reloaded the page"


def test_a_map_choice_into_another_state_brings_that_states_questions_to_the_sidebar(
    tab: Page,
) -> None:
    """The map and the step rerun on their own; the sidebar follows when the state changes."""
    relapse = next(fact for fact in pack().facts if fact.id == "relapse")
    open_page(tab, "/journey_map?step=remission", WORDS.title_journey_map, diagram=True)
    question = tab.get_by_role("radiogroup", name=relapse.question, exact=True)
    expect(question).to_have_count(0)
    step_node(tab, "recurrent").locator("a").click()
    tab.wait_for_url(re.compile(r"step=recurrent(&|$)"))
    wait_until_drawn(tab, WORDS.title_journey_map, diagram=True)
    expect(question).to_have_count(1)
    expect(tab.get_by_role("heading", level=2, name=pack().step("recurrent").title)).to_be_visible()


#: Of each text table: its box's width, its widest content, its display, and of each data cell
#: its column name as drawn above it (empty when the cells sit side by side).
TABLE_LAYOUT_JS = """els => els.map(table => ({
    width: table.getBoundingClientRect().width,
    scroll: table.scrollWidth,
    right: table.getBoundingClientRect().right,
    display: getComputedStyle(table).display,
    labels: [...table.querySelectorAll('tbody td')].map(
        cell => getComputedStyle(cell, '::before').content),
    names: [...table.querySelectorAll('tbody td')].map(cell => cell.dataset.label),
}))"""


@pytest.mark.parametrize(
    ("viewport", "stacked"),
    [({"width": 1280, "height": 800}, False), ({"width": 390, "height": 844}, True)],
    ids=["desk", "phone"],
)
def test_option_and_drug_tables_fit_the_screen_and_stack_on_a_phone(
    browser: Browser, base_url: str, viewport: dict[str, int], stacked: bool
) -> None:
    """The compare table and the drug tables never run off a phone's screen: there each row is a
    block, each cell under its column's name; on a desk they are ordinary tables."""
    with browser_tab(browser, base_url, viewport=viewport) as page:
        open_page(page, "/treatment_options?step=induction&ph=positive", WORDS.title_options)
        expand_all(page)
        tables = page.locator(f"table.{components.TABLE_CLASS}")
        expect(tables).to_have_count(4)  # compare, this phase's drugs, the two lists of all drugs
        layouts = tables.evaluate_all(TABLE_LAYOUT_JS)
        assert page.evaluate("() => document.documentElement.scrollWidth") <= viewport["width"]
        for layout in layouts:
            assert layout["scroll"] <= layout["width"] + 1, layout
            assert layout["right"] <= viewport["width"], layout
            if stacked:
                assert layout["display"] == "block", layout
                assert layout["labels"] == [f'"{name}"' for name in layout["names"]], layout
            else:
                assert layout["display"] == "table", layout
                assert set(layout["labels"]) == {"none"}, layout
