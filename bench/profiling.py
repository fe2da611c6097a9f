"""Where the time goes when a figure misses: pyinstrument reports in bench/profiles/.

Streamlit runs a page's script in a thread of its own (AppTest does too), so the profiler is
started inside that thread, around ScriptRunner._run_script, not in the waiting main thread.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from bench.common import APP_SCRIPT, BENCH_DIR, FLOOR_SCRIPT, REPO_ROOT, DiagramShape

PROFILE_DIR = BENCH_DIR / "profiles"
INTERVAL_S = 0.0005


@contextlib.contextmanager
def script_thread_profiler(profiler) -> Iterator[None]:
    """Start and stop `profiler` around every script run (in the script's own thread)."""
    from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

    original = ScriptRunner._run_script

    def profiled(self, rerun_data):
        profiler.start()
        try:
            return original(self, rerun_data)
        finally:
            profiler.stop()

    ScriptRunner._run_script = profiled
    try:
        yield
    finally:
        ScriptRunner._run_script = original


def _write(profiler, name: str) -> Path:
    PROFILE_DIR.mkdir(exist_ok=True)
    path = PROFILE_DIR / f"{name}.txt"
    text = profiler.output_text(unicode=True, color=False, show_all=False)
    path.write_text(text, encoding="utf-8")
    return path


def hotspots(profiler, runs: int, top: int = 8) -> list[dict[str, float | str]]:
    """What the app's own code calls from app.py and the page, in ms per run, largest first.

    The direct callees of the `<module>` frames of app.py and pages/*.py (and of a page's fragment
    function, when a rerun ran the fragment alone), summed over the profile:
    a ui/ or journey/ function, or a Streamlit command called by the page itself (`st.*`).
    """
    root = profiler.last_session.root_frame()
    totals: dict[str, float] = {}

    def is_script(frame) -> bool:
        path = frame.file_path or ""
        in_pages = path.startswith(str(REPO_ROOT / "pages"))
        if frame.function == "<module>":
            return path == str(REPO_ROOT / APP_SCRIPT) or in_pages
        # a fragment's own run: its function, called by Streamlit, not from the page's module
        parent = frame.parent
        return in_pages and parent is not None and "streamlit" in (parent.file_path or "")

    def visit(frame) -> None:
        if is_script(frame):
            for child in frame.children:
                path = child.file_path or ""
                if is_script(child) or path.endswith("navigation/page.py"):
                    continue  # the page's own module (run by st.navigation's Page.run): below
                if path.startswith(str(REPO_ROOT)) and ".venv" not in path:
                    name = f"{Path(path).relative_to(REPO_ROOT)}:{child.function}"
                elif "streamlit" in path:
                    name = f"st.* called from {Path(frame.file_path).relative_to(REPO_ROOT)}"
                else:
                    name = f"{child.function} ({child.file_path_short})"
                totals[name] = totals.get(name, 0.0) + child.time
        for child in frame.children:
            visit(child)

    if root is not None:
        visit(root)
    ranked = sorted(totals.items(), key=lambda item: item[1], reverse=True)[:top]
    return [{"where": name, "ms_per_run": round(total * 1000 / runs, 2)} for name, total in ranked]


def profile_rerun(page: str, runs: int = 20) -> tuple[Path, list] | None:
    """pyinstrument over `runs` reruns of one page after its usual interaction."""
    from pyinstrument import Profiler

    from bench.rerun import ServerReruns, as_a_server, open_app, page_cases

    case = next((case for case in page_cases() if case.name == page), None)
    if case is None or not (REPO_ROOT / case.script).is_file():
        return None
    profiler = Profiler(interval=INTERVAL_S)
    with ServerReruns().active() as reruns:
        app = open_app(case)
        with as_a_server(), script_thread_profiler(profiler):
            for i in range(runs):
                case.act(app, i)
                reruns.scope(case.widget)  # a widget in a fragment reruns that fragment alone
                app.run()
    return _write(profiler, f"rerun-{page}"), hotspots(profiler, runs)


# Run in a fresh interpreter: the first script run of an app, after Streamlit itself is imported
# (which both apps pay alike), is what the app adds to a cold start.
_FIRST_RUN = """
import os, sys
sys.path.insert(0, {root!r})
from pyinstrument import Profiler
from streamlit.testing.v1 import AppTest
from bench.profiling import script_thread_profiler, _write
os.environ.update({env!r})
profiler = Profiler(interval={interval!r})
with script_thread_profiler(profiler):
    at = AppTest.from_file({script!r}, default_timeout=120).run()
print(_write(profiler, {name!r}))
"""


def profile_first_run(shape: DiagramShape) -> dict[str, Path]:
    """The first run of app.py and of the floor, each in a new process (imports included)."""
    paths: dict[str, Path] = {}
    for which, script in (("app", APP_SCRIPT), ("floor", FLOOR_SCRIPT)):
        code = _FIRST_RUN.format(
            root=str(REPO_ROOT),
            env=shape.floor_env(),
            interval=INTERVAL_S,
            script=str(REPO_ROOT / script),
            name=f"first-run-{which}",
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode == 0:
            paths[which] = Path(result.stdout.strip().splitlines()[-1])
    return paths


def headline(path: Path, lines: int = 25) -> str:
    """The top of a pyinstrument text report, for the console."""
    text = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(text[:lines])
