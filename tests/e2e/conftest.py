"""Browser fixtures: Debian chromium, the app server as base_url, request and dialog logs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from harness.app_server import AppServer
from harness.browser import CHROMIUM, CHROMIUM_ARGS, DialogLog, RequestLog, wait_for_app_idle

# A cold Streamlit page on a 2-core CI machine can take several seconds to draw.
EXPECT_TIMEOUT_MS = 20_000

expect.set_options(timeout=EXPECT_TIMEOUT_MS)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Launch Debian's chromium, never a browser downloaded by Playwright."""
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": list(CHROMIUM_ARGS),
    }


@pytest.fixture(scope="session")
def base_url(app_server: AppServer) -> str:
    """Relative `page.goto("/?step=...")` calls go to the session's app server."""
    return app_server.url


@pytest.fixture
def request_log(context: BrowserContext) -> RequestLog:
    """Records every request of every page in the test's browser context (privacy tests)."""
    log = RequestLog()
    context.on("request", log.record)
    return log


@pytest.fixture
def dialog_log(context: BrowserContext) -> DialogLog:
    """Records and dismisses JavaScript dialogs; call `.assert_none()` at the end of the test."""
    log = DialogLog()
    context.on("dialog", log.record)
    return log


@pytest.fixture
def open_app(page: Page) -> Callable[[str], Page]:
    """`open_app("/?step=x")`: go to a path of the app server and wait until the script is idle."""

    def open_path(path: str = "/") -> Page:
        page.goto(path)
        wait_for_app_idle(page)
        return page

    return open_path
