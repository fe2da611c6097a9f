"""Cold start and diagram click, in headless Debian Chromium, app and floor alternating.

Cold start: from starting `streamlit run` to the first `svg g.node` of the diagram being visible
in a page that was already open (the browser is started beforehand, as a user's would be).
Click: from the mouse click on a map node to that node being marked "you are here" (the app marks
it in the browser at the click, the floor when its run has drawn the map anew); then the server's
run is awaited and its map must mark the same node.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

from playwright.sync_api import Browser, Page, sync_playwright

from bench.common import (
    APPS,
    DIAGRAM_NODE,
    DiagramShape,
    RunFinishes,
    floor_step_ids,
    launch,
    median,
    progress,
    ratio,
    running,
    summary,
    wait_healthy,
)
from harness.browser import CHROMIUM, CHROMIUM_ARGS

HERE_PREFIX = "▶ YOU ARE HERE"  # journey.WORDS.here_prefix; checked against it in __main__
# The page of the app that shows the full journey diagram (the floor has only "/").
APP_DIAGRAM_PATH = "/journey_map"
TIMEOUT_MS = 60_000
# Poll every 10 ms; "raf" polling stalls in headless pages that draw nothing new.
POLL_MS = 10

# The map's nodes: the floor's chart, or the app's in-page map inside its component's shadow root.
_MAP_NODES_JS = """
  const HOSTS = '[data-testid^=stBidiComponent], [data-testid^=stBidiComponent] *';
  const mapNodes = () => [
    ...document.querySelectorAll('[data-testid=stGraphVizChart] svg g.node'),
    ...[...document.querySelectorAll(HOSTS)]
      .filter((el) => el.shadowRoot)
      .flatMap((el) => [...el.shadowRoot.querySelectorAll('.journey-map svg g.node')]),
  ];
"""
# Centre of the diagram node whose <title> is the given node id (scrolled into view), or null.
NODE_CENTRE_JS = (
    """
(id) => {"""
    + _MAP_NODES_JS
    + """
  for (const g of mapNodes()) {
    const title = g.querySelector('title');
    if (title && title.textContent.trim() === id) {
      g.scrollIntoView({block: 'center', inline: 'center'});
      const r = g.getBoundingClientRect();
      return [r.x + r.width / 2, r.y + r.height / 2];
    }
  }
  return null;
}
"""
)
# True once the node with that id carries the "you are here" prefix in the drawn SVG.
NODE_IS_HERE_JS = (
    """
([id, prefix]) => {"""
    + _MAP_NODES_JS
    + """
  for (const g of mapNodes()) {
    const title = g.querySelector('title');
    if (title && title.textContent.trim() === id) {
      const text = g.querySelector('text');
      return !!text && text.textContent.trim().startsWith(prefix);
    }
  }
  return false;
}
"""
)


# The ids (<title>) of the nodes whose first text starts with the prefix.
MARKED_NODES_JS = (
    """
(prefix) => {"""
    + _MAP_NODES_JS
    + """
  return mapNodes()
    .filter((g) => (g.querySelector('text')?.textContent || '').trim().startsWith(prefix))
    .map((g) => g.querySelector('title').textContent.trim())
    .filter((id) => !id.startsWith('legend_'));  // the key shows the marker too
}
"""
)


def launch_browser(playwright) -> Browser:
    """Debian's chromium; never a browser Playwright would download."""
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS))


def diagram_path(which: str) -> str:
    return APP_DIAGRAM_PATH if which == "app" else "/"


def _order(i: int) -> tuple[str, str]:
    return APPS if i % 2 == 0 else APPS[::-1]


# ---------------------------------------------------------------------------- cold start


def _cold_start_once(
    browser: Browser, which: str, shape: DiagramShape, run: int
) -> dict[str, float]:
    """ms from `streamlit run` to: health 200, the first script run ended, the diagram drawn."""
    context = browser.new_context()
    try:
        page = context.new_page()
        finishes = RunFinishes()
        finishes.attach(page)
        start = time.perf_counter()
        server = launch(which, shape, f"cold-{which}-{run}")
        try:
            wait_healthy(server)
            healthy = (time.perf_counter() - start) * 1000
            page.goto(server.url + diagram_path(which), wait_until="commit", timeout=TIMEOUT_MS)
            page.wait_for_selector(DIAGRAM_NODE, state="visible", timeout=TIMEOUT_MS)
            total = (time.perf_counter() - start) * 1000
            return {
                "total": total,
                "healthy": healthy,
                "websocket": finishes.opened_after(start),
                "run_done": finishes.first_after(start),
            }
        finally:
            server.stop()
    finally:
        context.close()


def _phases(runs: list[dict[str, float]]) -> dict[str, float]:
    """Median ms of each phase over the runs (None where a phase was not seen)."""
    names = [name for name in runs[0] if name != "total"]
    return {
        f"{name}_ms": round(median([r[name] for r in runs if r[name] is not None]), 1)
        for name in names
        if any(r[name] is not None for r in runs)
    }


def cold_start(browser: Browser, shape: DiagramShape, runs: int) -> dict:
    times: dict[str, list[dict[str, float]]] = {which: [] for which in APPS}
    for i in range(runs):
        for which in _order(i):
            phases = _cold_start_once(browser, which, shape, i)
            times[which].append(phases)
            progress(
                f"cold start {i + 1}/{runs}: {which:5} {phases['total']:7.0f} ms"
                f" (healthy {phases['healthy']:.0f}, first run done {phases['run_done'] or 0:.0f})"
            )
    totals = {which: [r["total"] for r in times[which]] for which in APPS}
    return {
        "runs": runs,
        "app": {**summary(totals["app"]), "phases": _phases(times["app"])},
        "floor": {**summary(totals["floor"]), "phases": _phases(times["floor"])},
        "cold_start_vs_floor": round(ratio(median(totals["app"]), median(totals["floor"])), 3),
    }


# ---------------------------------------------------------------------------- click


def _open(page: Page, url: str) -> None:
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    page.wait_for_selector(DIAGRAM_NODE, state="visible", timeout=TIMEOUT_MS)


def click_node(
    page: Page, node_id: str, finishes: RunFinishes | None = None, timeout_ms: float = TIMEOUT_MS
) -> dict[str, float]:
    """Click a drawn node; ms until the node is marked "you are here", as the reader sees it.

    The app's map marks the node in the browser at the click and the server's run then draws the
    map anew; the floor's marker comes with its run. So the time runs to the marker, then this
    waits for the server's side of the click (the URL it keeps, the run's end) and checks that the
    map drawn by that run still marks the node, and only it: a marker the server would not
    confirm fails the bench. Also, if `finishes` watches: when the URL changed (`url`) and when
    the click's script run ended (`run_done`).
    """
    page.wait_for_function(
        "(id) => (" + NODE_CENTRE_JS + ")(id) !== null", arg=node_id, timeout=timeout_ms
    )
    centre = page.evaluate(NODE_CENTRE_JS, node_id)
    if centre is None:
        raise RuntimeError(f"node {node_id!r} is not in the drawn diagram")
    start = time.perf_counter()
    page.mouse.click(*centre)
    page.wait_for_function(
        NODE_IS_HERE_JS, arg=[node_id, HERE_PREFIX], polling=POLL_MS, timeout=timeout_ms
    )
    total = (time.perf_counter() - start) * 1000
    page.wait_for_url(re.compile(rf"[?&]step={re.escape(node_id)}(&|$)"), wait_until="commit")
    url = (time.perf_counter() - start) * 1000
    if finishes is not None:
        deadline = time.perf_counter() + timeout_ms / 1000
        while finishes.first_after(start) is None and time.perf_counter() < deadline:
            page.wait_for_timeout(POLL_MS)
    page.wait_for_timeout(100)  # the run's last deltas drawn
    marked = page.evaluate(MARKED_NODES_JS, HERE_PREFIX)
    if marked != [node_id]:
        raise RuntimeError(f"after the server's run the map marks {marked}, not [{node_id!r}]")
    if finishes is None:
        return {"total": total}
    return {
        "total": total,
        "url": url,
        "websocket": finishes.opened_after(start),
        "run_done": finishes.first_after(start),
    }


def clicks(browser: Browser, shape: DiagramShape, count: int) -> dict:
    ids = {"app": shape.step_ids, "floor": floor_step_ids(shape)}
    times: dict[str, list[dict[str, float]]] = {which: [] for which in APPS}
    with ExitStack() as stack:
        pages: dict[str, Page] = {}
        finishes = {which: RunFinishes() for which in APPS}
        for which in APPS:
            server = stack.enter_context(running(which, shape, f"click-{which}"))
            context = browser.new_context()
            stack.callback(context.close)
            pages[which] = context.new_page()
            finishes[which].attach(pages[which])
            # Start at the first node, then click each following node in turn.
            _open(pages[which], f"{server.url}{diagram_path(which)}?step={ids[which][0]}")
        # One untimed click each: the first navigation warms the browser's cache of the page.
        for which in APPS:
            click_node(pages[which], ids[which][1])
        for i in range(count):
            for which in _order(i):
                target = ids[which][(i + 2) % len(ids[which])]
                times[which].append(click_node(pages[which], target, finishes[which]))
            progress(
                f"click {i + 1}/{count}: app {times['app'][-1]['total']:6.0f} ms"
                f"  floor {times['floor'][-1]['total']:6.0f} ms"
            )
    totals = {which: [r["total"] for r in times[which]] for which in APPS}
    return {
        "clicks": count,
        "app": {**summary(totals["app"]), "phases": _phases(times["app"])},
        "floor": {**summary(totals["floor"]), "phases": _phases(times["floor"])},
        "click_vs_floor": round(ratio(median(totals["app"]), median(totals["floor"])), 3),
    }


@contextmanager
def chromium() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = launch_browser(playwright)
        try:
            yield browser
        finally:
            browser.close()


def measure(shape: DiagramShape, cold_runs: int, click_count: int) -> dict:
    with chromium() as browser:
        version = browser.version
        progress(f"cold start: {cold_runs} runs each, alternating")
        cold = cold_start(browser, shape, cold_runs)
        progress(f"click: {click_count} clicks each, alternating")
        click = clicks(browser, shape, click_count)
    return {"cold_start": cold, "click": click, "chromium": version}
