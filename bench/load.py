"""Memory per session and many users at once, through real pages in one headless Chromium.

For the app and then the floor, on a fresh server each:
1. memory: open one page and let it load fully, read the server's RSS (process and children);
   open 19 more, each fully loaded, read it again: (RSS20 - RSS1) / 19 per extra session;
2. single: one of those pages does the interactions alone (the others sit idle): the baseline;
3. load: all 20 pages do their interactions at once (playwright's async API, one task per page).

An interaction is what a user does on the walkthrough page: change a fact in the sidebar, open a
step by clicking it in the diagram (a link: the page loads again), or press Next. Before each one
the user reads for a moment (THINK_S, random, the same seeded sequence for app and floor); without
it, 20 pages clicking back to back measure only how fast 20 Chromium renderers share 2 cores.

Latency: from the click to the page being idle again after the server's script run ended (seen
in the websocket's script_finished message) or, for a diagram click, to the clicked node being
marked "you are here". `server` is the part up to script_finished alone.
The floor does the same with what it has: its selectbox for the fact and for Next, its links.
An error is an interaction that fails or times out, an exception shown in a page, or a traceback
in the server's log.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from playwright.async_api import Browser, Page, async_playwright

from bench.browser import HERE_PREFIX, NODE_CENTRE_JS, NODE_IS_HERE_JS, POLL_MS
from bench.common import (
    DIAGRAM_NODE,
    CpuMeter,
    DiagramShape,
    floor_step_ids,
    is_run_finished,
    median,
    percentile,
    progress,
    ratio,
    rss_mb,
    running,
    server_errors,
    summary,
)
from harness.browser import CHROMIUM, CHROMIUM_ARGS

TIMEOUT_MS = 60_000
OPEN_CONCURRENCY = 4
RSS_SAMPLES = 5
SETTLE_S = 1.5
KINDS = ("fact", "step", "next")
THINK_S = (1.0, 3.0)

IDLE_JS = """
() => { const app = document.querySelector('[data-testid=stApp]');
  return !!app && app.getAttribute('data-test-script-state') === 'notRunning'; }
"""


@dataclass
class Session:
    """One browser page (in a context of its own), and when its server's script runs ended."""

    index: int
    page: Page
    step_ids: tuple[str, ...]
    flip: int = 0
    finished_at: list[float] = field(default_factory=list)
    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    server: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    think: random.Random = field(default_factory=random.Random)
    _finished: asyncio.Event = field(default_factory=asyncio.Event)

    def watch(self) -> None:
        """Note each script_finished message on every websocket the page opens.

        The frontend's script-state attribute alone is no reliable signal under load: React may
        batch "running" and "not running" into one render, and the attribute then never changes.
        """
        self.page.on("websocket", lambda ws: ws.on("framereceived", self._frame))

    def _frame(self, payload: str | bytes) -> None:
        if is_run_finished(payload):
            self.finished_at.append(time.perf_counter())
            self._finished.set()

    async def run_finished_after(self, start: float) -> float:
        """ms from `start` to the end of the first script run that ended after it."""
        while not self.finished_at or self.finished_at[-1] <= start:
            self._finished.clear()
            await self._finished.wait()
        return (next(t for t in self.finished_at if t > start) - start) * 1000

    def restart(self) -> None:
        """Same page and position, fresh records (and the same thinking pattern for each run)."""
        self.latencies = {kind: [] for kind in KINDS}
        self.server, self.errors = [], []
        self.think = random.Random(self.index)


Click = Callable[[], Awaitable[None]]


@dataclass
class Driver:
    """How to open a page of one app and how to do each kind of interaction on it."""

    name: str
    path: str
    step_ids: tuple[str, ...]
    # Each returns the one click that starts the rerun (timed), after any untimed preparation
    # (opening the floor's dropdown).
    fact: Callable[[Session], Awaitable[Click]]
    next: Callable[[Session], Awaitable[Click]]


async def _loaded(page: Page) -> None:
    await page.wait_for_selector(DIAGRAM_NODE, state="visible", timeout=TIMEOUT_MS)
    await page.wait_for_function(IDLE_JS, polling=POLL_MS, timeout=TIMEOUT_MS)


async def _rerun(
    session: Session, prepare: Callable[[Session], Awaitable[Click]]
) -> tuple[float, float]:
    """(total, server) ms: click to script_finished and the page idle again; to script_finished."""
    click = await prepare(session)
    start = time.perf_counter()
    await click()
    server = await asyncio.wait_for(session.run_finished_after(start), TIMEOUT_MS / 1000)
    await session.page.wait_for_function(IDLE_JS, polling=POLL_MS, timeout=TIMEOUT_MS)
    return (time.perf_counter() - start) * 1000, server


def _following(page: Page, ids: tuple[str, ...]) -> str:
    """The id after the step in the page's URL (the first one if it has none): always a change."""
    found = re.search(r"[?&]step=([^&#]+)", page.url)
    current = found.group(1) if found else None
    return ids[(ids.index(current) + 1) % len(ids)] if current in ids else ids[1]


async def _click_step(session: Session) -> tuple[float, float]:
    """(total, server) ms: click to the node marked; to the new session's first run ended."""
    page = session.page
    node_id = _following(page, session.step_ids)
    await page.wait_for_function(
        "(id) => (" + NODE_CENTRE_JS + ")(id) !== null", arg=node_id, timeout=TIMEOUT_MS
    )
    centre = await page.evaluate(NODE_CENTRE_JS, node_id)
    start = time.perf_counter()
    await page.mouse.click(*centre)
    await page.wait_for_url(re.compile(rf"[?&]step={re.escape(node_id)}(&|$)"), wait_until="commit")
    await page.wait_for_function(
        NODE_IS_HERE_JS, arg=[node_id, HERE_PREFIX], polling=POLL_MS, timeout=TIMEOUT_MS
    )
    total = (time.perf_counter() - start) * 1000
    server = await asyncio.wait_for(session.run_finished_after(start), TIMEOUT_MS / 1000)
    await page.wait_for_function(IDLE_JS, polling=POLL_MS, timeout=TIMEOUT_MS)
    return total, server


async def _interact(driver: Driver, session: Session, kind: str) -> tuple[float, float]:
    if kind == "step":
        return await _click_step(session)
    return await _rerun(session, driver.fact if kind == "fact" else driver.next)


def app_driver(shape: DiagramShape) -> Driver:
    """The walkthrough page: sidebar Philadelphia radio, diagram nodes, Next (Back at the end)."""
    from journey.loading import data_dir_from_env, load_pack
    from ui import chrome

    pack = load_pack(data_dir_from_env())
    ph = next(fact for fact in pack.facts if fact.id == "ph")
    labels = {value.value: value.label for value in ph.values}
    choices = (labels["positive"], labels["negative"])

    async def fact(session: Session) -> Click:
        session.flip += 1
        group = session.page.get_by_test_id("stSidebar").get_by_test_id("stRadio")
        group = group.filter(has_text=ph.question)
        return group.get_by_text(choices[session.flip % 2], exact=True).click

    async def next_(session: Session) -> Click:
        page = session.page
        forward = page.get_by_role("button", name=chrome.WALK_NEXT)
        if await forward.is_disabled():
            return page.get_by_role("button", name=chrome.WALK_BACK).click
        return forward.click

    return Driver("app", "/walkthrough", shape.step_ids, fact, next_)


def floor_driver(shape: DiagramShape) -> Driver:
    """The floor's one selectbox stands in for the fact and for Next; its nodes for steps."""
    ids = floor_step_ids(shape)

    async def choose(session: Session) -> Click:
        page = session.page
        await page.get_by_test_id("stSelectbox").click()
        option = page.get_by_role("option", name=_following(page, ids), exact=True)
        await option.wait_for()
        return option.click

    return Driver("floor", "/", ids, choose, choose)


async def _open_session(browser: Browser, url: str, driver: Driver, index: int) -> Session:
    """A page in a browser context of its own: Chromium then gives it a window of its own.

    Pages sharing a context are tabs of one window, and only the front tab gets animation frames
    (about 1 per second for the others), which stalls Playwright's clicks on them.
    """
    context = await browser.new_context()
    session = Session(index, await context.new_page(), driver.step_ids)
    session.restart()
    session.watch()
    await session.page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    await _loaded(session.page)
    return session


async def _run_session(driver: Driver, session: Session, interactions: int) -> None:
    for kind in itertools.islice(itertools.cycle(KINDS), interactions):
        await asyncio.sleep(session.think.uniform(*THINK_S))
        try:
            total, server = await _interact(driver, session, kind)
            session.latencies[kind].append(total)
            session.server.append(server)
        except Exception as error:  # counted, then the page is reloaded to carry on
            session.errors.append(f"session {session.index} {kind}: {type(error).__name__}")
            try:
                await session.page.reload(wait_until="commit", timeout=TIMEOUT_MS)
                await _loaded(session.page)
            except Exception as reload_error:
                session.errors.append(f"session {session.index} reload: {reload_error}")


def _all(latencies: list[dict[str, list[float]]]) -> list[float]:
    return [ms for by_kind in latencies for values in by_kind.values() for ms in values]


def _by_kind(latencies: list[dict[str, list[float]]]) -> dict[str, dict]:
    return {kind: summary([ms for by in latencies for ms in by[kind]]) for kind in KINDS}


async def _rss(pid: int) -> float:
    await asyncio.sleep(SETTLE_S)
    values = []
    for _ in range(RSS_SAMPLES):
        values.append(rss_mb(pid))
        await asyncio.sleep(0.2)
    return median(values)


async def _exceptions_shown(sessions: list[Session]) -> int:
    counts = [await s.page.get_by_test_id("stException").count() for s in sessions]
    return sum(counts)


async def _measure_one(
    browser: Browser,
    driver: Driver,
    shape: DiagramShape,
    sessions: int,
    interactions: int,
    single_interactions: int,
) -> dict:
    opened: list[Session] = []
    with running(driver.name, shape, f"load-{driver.name}") as server:
        try:
            url = f"{server.url}{driver.path}?step={driver.step_ids[0]}"
            first = await _open_session(browser, url, driver, 0)
            opened.append(first)
            rss1 = await _rss(server.pid)
            gate = asyncio.Semaphore(OPEN_CONCURRENCY)

            async def open_one(index: int) -> Session:
                async with gate:
                    session = await _open_session(browser, url, driver, index)
                    opened.append(session)
                    return session

            others = await asyncio.gather(*(open_one(i) for i in range(1, sessions)))
            rss_all = await _rss(server.pid)
            per_session = (rss_all - rss1) / (sessions - 1)
            progress(
                f"memory {driver.name}: RSS {rss1:.0f} MB with 1 session, {rss_all:.0f} MB with"
                f" {sessions}: {per_session:.2f} MB per extra session"
            )

            progress(f"load {driver.name}: one session, {single_interactions} interactions")
            await _run_session(driver, first, single_interactions)
            single_latencies, single_server = first.latencies, first.server
            single_errors = first.errors
            first.restart()
            progress(
                f"load {driver.name}: {sessions} sessions at once, {interactions} interactions each"
            )
            everyone = [first, *others]
            meter = CpuMeter(server.pid)
            meter.start()
            start = time.perf_counter()
            await asyncio.gather(*(_run_session(driver, s, interactions) for s in everyone))
            wall_s = time.perf_counter() - start
            cpu = meter.stop()
            shown = await _exceptions_shown(everyone)
            rss_after = await _rss(server.pid)
        finally:
            for session in opened:
                await session.page.context.close()
        logged = server_errors(server)

    loaded = _all([s.latencies for s in everyone])
    alone = _all([single_latencies])
    loaded_server = [ms for s in everyone for ms in s.server]
    failures = [error for s in everyone for error in s.errors] + single_errors
    errors = len(failures) + shown + len(logged)
    result = {
        "memory": {
            "rss_1_mb": round(rss1, 1),
            f"rss_{sessions}_mb": round(rss_all, 1),
            "mb_per_session": round(per_session, 3),
            "rss_after_load_mb": round(rss_after, 1),
        },
        "sessions": sessions,
        "interactions_per_session": interactions,
        "think_s": list(THINK_S),
        "errors": errors,
        "error_details": (failures + logged)[:20]
        + ([f"{shown} exception(s) shown in pages"] if shown else []),
        "p50_ms": round(percentile(loaded, 50), 1),
        "p95_ms": round(percentile(loaded, 95), 1),
        "single_p50_ms": round(percentile(alone, 50), 1),
        "single_p95_ms": round(percentile(alone, 95), 1),
        "p95_vs_single": round(ratio(percentile(loaded, 95), percentile(alone, 95)), 3),
        "server_p50_ms": round(percentile(loaded_server, 50), 1),
        "server_p95_ms": round(percentile(loaded_server, 95), 1),
        "single_server_p95_ms": round(percentile(single_server, 95), 1),
        "wall_s": round(wall_s, 1),
        "cpu": cpu,
        "by_kind": _by_kind([s.latencies for s in everyone]),
        "single_by_kind": _by_kind([single_latencies]),
    }
    progress(
        f"load {driver.name}: errors {errors}, p50 {result['p50_ms']:.0f} ms,"
        f" p95 {result['p95_ms']:.0f} ms, single p95 {result['single_p95_ms']:.0f} ms,"
        f" p95/single {result['p95_vs_single']:.2f}; server p95 {result['server_p95_ms']:.0f} ms"
        f" (single {result['single_server_p95_ms']:.0f}); {wall_s:.0f} s"
    )
    progress(
        f"load {driver.name}: CPU seconds in those {cpu['wall_s']:.0f} s x {os.cpu_count()} cores:"
        f" server {cpu['server_cpu_s']}, Chromium {cpu['chromium_cpu_s']}, harness"
        f" {cpu['harness_cpu_s']}, other processes {cpu['other_processes_cpu_s']},"
        f" idle {cpu['idle_s']}"
    )
    return result


async def _measure(
    shape: DiagramShape, sessions: int, interactions: int, single: int, with_floor: bool
) -> dict:
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        try:
            results = {}
            drivers = [app_driver(shape)] + ([floor_driver(shape)] if with_floor else [])
            for driver in drivers:
                results[driver.name] = await _measure_one(
                    browser, driver, shape, sessions, interactions, single
                )
        finally:
            await browser.close()
    return results


def measure(
    shape: DiagramShape, sessions: int, interactions: int, single: int, with_floor: bool = False
) -> dict:
    """The app's figures, and the floor's under the same load when `with_floor`."""
    return asyncio.run(_measure(shape, sessions, interactions, single, with_floor))
