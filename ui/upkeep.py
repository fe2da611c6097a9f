"""About's upkeep sections: the date since which every item was checked, the dated changes a
reader of an older sheet needs, and the self-audit against IPDAS and PEMAT, each part a table
that opens on demand (the audit is long, and About stays light)."""

from __future__ import annotations

from typing import Final

import streamlit as st

from journey.model import AuditFramework, AuditItem, AuditStatus, ContentPack
from journey.upkeep import (
    audit_parts,
    changes_newest_first,
    checked_since,
    long_date,
    status_counts,
)
from journey.words import ENGLISH, WORDS, enum_words
from ui import components, content, view_state

FRAMEWORK_WORDS: Final = enum_words(WORDS, "audit_framework_words", AuditFramework)
FRAMEWORK_SHORT: Final = enum_words(WORDS, "audit_framework_short", AuditFramework)
STATUS_WORDS: Final = enum_words(WORDS, "audit_status_words", AuditStatus)
#: What the "still unmet" list gathers: everything that is not met in full and could be.
UNMET: Final = (AuditStatus.PARTLY, AuditStatus.DOES_NOT_MEET)


def checked_since_line() -> None:
    """The last full content check, computed from the English rows (the facts' own check; a
    translated row carries the day its translation was checked)."""
    since = checked_since(content.pack(ENGLISH))
    components.small(WORDS.about_checked_since.format(date=long_date(since)))


def change_list(pack: ContentPack) -> None:
    """Every content change, the latest first, each with what it means for an older sheet."""
    changes = changes_newest_first(pack)
    label = WORDS.about_changes_fold.format(count=len(changes))
    with components.folded(label, view_state.CHANGES_FOLD) as is_open:
        if not is_open:
            return
        for change in changes:
            where = (
                pack.step(change.step_id).title if change.step_id else WORDS.about_change_everywhere
            )
            date = long_date(change.date)
            st.subheader(WORDS.about_change_heading.format(date=date, where=where))
            st.markdown(change.what_changed)
            st.markdown(f"**{WORDS.about_change_older.format(date=date)}** {change.older_sheet}")
            components.source_list(pack, change.source_ids, change.reviewed_on)


def _unmet_line(item: AuditItem) -> str:
    return WORDS.about_audit_unmet_item.format(
        criterion=item.criterion,
        framework=FRAMEWORK_SHORT[item.framework],
        item=item.item,
        status=STATUS_WORDS[item.status],
    )


def self_audit(pack: ContentPack) -> None:
    """What is still unmet, in a short list, then one table per checklist part on demand."""
    parts = audit_parts(pack)
    unmet = [item for _, items in parts for item in items if item.status in UNMET]
    if unmet:
        st.markdown(
            f"**{WORDS.about_audit_unmet}**\n\n" + "\n".join(f"- {_unmet_line(i)}" for i in unmet)
        )
    for framework, items in parts:
        with components.folded(
            FRAMEWORK_WORDS[framework], view_state.audit_fold(framework)
        ) as is_open:
            if not is_open:
                continue
            counts = status_counts(items)
            st.markdown(
                WORDS.about_audit_tally.format(
                    meets=counts[AuditStatus.MEETS],
                    total=len(items),
                    partly=counts[AuditStatus.PARTLY],
                    unmet=counts[AuditStatus.DOES_NOT_MEET],
                    na=counts[AuditStatus.NOT_APPLICABLE],
                )
            )
            components.text_table(
                [
                    {
                        WORDS.audit_column_item: item.item,
                        WORDS.audit_column_criterion: item.criterion,
                        WORDS.audit_column_status: STATUS_WORDS[item.status],
                        WORDS.audit_column_how: item.how,
                    }
                    for item in items
                ]
            )
            sources = dict.fromkeys(source for item in items for source in item.source_ids)
            components.source_list(pack, sources, max(item.reviewed_on for item in items))
