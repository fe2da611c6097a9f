"""Suite-wide rules and fixtures: the e2e skip/fail rule and real app servers."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest

from harness.app_server import AppServer, AppServerError, start_streamlit
from harness.browser import CHROMIUM

E2E_DIR = Path(__file__).parent / "e2e"
E2E_MARKER = "e2e"
PACK_ENV = "JOURNEY_DATA"
NO_CHROMIUM = (
    f"browser tests need Debian's chromium at {CHROMIUM} "
    "(`make system-deps`, or apt-get install chromium); never `playwright install`"
)
SKIPPED_IN_CI = "an e2e test was skipped under CI=true; browser tests must run in CI"

StartAppServer = Callable[..., AppServer]


def running_in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e/ is an e2e test, whether or not it says so."""
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(E2E_MARKER)


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Without chromium an e2e test skips locally and fails under CI=true."""
    if item.get_closest_marker(E2E_MARKER) and not CHROMIUM.exists():
        if running_in_ci():
            pytest.fail(f"CI=true: {NO_CHROMIUM}", pytrace=False)
        pytest.skip(NO_CHROMIUM)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> pytest.TestReport:
    """Under CI=true an e2e test that skipped for any reason counts as failed, never as passed."""
    report: pytest.TestReport = yield
    if (
        running_in_ci()
        and report.skipped
        and not hasattr(report, "wasxfail")
        and item.get_closest_marker(E2E_MARKER)
    ):
        report.outcome = "failed"
        report.longrepr = f"{SKIPPED_IN_CI}: {skip_reason(report)}"
    return report


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> pytest.CollectReport:
    """Under CI=true a whole e2e module skipped at import (importorskip, say) fails too."""
    report: pytest.CollectReport = yield
    if running_in_ci() and report.skipped and E2E_DIR in collector.path.parents:
        report.outcome = "failed"
        report.longrepr = f"{SKIPPED_IN_CI}: {skip_reason(report)}"
    return report


def skip_reason(report: pytest.TestReport | pytest.CollectReport) -> str:
    """The reason a skip gave; pytest keeps it as (path, line, reason)."""
    longrepr = report.longrepr
    return str(longrepr[2] if isinstance(longrepr, tuple) else longrepr)


@pytest.fixture(scope="session")
def start_app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StartAppServer]:
    """Factory: `start_app_server(env={"JOURNEY_DATA": path})` starts one more app server.

    Each call starts `python -m streamlit run app.py` from the repo root on a free 127.0.0.1 port
    and waits for /_stcore/health. `env` is laid over this process's environment (a None value
    unsets a variable). The server stops at the end of the session, or earlier with `.stop()`.
    """
    servers: list[AppServer] = []

    def start(env: Mapping[str, str | None] | None = None, script: str = "app.py") -> AppServer:
        log_path = tmp_path_factory.mktemp("app-server") / "streamlit.log"
        try:
            server = start_streamlit(log_path, env=env, script=script)
        except AppServerError as error:
            failure = str(error)
        else:
            servers.append(server)
            return server
        pytest.fail(failure, pytrace=False)

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(scope="session")
def app_server(start_app_server: StartAppServer) -> AppServer:
    """The app with its real content pack: one server for the session (`.url`, `.log_path`)."""
    # A developer's own JOURNEY_DATA (a pack being previewed) must not leak into the tests.
    return start_app_server(env={PACK_ENV: None})
