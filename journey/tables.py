"""The one registry of the content pack's tables: files, columns and what each column must hold."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from journey.model import (
    AliasTable,
    AuditFramework,
    AuditStatus,
    Category,
    ConditionKind,
    FactKind,
    GuidePart,
    LabelStatus,
    State,
    StepKind,
    StepPart,
)


class Kind(enum.Enum):
    """What a column holds; drives both the pandera schema and the cross-table checks."""

    ID = "id"
    TEXT = "text"  # reader-facing text, required
    OPTIONAL_TEXT = "optional text"  # reader-facing text, may be blank
    OPTIONAL_TEXT_LIST = "optional text list"  # reader-facing names separated by ;, may be blank
    PLAIN = "plain"  # required, not reader-facing prose (titles of sources, brand names)
    OPTIONAL_PLAIN = "optional plain"
    INT = "int"
    OPTIONAL_INT = "optional int"
    DATE = "date"
    URL = "url"
    YES_NO = "yes/no"
    ENUM = "enum"
    OPTIONAL_ENUM = "optional enum"
    REF = "ref"
    OPTIONAL_REF = "optional ref"
    OPTIONAL_REF_LIST = "optional ref list"  # ids of `table`, separated by ;
    SLUG = "slug"  # a lowercase name that need not be unique (a fact's value)
    OPTIONAL_SLUG_LIST = "optional slug list"  # slugs separated by ;
    SOURCES = "sources"


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    kind: Kind
    allowed: tuple[str, ...] = ()  # for ENUM kinds
    table: str = ""  # for REF kinds: the table referred to
    enum_type: type[enum.Enum] | None = None  # for ENUM kinds: what the builder makes of a cell

    @property
    def is_reader_text(self) -> bool:
        return self.kind in (Kind.TEXT, Kind.OPTIONAL_TEXT, Kind.OPTIONAL_TEXT_LIST)


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[Column, ...]

    @property
    def file_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)


def _enum(name: str, values: type[enum.Enum], optional: bool = False) -> Column:
    kind = Kind.OPTIONAL_ENUM if optional else Kind.ENUM
    return Column(name, kind, allowed=tuple(str(v) for v in values), enum_type=values)


def _ref(name: str, table: str, optional: bool = False) -> Column:
    return Column(name, Kind.OPTIONAL_REF if optional else Kind.REF, table=table)


_ID = Column("id", Kind.ID)
_ORDER = Column("order", Kind.INT)
_SOURCED = (Column("source_ids", Kind.SOURCES), Column("reviewed_on", Kind.DATE))
_STEP_ID_COLUMN = _ref("step_id", "steps")


def _t(name: str, *columns: Column, sourced: bool = True) -> Table:
    return Table(name, (_ID, *columns, *(_SOURCED if sourced else ())))


TABLES: tuple[Table, ...] = (
    _t(
        "pack",
        Column("title", Kind.TEXT),
        Column("language", Kind.PLAIN),
        Column("summary_title", Kind.PLAIN),
        Column("summary_version", Kind.PLAIN),
        Column("summary_url", Kind.URL),
        Column("summary_date", Kind.DATE),
        Column("adult_min_age", Kind.INT),
    ),
    _t(
        "sources",
        Column("title", Kind.PLAIN),
        Column("publisher", Kind.PLAIN),
        Column("url", Kind.URL),
        Column("version_date", Kind.PLAIN),
        Column("accessed_on", Kind.DATE),
        Column("note", Kind.OPTIONAL_PLAIN),
        sourced=False,
    ),
    _t(
        "steps",
        _enum("kind", StepKind),
        _enum("state", State, optional=True),
        _ORDER,
        Column("title", Kind.TEXT),
        Column("summary", Kind.TEXT),
        Column("what_happens", Kind.TEXT),
        Column("what_it_is_like", Kind.TEXT),
    ),
    _t(
        "transitions",
        _ref("from_step", "steps"),
        _ref("to_step", "steps"),
        Column("label", Kind.TEXT),
    ),
    _t(
        "bands",
        Column("label", Kind.TEXT),
        Column("title", Kind.TEXT),
        Column("summary", Kind.TEXT),
    ),
    _t("band_steps", _ref("band_id", "bands"), _STEP_ID_COLUMN, sourced=False),
    _t(
        "topics",
        _ref("step_id", "steps", optional=True),
        _ORDER,
        Column("title", Kind.TEXT),
        Column("intro", Kind.OPTIONAL_TEXT),
    ),
    _t("topic_items", _ref("topic_id", "topics"), _ORDER, Column("text", Kind.TEXT)),
    _t(
        "treatments",
        Column("name", Kind.TEXT),
        _enum("category", Category),
        Column("what_it_is", Kind.TEXT),
        Column("how_given", Kind.TEXT),
        Column("what_it_may_do", Kind.TEXT),
        Column("burdens", Kind.TEXT),
        Column("what_it_is_like", Kind.TEXT),
    ),
    _t(
        "drugs",
        Column("generic_name", Kind.TEXT),
        _ref("treatment_id", "treatments"),
        Column("what_it_is", Kind.TEXT),
        Column("label_status", Kind.TEXT),
        Column("main_risks", Kind.TEXT),
        Column("in_pdq_summary", Kind.YES_NO),
    ),
    _t("brands", _ref("drug_id", "drugs"), Column("brand", Kind.PLAIN), sourced=False),
    _t(
        "options",
        _ref("phase_id", "steps"),
        _ORDER,
        Column("name", Kind.TEXT),
        _enum("category", Category),
        _ref("treatment_id", "treatments"),
        Column("listed_for", Kind.TEXT),
        Column("what_it_is", Kind.TEXT),
        Column("how_given", Kind.TEXT),
        Column("what_it_may_do", Kind.TEXT),
        Column("burdens", Kind.TEXT),
        Column("what_it_is_like", Kind.TEXT),
        Column("listed_in_summary", Kind.YES_NO),
        _enum("label_status", LabelStatus),
    ),
    _t(
        "approvals",
        _ref("option_id", "options"),
        Column("date", Kind.DATE),
        Column("approved_for", Kind.TEXT),
    ),
    _t("option_drugs", _ref("option_id", "options"), _ref("drug_id", "drugs"), sourced=False),
    _t(
        "facts",
        _enum("kind", FactKind),
        _ORDER,
        Column("label", Kind.TEXT),
        Column("question", Kind.TEXT),
        Column("help", Kind.TEXT),
        Column("asked_at", Kind.OPTIONAL_REF_LIST, table="steps"),
    ),
    _t(
        "fact_values",
        _ref("fact_id", "facts"),
        Column("value", Kind.SLUG),
        Column("label", Kind.TEXT),
        Column("sheet_text", Kind.TEXT),
    ),
    _t(
        "conditions",
        _enum("kind", ConditionKind),
        _ref("fact_id", "facts", optional=True),
        Column("value", Kind.OPTIONAL_SLUG_LIST),
        Column("min_age", Kind.OPTIONAL_INT),
        Column("max_age", Kind.OPTIONAL_INT),
        Column("applies_reason", Kind.OPTIONAL_TEXT),
        Column("conflict_reason", Kind.OPTIONAL_TEXT),
        Column("unknown_reason", Kind.TEXT),
    ),
    _t(
        "option_conditions",
        _ref("option_id", "options"),
        _ref("condition_id", "conditions"),
        Column("alternative", Kind.INT),
        sourced=False,
    ),
    _t("test_groups", _ORDER, Column("title", Kind.TEXT), Column("intro", Kind.TEXT)),
    _t(
        "tests",
        _ref("group_id", "test_groups"),
        _ORDER,
        Column("name", Kind.TEXT),
        Column("what_it_is", Kind.TEXT),
        Column("what_it_finds", Kind.TEXT),
        Column("what_it_is_like", Kind.TEXT),
    ),
    _t("step_tests", _STEP_ID_COLUMN, _ref("test_id", "tests"), sourced=False),
    _t(
        "glossary",
        Column("term", Kind.TEXT),
        Column("also_called", Kind.OPTIONAL_TEXT_LIST),
        Column("definition", Kind.TEXT),
        # The steps where a care team may say the term or one of its other names.
        Column("step_ids", Kind.OPTIONAL_REF_LIST, table="steps"),
    ),
    _t(
        "questions",
        _ref("step_id", "steps", optional=True),
        _ORDER,
        Column("text", Kind.TEXT),
        Column("family_text", Kind.OPTIONAL_TEXT),
    ),
    _t("texts", Column("title", Kind.TEXT), Column("body", Kind.TEXT)),
    # The phase timeline: how long each part of the journey often takes, as words and weeks.
    _t(
        "timeline",
        _ref("step_id", "steps", optional=True),
        _ORDER,
        Column("label", Kind.TEXT),
        Column("range_words", Kind.TEXT),
        Column("start_week", Kind.OPTIONAL_INT),
        Column("shortest_weeks", Kind.OPTIONAL_INT),
        Column("longest_weeks", Kind.OPTIONAL_INT),
        Column("what_varies", Kind.TEXT),
    ),
    _t(
        "trial_links",
        _STEP_ID_COLUMN,
        _ORDER,
        Column("label", Kind.TEXT),
        Column("url", Kind.URL),
    ),
    _t("aliases", _enum("table", AliasTable), Column("target", Kind.SLUG), sourced=False),
    _t(
        "changes",
        Column("date", Kind.DATE),
        _ref("step_id", "steps", optional=True),
        Column("what_changed", Kind.TEXT),
        Column("older_sheet", Kind.TEXT),
    ),
    _t(
        "audit",
        _enum("framework", AuditFramework),
        _ORDER,
        Column("item", Kind.PLAIN),
        Column("criterion", Kind.TEXT),
        _enum("status", AuditStatus),
        Column("how", Kind.TEXT),
    ),
    _t(
        "checks",
        _STEP_ID_COLUMN,
        _ORDER,
        Column("question", Kind.TEXT),
        Column("explanation", Kind.TEXT),
        _enum("part", StepPart),
    ),
    _t(
        "check_choices",
        _ref("check_id", "checks"),
        _ORDER,
        Column("text", Kind.TEXT),
        Column("correct", Kind.YES_NO),
    ),
    _t(
        "decision_guide",
        _enum("part", GuidePart),
        _ref("step_id", "steps", optional=True),
        _ORDER,
        Column("text", Kind.TEXT),
        Column("family_text", Kind.OPTIONAL_TEXT),
    ),
)

TABLES_BY_NAME = {table.name: table for table in TABLES}

# ---------------------------------------------------------------- translations

#: The Spanish (or other) text of a table lives in `<lang>/<table>.csv`: the English row's id, each
#: reader-text column of the registry above, the sources the language adds to the English row's
#: (which it keeps) and the day the translated row was checked. Blank cells are checked against the
#: English row (blank stays blank, text needs text), so every text column is optional here.
TRANSLATION_SOURCES_COLUMN = Column("source_ids", Kind.OPTIONAL_REF_LIST, table="sources")


def translation_of(table: Table, lang: str) -> Table | None:
    """The overlay holding `table`'s reader text in `lang`; None if `table` has no reader text."""
    texts = tuple(Column(c.name, Kind.OPTIONAL_TEXT) for c in table.columns if c.is_reader_text)
    if not texts:
        return None
    reviewed = Column("reviewed_on", Kind.DATE)
    return Table(f"{lang}/{table.name}", (_ID, *texts, TRANSLATION_SOURCES_COLUMN, reviewed))


def added_sources(lang: str) -> Table:
    """`<lang>/sources.csv`: sources a translation cites beyond the English ones (same columns)."""
    return Table(f"{lang}/sources", TABLES_BY_NAME["sources"].columns)


#: The tables that have reader text, so a translation of the pack has one overlay file for each.
TRANSLATED_TABLES: tuple[Table, ...] = tuple(
    table for table in TABLES if any(column.is_reader_text for column in table.columns)
)
