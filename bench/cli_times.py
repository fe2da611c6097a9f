"""The command line: wall time of `python -m journey check|show|export`, as a user runs it.

Each command runs as a new process (imports, loading and validating the pack included), round
robin, and the median of the runs is kept. A bare interpreter start is timed alongside as the floor.
"""

from __future__ import annotations

import subprocess
import sys
import time

from bench.common import REPO_ROOT, median, progress, summary

COMMANDS: dict[str, list[str]] = {
    "python (bare start)": ["-c", "pass"],
    "check": ["-m", "journey", "check"],
    "show": ["-m", "journey", "show", "--state", "untreated", "--format", "json"],
    "export": ["-m", "journey", "export", "--format", "json"],
}


def _time(arguments: list[str]) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, *arguments],
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=120,
        check=False,
    )
    elapsed = (time.perf_counter() - start) * 1000
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()[-1:]
        raise RuntimeError(f"{' '.join(arguments)} exited {result.returncode}: {message}")
    return elapsed


def measure(runs: int) -> dict:
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, arguments in COMMANDS.items():
            times[name].append(_time(arguments))
    for name, values in times.items():
        progress(f"cli: {name:20} median {median(values):6.0f} ms over {len(values)} runs")
    return {"runs": runs, "commands": {name: summary(values) for name, values in times.items()}}
