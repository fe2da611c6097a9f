"""The pack's cells checked by pandera schemas built from the one table registry (`check`, CI).

The app checks the same rules in plain Python at start (journey.loading._cell_problems), so it
never imports pandas or pandera; a test holds both to the same problems on every kind of damage.
"""

from __future__ import annotations

import pandas as pd
import pandera.pandas as pa

from journey.loading import (
    MAX_CELL_CHARS,
    Problem,
    TableRows,
    cell_rules,
    is_capped,
    is_required,
)
from journey.tables import TABLES, Column, Kind


def _column_schema(column: Column) -> pa.Column:
    checks: list[pa.Check] = []
    if is_required(column):
        checks.append(pa.Check(lambda s: s.str.strip() != "", element_wise=False, error="is empty"))
    for pattern, message in cell_rules(column):
        checks.append(
            pa.Check(
                lambda s, pattern=pattern: (
                    (s.str.strip() == "") | s.str.fullmatch(pattern).fillna(False)
                ),
                error=message,
            )
        )
    if is_capped(column):
        checks.append(
            pa.Check(
                lambda s: s.str.len() <= MAX_CELL_CHARS,
                error=f"is longer than {MAX_CELL_CHARS} characters",
            )
        )
    return pa.Column(str, checks=checks, unique=column.kind is Kind.ID, nullable=False)


SCHEMAS: dict[str, pa.DataFrameSchema] = {
    table.name: pa.DataFrameSchema(
        {column.name: _column_schema(column) for column in table.columns},
        strict=True,
        name=table.file_name,
    )
    for table in TABLES
}


def _frame(loaded: TableRows) -> pd.DataFrame:
    if loaded.records:
        return pd.DataFrame(loaded.records, columns=loaded.header, dtype="str")
    return pd.DataFrame({column: pd.Series(dtype="str") for column in loaded.header})


def schema_problems(loaded: TableRows) -> list[Problem]:
    """Run the table's pandera schema and turn every failure into a located problem."""
    name = loaded.table.file_name
    try:
        SCHEMAS[loaded.table.name].validate(_frame(loaded), lazy=True)
    except pa.errors.SchemaErrors as errors:
        problems = []
        for case in errors.failure_cases.itertuples(index=False):
            check = str(case.check)
            if check == "column_in_dataframe":
                problems.append(
                    Problem(name, 1, str(case.failure_case), "column is missing from the header")
                )
            elif check == "column_in_schema":
                problems.append(
                    Problem(
                        name,
                        1,
                        str(case.failure_case),
                        "column is not part of this table (renamed or extra?)",
                    )
                )
            elif check == "field_uniqueness" or check.startswith("field_uniqueness"):
                row = loaded.line(int(case.index)) if pd.notna(case.index) else None
                problems.append(
                    Problem(name, row, case.column, f"“{case.failure_case}” is used twice")
                )
            elif pd.isna(case.index):
                problems.append(Problem(name, None, case.column, check))
            else:
                problems.append(Problem(name, loaded.line(int(case.index)), case.column, check))
        return problems
    return []
