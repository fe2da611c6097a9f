"""Many users at once, without a browser: memory per session and response times under load.

For the app and then the floor, each on a fresh server, a load client (`bench/protocol.py`) runs
in a process of its own and speaks Streamlit's websocket protocol, one websocket per user:
1. single: one session opens the map page and makes `single_moves` moves alone: the baseline;
2. memory: the server's RSS (process and children) with that one session connected, then with
   all `sessions` connected (each has done its first run): (RSS_N - RSS_1) / (N - 1);
3. load: every session makes moves for `duration_s` seconds.

A move follows a random reading pause of 1 to 3 s (seeded per session, the same for app and
floor) and is, at random and half the time each, a choice on the map (the components-v2 map's
"chosen" trigger, in the widget state the frontend sends) or a URL-held view (a rerun whose query
string holds `step=` and facts, as Back or Forward sends it). Its response time runs from sending
the rerun to the `script_finished` that ends it (a fragment run and the full run it asks for
both count). On the floor the same moves use its own map ("floor_map", its `n0`... ids).

Errors: a move that fails or times out, an exception element in a run, a session that cannot
connect, a traceback in the server's log. The client reports its own CPU seconds; the server's
come from /proc (psutil). The 1-minute load average is sampled all along; a run is "noisy" when
it went above the number of cores (it includes the server and the client themselves).
"""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict

from bench.common import (
    REPO_ROOT,
    CpuMeter,
    DiagramShape,
    floor_step_ids,
    median,
    percentile,
    progress,
    ratio,
    rss_mb,
    running,
    server_errors,
    summary,
)
from bench.protocol import KINDS, Plan, Target

RSS_SAMPLES = 5
RSS_EVERY_S = 0.2  # a few reads, their median: RSS moves as the allocator settles
LOAD_AVERAGE_EVERY_S = 5.0  # the kernel updates it every 5 s
EVENT_MARGIN_S = 120.0  # on top of the longest a phase can take: then the client is stuck
APP_PAGE = "journey_map"
APP_COMPONENT = "journey_map"
FLOOR_COMPONENT = "floor_map"
# ui.journey_map.CHOSEN and the floor's trigger (importing ui.journey_map here would start
# Streamlit's caches outside a runtime). A wrong name shows: every map move fails its check.
MAP_TRIGGER = "chosen"


class LoadClientError(RuntimeError):
    """The load client process failed or stopped answering; the message says where."""


def app_target(url: str, shape: DiagramShape) -> Target:
    """The Journey map page: its map and the choice facts each step asks, from the pack."""
    from journey.loading import data_dir_from_env, load_pack
    from journey.model import FactKind
    from journey.navigation import facts_asked_at

    pack = load_pack(data_dir_from_env())
    facts_at = {
        step: [
            (fact.id, list(fact.value_ids))
            for fact in facts_asked_at(pack, step)
            if fact.kind is FactKind.CHOICE
        ]
        for step in shape.step_ids
    }
    return Target(
        name="app",
        url=url,
        page=APP_PAGE,
        start_query=f"step={shape.step_ids[0]}",
        component=APP_COMPONENT,
        trigger=MAP_TRIGGER,
        steps=shape.step_ids,
        facts_at=facts_at,
    )


def floor_target(url: str, shape: DiagramShape) -> Target:
    """The floor's one page: its map's nodes stand in for steps; it has no facts."""
    ids = floor_step_ids(shape)
    return Target(
        name="floor",
        url=url,
        page="",
        start_query=f"step={ids[0]}",
        component=FLOOR_COMPONENT,
        trigger=MAP_TRIGGER,
        steps=ids,
    )


class LoadClient:
    """The client process (`python -m bench.protocol`): JSON lines out, commands in."""

    def __init__(self, target: Target, plan: Plan) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bench.protocol"],
            cwd=REPO_ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.send(json.dumps({"target": asdict(target), "plan": asdict(plan)}))

    def send(self, line: str) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def expect(self, event: str, timeout_s: float, tick: Callable[[], None]) -> dict:
        """Wait for the client's next event line, calling `tick` every LOAD_AVERAGE_EVERY_S."""
        assert self.process.stdout is not None
        deadline = time.monotonic() + timeout_s
        while True:
            tick()
            left = deadline - time.monotonic()
            if left <= 0:
                raise LoadClientError(f"no {event!r} from the load client within {timeout_s:.0f} s")
            ready, _, _ = select.select(
                [self.process.stdout], [], [], min(left, LOAD_AVERAGE_EVERY_S)
            )
            if ready:
                break
        line = self.process.stdout.readline()
        if not line:
            code = self.process.wait()
            raise LoadClientError(f"the load client exited with code {code} before {event!r}")
        message = json.loads(line)
        if message["event"] == "failed":
            raise LoadClientError(
                f"the load client failed: {message['error']}\n{message['traceback']}"
            )
        if message["event"] != event:
            raise LoadClientError(f"expected {event!r} from the load client, got {message!r}")
        return message

    def finish(self, timeout_s: float) -> None:
        """Tell it to close its sessions and wait for it to exit."""
        self.send("close")
        code = self.process.wait(timeout=timeout_s)
        if code != 0:
            raise LoadClientError(f"the load client exited with code {code}")

    def stop(self) -> None:
        """Safe to call twice: ends the client (our own child, by its pid) if it still runs."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None and not pipe.closed:
                pipe.close()


class LoadAverage:
    """The 1-minute load average, sampled while the client runs."""

    def __init__(self) -> None:
        self.samples: list[float] = []

    def tick(self) -> None:
        self.samples.append(os.getloadavg()[0])

    def figures(self) -> dict:
        cores = os.cpu_count() or 1
        peak = max(self.samples)
        return {
            "load_average_1min": {
                "start": round(self.samples[0], 2),
                "max": round(peak, 2),
                "end": round(self.samples[-1], 2),
                "mean": round(sum(self.samples) / len(self.samples), 2),
                "samples": len(self.samples),
            },
            "cores": cores,
            "noisy": peak > cores,
        }


def _rss(pid: int) -> float:
    values = []
    for index in range(RSS_SAMPLES):
        if index:
            time.sleep(RSS_EVERY_S)
        values.append(rss_mb(pid))
    return median(values)


def _pooled(latencies: dict[str, list[float]]) -> list[float]:
    return [ms for kind in KINDS for ms in latencies[kind]]


def _by_kind(latencies: dict[str, list[float]]) -> dict[str, dict]:
    return {kind: summary(latencies[kind]) for kind in KINDS}


def _measure_one(target: Target, plan: Plan, server) -> dict:
    rss0 = _rss(server.pid)
    load_average = LoadAverage()
    tick = load_average.tick
    think_max = plan.think_s[1] + plan.timeout_s
    client = LoadClient(target, plan)
    try:
        progress(f"load {target.name}: one session alone, {plan.single_moves} moves")
        single = client.expect("single", plan.single_moves * think_max + EVENT_MARGIN_S, tick)
        rss1 = _rss(server.pid)
        progress(f"load {target.name}: opening {plan.sessions - 1} more sessions")
        client.send("connect")
        connected = client.expect("connected", plan.sessions * plan.timeout_s, tick)
        rss_all = _rss(server.pid)
        per_session = (rss_all - rss1) / (plan.sessions - 1)
        progress(
            f"memory {target.name}: RSS {rss0:.0f} MB with no session, {rss1:.0f} MB with 1,"
            f" {rss_all:.0f} MB with {plan.sessions}: {per_session:.3f} MB per extra session"
        )
        progress(f"load {target.name}: {plan.sessions} sessions for {plan.duration_s:.0f} s")
        meter = CpuMeter(server.pid)
        meter.start()
        client.send("go")
        loaded = client.expect("load", plan.duration_s + think_max + EVENT_MARGIN_S, tick)
        cpu = meter.stop(loaded["client_cpu_s"])
        rss_after = _rss(server.pid)
        client.finish(plan.timeout_s)
    finally:
        client.stop()
    logged = server_errors(server)

    alone = _pooled(single["latencies"])
    under_load = _pooled(loaded["latencies"])
    failures = single["errors"] + connected["errors"] + loaded["errors"]
    errors = len(failures) + len(logged)
    moves = list(loaded["moves_per_session"].values())
    result = {
        "memory": {
            "rss_0_mb": round(rss0, 1),
            "rss_1_mb": round(rss1, 1),
            f"rss_{plan.sessions}_mb": round(rss_all, 1),
            "mb_per_session": round(per_session, 3),
            "rss_after_load_mb": round(rss_after, 1),
        },
        "method": "websocket protocol client (bench/protocol.py), no browser",
        "sessions": plan.sessions,
        "duration_s": plan.duration_s,
        "think_s": list(plan.think_s),
        "map_share": plan.map_share,
        "errors": errors,
        "error_details": (failures + logged)[:20],
        "p50_ms": round(percentile(under_load, 50), 1),
        "p95_ms": round(percentile(under_load, 95), 1),
        "single_p50_ms": round(percentile(alone, 50), 1),
        "single_p95_ms": round(percentile(alone, 95), 1),
        "p95_vs_single": round(ratio(percentile(under_load, 95), percentile(alone, 95)), 3),
        "moves": len(under_load),
        # How much the server got through: with every user waiting on it, this is its ceiling.
        "moves_per_s": round(len(under_load) / loaded["wall_s"], 2),
        "server_cpu_ms_per_move": round(1000 * cpu["server_cpu_s"] / max(len(under_load), 1), 1),
        "moves_per_session": {"min": min(moves, default=0), "max": max(moves, default=0)},
        "single_moves": len(alone),
        "open_ms": summary(connected["open_ms"]),
        "wall_s": loaded["wall_s"],
        "cpu": cpu,
        **load_average.figures(),
        "by_kind": _by_kind(loaded["latencies"]),
        "single_by_kind": _by_kind(single["latencies"]),
    }
    progress(
        f"load {target.name}: errors {errors}, p50 {result['p50_ms']:.0f} ms,"
        f" p95 {result['p95_ms']:.0f} ms, single p50 {result['single_p50_ms']:.0f} ms,"
        f" p95 {result['single_p95_ms']:.0f} ms, p95/single {result['p95_vs_single']:.2f};"
        f" {result['moves']} moves in {loaded['wall_s']:.0f} s ({result['moves_per_s']} a second,"
        f" {result['server_cpu_ms_per_move']} ms of server CPU each)"
    )
    progress(
        f"load {target.name}: CPU seconds in {cpu['wall_s']:.0f} s x {os.cpu_count()} cores:"
        f" server {cpu['server_cpu_s']}, client {cpu['client_cpu_s']}, harness"
        f" {cpu['harness_cpu_s']}, other processes {cpu['other_processes_cpu_s']}, idle"
        f" {cpu['idle_s']}; 1-min load average max {result['load_average_1min']['max']}"
        + (" (noisy)" if result["noisy"] else "")
    )
    return result


def measure(shape: DiagramShape, sessions: int, duration_s: float, single_moves: int) -> dict:
    """The app's figures and the floor's, each on a fresh server, in this order."""
    if sessions < 2:
        raise ValueError("the load needs at least 2 sessions (memory is per extra session)")
    plan = Plan(sessions=sessions, duration_s=duration_s, single_moves=single_moves)
    results = {}
    for name, make in (("app", app_target), ("floor", floor_target)):
        with running(name, shape, f"load-{name}") as server:
            results[name] = _measure_one(make(server.url, shape), plan, server)
    return results
