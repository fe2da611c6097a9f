"""Every reader-facing text block of a pack, with where it lives, for lint and readability."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from journey.building import ROW_TYPES
from journey.model import ContentPack
from journey.tables import TABLES_BY_NAME

#: Which table each model row comes from (field names equal column names).
ROW_TABLES: dict[type, str] = {row_type: table for table, row_type in ROW_TYPES.items()}
_END_PUNCTUATION = (".", "!", "?", ":", ")")


@dataclass(frozen=True, slots=True)
class Block:
    """One reader-facing text cell."""

    where: str  # "table.csv: row id: column"
    text: str
    source_ids: tuple[str, ...]
    reviewed_on: str

    @property
    def sentence(self) -> str:
        """The text as its own sentence, so that labels do not run into the next cell."""
        text = self.text.strip()
        return text if text.endswith(_END_PUNCTUATION) else text + "."


#: Tables held inside another table's rows: (parent table, the field that holds them).
_NESTED = {"topic_items": ("topics", "items"), "fact_values": ("facts", "values"),
           "approvals": ("options", "approvals"),
           "check_choices": ("checks", "choices")}  # fmt: skip


def _rows(pack: ContentPack) -> Iterator[object]:
    yield pack.info
    nested_in = {parent: field for parent, field in _NESTED.values()}
    for name in ROW_TABLES.values():
        if name == "pack" or name in _NESTED:
            continue
        for row in getattr(pack, name):
            yield row
            if name in nested_in:
                yield from getattr(row, nested_in[name])


def reader_blocks(pack: ContentPack) -> Iterator[Block]:
    """Every non-empty reader-facing text cell of the pack."""
    for row in _rows(pack):
        table = TABLES_BY_NAME[ROW_TABLES[type(row)]]
        for column in table.columns:
            if column.is_reader_text:
                text = getattr(row, column.name)
                if isinstance(text, tuple):  # a list of names: read as one block
                    text = "; ".join(text)
                if text:
                    yield Block(
                        f"{table.file_name}: {row.id}: {column.name}",
                        text,
                        row.source_ids,
                        row.reviewed_on,
                    )
