"""The Dockerfile's start command serves the app, checked without Docker (no engine runs here).

The container's CMD and HEALTHCHECK run with this interpreter on a free loopback port instead of
0.0.0.0:8501; the image's own build (apt-get, the venv in /opt/venv) is checked by reading it.
"""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from harness.app_server import HOST, REPO_ROOT, AppServerError, free_port, start

DOCKERFILE = REPO_ROOT / "Dockerfile"
CONTAINER_PORT = "8501"
HEALTH_PATH = "/_stcore/health"
START_TIMEOUT_S = 30.0

Instruction = tuple[str, str]


def instructions() -> list[Instruction]:
    """(KEYWORD, arguments) per instruction, continuation lines joined, comments dropped."""
    logical_lines: list[str] = []
    pending = ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical_lines.append(pending + line)
        pending = ""
    parsed = []
    for line in logical_lines:
        keyword, _, arguments = line.partition(" ")
        parsed.append((keyword.upper(), arguments.strip()))
    return parsed


def arguments_of(keyword: str) -> list[str]:
    return [arguments for found, arguments in instructions() if found == keyword]


def exec_form(arguments: str) -> list[str]:
    """The JSON array form, which makes streamlit PID 1 so that `docker stop` reaches it."""
    assert arguments.startswith("["), f"use the exec (JSON) form, not a shell string: {arguments}"
    return json.loads(arguments)


def container_cmd() -> list[str]:
    commands = arguments_of("CMD")
    assert commands, "the Dockerfile has no CMD"
    return exec_form(commands[-1])


def option_value(argv: list[str], option: str) -> str:
    assert option in argv, f"CMD does not set {option}: {argv}"
    return argv[argv.index(option) + 1]


def with_option(argv: list[str], option: str, value: str) -> list[str]:
    position = argv.index(option) + 1
    return [*argv[:position], value, *argv[position + 1 :]]


def streamlit_environment() -> dict[str, str]:
    """The STREAMLIT_* settings the image sets with ENV."""
    settings: dict[str, str] = {}
    for arguments in arguments_of("ENV"):
        for pair in shlex.split(arguments):
            name, _, value = pair.partition("=")
            if name.startswith("STREAMLIT_"):
                settings[name] = value
    return settings


def healthcheck_cmd() -> list[str]:
    healthchecks = arguments_of("HEALTHCHECK")
    assert healthchecks, "the Dockerfile has no HEALTHCHECK"
    _, _, command = healthchecks[-1].partition("CMD ")
    return exec_form(command.strip())


def test_container_runs_as_a_non_root_user() -> None:
    keywords = [keyword for keyword, _ in instructions()]
    users = arguments_of("USER")
    assert users, "the Dockerfile never switches away from root"
    assert users[-1].split(":")[0] not in {"root", "0"}
    assert max(i for i, k in enumerate(keywords) if k == "USER") < keywords.index("CMD")


def test_image_installs_the_app_from_requirements_txt() -> None:
    assert any("requirements.txt" in copy for copy in arguments_of("COPY"))
    installs = [
        run
        for run in arguments_of("RUN")
        if re.search(r"pip install .*-r \S*requirements\.txt", run)
    ]
    assert installs, "no RUN installs requirements.txt with pip"
    assert any("venv /opt/venv" in run for run in arguments_of("RUN"))


def test_cmd_listens_on_the_exposed_port_on_all_container_interfaces() -> None:
    argv = container_cmd()
    assert argv[:3] == ["streamlit", "run", "app.py"]
    assert option_value(argv, "--server.port") == CONTAINER_PORT
    assert option_value(argv, "--server.address") == "0.0.0.0"
    assert option_value(argv, "--server.headless") == "true"
    assert CONTAINER_PORT in " ".join(arguments_of("EXPOSE")).split()


def test_healthcheck_probes_streamlit_health_on_the_container_port() -> None:
    probe = " ".join(healthcheck_cmd())
    assert f"127.0.0.1:{CONTAINER_PORT}{HEALTH_PATH}" in probe


def test_container_cmd_serves_health_and_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    argv = container_cmd()
    port = free_port()
    assert argv[0] == "streamlit", "CMD must start with the streamlit entry point of /opt/venv"
    local_argv = [sys.executable, "-m", *argv]
    local_argv = with_option(local_argv, "--server.address", HOST)
    local_argv = with_option(local_argv, "--server.port", str(port))

    with start(local_argv, port, tmp_path / "container.log", streamlit_environment()) as server:
        try:
            server.wait_until_healthy(START_TIMEOUT_S)
        except AppServerError as error:
            failure = str(error)
        else:
            failure = ""
        if failure:
            pytest.fail(failure, pytrace=False)

        probe = [sys.executable, *healthcheck_cmd()[1:]]
        probe = [part.replace(f":{CONTAINER_PORT}/", f":{port}/") for part in probe]
        result = subprocess.run(probe, capture_output=True, text=True, timeout=10)
        assert result.returncode == 0, f"HEALTHCHECK failed: {result.stderr}"

        assert server.stop() == 0, f"exit code on SIGTERM is not 0; log:\n{server.log_tail()}"
