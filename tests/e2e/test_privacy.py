"""Privacy in the browser: a whole run through the app asks nothing of any host but its own."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.sync_api import BrowserContext, Page, Route, WebSocket, expect

from harness.browser import RequestLog, wait_for_app_idle
from journey.navigation import walk_route
from journey.words import WORDS
from tests.e2e.app_pages import (
    app_pages,
    downloaded_bytes,
    expand_all,
    open_page,
    open_section,
    pack,
    step_node,
    tab_to,
    wait_until_drawn,
)
from ui import view_state

OUTSIDE_PROBE = "http://privacy-probe.invalid/beacon.gif"


def endpoints(urls: list[str]) -> set[tuple[str, str, int | None]]:
    """(scheme, host, port) of every URL that travels over a network (not data:, blob:, about:)."""
    found = set()
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme in {"http", "https", "ws", "wss"}:
            found.add((parts.scheme, parts.hostname or "", parts.port))
    return found


def test_a_whole_run_asks_nothing_of_any_other_host(
    context: BrowserContext, page: Page, base_url: str, request_log: RequestLog
) -> None:
    sockets: list[str] = []

    def record_socket(socket: WebSocket) -> None:
        sockets.append(socket.url)

    page.on("websocket", record_socket)

    # Every page, with its closed parts opened.
    for app_page in app_pages():
        open_page(page, app_page.path, app_page.title, diagram=app_page.has_diagram)
        expand_all(page)

    # A node click on the map (a full page load), and a fact changed in the sidebar.
    open_page(page, "/journey_map?step=diagnosis", WORDS.title_journey_map, diagram=True)
    with page.expect_navigation():
        step_node(page, "induction").locator("a").click()
    wait_until_drawn(page, WORDS.title_journey_map, diagram=True)
    ph = next(fact for fact in pack().facts if fact.id == "ph")
    page.get_by_role("radiogroup", name=ph.question).get_by_text(
        ph.values[0].label, exact=True
    ).click()
    expect(page).to_have_url(f"{base_url}/journey_map?step=induction&ph={ph.values[0].value}")
    wait_for_app_idle(page)

    # The walkthrough, by keyboard.
    open_page(page, "/walkthrough", WORDS.title_walkthrough, diagram=True)
    progress = page.get_by_test_id("stProgress")
    tab_to(page, page.locator(f".st-key-{view_state.WALK_NEXT_KEY} button"))
    for position in (2, 3, 4):
        page.keyboard.press("Enter")
        expect(progress).to_contain_text(
            WORDS.walk_position.format(n=position, total=len(walk_route(pack()).usual))
        )
        wait_for_app_idle(page)  # the run that drew the progress bar has drawn the buttons too

    # The glossary search, a chosen question and downloads on the sheet.
    open_page(page, "/tests_and_terms", WORDS.title_tests_terms)
    page.get_by_role("searchbox", name=WORDS.glossary_search).fill("remission")
    page.keyboard.press("Enter")
    wait_for_app_idle(page)
    open_page(page, "/discussion_sheet?step=induction", WORDS.title_sheet)
    question = next(q for q in pack().questions if q.step_id == "induction")
    page.locator(f".st-key-{view_state.QUESTION_KEY_PREFIX}{question.id}").get_by_text(
        question.text
    ).click()
    expect(page).to_have_url(f"{base_url}/discussion_sheet?step=induction&q={question.id}")
    wait_for_app_idle(page)
    _, pdf = downloaded_bytes(page, WORDS.download_pdf)
    assert pdf.startswith(b"%PDF")
    open_section(page, WORDS.download_map_files)
    _, dot = downloaded_bytes(page, WORDS.download_dot)
    assert dot.startswith(b"digraph")

    server = urlsplit(base_url)
    allowed = {
        ("http", server.hostname, server.port),
        ("ws", server.hostname, server.port),
    }
    assert len(request_log.urls) > 50, "the log saw too little to prove anything"
    assert sockets, "the app's own WebSocket was not seen"
    request_log.assert_only_local()
    assert not [url for url in sockets if urlsplit(url).hostname != server.hostname]
    # Local is not enough: no other port on this machine either (another service, a dev server).
    seen = endpoints(request_log.urls + sockets)
    assert seen <= allowed, f"requests beyond the app's own server: {sorted(seen - allowed)}"
    assert ("ws", server.hostname, server.port) in seen


def test_the_request_log_would_see_a_request_to_another_host(
    context: BrowserContext, page: Page, request_log: RequestLog
) -> None:
    """The check above can fail: a page asking another host is caught (the probe never leaves)."""
    aborted: list[str] = []

    def stop(route: Route) -> None:
        aborted.append(route.request.url)
        route.abort()

    context.route(OUTSIDE_PROBE, stop)
    open_page(page, "/about", WORDS.title_about)
    page.evaluate(f"() => {{ new Image().src = {OUTSIDE_PROBE!r}; }}")
    for _ in range(50):  # the route handler runs while Playwright waits
        if aborted:
            break
        page.wait_for_timeout(100)
    assert aborted == [OUTSIDE_PROBE], "the probe request did not happen"
    assert request_log.non_local() == [OUTSIDE_PROBE]
