"""`python -m bench`: every measurement, app beside floor, a table, and bench/results.json.

    python -m bench                 the full run (what `make bench` does), about 10-13 minutes
    python -m bench --quick         fewer samples, for trying the harness (figures are rougher)
    python -m bench --only rerun    one part: rerun, browser, load, cli (repeatable)
    python -m bench --only load --sessions 5 --load-seconds 20    a short load, for trying it

Progress goes to stderr, the table to stdout. Nothing here asserts a timing: a figure that misses
its target is reported (and profiled where a profile can explain it), and the exit code stays 0.
The exit code is 1 only when the harness itself could not measure something.
"""

from __future__ import annotations

import argparse
import datetime
import json
import math
import os
import platform
import sys
import time
import traceback
from pathlib import Path

import psutil

from bench import browser, cli_times, load, profiling, rerun
from bench.common import BENCH_DIR, journey_shape, progress

RESULTS = BENCH_DIR / "results.json"
PARTS = ("rerun", "browser", "load", "cli")

# (target, aim): ratios to the floor, MB per session, errors, p95 over a single session.
TARGETS = {
    "rerun_vs_floor": (2.0, 1.5),
    "cold_start_vs_floor": (1.25, 1.1),
    "click_vs_floor": (1.25, 1.1),
    "memory_mb_per_session": (1.0, 1.0),
    "load_errors": (0, 0),
    "p95_vs_single": (3.0, 3.0),
}

FULL = {
    "reruns": 30,
    "cold": 5,
    "clicks": 10,
    "sessions": 50,
    "load_seconds": 120,
    "single_moves": 20,
    "cli": 5,
}
QUICK = {
    "reruns": 10,
    "cold": 2,
    "clicks": 4,
    "sessions": 10,
    "load_seconds": 20,
    "single_moves": 8,
    "cli": 2,
}


def machine() -> dict:
    cpu = platform.processor() or "unknown CPU"
    with open("/proc/cpuinfo", encoding="utf-8") as info:
        for line in info:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import streamlit

    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "streamlit": streamlit.__version__,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def verdict(name: str, value: float | None) -> str:
    if _missing(value):
        return "not measured"
    target, aim = TARGETS[name]
    if value <= aim:
        return "meets aim" if aim != target else "meets target"
    return "meets target" if value <= target else "MISSES"


def _fmt(value, unit: str = "") -> str:
    if _missing(value):
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}{unit}" if abs(value) < 10 else f"{value:,.0f}{unit}"
    return f"{value}{unit}"


def _cpu(load_figures: dict) -> str:
    cpu = load_figures.get("cpu")
    return f"{cpu['server_cpu_s']} / {cpu['client_cpu_s']}" if cpu else "-"


def _load_average(load_figures: dict) -> str:
    figures = load_figures.get("load_average_1min")
    if not figures:
        return "-"
    return f"{figures['max']}" + (" (noisy)" if load_figures.get("noisy") else "")


def table(results: dict) -> str:
    rows: list[tuple[str, str, str, str, str, str]] = [
        ("figure", "app", "floor", "ratio / value", "target (aim)", "verdict")
    ]
    ratios = results["ratios"]
    re_ = results.get("rerun") or {}
    for page, data in (re_.get("pages") or {}).items():
        if "ratio" in data:
            rows.append(
                (
                    f"rerun {page} ({data['interaction']})",
                    _fmt(data["app"]["median_ms"], " ms"),
                    _fmt(data["floor"]["median_ms"], " ms"),
                    _fmt(data["ratio"], "x"),
                    "",
                    "",
                )
            )
        else:
            rows.append((f"rerun {page}", "-", "-", "-", "", data.get("error") or data["skipped"]))
    for name, label, block in (
        ("rerun_vs_floor", f"rerun, worst page ({re_.get('worst_page')})", None),
        ("cold_start_vs_floor", "cold start to diagram", results.get("cold_start")),
        ("click_vs_floor", "diagram click to marked", results.get("click")),
    ):
        target, aim = TARGETS[name]
        rows.append(
            (
                label,
                _fmt(block["app"]["median_ms"], " ms") if block else "",
                _fmt(block["floor"]["median_ms"], " ms") if block else "",
                _fmt(ratios.get(name), "x"),
                f"<= {target}x ({aim}x)",
                verdict(name, ratios.get(name)),
            )
        )
    memory = results.get("memory") or {}
    rows.append(
        (
            "memory per extra session",
            _fmt(memory.get("app", {}).get("mb_per_session"), " MB"),
            _fmt(memory.get("floor", {}).get("mb_per_session"), " MB"),
            _fmt(results.get("memory_mb_per_session"), " MB"),
            "<= 1 MB",
            verdict("memory_mb_per_session", results.get("memory_mb_per_session")),
        )
    )
    lo = results.get("load") or {}
    floor_load = results.get("load_floor") or {}
    if lo:
        rows += [
            (
                f"load: {lo['sessions']} sessions, errors",
                str(lo["errors"]),
                str(floor_load.get("errors", "-")),
                str(lo["errors"]),
                "0",
                verdict("load_errors", lo["errors"]),
            ),
            (
                "load: p50 / p95",
                f"{_fmt(lo['p50_ms'])} / {_fmt(lo['p95_ms'], ' ms')}",
                f"{_fmt(floor_load.get('p50_ms'))} / {_fmt(floor_load.get('p95_ms'), ' ms')}",
                "",
                "",
                "",
            ),
            (
                "load: single session p50 / p95",
                f"{_fmt(lo['single_p50_ms'])} / {_fmt(lo['single_p95_ms'], ' ms')}",
                f"{_fmt(floor_load.get('single_p50_ms'))} / "
                f"{_fmt(floor_load.get('single_p95_ms'), ' ms')}",
                "",
                "",
                "",
            ),
            (
                "load: p95 / single p95",
                _fmt(lo["p95_vs_single"], "x"),
                _fmt(floor_load.get("p95_vs_single"), "x"),
                _fmt(lo["p95_vs_single"], "x"),
                "<= 3x",
                verdict("p95_vs_single", lo["p95_vs_single"]),
            ),
            (
                "load: CPU s, server / client",
                _cpu(lo),
                _cpu(floor_load),
                "",
                "",
                "",
            ),
            (
                "load: 1-min load average, max",
                _load_average(lo),
                _load_average(floor_load),
                "",
                f"<= {os.cpu_count()} (cores)",
                "noisy" if lo.get("noisy") or floor_load.get("noisy") else "quiet",
            ),
        ]
    for name, data in ((results.get("cli") or {}).get("commands") or {}).items():
        rows.append((f"cli {name}", _fmt(data["median_ms"], " ms"), "", "", "", ""))
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _part(results: dict, name: str, run) -> None:
    """Run one measurement; a harness failure is recorded and the run goes on.

    The machine's load average before and after shows how noisy the neighbours were.
    """
    before = [round(x, 2) for x in os.getloadavg()]
    try:
        run()
    except Exception as error:
        results["harness_errors"].append(f"{name}: {type(error).__name__}: {error}")
        progress(f"{name}: HARNESS ERROR {error}\n{traceback.format_exc()}")
    after = [round(x, 2) for x in os.getloadavg()]
    results["load_average"][name] = {"before": before, "after": after}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples (rougher figures)")
    parser.add_argument("--only", action="append", choices=PARTS, help="run only this part")
    parser.add_argument("--no-profile", action="store_true", help="never profile a miss")
    parser.add_argument(
        "--sessions", type=int, help="load: users at once (default 50, 10 with --quick)"
    )
    parser.add_argument(
        "--load-seconds",
        type=float,
        help="load: how long they all move (default 120, 20 with --quick)",
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS, help=f"results file (default {RESULTS})"
    )
    args = parser.parse_args(argv)
    counts = dict(QUICK if args.quick else FULL)
    if args.sessions is not None:
        counts["sessions"] = args.sessions
    if args.load_seconds is not None:
        counts["load_seconds"] = args.load_seconds
    parts = args.only or list(PARTS)
    started = time.monotonic()

    shape = journey_shape()
    progress(
        f"journey diagram: {shape.nodes} nodes, {shape.edges} edges ({shape.labelled_edges}"
        f" labelled), {shape.linked_nodes} linked; the floor app draws the same"
    )
    from journey.words import words

    here_prefix = words().here_prefix
    if here_prefix != browser.HERE_PREFIX:
        raise SystemExit(f"journey's here_prefix changed to {here_prefix!r}: update bench")

    results: dict = {
        "ratios": {"rerun_vs_floor": None, "cold_start_vs_floor": None, "click_vs_floor": None},
        "memory_mb_per_session": None,
        "load": None,
        "machine": "",
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "quick": args.quick,
        "parts": parts,
        "counts": counts,
        "diagram": {
            "nodes": shape.nodes,
            "edges": shape.edges,
            "labelled_edges": shape.labelled_edges,
            "linked_nodes": shape.linked_nodes,
        },
        "targets": {name: {"target": t, "aim": a} for name, (t, a) in TARGETS.items()},
        "harness_errors": [],
        "load_average": {},
        "profiles": {},
    }
    details = machine()
    results["machine_details"] = details
    results["machine"] = (
        f"{details['nproc']} cores, {details['cpu']}, {details['ram_gb']} GiB RAM,"
        f" Python {details['python']}, Streamlit {details['streamlit']}, {details['os']}"
    )

    def do_rerun() -> None:
        progress(f"rerun: {counts['reruns']} reruns per page, app and floor alternating")
        results["rerun"] = rerun.measure(shape, counts["reruns"])
        results["ratios"]["rerun_vs_floor"] = results["rerun"]["rerun_vs_floor"]

    def do_browser() -> None:
        measured = browser.measure(shape, counts["cold"], counts["clicks"])
        details["chromium"] = measured.pop("chromium")
        results["machine"] += f", Chromium {details['chromium']}"
        results.update(measured)
        results["ratios"]["cold_start_vs_floor"] = measured["cold_start"]["cold_start_vs_floor"]
        results["ratios"]["click_vs_floor"] = measured["click"]["click_vs_floor"]

    def do_load() -> None:
        measured = load.measure(
            shape, counts["sessions"], counts["load_seconds"], counts["single_moves"]
        )
        results["memory"] = {name: figures.pop("memory") for name, figures in measured.items()}
        results["memory_mb_per_session"] = results["memory"]["app"]["mb_per_session"]
        results["load"] = measured["app"]
        results["load_floor"] = measured["floor"]

    def do_cli() -> None:
        results["cli"] = cli_times.measure(counts["cli"])

    for name, run in (("rerun", do_rerun), ("browser", do_browser), ("load", do_load)):
        if name in parts:
            _part(results, name, run)
    if "cli" in parts:
        _part(results, "cli", do_cli)

    if not args.no_profile:
        _part(results, "profile", lambda: _profile_misses(results, shape))

    results["wall_s"] = round(time.monotonic() - started, 1)
    args.output.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(table(results))
    if results["profiles"]:
        print("\nprofiles (pyinstrument, bench/profiles/):")
    for name, path in results["profiles"].items():
        print(f"  {name}: {path}")
    for page, data in ((results.get("rerun") or {}).get("pages") or {}).items():
        if data.get("hotspots"):
            spots = ", ".join(f"{s['where']} {s['ms_per_run']} ms" for s in data["hotspots"][:5])
            print(f"  rerun {page}, per run (profiled): {spots}")
    for error in results["harness_errors"]:
        print(f"\nHARNESS ERROR {error}")
    print(f"\nwrote {args.output} in {results['wall_s']:.0f} s; machine: {results['machine']}")
    return 1 if results["harness_errors"] else 0


def _profile_misses(results: dict, shape) -> None:
    """Profile what explains a figure above its aim, into bench/profiles/."""
    ratios = results["ratios"]
    aim = TARGETS["rerun_vs_floor"][1]
    pages = (results.get("rerun") or {}).get("pages") or {}
    for page, data in pages.items():
        if data.get("ratio", 0) > aim:
            progress(f"profile: reruns of {page} ({data['ratio']:.2f}x the floor)")
            profiled = profiling.profile_rerun(page)
            if profiled:
                path, spots = profiled
                results["profiles"][f"rerun {page}"] = str(path.relative_to(BENCH_DIR.parent))
                results["rerun"]["pages"][page]["hotspots"] = spots
    cold = ratios["cold_start_vs_floor"]
    if not _missing(cold) and cold > TARGETS["cold_start_vs_floor"][1]:
        progress("profile: first script run of app and floor (what a cold start adds)")
        for which, path in profiling.profile_first_run(shape).items():
            results["profiles"][f"first run {which}"] = str(path.relative_to(BENCH_DIR.parent))


if __name__ == "__main__":
    sys.exit(main())
