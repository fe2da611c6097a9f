"""How the content is kept: the changes a reader of an older sheet needs, the self-audit against
the published checklists, and the date since which every item has been checked."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping

from journey.model import AuditFramework, AuditItem, AuditStatus, Change, ContentPack
from journey.readability import reader_blocks
from journey.words import date_words


def changes_newest_first(pack: ContentPack) -> tuple[Change, ...]:
    """The content changes, the latest first (a reader with an old sheet reads down to its date)."""
    return tuple(sorted(pack.changes, key=lambda change: (change.date, change.id), reverse=True))


def audit_parts(pack: ContentPack) -> tuple[tuple[AuditFramework, tuple[AuditItem, ...]], ...]:
    """Each checklist part the pack audits, in the order of `AuditFramework`, its items in order."""
    parts = []
    for framework in AuditFramework:
        items = sorted(
            (item for item in pack.audit if item.framework is framework),
            key=lambda item: (item.order, item.id),
        )
        if items:
            parts.append((framework, tuple(items)))
    return tuple(parts)


def status_counts(items: Iterable[AuditItem]) -> Mapping[AuditStatus, int]:
    """How many items have each status (every status present, 0 where none)."""
    counted = Counter(item.status for item in items)
    return {status: counted.get(status, 0) for status in AuditStatus}


#: The date worked out per pack (keyed by the pack's id, holding the pack so the id stays its):
#: walking every reader text took about 25 ms of each About rerun (make bench, 2026-12-02).
_CHECKED_SINCE: dict[int, tuple[ContentPack, str]] = {}


def checked_since(pack: ContentPack) -> str:
    """The oldest review date of any reader text: every item has been checked on or after it.

    Computed from the rows, never typed, so it can only say what the rows say."""
    known = _CHECKED_SINCE.get(id(pack))
    if known is not None and known[0] is pack:
        return known[1]
    since = min(block.reviewed_on for block in reader_blocks(pack))
    _CHECKED_SINCE[id(pack)] = (pack, since)
    return since


def long_date(iso_date: str) -> str:
    """A `YYYY-MM-DD` date in words, as the sheet writes its own ("2 December 2026")."""
    return date_words(datetime.date.fromisoformat(iso_date))
