"""Many users at once: 20 browser sessions roam the app for 2 minutes; no errors, memory holds.

Run with `make soak` (it is excluded from `make test`). All traffic goes to the app's own server on
127.0.0.1; every loop is bounded by a deadline; the random walk is seeded, so a failure can be
replayed with the same SOAK_SEED. Tunable by environment: SOAK_SESSIONS, SOAK_SECONDS, SOAK_SEED.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import random
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit

import psutil
import pytest
from playwright.async_api import BrowserContext, Page, async_playwright
from playwright.async_api import Error as PlaywrightError

from harness.app_server import AppServer
from harness.browser import CHROMIUM, CHROMIUM_ARGS, SCRIPT_IDLE, SCRIPT_STATE_ATTRIBUTE, is_local
from journey.loading import load_pack
from tests.hostile import NASTY_QUERIES
from tests.packs import REAL_PACK

pytestmark = pytest.mark.soak

SESSIONS = int(os.environ.get("SOAK_SESSIONS", "20"))
DURATION_S = float(os.environ.get("SOAK_SECONDS", "120"))
SEED = int(os.environ.get("SOAK_SEED", "20261125"))
WARM_UP_S = 20.0  # every session opens the app once before memory is measured
SAMPLE_EVERY_S = 1.0
MAX_RSS_GROWTH = 0.10  # mean RSS of minute 2 within 10 % of minute 1
IDLE_TIMEOUT_MS = 90_000  # 20 browsers and the server share 2 cores
THINK_S = (0.2, 1.5)
MIN_STEPS_PER_SESSION = 2
PAGE_PATHS = (
    "/",
    "/journey_map",
    "/where_am_i",
    "/treatment_options",
    "/tests_and_terms",
    "/walkthrough",
    "/discussion_sheet",
    "/about",
)
EXCEPTION_BOX = "[data-testid=stException]"
# Leaving a page while its requests are in flight aborts them; the browser did that, not the server.
ABORTED = "net::ERR_ABORTED"

PACK = load_pack(REAL_PACK)
STEP_IDS = PACK.step_ids
QUESTION_IDS = tuple(question.id for question in PACK.questions)
FACT_VALUES = tuple((fact.id, fact.value_ids) for fact in PACK.choice_facts)


@dataclass
class Tally:
    """What all sessions saw; `errors` must stay empty."""

    actions: int = 0
    page_loads: int = 0
    aborted_requests: int = 0
    errors: list[str] = field(default_factory=list)
    rss_samples: list[tuple[float, int]] = field(default_factory=list)  # (seconds, bytes)
    steps_per_session: list[int] = field(default_factory=list)  # in the measured window


def random_query(rng: random.Random) -> str:
    """A situation a reader might share, or now and then a hostile link."""
    if rng.random() < 0.1:
        return rng.choice(NASTY_QUERIES)
    params: dict[str, str] = {}
    if rng.random() < 0.7:
        params["step"] = rng.choice(STEP_IDS)
    for fact, values in FACT_VALUES:
        if rng.random() < 0.4:
            params[fact] = rng.choice(values)
    if rng.random() < 0.3:
        params["age"] = str(rng.randint(0, 120))
    if rng.random() < 0.3:
        params["q"] = ",".join(rng.sample(QUESTION_IDS, rng.randint(1, 4)))
    return urlencode(params)


async def wait_idle(page: Page) -> None:
    app = page.get_by_test_id("stApp")
    await app.wait_for(state="attached", timeout=IDLE_TIMEOUT_MS)
    await page.wait_for_function(
        f"() => document.querySelector('[data-testid=stApp]')"
        f"?.getAttribute('{SCRIPT_STATE_ATTRIBUTE}') === '{SCRIPT_IDLE}'",
        timeout=IDLE_TIMEOUT_MS,
    )


async def act(page: Page, base_url: str, rng: random.Random, tally: Tally) -> None:
    """One random step of a reader: open a page by link, or use a control on the current page."""
    roll = rng.random()
    if roll < 0.6 or page.url == "about:blank":
        query = random_query(rng)
        await page.goto(f"{base_url}{rng.choice(PAGE_PATHS)}?{query}", wait_until="commit")
        tally.page_loads += 1
    elif roll < 0.8:
        radios = page.locator("[data-testid=stSidebar] [role=radiogroup] label")
        count = await radios.count()
        if count:
            await radios.nth(rng.randrange(count)).click()
    else:
        nodes = page.locator(".journey-map svg g.node a")
        count = await nodes.count()
        if count:
            await nodes.nth(rng.randrange(count)).click()
            tally.page_loads += 1
        else:
            links = page.locator("[data-testid=stSidebarNav] a")
            count = await links.count()
            if count:
                await links.nth(rng.randrange(count)).click()
    await wait_idle(page)
    tally.actions += 1
    exceptions = await page.locator(EXCEPTION_BOX).count()
    if exceptions:
        tally.errors.append(f"exception box on {page.url}")


def watch(context: BrowserContext, server_url: str, tally: Tally) -> None:
    host = urlsplit(server_url).netloc

    def on_failed(request) -> None:
        failure = request.failure or ""
        if not is_local(request.url):
            tally.errors.append(f"request to another host: {request.url}")
        elif ABORTED in failure:
            tally.aborted_requests += 1
        elif urlsplit(request.url).netloc == host:
            tally.errors.append(f"request failed: {request.url} {failure}")

    def on_response(response) -> None:
        if response.status >= 500:
            tally.errors.append(f"HTTP {response.status}: {response.url}")

    def on_request(request) -> None:
        if not is_local(request.url):
            tally.errors.append(f"request to another host: {request.url}")

    context.on("requestfailed", on_failed)
    context.on("response", on_response)
    context.on("request", on_request)


async def session(index: int, page: Page, server: AppServer, deadline: float, tally: Tally) -> None:
    """One reader: a seeded random walk until the deadline; returns how many steps it finished."""
    rng = random.Random(SEED * 1000 + index + int(deadline))
    done = 0
    while time.monotonic() < deadline:
        try:
            await act(page, server.url, rng, tally)
            done += 1
        except PlaywrightError as error:
            if time.monotonic() >= deadline:
                break  # the run ended while this step was under way
            tally.errors.append(f"session {index}: {str(error).splitlines()[0]}")
        await asyncio.sleep(rng.uniform(*THINK_S))
    return done


def server_rss(server: AppServer) -> int:
    """Resident memory of the server's process group (the server and any children)."""
    root = psutil.Process(server.pid)
    total = 0
    for process in (root, *root.children(recursive=True)):
        with contextlib.suppress(psutil.NoSuchProcess):  # a child that just ended
            total += process.memory_info().rss
    return total


async def sample_memory(server: AppServer, start: float, deadline: float, tally: Tally) -> None:
    while time.monotonic() < deadline:
        tally.rss_samples.append((time.monotonic() - start, server_rss(server)))
        await asyncio.sleep(SAMPLE_EVERY_S)


async def soak(server: AppServer) -> Tally:
    tally = Tally()
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=list(CHROMIUM_ARGS)
        )
        contexts = [await browser.new_context() for _ in range(SESSIONS)]
        pages = []
        for context in contexts:
            watch(context, server.url, tally)
            context.set_default_timeout(IDLE_TIMEOUT_MS)
            context.set_default_navigation_timeout(IDLE_TIMEOUT_MS)
            page = await context.new_page()
            page.on("pageerror", lambda error: tally.errors.append(f"page error: {error}"))
            pages.append(page)
        # Warm up, errors counted: the server fills its caches before memory is measured.
        warm_up_end = time.monotonic() + WARM_UP_S
        await asyncio.gather(
            *(session(i, page, server, warm_up_end, tally) for i, page in enumerate(pages))
        )
        start = time.monotonic()
        deadline = start + DURATION_S
        _, *tally.steps_per_session = await asyncio.gather(
            sample_memory(server, start, deadline, tally),
            *(session(i, page, server, deadline, tally) for i, page in enumerate(pages)),
        )
        for context in contexts:
            await context.close()
        await browser.close()
    return tally


def test_many_sessions_no_errors_and_steady_memory(start_app_server, record_property):
    if not CHROMIUM.exists():
        pytest.fail(f"the soak test needs Debian's chromium at {CHROMIUM}")
    server = start_app_server(env={"JOURNEY_DATA": None})
    tally = asyncio.run(soak(server))

    half = DURATION_S / 2
    first = [rss for at, rss in tally.rss_samples if at < half]
    second = [rss for at, rss in tally.rss_samples if at >= half]
    mean_first, mean_second = statistics.mean(first), statistics.mean(second)
    growth = mean_second / mean_first - 1
    summary = (
        f"{SESSIONS} sessions, {DURATION_S:.0f} s (after {WARM_UP_S:.0f} s warm-up), seed {SEED}: "
        f"{tally.actions} actions ({sum(tally.steps_per_session)} in the measured window, "
        f"{min(tally.steps_per_session)} to {max(tally.steps_per_session)} a session), "
        f"{tally.page_loads} page loads, {len(tally.errors)} errors, "
        f"{tally.aborted_requests} requests aborted by navigation; server RSS mean "
        f"{mean_first / 2**20:.1f} MiB (first half) vs {mean_second / 2**20:.1f} MiB "
        f"(second half), {growth:+.1%}; peak {max(r for _, r in tally.rss_samples) / 2**20:.1f} MiB"
    )
    print(summary)
    record_property("soak", summary)
    assert server.is_running(), f"the server died: {server.log_tail()}"
    assert "Traceback" not in server.log_text(), server.log_tail()
    assert not tally.errors, f"{summary}\n" + "\n".join(tally.errors[:30])
    # Every session kept going through the measured window, so all of them really were at once.
    assert min(tally.steps_per_session) >= MIN_STEPS_PER_SESSION, tally.steps_per_session
    assert growth <= MAX_RSS_GROWTH, summary
