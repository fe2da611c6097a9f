"""Read a content pack from CSV files, check all of it, and build the frozen model.

Every problem is collected, never only the first, and reported as `FILE:ROW: column: message`,
ROW being the line in the file (the header is line 1).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections import defaultdict, deque
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from types import MappingProxyType

from journey.building import build
from journey.model import (
    AGE_FACT_ID,
    CHOICES_PER_CHECK,
    MAX_CHECKS_PER_STEP,
    REQUIRED_TEXT_IDS,
    RESERVED_FACT_IDS,
    UNKNOWN,
    ConditionKind,
    ContentPack,
    FactKind,
    GuidePart,
    LabelStatus,
    State,
    StepKind,
)
from journey.tables import (
    TABLES,
    TABLES_BY_NAME,
    TRANSLATED_TABLES,
    Column,
    Kind,
    Table,
    added_sources,
    translation_of,
)

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
DATA_DIR_ENV = "JOURNEY_DATA"

SLUG_PATTERN = r"^[a-z][a-z0-9_]*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
INT_PATTERN = r"^-?\d{1,6}$"
URL_PATTERN = r"^https://[^\s\"'<>]+$"
SLUG_LIST_PATTERN = r"^[a-z][a-z0-9_]*(;[a-z][a-z0-9_]*)*$"
#: Words that would turn information into advice; checked in every reader-facing cell.
BANNED_PHRASES = (
    "you should",
    "best option",
    "we recommend",
    "is recommended",
    "are recommended",
    "debería",
    "deberían",
    "le recomendamos",
    "les recomendamos",
    "se recomienda",
    "la mejor opción",
    "usted necesita",
    "usted debe",
)
#: A pack's subfolder named by a language tag holds its translation (see data/README.md).
LANGUAGE_PATTERN = r"^[a-z]{2}$"
LANGUAGE_NAMES = {"es": "Spanish"}
MAX_CELL_CHARS = 2000
MAX_FILE_BYTES = 2_000_000


@dataclass(frozen=True, slots=True, order=True)
class Problem:
    """One thing wrong with the pack, located as precisely as we can."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.row is None else f"{self.file}:{self.row}"
        return (
            f"{where}: {self.column}: {self.message}" if self.column else f"{where}: {self.message}"
        )


class PackError(Exception):
    """The pack has problems; `problems` lists every one."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(
            problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.message)
        )
        super().__init__(f"{len(self.problems)} problem(s) in the content pack")


def data_dir_from_env(default: Path = DEFAULT_DATA_DIR) -> Path:
    """The pack to use: `JOURNEY_DATA` when set (so editors can preview a pack), else `data/`."""
    configured = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(configured) if configured else default


@dataclass
class TableRows:
    """One table as read: its header and rows (every cell a string), with each row's file line."""

    table: Table
    records: list[dict[str, str]] | None
    lines: list[int]  # file line of each data row, by position
    header: list[str] = field(default_factory=list)

    def line(self, position: int) -> int:
        return self.lines[position] if 0 <= position < len(self.lines) else 0


# ---------------------------------------------------------------- reading


def _read_table(directory: Path, table: Table, problems: list[Problem]) -> TableRows:
    path = directory / table.file_name
    name = table.file_name
    try:
        if not path.is_file():
            problems.append(Problem(name, None, None, "file is missing"))
            return TableRows(table, None, [])
        raw = path.read_bytes()
    except OSError as error:  # unreadable: permissions, a name too long for the file system
        problems.append(Problem(name, None, None, f"cannot be read ({error.strerror or error})"))
        return TableRows(table, None, [])
    if len(raw) > MAX_FILE_BYTES:
        problems.append(Problem(name, None, None, f"file is larger than {MAX_FILE_BYTES} bytes"))
        return TableRows(table, None, [])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        problems.append(Problem(name, line, None, "is not UTF-8 text (save the file as UTF-8)"))
        return TableRows(table, None, [])
    if "\x00" in text:
        problems.append(Problem(name, None, None, "holds a NUL byte; it is not a text CSV file"))
        return TableRows(table, None, [])
    if text and not text.endswith(("\n", "\r")):
        # Every CSV writer ends its last row with a line break; a file without one was cut off,
        # possibly inside the last cell, where the cell count and the schema cannot tell.
        last_line = text.count("\n") + 1
        problems.append(
            Problem(name, last_line, None, "the file ends in the middle of a row; was it cut off?")
        )

    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        header = next(reader, None)
        if header is None:
            problems.append(Problem(name, None, None, "file is empty (no header row)"))
            return TableRows(table, None, [])
        start = 2
        for record in reader:
            if record:
                if len(record) != len(header):
                    problems.append(
                        Problem(
                            name,
                            start,
                            None,
                            f"row has {len(record)} cells but the header has {len(header)}"
                            " (a cut-off row or a stray comma?)",
                        )
                    )
                else:
                    rows.append(record)
                    lines.append(start)
            start = reader.line_num + 1
    except csv.Error as error:
        problems.append(
            Problem(
                name, reader.line_num, None, f"cannot be read as CSV ({error}); a quote left open?"
            )
        )
        return TableRows(table, None, [])

    header = [cell.strip() for cell in header]
    if len(set(header)) != len(header):
        problems.append(Problem(name, 1, None, "the header names a column twice"))
        return TableRows(table, None, [])
    records = [dict(zip(header, row, strict=True)) for row in rows]
    return TableRows(table, records, lines, header)


# ---------------------------------------------------------------- each cell, by its column's kind


#: What a filled cell of each kind must look like, and what to say when it does not.
def cell_rules(column: Column) -> list[tuple[str, str]]:
    match column.kind:
        case Kind.ID:
            return [(SLUG_PATTERN, "must be a slug: lowercase a-z, 0-9 and _")]
        case Kind.INT | Kind.OPTIONAL_INT:
            return [(INT_PATTERN, "must be a whole number")]
        case Kind.DATE:
            return [(DATE_PATTERN, "must be a date written YYYY-MM-DD")]
        case Kind.URL:
            return [(URL_PATTERN, "must be an https:// address")]
        case Kind.YES_NO:
            return [("^(yes|no)$", "must be yes or no")]
        case Kind.ENUM | Kind.OPTIONAL_ENUM:
            allowed = "|".join(re.escape(value) for value in column.allowed)
            return [(f"^({allowed})$", f"must be one of: {', '.join(column.allowed)}")]
        case Kind.REF | Kind.OPTIONAL_REF:
            return [(SLUG_PATTERN, f"must be an id of {column.table}.csv")]
        case Kind.SLUG:
            return [(SLUG_PATTERN, "must be a slug: lowercase a-z, 0-9 and _")]
        case Kind.OPTIONAL_REF_LIST:
            return [(SLUG_LIST_PATTERN, f"must be ids of {column.table}.csv separated by ;")]
        case Kind.OPTIONAL_SLUG_LIST:
            return [(SLUG_LIST_PATTERN, "must be slugs separated by ;")]
        case Kind.SOURCES:
            return [(SLUG_LIST_PATTERN, "must be source ids separated by ;")]
    return []


def is_required(column: Column) -> bool:
    return column.kind not in (
        Kind.OPTIONAL_TEXT,
        Kind.OPTIONAL_TEXT_LIST,
        Kind.OPTIONAL_PLAIN,
        Kind.OPTIONAL_INT,
        Kind.OPTIONAL_ENUM,
        Kind.OPTIONAL_REF,
        Kind.OPTIONAL_REF_LIST,
        Kind.OPTIONAL_SLUG_LIST,
    )


def is_capped(column: Column) -> bool:
    return column.kind in (
        Kind.TEXT,
        Kind.OPTIONAL_TEXT,
        Kind.OPTIONAL_TEXT_LIST,
        Kind.PLAIN,
        Kind.OPTIONAL_PLAIN,
    )


def _cell_problems(loaded: TableRows) -> list[Problem]:
    """Each cell against its column's kind, in plain Python: what the app checks at start.

    `python -m journey check` runs the same rules as pandera schemas (journey.schema); a test
    holds the two to the same problems on every kind of damage.
    """
    table, name = loaded.table, loaded.table.file_name
    problems: list[Problem] = []
    columns = set(table.column_names)
    for missing in [c for c in table.column_names if c not in loaded.header]:
        problems.append(Problem(name, 1, missing, "column is missing from the header"))
    for extra in [c for c in loaded.header if c not in columns]:
        problems.append(
            Problem(name, 1, extra, "column is not part of this table (renamed or extra?)")
        )
    if problems:
        return problems
    seen_ids: dict[str, int] = {}
    for position, record in enumerate(loaded.records or []):
        line = loaded.line(position)
        for column in table.columns:
            cell = record[column.name]
            if not cell.strip():
                if is_required(column):
                    problems.append(Problem(name, line, column.name, "is empty"))
                continue
            for pattern, message in cell_rules(column):
                if not re.fullmatch(pattern, cell):
                    problems.append(Problem(name, line, column.name, message))
            if is_capped(column) and len(cell) > MAX_CELL_CHARS:
                message = f"is longer than {MAX_CELL_CHARS} characters"
                problems.append(Problem(name, line, column.name, message))
        cell_id = record["id"]
        if cell_id in seen_ids:
            for where in (seen_ids[cell_id], line):
                problems.append(Problem(name, where, "id", f"“{cell_id}” is used twice"))
        else:
            seen_ids[cell_id] = line
    return problems


# ---------------------------------------------------------------- cross-table checks


def _split_ids(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _rows(loaded: TableRows):
    """(line, row-dict) for every data row of a table that passed its schema."""
    for position, row in enumerate(loaded.records or ()):
        yield loaded.line(position), row


def _cross_problems(frames: dict[str, TableRows]) -> list[Problem]:
    problems: list[Problem] = []
    ids = {name: {row["id"] for _, row in _rows(f)} for name, f in frames.items()}
    used_sources: set[str] = set()

    for loaded in frames.values():
        table = loaded.table
        for line, row in _rows(loaded):
            for column in table.columns:
                value = row[column.name].strip()
                if column.kind in (Kind.REF, Kind.OPTIONAL_REF) and value:
                    if column.table in ids and value not in ids[column.table]:
                        problems.append(
                            Problem(
                                table.file_name,
                                line,
                                column.name,
                                f"“{value}” is not an id in {column.table}.csv",
                            )
                        )
                elif column.kind is Kind.OPTIONAL_REF_LIST:
                    for ref in _split_ids(value):
                        if column.table in ids and ref not in ids[column.table]:
                            problems.append(
                                Problem(
                                    table.file_name,
                                    line,
                                    column.name,
                                    f"“{ref}” is not an id in {column.table}.csv",
                                )
                            )
                elif column.kind is Kind.SOURCES:
                    for source_id in _split_ids(value):
                        used_sources.add(source_id)
                        if "sources" in ids and source_id not in ids["sources"]:
                            problems.append(
                                Problem(
                                    table.file_name,
                                    line,
                                    column.name,
                                    f"“{source_id}” is not in sources.csv",
                                )
                            )
                elif column.kind is Kind.DATE and value:
                    try:
                        date.fromisoformat(value)
                    except ValueError:
                        problems.append(
                            Problem(table.file_name, line, column.name, "is not a real date")
                        )
                if column.is_reader_text:
                    problems += [
                        Problem(table.file_name, line, column.name, message)
                        for message in _advice_problems(value)
                    ]

    if "sources" in frames:
        for line, row in _rows(frames["sources"]):
            if row["id"] not in used_sources:
                problems.append(
                    Problem("sources.csv", line, "id", f"source “{row['id']}” is never cited")
                )

    problems += _step_problems(frames)
    problems += _fact_problems(frames)
    problems += _option_problems(frames)
    problems += _alias_problems(frames, ids)
    problems += _check_problems(frames)
    problems += _guide_problems(frames)
    problems += _timeline_problems(frames)
    if "texts" in ids:
        for text_id in REQUIRED_TEXT_IDS:
            if text_id not in ids["texts"]:
                problems.append(
                    Problem("texts.csv", None, "id", f"required text “{text_id}” is missing")
                )
    if "pack" in frames and len(frames["pack"].records) != 1:
        problems.append(Problem("pack.csv", None, None, "must have exactly one row"))
    return problems


def _advice_problems(text: str) -> list[str]:
    """Messages for each recommending phrase in a reader-facing cell."""
    lowered = text.lower()
    return [
        f"uses recommending language (“{phrase}”); describe, never advise"
        for phrase in BANNED_PHRASES
        if phrase in lowered
    ]


def _step_problems(frames: dict[str, TableRows]) -> list[Problem]:
    if "steps" not in frames or "transitions" not in frames:
        return []
    problems: list[Problem] = []
    steps = {row["id"]: (line, row) for line, row in _rows(frames["steps"])}
    if not steps:
        return [Problem("steps.csv", None, None, "has no steps")]
    for line, row in steps.values():
        is_state = row["kind"] == StepKind.STATE
        if is_state != bool(row["state"]):
            problems.append(
                Problem("steps.csv", line, "state", "is set exactly when kind is state")
            )
    states = [row["state"] for _, row in steps.values() if row["state"]]
    for state in State:
        if states.count(state) != 1:
            problems.append(
                Problem("steps.csv", None, "state", f"exactly one step must have state “{state}”")
            )

    forward: dict[str, list[str]] = defaultdict(list)
    backward: dict[str, list[str]] = defaultdict(list)
    for _, row in _rows(frames["transitions"]):
        if row["from_step"] in steps and row["to_step"] in steps:
            forward[row["from_step"]].append(row["to_step"])
            backward[row["to_step"]].append(row["from_step"])

    def reach(starts, edges) -> set[str]:
        seen, queue = set(starts), deque(starts)
        while queue:
            for nxt in edges[queue.popleft()]:
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        return seen

    def order_key(item):
        _, row = item[1]
        return (int(row["order"]) if re.fullmatch(INT_PATTERN, row["order"]) else 0, item[0])

    first = min(steps.items(), key=order_key)[0]
    from_first = reach([first], forward)
    # An end is a step with no way out, or an `after` step (follow-up can still lead to a relapse).
    ends = [
        sid for sid, (_, row) in steps.items() if not forward[sid] or row["kind"] == StepKind.AFTER
    ]
    to_end = reach(ends, backward)
    for step_id, (line, _) in steps.items():
        if step_id not in from_first:
            problems.append(
                Problem(
                    "steps.csv", line, "id", f"step “{step_id}” cannot be reached from “{first}”"
                )
            )
        if step_id not in to_end:
            problems.append(
                Problem("steps.csv", line, "id", f"step “{step_id}” can never reach an end")
            )

    for state in State:
        state_ids = [sid for sid, (_, row) in steps.items() if row["state"] == state]
        if state_ids and not any(
            steps[n][1]["kind"] == StepKind.PHASE for n in forward[state_ids[0]]
        ):
            problems.append(
                Problem(
                    "transitions.csv", None, None, f"the {state} step must lead to a phase step"
                )
            )
    if "options" in frames:
        for line, row in _rows(frames["options"]):
            if row["phase_id"] in steps and steps[row["phase_id"]][1]["kind"] != StepKind.PHASE:
                problems.append(
                    Problem("options.csv", line, "phase_id", "must be a step of kind phase")
                )
    if "trial_links" in frames:
        for line, row in _rows(frames["trial_links"]):
            if row["step_id"] in steps and steps[row["step_id"]][1]["kind"] != StepKind.STATE:
                problems.append(
                    Problem("trial_links.csv", line, "step_id", "must be a step of kind state")
                )
    return problems


def _fact_problems(frames: dict[str, TableRows]) -> list[Problem]:
    """Facts are data: any ids and values, checked against the kinds the engine knows."""
    problems: list[Problem] = []
    if "facts" not in frames:
        return problems
    kinds: dict[str, str] = {}
    step_kinds = (
        {row["id"]: row["kind"] for _, row in _rows(frames["steps"])} if "steps" in frames else None
    )
    for line, row in _rows(frames["facts"]):
        kinds[row["id"]] = row["kind"]
        if row["kind"] == FactKind.AGE and row["id"] != AGE_FACT_ID:
            problems.append(
                Problem(
                    "facts.csv", line, "id", f"the fact of kind age must have id “{AGE_FACT_ID}”"
                )
            )
        elif row["kind"] == FactKind.CHOICE and row["id"] in RESERVED_FACT_IDS:
            problems.append(
                Problem(
                    "facts.csv",
                    line,
                    "id",
                    f"“{row['id']}” is a link part or flag the explorer uses itself; choose"
                    f" another id (reserved: {', '.join(RESERVED_FACT_IDS)})",
                )
            )
        if step_kinds is not None:
            for ref in _split_ids(row["asked_at"]):
                # an id that is no step at all is reported by the reference check
                if ref in step_kinds and step_kinds[ref] != StepKind.STATE:
                    problems.append(
                        Problem(
                            "facts.csv", line, "asked_at", f"“{ref}” is not a step of kind state"
                        )
                    )
    if list(kinds.values()).count(FactKind.AGE) > 1:
        problems.append(Problem("facts.csv", None, "kind", "at most one fact can be of kind age"))

    values: dict[str, set[str]] = defaultdict(set)
    if "fact_values" in frames:
        for line, row in _rows(frames["fact_values"]):
            fact = row["fact_id"]
            if kinds.get(fact) == FactKind.AGE:
                problems.append(
                    Problem(
                        "fact_values.csv", line, "fact_id", "a fact of kind age takes no values"
                    )
                )
                continue
            if row["value"] in values[fact]:
                problems.append(
                    Problem(
                        "fact_values.csv",
                        line,
                        "value",
                        f"{fact} has the value “{row['value']}” twice",
                    )
                )
            values[fact].add(row["value"])
        for fact, kind in kinds.items():
            if kind == FactKind.CHOICE and UNKNOWN not in values[fact]:
                problems.append(
                    Problem("fact_values.csv", None, None, f"no row for {fact} = {UNKNOWN}")
                )
            if kind == FactKind.CHOICE and len(values[fact] - {UNKNOWN}) < 2:
                problems.append(
                    Problem("fact_values.csv", None, None, f"{fact} needs two or more known values")
                )
    if "conditions" in frames:
        for line, row in _rows(frames["conditions"]):
            problems += _condition_problems(line, row, kinds, values)
    return problems


def _condition_problems(
    line: int, row: dict[str, str], kinds: dict[str, str], values: dict[str, set[str]]
) -> list[Problem]:
    def at(column: str, message: str) -> Problem:
        return Problem("conditions.csv", line, column, message)

    kind, fact = row["kind"], row["fact_id"]
    has_ages = bool(row["min_age"] or row["max_age"])
    problems: list[Problem] = []
    if kind == ConditionKind.CARE_TEAM:
        for column in (
            "fact_id",
            "value",
            "min_age",
            "max_age",
            "applies_reason",
            "conflict_reason",
        ):
            if row[column]:
                problems.append(at(column, "must be blank for a care_team condition"))
        return problems
    for column in ("applies_reason", "conflict_reason"):
        if not row[column].strip():
            problems.append(at(column, "is empty"))
    if not fact:
        return [*problems, at("fact_id", f"a {kind} condition names a fact")]
    if kind == ConditionKind.AGE_RANGE:
        if kinds.get(fact) != FactKind.AGE:
            problems.append(at("fact_id", "an age_range condition names the fact of kind age"))
        if row["value"]:
            problems.append(at("value", "must be blank for an age_range condition"))
        if not has_ages:
            problems.append(at("min_age", "an age_range condition needs min_age or max_age"))
        return problems
    if kinds.get(fact) != FactKind.CHOICE:
        problems.append(at("fact_id", "a fact_is condition names a fact of kind choice"))
        return problems
    if has_ages:
        problems.append(at("min_age", "only age_range conditions take ages"))
    listed = _split_ids(row["value"])
    allowed = sorted(values.get(fact, ()))
    if not listed:
        problems.append(at("value", f"for {fact} must list one or more of: {', '.join(allowed)}"))
    for value in listed:
        if value not in allowed:
            problems.append(
                at("value", f"“{value}” is not a value of {fact} ({', '.join(allowed)})")
            )
    if set(listed) >= set(allowed):
        problems.append(at("value", f"lists every value of {fact}, so it rules nothing out"))
    return problems


def _option_problems(frames: dict[str, TableRows]) -> list[Problem]:
    """An approved use has its approvals; no other option has any."""
    if "options" not in frames or "approvals" not in frames:
        return []
    problems: list[Problem] = []
    approved = defaultdict(int)
    statuses = {row["id"]: row["label_status"] for _, row in _rows(frames["options"])}
    for line, row in _rows(frames["approvals"]):
        status = statuses.get(row["option_id"])
        approved[row["option_id"]] += 1
        if status is not None and status != LabelStatus.APPROVED:
            problems.append(
                Problem(
                    "approvals.csv",
                    line,
                    "option_id",
                    f"option “{row['option_id']}” is {status}, so it has no approvals",
                )
            )
    for line, row in _rows(frames["options"]):
        if row["label_status"] == LabelStatus.APPROVED and not approved[row["id"]]:
            problems.append(
                Problem(
                    "options.csv", line, "label_status", "approved, but approvals.csv has no row"
                )
            )
    if "option_conditions" in frames:
        for line, row in _rows(frames["option_conditions"]):
            if re.fullmatch(INT_PATTERN, row["alternative"]) and int(row["alternative"]) < 1:
                problems.append(
                    Problem("option_conditions.csv", line, "alternative", "must be 1 or more")
                )
    return problems


def _alias_problems(frames: dict[str, TableRows], ids: dict[str, set[str]]) -> list[Problem]:
    """An alias keeps an old id working: it is no current id, and its target is one."""
    problems: list[Problem] = []
    if "aliases" not in frames:
        return problems
    for line, row in _rows(frames["aliases"]):
        table = row["table"]
        if table not in ids:
            continue
        if row["id"] in ids[table]:
            problems.append(
                Problem("aliases.csv", line, "id", f"“{row['id']}” is still an id in {table}.csv")
            )
        if row["target"] not in ids[table]:
            problems.append(
                Problem(
                    "aliases.csv", line, "target", f"“{row['target']}” is not an id in {table}.csv"
                )
            )
    return problems


def _check_problems(frames: dict[str, TableRows]) -> list[Problem]:
    """A step has a few checks of understanding; each offers a few choices, exactly one right."""
    if "checks" not in frames or "check_choices" not in frames:
        return []
    problems: list[Problem] = []
    fewest, most = CHOICES_PER_CHECK
    choices: dict[str, int] = defaultdict(int)
    right: dict[str, int] = defaultdict(int)
    for _, row in _rows(frames["check_choices"]):
        choices[row["check_id"]] += 1
        right[row["check_id"]] += row["correct"] == "yes"
    per_step: dict[str, int] = defaultdict(int)
    for line, row in _rows(frames["checks"]):
        per_step[row["step_id"]] += 1
        if per_step[row["step_id"]] == MAX_CHECKS_PER_STEP + 1:
            problems.append(
                Problem(
                    "checks.csv",
                    line,
                    "step_id",
                    f"step “{row['step_id']}” has more than {MAX_CHECKS_PER_STEP} checks",
                )
            )
        if not fewest <= choices[row["id"]] <= most:
            problems.append(
                Problem(
                    "checks.csv",
                    line,
                    "id",
                    f"check “{row['id']}” has {choices[row['id']]} choice(s) in "
                    f"check_choices.csv; it needs {fewest} to {most}",
                )
            )
        if right[row["id"]] != 1:
            problems.append(
                Problem(
                    "checks.csv",
                    line,
                    "id",
                    f"check “{row['id']}” has {right[row['id']]} right choices in "
                    "check_choices.csv; exactly one must be right",
                )
            )
    return problems


#: The parts of the decision guide whose prompts may belong to one step (the rest fit any step).
_STEP_GUIDE_PARTS = (GuidePart.DECISION, GuidePart.BURDEN, GuidePart.FAMILY_QUESTION)


def _guide_problems(frames: dict[str, TableRows]) -> list[Problem]:
    """One decision at hand per step (and one for no step); only some parts belong to a step."""
    if "decision_guide" not in frames:
        return []
    problems: list[Problem] = []
    decisions: set[str] = set()
    for line, row in _rows(frames["decision_guide"]):
        step_id = row["step_id"].strip()
        if row["part"] == GuidePart.DECISION:
            if step_id in decisions:
                where = f"step “{step_id}”" if step_id else "no step"
                problems.append(
                    Problem("decision_guide.csv", line, "step_id", f"a second decision for {where}")
                )
            decisions.add(step_id)
        elif step_id and row["part"] not in _STEP_GUIDE_PARTS:
            problems.append(
                Problem(
                    "decision_guide.csv",
                    line,
                    "step_id",
                    f"a {row['part']} prompt fits any step: leave step_id blank",
                )
            )
    return problems


def _timeline_problems(frames: dict[str, TableRows]) -> list[Problem]:
    """A drawn part has a start and a shortest length (both or neither), and its longest is no
    shorter; a part listed in words only has no weeks at all."""
    if "timeline" not in frames:
        return []
    problems: list[Problem] = []

    def weeks(row: Mapping[str, str], column: str) -> int | None:
        cell = row[column].strip()
        return int(cell) if re.fullmatch(INT_PATTERN, cell) else None

    for line, row in _rows(frames["timeline"]):
        start, shortest = weeks(row, "start_week"), weeks(row, "shortest_weeks")
        longest = weeks(row, "longest_weeks")
        if (start is None) != (shortest is None):
            problems.append(
                Problem(
                    "timeline.csv",
                    line,
                    "shortest_weeks" if shortest is None else "start_week",
                    "start_week and shortest_weeks are both given or both blank",
                )
            )
        if longest is not None and shortest is None:
            problems.append(
                Problem("timeline.csv", line, "longest_weeks", "given without shortest_weeks")
            )
        if start is not None and start < 0:
            problems.append(Problem("timeline.csv", line, "start_week", "must be 0 or more"))
        if shortest is not None and shortest < 1:
            problems.append(Problem("timeline.csv", line, "shortest_weeks", "must be 1 or more"))
        if longest is not None and shortest is not None and longest < shortest:
            problems.append(
                Problem("timeline.csv", line, "longest_weeks", "is shorter than shortest_weeks")
            )
    return problems


# ---------------------------------------------------------------- entry points


def pack_languages(directory: Path | str) -> tuple[str, ...]:
    """The languages a pack is translated into: its subfolders named by a language tag."""
    try:
        return tuple(
            sorted(
                child.name
                for child in Path(directory).iterdir()
                if re.fullmatch(LANGUAGE_PATTERN, child.name) and child.is_dir()
            )
        )
    except OSError:
        return ()


def check_pack(
    directory: Path | str = DEFAULT_DATA_DIR, *, with_pandera: bool = True
) -> list[Problem]:
    """Every problem in a pack (empty when it is fine), its translations included; the cells by
    pandera schemas unless `with_pandera=False` (the plain-Python rules the app uses at start)."""
    directory = Path(directory)
    return _load(directory, with_pandera=with_pandera, languages=pack_languages(directory))[1]


def load_pack(
    directory: Path | str = DEFAULT_DATA_DIR, *, with_pandera: bool = False, lang: str = ""
) -> ContentPack:
    """Load and validate a pack; raises PackError listing every problem.

    The cells are checked in plain Python (no pandas or pandera to import at app start);
    `with_pandera=True` runs the pandera schemas instead, as `check` does. Both find the same.
    With `lang` (e.g. "es"), the same pack with its reader text in that language, each row citing
    the English row's sources and the ones the translation adds; any gap in the translation is a
    problem like any other (the English pack alone never reads the translations).
    """
    languages = (lang,) if lang else ()
    pack, problems = _load(Path(directory), with_pandera=with_pandera, languages=languages)
    if problems:
        raise PackError(problems)
    return pack


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(set(problems), key=lambda p: (p.file, p.row or 0, p.column or "", p.message))


def _load(
    directory: Path, *, with_pandera: bool, languages: tuple[str, ...] = ()
) -> tuple[ContentPack | None, list[Problem]]:
    try:
        is_folder = directory.is_dir()
    except OSError as error:  # a name too long for the file system, say
        return None, [Problem(str(directory), None, None, f"cannot be opened ({error.strerror})")]
    if not is_folder:
        return None, [Problem(str(directory), None, None, "is not a folder")]
    problems: list[Problem] = []
    frames: dict[str, TableRows] = {}
    for table in TABLES:
        loaded = _read_table(directory, table, problems)
        if loaded.records is None:
            continue
        if with_pandera:
            from journey.schema import schema_problems as check_cells
        else:
            check_cells = _cell_problems
        schema_problems = check_cells(loaded)
        problems += schema_problems
        if not any(p.row == 1 or p.row is None for p in schema_problems):
            frames[table.name] = loaded
    problems += _cross_problems(frames)
    translations = {lang: _translation(directory, lang, frames, problems) for lang in languages}
    if problems or len(frames) != len(TABLES_BY_NAME):
        return None, _sorted(problems)
    rows = {name: [row for _, row in _rows(f)] for name, f in frames.items()}
    english_terms: dict[str, str] = {}
    if len(languages) == 1:
        translated = _translated_rows(rows, *translations[languages[0]], languages[0])
        english_terms = _english_terms(rows, translated)
        rows = translated
    try:
        pack = build(rows)
        if english_terms:
            pack = replace(pack, english_terms=MappingProxyType(english_terms))
        return pack, []
    except (
        KeyError,
        ValueError,
        IndexError,
        StopIteration,
    ) as error:  # a gap the checks above missed
        return None, [Problem("(pack)", None, None, f"could not be assembled: {error!r}")]


# ---------------------------------------------------------------- translations

#: A translation as read: each table's rows by id, and the sources it adds.
Overlays = dict[str, dict[str, dict[str, str]]]


def _translation(
    directory: Path, lang: str, frames: dict[str, TableRows], problems: list[Problem]
) -> tuple[Overlays, list[dict[str, str]]]:
    """Read and check `<lang>/`: each English text has its translation, nothing else is there."""
    folder, name = directory / lang, LANGUAGE_NAMES.get(lang, lang)
    if not folder.is_dir():
        problems.append(
            Problem(f"{lang}/", None, None, f"the pack has no {name} (no folder {lang}/)")
        )
        return {}, []
    expected = {f"{table.name}.csv" for table in TRANSLATED_TABLES} | {"sources.csv"}
    try:
        strays = sorted(p.name for p in folder.iterdir() if p.name not in expected)
    except OSError:
        strays = []
    for stray in strays:
        problems.append(
            Problem(f"{lang}/{stray}", None, None, "is not the translation of a table with text")
        )

    english_sources = (
        {row["id"] for _, row in _rows(frames["sources"])} if "sources" in frames else set()
    )
    added: list[tuple[int, dict[str, str]]] = []
    sources_table = added_sources(lang)
    if (directory / sources_table.file_name).is_file():
        loaded = _read_table(directory, sources_table, problems)
        cell_problems = _cell_problems(loaded) if loaded.records is not None else []
        problems += cell_problems
        if loaded.records is not None and not any(p.row in (1, None) for p in cell_problems):
            added = list(_rows(loaded))
    for line, row in added:
        if row["id"] in english_sources:
            problems.append(
                Problem(
                    sources_table.file_name, line, "id", f"“{row['id']}” is already in sources.csv"
                )
            )
    known_sources = english_sources | {row["id"] for _, row in added}
    cited: set[str] = set()

    overlays: Overlays = {}
    for table in TRANSLATED_TABLES:
        overlay = translation_of(table, lang)
        if overlay is None or table.name not in frames:
            continue
        text_columns = [c.name for c in overlay.columns if c.is_reader_text]
        name_lists = {c.name for c in table.columns if c.kind is Kind.OPTIONAL_TEXT_LIST}
        translated: dict[str, tuple[int, dict[str, str]]] = {}
        if (directory / overlay.file_name).is_file():
            loaded = _read_table(directory, overlay, problems)
            if loaded.records is None:
                continue
            cell_problems = _cell_problems(loaded)
            problems += cell_problems
            if any(p.row in (1, None) for p in cell_problems):
                continue
            for line, row in _rows(loaded):
                translated.setdefault(row["id"], (line, row))  # a repeated id is reported above
        else:
            problems.append(Problem(overlay.file_name, None, None, "file is missing"))

        english = {row["id"]: (line, row) for line, row in _rows(frames[table.name])}
        for row_id, (line, row) in translated.items():
            if row_id not in english:
                message = f"“{row_id}” is not an id in {table.file_name}"
                problems.append(Problem(overlay.file_name, line, "id", message))
            for source_id in _split_ids(row["source_ids"]):
                cited.add(source_id)
                if source_id not in known_sources:
                    message = f"“{source_id}” is not in sources.csv or {sources_table.file_name}"
                    problems.append(Problem(overlay.file_name, line, "source_ids", message))
            try:
                date.fromisoformat(row["reviewed_on"].strip())
            except ValueError:
                if re.fullmatch(DATE_PATTERN, row["reviewed_on"]):
                    problems.append(
                        Problem(overlay.file_name, line, "reviewed_on", "is not a real date")
                    )
            for column in text_columns:
                problems += [
                    Problem(overlay.file_name, line, column, message)
                    for message in _advice_problems(row[column])
                ]
        for row_id, (english_line, english_row) in english.items():
            found = translated.get(row_id)
            for column in text_columns:
                has_english = bool(english_row[column].strip())
                if found is None:
                    if has_english:
                        message = f"lacks {name}: {overlay.file_name} has no row “{row_id}”"
                        problems.append(Problem(table.file_name, english_line, column, message))
                    continue
                line, row = found
                where = f"{table.file_name}:{english_line}"
                if has_english and not row[column].strip():
                    message = f"is blank, but {where} has text (lacks {name})"
                    problems.append(Problem(overlay.file_name, line, column, message))
                elif row[column].strip() and not has_english:
                    message = f"has text, but {where} is blank (blank stays blank)"
                    problems.append(Problem(overlay.file_name, line, column, message))
                elif column in name_lists:
                    counts = len(_split_ids(row[column])), len(_split_ids(english_row[column]))
                    if counts[0] != counts[1]:
                        message = (
                            f"has {counts[0]} names separated by ;, but {where} has {counts[1]}"
                            " (one name for each, in the same order)"
                        )
                        problems.append(Problem(overlay.file_name, line, column, message))
        overlays[table.name] = {row_id: row for row_id, (_, row) in translated.items()}

    for line, row in added:
        if row["id"] not in cited:
            message = f"source “{row['id']}” is never cited"
            problems.append(Problem(sources_table.file_name, line, "id", message))
    return overlays, [row for _, row in added]


#: The columns that name a key term, shown in English beside a translation: (table, column).
ENGLISH_TERM_COLUMNS = (
    ("steps", "title"),
    ("glossary", "term"),
    ("tests", "name"),
    ("treatments", "name"),
    ("bands", "title"),
)


def _english_terms(
    english: dict[str, list[dict[str, str]]], translated: dict[str, list[dict[str, str]]]
) -> dict[str, str]:
    terms = {}
    for table, column in ENGLISH_TERM_COLUMNS:
        for before, after in zip(english[table], translated[table], strict=True):
            if before[column].strip() and before[column].strip() != after[column].strip():
                terms[f"{table}:{before['id']}"] = before[column].strip()
    return terms


def _translated_rows(
    rows: dict[str, list[dict[str, str]]],
    overlays: Overlays,
    sources: list[dict[str, str]],
    lang: str,
) -> dict[str, list[dict[str, str]]]:
    """The English rows with each reader text replaced, the sources joined, the review dates the
    translation's own."""
    result = dict(rows)
    for table in TRANSLATED_TABLES:
        overlay, columns = overlays[table.name], [c.name for c in table.columns if c.is_reader_text]
        merged = []
        for row in rows[table.name]:
            translated = overlay[row["id"]]
            cited = _split_ids(row["source_ids"]) + _split_ids(translated["source_ids"])
            merged.append(
                row
                | {column: translated[column] for column in columns}
                | {"source_ids": ";".join(dict.fromkeys(cited))}
                | {"reviewed_on": translated["reviewed_on"]}
            )
        result[table.name] = merged
    result["sources"] = [*rows["sources"], *sources]
    result["pack"] = [row | {"language": lang} for row in result["pack"]]
    return result


@dataclass(frozen=True, slots=True)
class DueReview:
    """A row whose `reviewed_on` is older than the editor's limit."""

    file: str
    row: int
    reviewed_on: str
    days_overdue: int

    def __str__(self) -> str:
        overdue = f"{self.days_overdue} days overdue"
        return f"{self.file}:{self.row}: reviewed_on {self.reviewed_on}, {overdue}"


def due_reviews(directory: Path | str, days: int, today: date | None = None) -> list[DueReview]:
    """Rows not re-checked for more than `days` days, oldest first; never a problem of the pack.

    Reads the files as they are (a broken pack still lists what it can), so an editor can plan
    a review before fixing anything else.
    """
    today = today or date.today()
    due: list[DueReview] = []
    for table in TABLES:
        if "reviewed_on" not in table.column_names:
            continue
        try:
            text = (Path(directory) / table.file_name).read_text(encoding="utf-8-sig")
            reader = csv.DictReader(io.StringIO(text, newline=""))
            start = 2  # the line a record starts on (the header is line 1)
            for record in reader:
                line, start = start, reader.line_num + 1
                try:
                    reviewed = date.fromisoformat((record.get("reviewed_on") or "").strip())
                except ValueError:
                    continue
                age = (today - reviewed).days
                if age > days:
                    due.append(DueReview(table.file_name, line, str(reviewed), age - days))
        except (OSError, UnicodeDecodeError, csv.Error):
            continue
    return sorted(due, key=lambda d: (-d.days_overdue, d.file, d.row))
