"""Browser helpers shared by e2e, soak and benchmark code: Debian chromium and page watchers."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Dialog, Page, Request, expect

CHROMIUM = Path("/usr/bin/chromium")
# What the machine's probe runs chromium with: without the background-networking flags chromium
# keeps trying to reach outside hosts, which this closed network refuses (and a privacy test sees).
CHROMIUM_ARGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
# URLs that never leave the browser.
IN_BROWSER_SCHEMES = frozenset({"data", "blob", "about"})
SCRIPT_STATE_ATTRIBUTE = "data-test-script-state"
SCRIPT_IDLE = "notRunning"


def is_local(url: str) -> bool:
    """True for URLs on this machine's loopback or inside the browser (data:, blob:, about:)."""
    parts = urlsplit(url)
    return parts.scheme in IN_BROWSER_SCHEMES or parts.hostname in LOCAL_HOSTS


@dataclass
class RequestLog:
    """Every URL the browser asked for, in order; attach `record` to a "request" event."""

    urls: list[str] = field(default_factory=list)

    def record(self, request: Request) -> None:
        self.urls.append(request.url)

    def non_local(self) -> list[str]:
        return [url for url in self.urls if not is_local(url)]

    def assert_only_local(self) -> None:
        outside = self.non_local()
        assert not outside, f"requests to hosts other than the app's own: {outside}"


@dataclass
class DialogLog:
    """Each JavaScript dialog (alert, confirm, prompt, beforeunload) that opened; all dismissed."""

    dialogs: list[str] = field(default_factory=list)

    def record(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def assert_none(self) -> None:
        assert not self.dialogs, f"JavaScript dialogs opened: {self.dialogs}"


def wait_for_app_idle(page: Page) -> None:
    """Wait until Streamlit has connected and finished running the script for this page."""
    expect(page.get_by_test_id("stApp")).to_have_attribute(SCRIPT_STATE_ATTRIBUTE, SCRIPT_IDLE)
