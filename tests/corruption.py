"""Ways a content editor can break a table of a pack, each saying which problem `check` must report.

Used by the broken-pack tests (tests/test_pack_corruption.py), the calm-page AppTest and the
broken-pack browser test. Every kind works on a copy: `pack_copy(tmp)` first.
"""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from journey.loading import Problem
from journey.tables import Kind, Table
from tests.packs import REAL_PACK

DANGLING_ID = "no_such_id"


@dataclass(frozen=True)
class Expected:
    """The problem that must be reported: its file, its row (None: any or none), some words."""

    file: str
    rows: frozenset[int] | None
    words: tuple[str, ...]  # any one of these in the message is enough

    def found_in(self, problems: list[Problem]) -> bool:
        return any(
            problem.file == self.file
            and (self.rows is None or problem.row in self.rows)
            and any(word in str(problem) for word in self.words)
            for problem in problems
        )


# ---------------------------------------------------------------- reading and writing a table


def read_records(path: Path) -> tuple[list[list[str]], list[int]]:
    """The records of a CSV file and the line each one starts on."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline=""))
    records, starts, next_line = [], [], 1
    for record in reader:
        records.append(record)
        starts.append(next_line)
        next_line = reader.line_num + 1
    return records, starts


def _write(path: Path, records: list[list[str]]) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(records)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def _line_offsets(raw: bytes) -> list[int]:
    """Byte offset of the start of each line (index 0 is line 1)."""
    offsets = [0]
    for index, byte in enumerate(raw):
        if byte == ord("\n"):
            offsets.append(index + 1)
    return offsets


def _reference_column(table: Table) -> tuple[str, str] | None:
    """A column that refers to another table, and the words its dangling value must produce."""
    for column in table.columns:
        if column.kind in (Kind.REF, Kind.OPTIONAL_REF):
            return column.name, f"“{DANGLING_ID}” is not an id in {column.table}.csv"
    for column in table.columns:
        if column.kind is Kind.SOURCES:
            return column.name, f"“{DANGLING_ID}” is not in sources.csv"
    return None  # sources.csv refers to nothing


# ---------------------------------------------------------------- the kinds of damage


def missing_file(folder: Path, table: Table) -> Expected:
    (folder / table.file_name).unlink()
    return Expected(table.file_name, None, ("file is missing",))


def missing_column(folder: Path, table: Table) -> Expected:
    records, _ = read_records(folder / table.file_name)
    name = records[0][1]
    _write(folder / table.file_name, [record[:1] + record[2:] for record in records])
    return Expected(table.file_name, frozenset({1}), (f"{name}: column is missing",))


def renamed_column(folder: Path, table: Table) -> Expected:
    records, _ = read_records(folder / table.file_name)
    records[0][1] += "_renamed"
    _write(folder / table.file_name, records)
    return Expected(
        table.file_name, frozenset({1}), (f"{records[0][1]}: column is not part of this table",)
    )


def duplicate_row(folder: Path, table: Table) -> Expected:
    records, starts = read_records(folder / table.file_name)
    new_line = starts[-1] + 1  # rows hold no line breaks in the real pack (checked below)
    _write(folder / table.file_name, [*records, records[1]])
    return Expected(table.file_name, frozenset({starts[1], new_line}), ("is used twice",))


def blank_id(folder: Path, table: Table) -> Expected:
    records, starts = read_records(folder / table.file_name)
    records[1][0] = ""
    _write(folder / table.file_name, records)
    return Expected(table.file_name, frozenset({starts[1]}), ("id: is empty",))


def dangling_reference(folder: Path, table: Table) -> Expected:
    column, words = _reference_column(table)
    records, starts = read_records(folder / table.file_name)
    records[1][records[0].index(column)] = DANGLING_ID
    _write(folder / table.file_name, records)
    return Expected(table.file_name, frozenset({starts[1]}), (words,))


def not_utf8(folder: Path, table: Table) -> Expected:
    path = folder / table.file_name
    raw = path.read_bytes()
    offsets = _line_offsets(raw)
    middle = (offsets[1] + offsets[2]) // 2  # inside the first data row
    path.write_bytes(raw[:middle] + b"\xe9\xff" + raw[middle:])
    return Expected(table.file_name, frozenset({2}), ("is not UTF-8",))


def cut_off_row(folder: Path, table: Table) -> Expected:
    path = folder / table.file_name
    raw = path.read_bytes()
    offsets = _line_offsets(raw)
    last_start = offsets[-2]  # raw ends with a line break, so offsets[-1] == len(raw)
    path.write_bytes(raw[: (last_start + len(raw) - 1) // 2 + 1])
    return Expected(
        table.file_name,
        frozenset({len(offsets) - 1}),
        ("was it cut off", "cells but the header has", "cannot be read as CSV"),
    )


def cut_off_in_last_cell(folder: Path, table: Table) -> Expected:
    """The hardest cut: the row keeps all its cells, only the end of the last one is gone."""
    path = folder / table.file_name
    raw = path.read_bytes()
    path.write_bytes(raw[:-3])  # the line break and two characters
    return Expected(table.file_name, frozenset({raw.count(b"\n")}), ("was it cut off",))


Corruption = Callable[[Path, Table], Expected]
KINDS: dict[str, Corruption] = {
    kind.__name__: kind
    for kind in (
        missing_file,
        missing_column,
        renamed_column,
        duplicate_row,
        blank_id,
        dangling_reference,
        not_utf8,
        cut_off_row,
        cut_off_in_last_cell,
    )
}


def applies(kind: str, table: Table) -> bool:
    """Every kind fits every table, except a dangling reference in a table that refers to none."""
    return kind != "dangling_reference" or _reference_column(table) is not None


#: Tables the real pack may leave empty get one valid row in the copy, so each has a row to damage.
_ROWS_FOR_EMPTY_TABLES = {"aliases.csv": "old_signs,steps,signs\n"}


def pack_copy(into: Path) -> Path:
    target = into / "data"
    shutil.copytree(REAL_PACK, target, ignore=shutil.ignore_patterns("*.md"))
    for name, row in _ROWS_FOR_EMPTY_TABLES.items():
        path = target / name
        if len(path.read_text(encoding="utf-8").splitlines()) < 2:
            path.write_text(path.read_text(encoding="utf-8") + row, encoding="utf-8")
    return target
