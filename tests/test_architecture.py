"""The architecture guard: the layout of design.md §3 holds, checked on the source itself."""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
ENGINE_DIR = REPO_ROOT / "journey"
PAGES_DIR = REPO_ROOT / "pages"
APP_FILE = REPO_ROOT / "app.py"
STREAMLIT_CONFIG = REPO_ROOT / ".streamlit" / "config.toml"

# Only ui/ may hold the view state; pages ask ui/ for it.
VIEW_STATE_ATTRIBUTES = frozenset({"query_params", "session_state"})
# Pages draw what ui/ and journey/ hand them; reading files is their job.
FILE_READING_CALLS = frozenset({"open", "read_csv", "read_table", "read_text", "read_bytes"})

IMPORT_ENGINE_WITHOUT_STREAMLIT = textwrap.dedent(
    """
    import importlib
    import importlib.abc
    import pkgutil
    import sys


    class BlockStreamlit(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if name == "streamlit" or name.startswith("streamlit."):
                raise ImportError(f"streamlit is blocked: journey/ imported {name!r}")
            return None


    sys.meta_path.insert(0, BlockStreamlit())
    try:
        import streamlit  # noqa: F401
    except ImportError:
        pass
    else:
        raise SystemExit("the streamlit block does not work")

    import journey


    def reraise(name):
        raise


    names = ["journey"]
    for module in pkgutil.walk_packages(journey.__path__, "journey.", onerror=reraise):
        # __main__ runs the CLI when imported; the source scan covers its imports.
        if module.name.rsplit(".", 1)[-1] != "__main__":
            importlib.import_module(module.name)
            names.append(module.name)
    print("\\n".join(names))
    """
)


def python_files(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if "__pycache__" not in path.parts)


def page_files() -> list[Path]:
    assert PAGES_DIR.is_dir(), f"{PAGES_DIR.relative_to(REPO_ROOT)}/ is missing (design.md §3)"
    pages = sorted(path for path in PAGES_DIR.glob("*.py") if not path.name.startswith("_"))
    assert pages, "pages/ holds no page files"
    return pages


def parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(REPO_ROOT)}:{getattr(node, 'lineno', 0)}"


def called_name(call: ast.Call) -> str | None:
    """`open` for open(...), `read_csv` for pd.read_csv(...); None for anything fancier."""
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


def imported_modules(tree: ast.Module) -> list[tuple[ast.AST, str]]:
    """(node, module name) for every import statement, however deeply nested."""
    found: list[tuple[ast.AST, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append((node, node.module))
    return found


def test_engine_and_app_exist() -> None:
    assert ENGINE_DIR.is_dir(), "journey/ is missing (design.md §3)"
    assert (ENGINE_DIR / "__init__.py").is_file(), "journey/ is not a package"
    assert APP_FILE.is_file(), "app.py is missing (design.md §3)"


def test_engine_imports_with_streamlit_blocked() -> None:
    assert ENGINE_DIR.is_dir(), "journey/ is missing (design.md §3)"
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_ENGINE_WITHOUT_STREAMLIT],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, f"importing journey/ without streamlit failed:\n{result.stderr}"
    assert "journey" in result.stdout.split()


def test_engine_source_never_imports_streamlit() -> None:
    files = python_files(ENGINE_DIR)
    assert files, "journey/ holds no Python files"
    offenders = [
        f"{where(path, node)}: imports {name}"
        for path in files
        for node, name in imported_modules(parse(path))
        if name.split(".")[0] == "streamlit"
    ]
    assert not offenders, "journey/ must stay free of streamlit:\n" + "\n".join(offenders)


def test_pages_leave_view_state_and_files_to_ui() -> None:
    problems: list[tuple[str, int, str]] = []
    for path in page_files():
        name = str(path.relative_to(REPO_ROOT))
        for node in ast.walk(parse(path)):
            line = getattr(node, "lineno", 0)
            if isinstance(node, ast.Attribute) and node.attr in VIEW_STATE_ATTRIBUTES:
                problems.append((name, line, f"uses .{node.attr} (only ui/ may)"))
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("streamlit"):
                problems += [
                    (name, line, f"imports {alias.name} (only ui/ may)")
                    for alias in node.names
                    if alias.name in VIEW_STATE_ATTRIBUTES
                ]
            elif isinstance(node, ast.Call) and called_name(node) in FILE_READING_CALLS:
                problems.append((name, line, f"calls {called_name(node)}() (load through ui/)"))
    report = [f"{name}:{line}: {message}" for name, line, message in sorted(problems)]
    assert not report, "pages must only render:\n" + "\n".join(report)


def test_every_page_is_registered_in_the_frame() -> None:
    """app.py draws the menu through ui/frame.navigation(), whose pages() lists every page file."""
    assert APP_FILE.is_file(), "app.py is missing (design.md §3)"
    assert "frame.navigation()" in APP_FILE.read_text(encoding="utf-8")
    frame_source = (REPO_ROOT / "ui" / "frame.py").read_text(encoding="utf-8")
    frame_strings = {
        node.value
        for node in ast.walk(ast.parse(frame_source))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
    }
    unregistered = [
        f"pages/{path.name}" for path in page_files() if f"pages/{path.name}" not in frame_strings
    ]
    assert not unregistered, f"pages missing from ui/frame.pages(): {unregistered}"


def test_streamlit_config_sends_no_usage_stats() -> None:
    config = tomllib.loads(STREAMLIT_CONFIG.read_text(encoding="utf-8"))
    assert config.get("browser", {}).get("gatherUsageStats") is False


#: The one import from streamlit.runtime that Streamlit's documentation shows app code using.
DOCUMENTED_RUNTIME_IMPORT = "from streamlit.runtime.scriptrunner import get_script_run_ctx"


def test_the_frame_uses_no_streamlit_internal():
    """ui/frame.py once switched Streamlit's old `pages/` mode off by writing a class attribute of
    streamlit.runtime; it now does it with public calls (st.navigation, st.set_option). No ui/
    module or page reaches into streamlit.runtime again, but for the one call Streamlit's own guide
    "Multithreading in Streamlit" documents: `get_script_run_ctx` (is this a script run?)."""
    sources = sorted((REPO_ROOT / "ui").glob("*.py")) + sorted((REPO_ROOT / "pages").glob("*.py"))
    for path in sources:
        text = path.read_text(encoding="utf-8").replace(DOCUMENTED_RUNTIME_IMPORT, "")
        assert "streamlit.runtime" not in text, path.name
        assert "uses_pages_directory" not in text, path.name


def test_the_app_loads_fpdf_only_when_a_pdf_is_made():
    """fpdf and fontTools cost a quarter of a second at start; the PDF renderer imports them, and
    segno (the link's QR code) with them."""
    import subprocess
    import sys

    code = (
        "import sys, ui.components, journey.cli;"
        "print(sorted(m for m in ('fpdf', 'fontTools', 'segno') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_app_starts_without_pandas_or_pandera():
    """Loading the pack at start checks cells in plain Python; pandera runs in `check` and CI."""
    import subprocess
    import sys

    code = (
        "import sys, ui.components, journey.cli; from journey.loading import load_pack;"
        "load_pack(); print(sorted(m for m in ('pandas', 'pandera') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "[]"


def test_the_bench_reruns_every_page_of_the_menu():
    """bench/rerun.py once read the page list out of app.py's source; when the list moved to
    ui/frame.py it found no page and `make bench` reported no rerun figure at all."""
    from bench.rerun import page_cases
    from ui.frame import pages

    assert sorted(case.script for case in page_cases()) == sorted(path for path, _, _ in pages())
