"""Every kind of corruption of every table of the real pack is caught, located, and never crashes.

A content editor will break a CSV one day. For each table in journey.tables.TABLES and each kind
of damage below, `check_pack` must report at least one problem naming that file (and the row, where
the damage has one), and `python -m journey check` must exit 1 without a traceback.

To stay fast, one copy of data/ takes the same kind of damage in every table at once and each table
is looked for by its own expected problem; a second test damages one table alone per kind through
the CLI, and a hypothesis test throws random byte-level damage at random tables.
"""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from journey.cli import EXIT_PROBLEMS, main
from journey.loading import PackError, check_pack, load_pack
from journey.tables import TABLES, TABLES_BY_NAME
from tests.corruption import KINDS, Expected, applies, pack_copy, read_records
from tests.packs import REAL_PACK, ROOT

TABLE_FILES = frozenset(table.file_name for table in TABLES)


# ---------------------------------------------------------------- the tests


def test_the_real_pack_is_clean_and_every_table_has_rows_to_damage(tmp_path):
    """The damage tests mean something only if the undamaged pack passes and rows are one line."""
    assert check_pack(REAL_PACK) == []
    folder = pack_copy(tmp_path)
    assert check_pack(folder) == []
    for table in TABLES:
        records, starts = read_records(folder / table.file_name)
        assert len(records) >= 2, f"{table.file_name} has no data row to damage"
        assert starts == list(range(1, len(records) + 1)), f"{table.file_name}: multi-line cells"
    skipped = {(kind, table.name) for kind in KINDS for table in TABLES if not applies(kind, table)}
    assert skipped == {("dangling_reference", "sources"), ("dangling_reference", "aliases")}
    assert set(ALONE) == set(KINDS), "every kind is also tried alone"


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_one_kind_of_damage_in_every_table_names_each_file(kind, tmp_path):
    folder = pack_copy(tmp_path)
    expected = [KINDS[kind](folder, table) for table in TABLES if applies(kind, table)]
    problems = check_pack(folder)
    missed = [item for item in expected if not item.found_in(problems)]
    assert not missed, (missed, [str(problem) for problem in problems][:40])
    # The app's start-up check (plain Python, no pandera) finds exactly the same.
    assert check_pack(folder, with_pandera=False) == problems


# Each kind once more alone, in a table of its own: no other damage can mask or explain it. The
# tables differ and none refers to another one here, so the real-process test can damage them all.
ALONE = {
    "blank_id": "glossary",
    "cut_off_in_last_cell": "brands",  # only the "ends in the middle of a row" rule catches this
    "cut_off_row": "options",
    "dangling_reference": "band_steps",
    "duplicate_row": "questions",
    "missing_column": "test_groups",
    "missing_file": "trial_links",
    "not_utf8": "texts",
    "renamed_column": "facts",
}


def _where(expected: Expected) -> tuple[str, ...]:
    """How the CLI starts the line of the expected problem."""
    if expected.rows is None:
        return (f"{expected.file}: ",)
    return tuple(f"{expected.file}:{row}:" for row in expected.rows)


@pytest.mark.parametrize("kind", sorted(ALONE))
def test_damage_to_one_table_makes_check_exit_1_naming_file_and_row(kind, tmp_path):
    folder = pack_copy(tmp_path)
    expected = KINDS[kind](folder, TABLES_BY_NAME[ALONE[kind]])
    out, err = io.StringIO(), io.StringIO()
    assert main(["check", "--data", str(folder)], out=out, err=err) == EXIT_PROBLEMS
    assert "Traceback" not in err.getvalue() and out.getvalue() == ""
    lines = err.getvalue().splitlines()
    assert any(line.startswith(_where(expected)) for line in lines), lines
    assert lines[-1].endswith(f"problem(s) found in {folder}")


def test_check_in_a_real_process_lists_every_damaged_file(tmp_path):
    """Every kind at once, each in its own table, through `python -m journey check`."""
    folder = pack_copy(tmp_path)
    expected = [corrupt(folder, TABLES_BY_NAME[ALONE[kind]]) for kind, corrupt in KINDS.items()]
    result = subprocess.run(
        [sys.executable, "-m", "journey", "check", "--data", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == EXIT_PROBLEMS
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.splitlines()
    for item in expected:
        assert any(line.startswith(_where(item)) for line in lines), (item, lines)


# ---------------------------------------------------------------- random byte-level damage


@st.composite
def byte_damage(draw: st.DrawFn) -> tuple[str, str, Callable[[bytes], bytes]]:
    table = draw(st.sampled_from(TABLES)).file_name
    kind = draw(st.sampled_from(("truncate", "flip", "insert", "delete line")))
    where = draw(st.floats(0, 1))
    if kind == "truncate":
        return table, kind, lambda raw: raw[: int(len(raw) * where)]
    if kind == "flip":
        mask = draw(st.integers(1, 255))

        def flip(raw: bytes) -> bytes:
            at = min(int(len(raw) * where), len(raw) - 1)
            return raw[:at] + bytes([raw[at] ^ mask]) + raw[at + 1 :]

        return table, kind, flip
    if kind == "insert":
        extra = draw(st.binary(min_size=1, max_size=8))
        return (
            table,
            kind,
            lambda raw: raw[: int(len(raw) * where)] + extra + raw[int(len(raw) * where) :],
        )

    def delete_line(raw: bytes) -> bytes:
        lines = raw.splitlines(keepends=True)
        del lines[min(int(len(lines) * where), len(lines) - 1)]
        return b"".join(lines)

    return table, kind, delete_line


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return pack_copy(tmp_path_factory.mktemp("byte-damage"))


@settings(max_examples=25, deadline=None)
@given(damage=byte_damage())
def test_random_byte_damage_never_crashes_the_check(damage, scratch):
    table, kind, damaged = damage
    path = scratch / table
    original = (REAL_PACK / table).read_bytes()
    path.write_bytes(damaged(original))
    try:
        assert check_pack(scratch, with_pandera=False) == check_pack(scratch)
        load_pack(scratch)
    except PackError as error:
        problems = error.problems
        event(f"{kind}: problems found")
    else:
        problems = []
        event(f"{kind}: still a valid pack")
    finally:
        path.write_bytes(original)
    # Every problem is located in a table file: none is the "could not be assembled" fallback,
    # which would mean the checks let something through.
    assert all(problem.file in TABLE_FILES for problem in problems), problems
