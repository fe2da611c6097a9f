"""The upkeep content: changes for older sheets, the self-audit against IPDAS and PEMAT, and the
date since which every item has been checked (engine and real pack, no Streamlit)."""

from __future__ import annotations

import csv
import dataclasses

import pytest

from journey.loading import load_pack
from journey.model import AuditFramework, AuditStatus
from journey.upkeep import audit_parts, changes_newest_first, checked_since
from tests.packs import MIN_PACK, REAL_PACK

PACK = load_pack(REAL_PACK)
SPANISH = load_pack(REAL_PACK, lang="es")

# The instruments' own item numbers, written from IPDASi v4.0 (Joseph-Williams 2014; the item
# table of Légaré 2016) and AHRQ's PEMAT guide (items marked P, A/V or both), not from data/.
EXPECTED_ITEMS = {
    AuditFramework.IPDAS_QUALIFYING: ["1.1.1", "1.1.2", "1.1.3", "1.1.4", "1.1.5", "1.2.1"],
    AuditFramework.IPDAS_CERTIFICATION: [
        "2.1.1", "2.2.1", "2.2.2", "2.2.3", "2.2.4", "2.3.1", "2.4.1", "2.4.2", "2.4.3", "2.4.4",
    ],
    AuditFramework.PEMAT_P_UNDERSTANDABILITY: [
        *map(str, range(1, 13)), "15", "16", "17", "18", "19",
    ],
    AuditFramework.PEMAT_P_ACTIONABILITY: [str(n) for n in range(20, 27)],
    AuditFramework.PEMAT_AV_UNDERSTANDABILITY: [
        "1", "3", "4", "5", "8", "9", "10", "11", "12", "13", "14", "18",
    ],
    AuditFramework.PEMAT_AV_ACTIONABILITY: ["20", "21", "22", "25"],
}  # fmt: skip
#: What the explorer cannot claim: it gives no outcome probabilities (so no uncertainty around
#: them), and IPDAS's four screening-test items are for screening decisions, not treatment.
MUST_NOT_MEET = {(AuditFramework.IPDAS_CERTIFICATION, "2.2.4")}
NOT_APPLICABLE = {(AuditFramework.IPDAS_CERTIFICATION, f"2.4.{n}") for n in range(1, 5)}


def test_the_audit_covers_every_item_of_each_part_once_in_the_instruments_order():
    parts = dict(audit_parts(PACK))
    assert set(parts) == set(AuditFramework)
    for framework, expected in EXPECTED_ITEMS.items():
        assert [item.item for item in parts[framework]] == expected, framework


def test_ipdas_counts_six_qualifying_and_ten_certification_criteria_and_pemat_its_forms():
    counts = {framework: len(items) for framework, items in audit_parts(PACK)}
    assert counts[AuditFramework.IPDAS_QUALIFYING] == 6
    assert counts[AuditFramework.IPDAS_CERTIFICATION] == 6 + 4  # 4 only for screening tests
    assert counts[AuditFramework.PEMAT_P_UNDERSTANDABILITY] == 17
    assert counts[AuditFramework.PEMAT_P_ACTIONABILITY] == 7
    assert counts[AuditFramework.PEMAT_AV_ACTIONABILITY] == 4


def test_the_audit_is_honest_where_the_explorer_cannot_claim_a_criterion():
    status = {(item.framework, item.item): item.status for item in PACK.audit}
    for key in MUST_NOT_MEET:
        assert status[key] is AuditStatus.DOES_NOT_MEET, key
    for key in NOT_APPLICABLE:
        assert status[key] is AuditStatus.NOT_APPLICABLE, key
    # Not a full decision aid: at least one qualifying criterion is not met in full.
    qualifying = [s for (f, _), s in status.items() if f is AuditFramework.IPDAS_QUALIFYING]
    assert any(s is not AuditStatus.MEETS for s in qualifying)


def test_the_audit_cites_its_instrument_and_the_intro_says_it_is_not_a_decision_aid():
    ipdas = {"ipdas_minimum_2014", "ipdas_items_2016"}
    pemat = {"ahrq_pemat", "ahrq_pemat_actions"}
    for item in PACK.audit:
        wanted = ipdas if item.framework.value.startswith("ipdas") else pemat
        assert wanted & set(item.source_ids), item.id
    assert "not a full decision aid" in PACK.text("about_audit").body


def test_the_car_t_change_says_the_new_and_the_old_times_from_the_label_change():
    change = next(c for c in PACK.changes if c.id == "car_t_stay")
    assert "2 weeks" in change.what_changed
    assert "4 weeks" in change.what_changed and "8 weeks" in change.what_changed
    assert "fda_car_t_rems_2025" in change.source_ids
    treatment = PACK.treatment("car_t").what_it_is_like
    assert "2 weeks" in treatment and "4 weeks" not in treatment, "the pack says the new times"


def test_changes_come_latest_first():
    dates = [change.date for change in changes_newest_first(PACK)]
    assert dates == sorted(dates, reverse=True)
    assert len(set(dates)) > 1, "more than one day of changes, so the order is tested"


def _oldest_review_in_the_files(folder) -> str:
    """The oldest reviewed_on of any row of the English CSV files, read apart from the loader."""
    dates = []
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            dates += [row["reviewed_on"] for row in csv.DictReader(handle) if "reviewed_on" in row]
    return min(dates)


@pytest.mark.parametrize("folder", [REAL_PACK, MIN_PACK])
def test_checked_since_is_the_oldest_review_of_the_rows_never_a_typed_date(folder):
    assert checked_since(load_pack(folder)) == _oldest_review_in_the_files(folder)


def test_checked_since_follows_the_rows_when_one_is_older():
    oldest = PACK.glossary[0]
    older = dataclasses.replace(oldest, reviewed_on="2026-01-02")
    pack = dataclasses.replace(PACK, glossary=(older, *PACK.glossary[1:]))
    assert checked_since(pack) == "2026-01-02"


def test_spanish_has_every_change_and_audit_row_in_its_own_words():
    english = {c.id: c for c in PACK.changes} | {a.id: a for a in PACK.audit}
    for row in (*SPANISH.changes, *SPANISH.audit):
        for column in ("what_changed", "older_sheet", "criterion", "how"):
            if hasattr(row, column):
                assert getattr(row, column) != getattr(english[row.id], column), (row.id, column)
    assert len(SPANISH.changes) == len(PACK.changes) and len(SPANISH.audit) == len(PACK.audit)
