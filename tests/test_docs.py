"""The data dictionary keeps up with the table registry: every table, column and closed value."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from journey.tables import TABLES, Kind, Table

REPO_ROOT = Path(__file__).resolve().parent.parent
README = REPO_ROOT / "data" / "README.md"

COLUMN_TABLE_HEADER = ["column", "type", "required", "meaning"]
HEADING = re.compile(r"^#{1,6}\s")
TABLE_HEADING = re.compile(r"^###\s")
# A file named in backticks, as headings and lead-in lines name them.
NAMED_FILE = re.compile(r"`([a-z][a-z0-9_]*)\.csv`")
# A line that starts a table's own part inside a heading naming several files, e.g. "`brands.csv`:".
LEAD_IN = re.compile(r"^`([a-z][a-z0-9_]*)\.csv`")
# Any mention of a CSV file, backticked or not.
ANY_FILE = re.compile(r"\b([a-z][a-z0-9_]*)\.csv\b")
UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def table_parts(readme: Path) -> dict[str, list[str]]:
    """The lines of the README that describe each table, by table name.

    A section runs from a `###` heading to the next heading of any level and belongs to the files
    its heading names in backticks. A heading may name several files ("### `drugs.csv` and
    `brands.csv`"): the section then belongs to the first one until a line starts with another of
    them (a lead-in such as "`brands.csv`: one row per brand"), which owns the lines from there on.
    So every table has its own part, and its own column table, even under a shared heading.
    """
    parts: dict[str, list[str]] = {}
    files: list[str] = []
    current: str | None = None
    for line in readme.read_text(encoding="utf-8").splitlines():
        if HEADING.match(line):
            files = NAMED_FILE.findall(line) if TABLE_HEADING.match(line) else []
            current = files[0] if files else None
            for name in files:
                parts.setdefault(name, [])
            continue
        lead = LEAD_IN.match(line)
        if lead and lead.group(1) in files:
            current = lead.group(1)
        if current is not None:
            parts[current].append(line)
    return parts


def _cells(line: str) -> list[str] | None:
    stripped = line.strip()
    if not stripped.startswith("|"):
        return None
    return [cell.strip() for cell in UNESCAPED_PIPE.split(stripped.strip("|"))]


def documented_columns(part: list[str]) -> list[str] | None:
    """The column names of the part's `| column | type | required | meaning |` tables, in order.

    None when the part has no such table. A first cell may name several columns separated by
    commas ("source_ids, reviewed_on"); backticks around a name are ignored.
    """
    names: list[str] | None = None
    in_table = False
    for line in part:
        cells = _cells(line)
        if cells is None:
            in_table = False
        elif cells == COLUMN_TABLE_HEADER:
            in_table = True
            names = names or []
        elif in_table and all(set(cell) <= set("-: ") for cell in cells):
            continue  # the delimiter row
        elif in_table and names is not None:
            names += [name.strip().strip("`") for name in cells[0].split(",") if name.strip()]
    return names


def missing_sections(readme: Path, tables: tuple[Table, ...] = TABLES) -> list[str]:
    parts = table_parts(readme)
    return [
        f"{table.file_name}: no section in {readme.name} (a ### heading naming `{table.file_name}`)"
        for table in tables
        if table.name not in parts
    ]


def column_problems(readme: Path, tables: tuple[Table, ...] = TABLES) -> list[str]:
    """Each documented table lists exactly the registry's columns, each once."""
    parts = table_parts(readme)
    problems: list[str] = []
    for table in tables:
        if table.name not in parts:
            continue
        documented = documented_columns(parts[table.name])
        if documented is None:
            problems.append(
                f"{table.file_name}: its section has no | column | type | required | meaning |"
                " table"
            )
            continue
        declared = set(table.column_names)
        problems += [
            f"{table.file_name}: column {name} is missing from its column table"
            for name in table.column_names
            if name not in documented
        ]
        problems += [
            f"{table.file_name}: column {name} is not a column in journey/tables.py"
            for name in dict.fromkeys(documented)
            if name not in declared
        ]
        problems += [
            f"{table.file_name}: column {name} is listed twice"
            for name in dict.fromkeys(documented)
            if documented.count(name) > 1
        ]
    return problems


def unknown_tables(readme: Path, tables: tuple[Table, ...] = TABLES) -> list[str]:
    """Every CSV file the README names anywhere is a table of the registry."""
    known = {table.name for table in tables}
    named = dict.fromkeys(ANY_FILE.findall(readme.read_text(encoding="utf-8")))
    return [
        f"{name}.csv is named in {readme.name} but is not a table in journey/tables.py"
        for name in named
        if name not in known
    ]


def missing_values(readme: Path, tables: tuple[Table, ...] = TABLES) -> list[str]:
    """Every allowed value of a closed-set column appears, in backticks, in its table's part."""
    parts = table_parts(readme)
    problems: list[str] = []
    for table in tables:
        text = "\n".join(parts.get(table.name, ()))
        for column in table.columns:
            if column.kind in (Kind.ENUM, Kind.OPTIONAL_ENUM):
                problems += [
                    f"{table.file_name}: value `{value}` of {column.name} is not in its section"
                    for value in column.allowed
                    if f"`{value}`" not in text
                ]
    return problems


def _broken_copy(tmp_path: Path, old: str, new: str, count: int = 1) -> Path:
    """The shipped README with `old` replaced (`count` times; -1: everywhere), in a temp folder."""
    text = README.read_text(encoding="utf-8")
    assert old in text, f"the README no longer holds {old!r}; pick another line to break"
    copy = tmp_path / "README.md"
    copy.write_text(text.replace(old, new, count), encoding="utf-8")
    return copy


# ---------------------------------------------------------------- the shipped data dictionary


def test_every_table_of_the_registry_has_a_section():
    assert missing_sections(README) == []


def test_every_section_lists_exactly_the_columns_of_its_table():
    assert column_problems(README) == []


def test_the_readme_names_no_table_the_registry_lacks():
    assert unknown_tables(README) == []


def test_every_closed_set_value_appears_in_its_tables_section():
    assert missing_values(README) == []


def test_the_new_rules_are_explained():
    text = README.read_text(encoding="utf-8")
    for words in (
        "FDA-approved for this; not in the summary",
        "newer than the summary",
        "--due DAYS",
        "never changes the exit status",
        "never removed or reused",
    ):
        assert words in text, words


# ---------------------------------------------------------------- the checks can fail


def test_a_column_missing_from_the_readme_is_reported(tmp_path):
    broken = _broken_copy(
        tmp_path,
        "| adult_min_age | int | yes |",
        "| not_a_column | int | yes |",
    )
    problems = column_problems(broken)
    assert "pack.csv: column adult_min_age is missing from its column table" in problems
    assert "pack.csv: column not_a_column is not a column in journey/tables.py" in problems


def test_a_deleted_column_row_is_reported(tmp_path):
    row = next(
        line
        for line in README.read_text(encoding="utf-8").splitlines()
        if line.startswith("| alternative |")
    )
    broken = _broken_copy(tmp_path, row + "\n", "")
    assert column_problems(broken) == [
        "option_conditions.csv: column alternative is missing from its column table"
    ]


def test_a_column_listed_twice_is_reported(tmp_path):
    broken = _broken_copy(tmp_path, "| brand | plain |", "| brand, drug_id | plain |")
    assert column_problems(broken) == ["brands.csv: column drug_id is listed twice"]


def test_a_table_without_its_section_is_reported(tmp_path):
    broken = _broken_copy(tmp_path, "### `aliases.csv`: old ids kept working", "### Old ids")
    assert missing_sections(broken) == [
        "aliases.csv: no section in README.md (a ### heading naming `aliases.csv`)"
    ]


def test_a_section_without_a_column_table_is_reported(tmp_path):
    broken = _broken_copy(
        tmp_path,
        "`step_tests.csv`: one row per step where a test is met.\n\n| column |",
        "`step_tests.csv`: id, step_id, test_id.\n\n| name |",
    )
    assert column_problems(broken) == [
        "step_tests.csv: its section has no | column | type | required | meaning | table"
    ]


def test_a_table_the_registry_lacks_is_reported(tmp_path):
    broken = _broken_copy(tmp_path, "## Tables\n", "## Tables\n\nSee also `doses.csv`.\n")
    assert unknown_tables(broken) == [
        "doses.csv is named in README.md but is not a table in journey/tables.py"
    ]


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (  # the value is named in the row and in the prose below it: gone from both
            "`not_a_drug`",
            "not a drug",
            "options.csv: value `not_a_drug` of label_status is not in its section",
        ),
        (
            "| table | `steps` \\| `options` \\| `questions` |",
            "| table | `steps` \\| `options` |",
            "aliases.csv: value `questions` of table is not in its section",
        ),
    ],
)
def test_a_closed_set_value_missing_from_its_section_is_reported(tmp_path, old, new, problem):
    assert missing_values(_broken_copy(tmp_path, old, new, count=-1)) == [problem]


def test_a_heading_naming_two_files_gives_each_its_own_part(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        "## Tables\n\n"
        "### `drugs.csv` and `brands.csv`: named drugs\n"
        "| column | type | required | meaning |\n|---|---|---|---|\n| id | slug | yes | |\n\n"
        "`brands.csv`: one row per brand.\n\n"
        "| column | type | required | meaning |\n|---|---|---|---|\n| brand | plain | yes | |\n\n"
        "## Notes\n\n| column | type | required | meaning |\n|---|---|---|---|\n| x | | | |\n",
        encoding="utf-8",
    )
    parts = table_parts(readme)
    assert set(parts) == {"drugs", "brands"}
    assert documented_columns(parts["drugs"]) == ["id"]
    assert documented_columns(parts["brands"]) == ["brand"]
