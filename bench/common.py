"""What every measurement shares: the two apps, the diagram's shape, servers, RSS, statistics."""

from __future__ import annotations

import contextlib
import os
import re
import statistics
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import psutil
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from harness.app_server import AppServer, free_port, start, streamlit_command

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "bench"
LOG_DIR = BENCH_DIR / "logs"
APP_SCRIPT = "app.py"
FLOOR_SCRIPT = "bench/floor_app.py"

# The floor app reads the shape of the journey diagram from these (see floor_app.py).
ENV_NODES = "BENCH_FLOOR_NODES"
ENV_EDGES = "BENCH_FLOOR_EDGES"
ENV_LABELLED_EDGES = "BENCH_FLOOR_LABELLED_EDGES"
ENV_LINKED = "BENCH_FLOOR_LINKED"

# The floor's chart or the app's in-page map (Playwright's CSS locators pierce its shadow root).
DIAGRAM = "[data-testid=stGraphVizChart], .journey-map"
DIAGRAM_NODE = "[data-testid=stGraphVizChart] svg g.node, .journey-map svg g.node"
START_TIMEOUT_S = 60.0

_STARTED = time.monotonic()


def progress(message: str) -> None:
    """One line on stderr with the time since the harness started, so a long run shows life."""
    print(f"[bench {time.monotonic() - _STARTED:6.1f}s] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------- the diagram's shape

_NODE_LINE = re.compile(r'^\s*("[^"]*"|[A-Za-z_][\w.]*)\s*\[')
_KEYWORDS = frozenset({"graph", "node", "edge"})


@dataclass(frozen=True)
class DiagramShape:
    """How big the journey diagram is: the floor app draws one of the same size."""

    nodes: int
    edges: int
    labelled_edges: int
    linked_nodes: int
    step_ids: tuple[str, ...]

    def floor_env(self) -> dict[str, str]:
        return {
            ENV_NODES: str(self.nodes),
            ENV_EDGES: str(self.edges),
            ENV_LABELLED_EDGES: str(self.labelled_edges),
            ENV_LINKED: str(self.linked_nodes),
        }


def count_dot(source: str) -> tuple[int, int, int, int]:
    """(nodes, edges, labelled edges, nodes with a URL) of a DOT text as graphviz writes it."""
    nodes = edges = labelled = linked = 0
    for line in source.splitlines():
        if "->" in line or " -- " in line:
            edges += 1
            labelled += "label=" in line
            continue
        match = _NODE_LINE.match(line)
        if match and match.group(1) not in _KEYWORDS:
            nodes += 1
            linked += "URL=" in line
    return nodes, edges, labelled, linked


def journey_shape() -> DiagramShape:
    """Counted at run time from journey.diagram.build_diagram(load_pack(), Situation())."""
    from journey.diagram import build_diagram
    from journey.loading import data_dir_from_env, load_pack
    from journey.navigation import steps_in_order
    from journey.situation import Situation

    pack = load_pack(data_dir_from_env())
    nodes, edges, labelled, linked = count_dot(build_diagram(pack, Situation()).source)
    steps = tuple(step.id for step in steps_in_order(pack))
    return DiagramShape(nodes, edges, labelled, linked, steps)


def floor_step_ids(shape: DiagramShape) -> tuple[str, ...]:
    """The floor app's clickable node ids (floor_app.py names them n0, n1, ...)."""
    return tuple(f"n{index}" for index in range(shape.linked_nodes))


# ---------------------------------------------------------------------------- servers

APPS = ("app", "floor")


def script_of(which: str) -> str:
    return APP_SCRIPT if which == "app" else FLOOR_SCRIPT


def launch(which: str, shape: DiagramShape, log_name: str) -> AppServer:
    """Start `streamlit run` for the app or the floor on a free port; do not wait for it."""
    port = free_port()
    env: dict[str, str | None] = dict(shape.floor_env()) if which == "floor" else {}
    return start(
        streamlit_command(port, script_of(which)), port, LOG_DIR / f"{log_name}.log", env=env
    )


def wait_healthy(
    server: AppServer, timeout_s: float = START_TIMEOUT_S, poll_s: float = 0.02
) -> None:
    """Poll /_stcore/health often (the poll interval adds to a cold start, equally to both)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(server.url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        if not server.is_running():
            break
        time.sleep(poll_s)
    raise RuntimeError(f"{server.url} did not become healthy; log tail:\n{server.log_tail()}")


@contextlib.contextmanager
def running(which: str, shape: DiagramShape, log_name: str) -> Iterator[AppServer]:
    """A healthy server for the app or the floor, stopped (its whole process group) on exit."""
    server = launch(which, shape, log_name)
    try:
        wait_healthy(server)
        yield server
    finally:
        server.stop()


def rss_mb(pid: int) -> float:
    """Resident memory of a process and all its children, in MB (10^6 bytes)."""
    process = psutil.Process(pid)
    total = process.memory_info().rss
    for child in process.children(recursive=True):
        with contextlib.suppress(psutil.Error):
            total += child.memory_info().rss
    return total / 1e6


def _cpu_s(processes) -> float:
    total = 0.0
    for process in processes:
        with contextlib.suppress(psutil.Error):
            times = process.cpu_times()
            total += times.user + times.system
    return total


def _tree(pid: int) -> list[psutil.Process]:
    with contextlib.suppress(psutil.Error):
        process = psutil.Process(pid)
        return [process, *process.children(recursive=True)]
    return []


class CpuMeter:
    """CPU seconds used between start() and stop(): the server, the load client, the machine.

    Shows where a phase spent the machine: in the app's server, in the client that stands in for
    the users (on a real deployment their browsers run on their own machines), in this harness,
    or in the neighbours. The client reports its own CPU seconds (it measures them itself), so
    `stop` takes them as an argument.
    """

    def __init__(self, server_pid: int) -> None:
        self.server_pid = server_pid

    def _sample(self) -> tuple[float, float, float, float]:
        machine = psutil.cpu_times()
        busy = machine.user + machine.nice + machine.system + machine.irq + machine.softirq
        harness = _cpu_s([psutil.Process()])
        return time.monotonic(), _cpu_s(_tree(self.server_pid)), harness, busy

    def start(self) -> None:
        self._start = self._sample()

    def stop(self, client_cpu_s: float) -> dict[str, float]:
        end = self._sample()
        wall, server, harness, busy = (b - a for a, b in zip(self._start, end, strict=True))
        capacity = wall * (os.cpu_count() or 1)
        others = max(busy - server - client_cpu_s - harness, 0.0)
        return {
            "wall_s": round(wall, 1),
            "cpu_capacity_s": round(capacity, 1),
            "server_cpu_s": round(server, 1),
            "client_cpu_s": round(client_cpu_s, 1),
            "harness_cpu_s": round(harness, 1),
            "other_processes_cpu_s": round(others, 1),
            "idle_s": round(max(capacity - busy, 0.0), 1),
        }


def server_errors(server: AppServer) -> list[str]:
    """Tracebacks and ERROR lines the server logged."""
    return [
        line
        for line in server.log_text().splitlines()
        if "Traceback" in line or " ERROR " in line or "Exception" in line
    ]


# ---------------------------------------------------------------------------- script runs seen

SMALL_FRAME = 256  # script_finished messages are a few bytes; larger frames are never parsed
FINISHED_OK = (
    ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
    ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
)


def is_run_finished(payload: str | bytes) -> bool:
    """True for the websocket frame in which the server says a script run ended normally."""
    if not isinstance(payload, bytes) or len(payload) >= SMALL_FRAME:
        return False
    message = ForwardMsg.FromString(payload)
    return message.WhichOneof("type") == "script_finished" and (
        message.script_finished in FINISHED_OK
    )


class RunFinishes:
    """When (perf_counter) the server's script runs for one page ended, as its frames arrive.

    Watches every websocket the page opens, so it follows reloads (a diagram click).
    """

    def __init__(self) -> None:
        self.times: list[float] = []
        self.opened: list[float] = []

    def attach(self, page) -> None:
        page.on("websocket", self._opened)

    def _opened(self, websocket) -> None:
        self.opened.append(time.perf_counter())
        websocket.on("framereceived", self._frame)

    def _frame(self, payload: str | bytes) -> None:
        if is_run_finished(payload):
            self.times.append(time.perf_counter())

    @staticmethod
    def _first(moments: list[float], start: float) -> float | None:
        later = [moment for moment in moments if moment > start]
        return (later[0] - start) * 1000 if later else None

    def first_after(self, start: float) -> float | None:
        """ms from `start` to the first run that finished after it, or None."""
        return self._first(self.times, start)

    def opened_after(self, start: float) -> float | None:
        """ms from `start` to the first websocket the page opened after it (the page booted)."""
        return self._first(self.opened, start)


# ---------------------------------------------------------------------------- statistics


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def percentile(values: Sequence[float], pct: float) -> float:
    """Linear interpolation between closest ranks (numpy's default), pct in 0..100."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = (len(ordered) - 1) * pct / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratio(value: float, floor: float) -> float:
    return value / floor if floor > 0 else float("nan")


def summary(values: Sequence[float]) -> dict[str, float | int]:
    """n, median, p95, min, max of a list of milliseconds, rounded for the JSON file."""
    return {
        "n": len(values),
        "median_ms": round(median(values), 2),
        "p95_ms": round(percentile(values, 95), 2),
        "min_ms": round(min(values), 2) if values else float("nan"),
        "max_ms": round(max(values), 2) if values else float("nan"),
    }


def env_without(names: Sequence[str], base: Mapping[str, str] | None = None) -> dict[str, str]:
    source = dict(os.environ if base is None else base)
    for name in names:
        source.pop(name, None)
    return source
