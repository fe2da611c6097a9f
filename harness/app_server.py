"""A real Streamlit server in its own process group, for browser, container and soak tests."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
HEALTH_PATH = "/_stcore/health"
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 10.0
LOG_TAIL_LINES = 40
# Picking a free port and binding it are two steps; another process may take the port in between.
PORT_ATTEMPTS = 3
PORT_TAKEN_MESSAGE = "is not available"


class AppServerError(RuntimeError):
    """The server did not come up; the message carries the tail of its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def streamlit_command(port: int, script: str = "app.py") -> list[str]:
    """`streamlit run` as the tests start it: loopback, headless, no file watcher, no telemetry."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.address",
        HOST,
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]


def is_healthy(url: str, timeout_s: float = 2.0) -> bool:
    """True when GET <url>/_stcore/health answers 200."""
    try:
        with urllib.request.urlopen(url + HEALTH_PATH, timeout=timeout_s) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class AppServer:
    """One running server: `.url`, `.port`, `.log_path`; `.stop()` ends its whole process group."""

    def __init__(self, process: subprocess.Popen[bytes], port: int, log_path: Path) -> None:
        self.process = process
        self.port = port
        self.url = f"http://{HOST}:{port}"
        self.log_path = log_path

    @property
    def pid(self) -> int:
        return self.process.pid

    def log_text(self) -> str:
        """Everything the server printed so far (stdout and stderr together)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, lines: int = LOG_TAIL_LINES) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def is_running(self) -> bool:
        return self.process.returncode is None and not _has_exited(self.process.pid)

    def wait_until_healthy(self, timeout_s: float = START_TIMEOUT_S) -> None:
        """Poll the health endpoint; raise AppServerError if the server exits or times out."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if is_healthy(self.url):
                return
            if not self.is_running():
                code = self.stop()
                raise AppServerError(
                    f"Streamlit exited with code {code} before {HEALTH_PATH} answered. "
                    f"Log {self.log_path}:\n{self.log_tail()}"
                )
            time.sleep(0.1)
        self.stop()
        raise AppServerError(
            f"{self.url}{HEALTH_PATH} did not answer 200 within {timeout_s:.0f} s. "
            f"Log {self.log_path}:\n{self.log_tail()}"
        )

    def stop(self) -> int | None:
        """SIGTERM the process group, then SIGKILL what is left of it; safe to call twice."""
        if self.process.returncode is not None:
            # Already reaped: its group id may belong to another process by now, so leave it.
            return self.process.returncode
        pid = self.process.pid
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + STOP_TIMEOUT_S
        while not _has_exited(pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        # The leader is not reaped yet (at most a zombie), so its pid still pins the group id and
        # this reaches only our own processes: the leader if it ignored SIGTERM, and any children.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        return self.process.wait(timeout=STOP_TIMEOUT_S)

    def __enter__(self) -> AppServer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _has_exited(pid: int) -> bool:
    """Whether our child `pid` has exited, without reaping it (it stays a zombie until waited)."""
    try:
        return os.waitid(os.P_PID, pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None
    except ChildProcessError:
        return True


def start(
    command: Sequence[str],
    port: int,
    log_path: Path,
    env: Mapping[str, str | None] | None = None,
    cwd: Path = REPO_ROOT,
) -> AppServer:
    """Start `command` (which must listen on `port`) in a new session, output to `log_path`.

    `env` is laid over this process's environment; a None value removes that variable.
    """
    merged = {**os.environ, "PYTHONUNBUFFERED": "1", **(env or {})}
    full_env = {name: value for name, value in merged.items() if value is not None}
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            list(command),
            cwd=cwd,
            env=full_env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return AppServer(process, port, log_path)


def start_streamlit(
    log_path: Path,
    env: Mapping[str, str | None] | None = None,
    script: str = "app.py",
    timeout_s: float = START_TIMEOUT_S,
) -> AppServer:
    """Start the app on a free port and wait until it is healthy; retry if the port was taken."""
    for attempt in range(1, PORT_ATTEMPTS + 1):
        port = free_port()
        server = start(streamlit_command(port, script), port, log_path, env)
        try:
            server.wait_until_healthy(timeout_s)
        except AppServerError:
            server.stop()
            if attempt < PORT_ATTEMPTS and PORT_TAKEN_MESSAGE in server.log_text():
                continue
            raise
        return server
    raise AssertionError("unreachable")  # pragma: no cover
