"""`python -m journey` under hostile input: exit 0, 1 or 2, a short message, never a traceback.

The argv lists are built from the parser's own commands and flags (so a new flag is fuzzed the day
it is added), with values that are valid or hostile (tests/hostile.py). In-process runs share one
loaded pack per folder, because this file is about the arguments, not about loading; the real
processes at the end load everything from scratch, with bytes that are not UTF-8 in argv.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import io
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from journey import cli
from journey.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, build_parser, main
from journey.loading import check_pack, load_pack
from tests.hostile import LONG, hostile_text
from tests.packs import MIN_PACK, ROOT

EXIT_CODES = {EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE}
#: "A few lines": a usage error is one line, anything else at most this many (plus pack problems).
MAX_ERR_LINES = 3
MAX_LINE_CHARS = 400
PACK_SUMMARY = re.compile(r"^(\d+) problem\(s\) (found in|in the content pack)")
OUTPUT_FLAGS = frozenset({"-o", "--output"})
FLAG_LIKE_TOKENS = ("--", "-", "-x", "--bogus", "--help", "-h", "--data=", "--age=-1", "-1")

MIN_STEPS = load_pack(MIN_PACK).step_ids
MIN_QUESTIONS = tuple(question.id for question in load_pack(MIN_PACK).questions)


def _subcommands() -> dict[str, list[argparse.Action]]:
    """Each command of the real parser and its options (argparse keeps them in `_actions`)."""
    parser = build_parser(load_pack(MIN_PACK))  # the situation flags are the pack's facts
    (commands,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {
        name: [action for action in sub._actions if action.option_strings and action.nargs != 0]
        for name, sub in commands.choices.items()
    }


def _flags(actions: list[argparse.Action]) -> list[str]:
    return [flag for action in actions for flag in action.option_strings]


COMMANDS = _subcommands()
ALL_OPTIONS = sorted({option for actions in COMMANDS.values() for option in _flags(actions)})


def _valid_value(action: argparse.Action, out_dir: Path) -> st.SearchStrategy[str]:
    if action.dest == "lang":
        return st.just("en")  # pack_min is English only (--lang es on it is a pack problem: 1)
    if action.choices:
        return st.sampled_from([str(choice) for choice in action.choices])
    match action.dest:
        case "age":
            return st.integers(0, 120).map(str)
        case "data":
            return st.just(str(MIN_PACK))
        case "step":
            return st.sampled_from(MIN_STEPS)
        case "due":
            return st.integers(0, 3000).map(str)
        case "questions":
            return st.lists(st.sampled_from(MIN_QUESTIONS), max_size=3).map(",".join)
        case "url":
            return st.sampled_from(
                ("https://explorer.example.org", "http://127.0.0.1:8501/discussion_sheet")
            )
        case "output":
            return st.sampled_from(("sheet.md", "sheet.pdf", "é ü.md")).map(
                lambda name: str(out_dir / name)
            )
    raise AssertionError(f"no valid value known for {action.dest}: add one to this test")


def _hostile_value() -> st.SearchStrategy[str]:
    # A generated token that starts with "-" could be read as -o/--output and write outside the
    # temporary folder; option-like tokens come only from FLAG_LIKE_TOKENS.
    return hostile_text().map(lambda text: "x" + text if text.startswith("-") else text)


def _hostile_file_name(out_dir: Path) -> st.SearchStrategy[str]:
    # No "/" so the file stays in out_dir; NUL, "..", 255+ bytes and control characters are kept.
    return st.one_of(hostile_text(), st.sampled_from(("..", ".", "", "\x00", "a\udcffb"))).map(
        lambda name: str(out_dir / name.replace("/", "_"))
    )


@st.composite
def argv_lists(draw: st.DrawFn, out_dir: Path, hostile: bool = True) -> list[str]:
    """A command and its flags; with `hostile`, some parts are wrong, missing or nasty.

    Most hostile lists spoil one or two things only, so that every command is reached with a
    hostile value in each of its flags and often still succeeds.
    """
    if hostile and draw(st.integers(0, 9)) == 0:
        command = draw(st.one_of(_hostile_value(), st.sampled_from(FLAG_LIKE_TOKENS)))
    else:
        command = draw(st.sampled_from(sorted(COMMANDS)))
    actions = COMMANDS.get(command, [])
    argv = [command, "--data", str(MIN_PACK)] if hostile else [command]
    required = [action for action in actions if action.required]
    optional = [action for action in actions if not action.required]
    chosen = required + draw(st.lists(st.sampled_from(optional), unique=True)) if actions else []
    spoiled: set[int] = set()
    if hostile and chosen:
        chosen = draw(st.permutations(chosen))
        spoiled = set(draw(st.lists(st.integers(0, len(chosen) - 1), max_size=2)))
        if draw(st.integers(0, 9)) == 0:
            chosen = chosen[1:]  # maybe a required flag left out
    for index, action in enumerate(chosen):
        flag = draw(st.sampled_from(action.option_strings))
        if index not in spoiled:
            value = draw(_valid_value(action, out_dir))
        elif action.dest == "output":
            value = draw(_hostile_file_name(out_dir))
        else:
            value = draw(_hostile_value())
        style = draw(st.integers(0, 19)) if index in spoiled else 2
        if style == 0:
            argv.append(flag)  # a flag with its value missing
        elif style == 1:
            argv.append(f"{flag}={value}")
        else:
            argv += [flag, value]
    if hostile and draw(st.integers(0, 5)) == 0:
        extra = draw(
            st.one_of(
                _hostile_value(),
                st.sampled_from(FLAG_LIKE_TOKENS),
                st.sampled_from([flag for flag in ALL_OPTIONS if flag not in OUTPUT_FLAGS]),
            )
        )
        argv.insert(draw(st.integers(1, len(argv))), extra)
    return argv


_cached_load = functools.lru_cache(maxsize=8)(load_pack)
_cached_check = functools.lru_cache(maxsize=8)(check_pack)


@contextlib.contextmanager
def shared_pack_loading() -> Iterator[None]:
    """Load each pack folder once for all examples; packs are frozen, so sharing is safe."""
    with (
        mock.patch.object(
            cli, "load_pack", lambda folder, lang="": _cached_load(str(folder), lang=lang)
        ),
        mock.patch.object(cli, "check_pack", lambda folder: list(_cached_check(str(folder)))),
    ):
        yield


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def assert_calm(code: int, out: str, err: str) -> None:
    """Exit 0/1/2, no traceback, a one-line usage error, and otherwise only a few short lines."""
    assert code in EXIT_CODES
    assert "Traceback" not in out + err
    lines = err.splitlines()
    assert all(len(line) <= MAX_LINE_CHARS for line in lines), lines
    if code == EXIT_USAGE:
        assert len(lines) == 1 and out == "", (out, lines)
        return
    summary = PACK_SUMMARY.match(lines[-1]) if lines else None
    if summary:  # a broken pack: one line per problem and the count, as `check` promises
        assert len(lines) == int(summary.group(1)) + 1, lines
    else:
        assert len(lines) <= MAX_ERR_LINES, lines


@pytest.fixture(scope="module")
def out_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("hostile-cli")


@settings(max_examples=250, deadline=None)
@given(data=st.data())
def test_any_argv_exits_0_1_or_2_with_a_short_message(data, out_dir):
    argv = data.draw(argv_lists(out_dir))
    with shared_pack_loading(), contextlib.chdir(out_dir):
        code, out, err = run(argv)
    event(f"command {argv[0] if argv[0] in COMMANDS else '(hostile)'}: exit {code}")
    assert_calm(code, out, err)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_valid_argv_always_succeeds(data, out_dir):
    argv = data.draw(argv_lists(out_dir, hostile=False))
    argv += ["--data", str(MIN_PACK)]
    with shared_pack_loading(), contextlib.chdir(out_dir):
        code, _, err = run(argv)
    event(f"command {argv[0]}")
    assert (code, err) == (EXIT_OK, ""), argv
    if argv[0] == "sheet":
        output = Path(
            argv[argv.index("-o") + 1] if "-o" in argv else argv[argv.index("--output") + 1]
        )
        assert output.stat().st_size > 0


KNOWN_HOSTILE = {
    "help": (["--help"], EXIT_OK),
    "sheet-help": (["sheet", "-h"], EXIT_OK),
    "age-5000-digits": (["show", "--state", "remission", "--age", "9" * 5000], EXIT_USAGE),
    "data-10000-chars": (["check", "--data", LONG], EXIT_PROBLEMS),
    "data-name-too-long": (["show", "--state", "remission", "--data", "x" * 300], EXIT_PROBLEMS),
    "output-with-nul": (["sheet", "--format", "md", "-o", "a\x00b"], EXIT_USAGE),
    "output-is-a-folder": (["sheet", "--format", "pdf", "-o", "."], EXIT_PROBLEMS),
    "output-under-a-file": (["sheet", "--format", "md", "-o", "/proc/version/x.md"], EXIT_PROBLEMS),
    "500-unknown-questions": (
        ["sheet", "--format", "md", "-o", "q.md", "--questions", ",".join(["nope"] * 500)],
        EXIT_OK,
    ),
    "questions-10000-chars": (["sheet", "--format", "md", "-o", "q.md", "--questions", LONG], 0),
    "url-with-credentials": (
        ["sheet", "--format", "pdf", "-o", "s.pdf", "--url", "https://u:p@ex.org/"],
        EXIT_USAGE,
    ),
    "url-javascript": (
        ["sheet", "--format", "pdf", "-o", "s.pdf", "--url", "javascript:alert(1)"],
        EXIT_USAGE,
    ),
    "url-10000-chars": (["sheet", "--format", "md", "-o", "s.md", "--url", LONG], EXIT_USAGE),
    "script-step": (["dot", "--step", "<script>alert(1)</script>"], EXIT_USAGE),
    "terminal-escape": (["dot", "--step", "\x1b]0;pwned\x07\x1b[2J"], EXIT_USAGE),
    "undecodable-bytes": (["show", "--state", "remission", "--ph", "\udcff\udcfe"], EXIT_USAGE),
}


@pytest.mark.parametrize("case", sorted(KNOWN_HOSTILE))
def test_known_hostile_argv_is_calm(case, tmp_path):
    argv, expected = KNOWN_HOSTILE[case]
    with contextlib.chdir(tmp_path):
        code, out, err = run(argv if "--data" in argv else [*argv, "--data", str(MIN_PACK)])
    assert code == expected, err
    assert_calm(code, out, err)
    assert "\x1b" not in err + out  # a terminal escape is shown, never sent to the terminal


def test_help_goes_to_the_given_output_and_exits_0():
    code, out, err = run(["--help"])
    assert (code, err) == (EXIT_OK, "")
    assert out.startswith("usage: python -m journey")


# ---------------------------------------------------------------- real processes

NOT_UTF8 = b"\xff\xfe"  # bytes no UTF-8 decoder accepts
STRICT_STDOUT = {"PYTHONIOENCODING": "utf-8:strict"}  # as on a desktop with a UTF-8 locale


def _real_cases(tmp: Path) -> dict[str, tuple[list[bytes | str], dict[str, str]]]:
    pack_bytes_name = os.fsencode(tmp) + b"/pack-" + NOT_UTF8
    return {
        "check-pack-folder-not-utf8": (["check", "--data", pack_bytes_name], STRICT_STDOUT),
        "sheet-output-not-utf8": (
            ["sheet", "--format", "md", "-o", os.fsencode(tmp) + b"/sheet-" + NOT_UTF8 + b".md"],
            STRICT_STDOUT,
        ),
        "sheet-output-is-a-folder": (["sheet", "--format", "pdf", "-o", str(tmp)], {}),
        "sheet-output-read-only-system-file": (
            ["sheet", "--format", "md", "-o", "/proc/version"],
            {},
        ),
    }


EXPECTED_REAL = {
    "check-pack-folder-not-utf8": (EXIT_OK, ""),
    "sheet-output-not-utf8": (EXIT_OK, ""),
    "sheet-output-is-a-folder": (EXIT_PROBLEMS, "cannot write"),
    "sheet-output-read-only-system-file": (EXIT_PROBLEMS, "cannot write"),
}


@pytest.fixture(scope="module")
def real_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess]:
    """Start every real run at once (each pays Python's and pandas' start-up), then collect."""
    tmp = tmp_path_factory.mktemp("real-cli")
    cases = _real_cases(tmp)
    shutil.copytree(MIN_PACK, os.fsdecode(os.fsencode(tmp) + b"/pack-" + NOT_UTF8))
    started = {}
    for name, (argv, env) in cases.items():
        has_data = any(part in ("--data", b"--data") for part in argv)
        full = [sys.executable, "-m", "journey", *argv, *([] if has_data else ["--data", MIN_PACK])]
        started[name] = subprocess.Popen(
            [os.fsencode(part) if isinstance(part, str | Path) else part for part in full],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
    results = {}
    for name, process in started.items():
        stdout, stderr = process.communicate(timeout=120)
        results[name] = subprocess.CompletedProcess(
            process.args,
            process.returncode,
            stdout.decode("utf-8", "replace"),
            stderr.decode("utf-8", "replace"),
        )
    results["sheet-output-not-utf8"].written = Path(
        os.fsdecode(os.fsencode(tmp) + b"/sheet-" + NOT_UTF8 + b".md")
    )
    return results


@pytest.mark.parametrize("case", sorted(EXPECTED_REAL))
def test_real_process_with_hostile_argv_is_calm(case, real_runs):
    result = real_runs[case]
    code, words = EXPECTED_REAL[case]
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    assert words in result.stderr
    assert len(result.stderr.splitlines()) <= (1 if code == EXIT_USAGE else MAX_ERR_LINES)


def test_sheet_to_a_name_that_is_not_utf8_writes_that_file(real_runs):
    assert real_runs["sheet-output-not-utf8"].stdout.startswith("wrote ")
    written = real_runs["sheet-output-not-utf8"].written
    assert written.is_file() and written.stat().st_size > 0


def test_the_real_fuzz_corpus_is_not_empty():
    """Guards the generator: every command of the parser is reachable and has options."""
    assert set(COMMANDS) == {"check", "show", "dot", "export", "sheet"}
    assert all(_flags(actions) for actions in COMMANDS.values())
