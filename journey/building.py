"""Build the frozen model from checked table rows, driven by the one table registry.

Each column becomes the row field of the same name, converted by its kind; lists held in other
tables (a band's steps, a drug's brands, an option's approvals ...) are declared once in
`CHILDREN`. Nothing here validates: `journey.loading` checks every rule before it builds.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from journey import model
from journey.tables import TABLES_BY_NAME, Column, Kind

Row = Mapping[str, str]

#: The model row each table becomes; the pack's field of the same name holds them (`pack`: info).
ROW_TYPES: Mapping[str, type] = {
    "pack": model.PackInfo,
    "sources": model.Source,
    "steps": model.Step,
    "transitions": model.Transition,
    "bands": model.Band,
    "topics": model.Topic,
    "topic_items": model.TopicItem,
    "treatments": model.Treatment,
    "drugs": model.Drug,
    "options": model.Option,
    "approvals": model.Approval,
    "conditions": model.Condition,
    "facts": model.Fact,
    "fact_values": model.FactValue,
    "test_groups": model.TestGroup,
    "tests": model.MedicalTest,
    "glossary": model.GlossaryTerm,
    "questions": model.Question,
    "texts": model.Text,
    "trial_links": model.TrialLink,
    "aliases": model.Alias,
    "timeline": model.TimelineEntry,
    "changes": model.Change,
    "audit": model.AuditItem,
    "checks": model.UnderstandingCheck,
    "check_choices": model.CheckChoice,
    "decision_guide": model.GuideItem,
}

#: Where a field is named apart from its column: a `;`-list of values read into a tuple.
FIELD_FOR_COLUMN: Mapping[tuple[str, str], str] = {("conditions", "value"): "values"}


@dataclasses.dataclass(frozen=True, slots=True)
class Child:
    """A field filled from another table: its rows whose `key` column names the parent's id."""

    table: str
    key: str
    value: str | None = None  # one column of each child row; None: the child rows themselves
    order: Callable[[Any], Any] | None = None  # how child rows are sorted (file order if None)


#: (parent table, field) -> where its list comes from.
CHILDREN: Mapping[tuple[str, str], Child] = {
    ("bands", "step_ids"): Child("band_steps", "band_id", "step_id"),
    ("drugs", "brands"): Child("brands", "drug_id", "brand"),
    ("options", "drug_ids"): Child("option_drugs", "option_id", "drug_id"),
    ("tests", "step_ids"): Child("step_tests", "test_id", "step_id"),
    ("topics", "items"): Child("topic_items", "topic_id", order=lambda i: (i.order, i.id)),
    ("facts", "values"): Child("fact_values", "fact_id"),
    ("options", "approvals"): Child("approvals", "option_id", order=lambda a: (a.date, a.id)),
    ("checks", "choices"): Child("check_choices", "check_id", order=lambda c: (c.order, c.id)),
}

#: How a table's rows are ordered in the pack, where not as in the file.
TABLE_ORDER: Mapping[str, Callable[[Any], Any]] = {
    "facts": lambda fact: fact.order,
    "glossary": lambda term: term.term.lower(),
    "checks": lambda check: (check.order, check.id),
    "timeline": lambda entry: (entry.order, entry.id),
}


def _split(cell: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in cell.split(";") if part.strip())


def _cell(column: Column, cell: str) -> Any:
    """One cell as its field holds it."""
    match column.kind:
        case Kind.INT:
            return int(cell)
        case Kind.OPTIONAL_INT:
            return int(cell) if cell.strip() else None
        case Kind.YES_NO:
            return cell == "yes"
        case Kind.ENUM:
            return column.enum_type(cell)
        case Kind.OPTIONAL_ENUM:
            return column.enum_type(cell) if cell else None
        case Kind.OPTIONAL_REF:
            return cell or None
        case (
            Kind.SOURCES
            | Kind.OPTIONAL_REF_LIST
            | Kind.OPTIONAL_SLUG_LIST
            | Kind.OPTIONAL_TEXT_LIST
        ):
            return _split(cell)
    return cell


def _alternatives(rows: list[Row]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Each option's ways in: its conditions grouped by alternative number, in number order."""
    groups: dict[str, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        groups[row["option_id"]][int(row["alternative"])].append(row["condition_id"])
    return {
        option: tuple(tuple(group) for _, group in sorted(numbered.items()))
        for option, numbered in groups.items()
    }


def build(rows: Mapping[str, list[Row]]) -> model.ContentPack:
    """The whole pack from every table's rows (as read, all checks passed)."""
    built: dict[str, list[Any]] = {}
    alternatives = _alternatives(rows["option_conditions"])

    def make(table_name: str) -> list[Any]:
        if table_name in built:
            return built[table_name]
        row_type = ROW_TYPES[table_name]
        table = TABLES_BY_NAME[table_name]
        children = {
            field: (child, _grouped(child, rows, make))
            for (parent, field), child in CHILDREN.items()
            if parent == table_name
        }
        made = []
        for row in rows[table_name]:
            values = {
                FIELD_FOR_COLUMN.get((table_name, c.name), c.name): _cell(c, row[c.name])
                for c in table.columns
            }
            for field, (_, by_parent) in children.items():
                values[field] = tuple(by_parent.get(row["id"], ()))
            if table_name == "options":
                values["alternatives"] = alternatives.get(row["id"], ())
            made.append(row_type(**values))
        if table_name in TABLE_ORDER:
            made.sort(key=TABLE_ORDER[table_name])
        built[table_name] = made
        return made

    fields = {
        field.name: tuple(make(field.name))
        for field in dataclasses.fields(model.ContentPack)
        if field.init and field.name not in ("info", "english_terms")
    }
    return model.ContentPack(info=make("pack")[0], **fields)


def _grouped(
    child: Child, rows: Mapping[str, list[Row]], make: Callable[[str], list[Any]]
) -> dict[str, list[Any]]:
    """A child table's values (or rows) by the parent id they name, each list sorted."""
    items = rows[child.table] if child.value is not None else make(child.table)
    by_parent: dict[str, list[Any]] = defaultdict(list)
    for item in items:
        if child.value is not None:
            by_parent[item[child.key]].append(item[child.value])
        else:
            by_parent[getattr(item, child.key)].append(item)
    if child.order is not None:
        for group in by_parent.values():
            group.sort(key=child.order)
    return by_parent
