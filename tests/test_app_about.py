"""About's upkeep sections in the app: the last full check, the dated changes for older sheets,
and the self-audit tables, in English and in Spanish, each opening only on demand."""

from __future__ import annotations

import pytest

from journey.loading import load_pack
from journey.model import AuditFramework, AuditStatus
from journey.words import words
from tests import app_testing as t
from tests.packs import REAL_PACK
from tests.test_upkeep import EXPECTED_ITEMS, _oldest_review_in_the_files
from ui import view_state

PACK = t.pack()
LANGUAGES = {"en": load_pack(REAL_PACK), "es": load_pack(REAL_PACK, lang="es")}
ALL_FOLDS = (view_state.CHANGES_FOLD, *(view_state.audit_fold(f) for f in AuditFramework))


def _long_date(iso: str, language: str) -> str:
    catalog = words(language)
    year, month, day = (int(part) for part in iso.split("-"))
    return catalog.date_format.format(day=day, month=catalog.month_names[month - 1], year=year)


def _about(language: str, *folds: str):
    at = t.open_app({"lang": language} if language != "en" else None, page=t.ABOUT)
    return t.unfold(at, *folds) if folds else at


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_about_says_since_when_every_item_has_been_checked(language):
    at = _about(language)
    assert not at.exception
    oldest = _oldest_review_in_the_files(REAL_PACK)
    line = words(language).about_checked_since.format(date=_long_date(oldest, language))
    assert line in t.page_text(at)
    pack = LANGUAGES[language]
    for text_id in ("about_update_policy", "about_changes", "about_audit"):
        assert pack.text(text_id).body in t.page_text(at)


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_the_changes_and_the_audit_tables_are_drawn_only_when_opened(language):
    pack = LANGUAGES[language]
    closed = t.page_text(_about(language))
    assert not any(change.what_changed in closed for change in pack.changes)
    assert not any(item.how in closed for item in pack.audit)
    assert t.text_tables(_about(language)) == []


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_each_change_shows_its_date_what_changed_and_what_it_means_for_an_older_sheet(language):
    pack = LANGUAGES[language]
    text = t.page_text(_about(language, view_state.CHANGES_FOLD))
    catalog = words(language)
    positions = []
    for change in pack.changes:
        where = pack.step(change.step_id).title if change.step_id else None
        heading = catalog.about_change_heading.format(
            date=_long_date(change.date, language),
            where=where or catalog.about_change_everywhere,
        )
        assert heading in text, heading
        assert change.what_changed in text and change.older_sheet in text, change.id
        positions.append((change.date, text.index(change.what_changed)))
    # the latest first: a later date sits higher on the page
    by_place = [date for date, _ in sorted(positions, key=lambda pair: pair[1])]
    assert by_place == sorted(by_place, reverse=True)


def test_the_car_t_stay_change_is_on_about_with_its_label_source():
    text = t.page_text(_about("en", view_state.CHANGES_FOLD))
    change = next(c for c in PACK.changes if c.id == "car_t_stay")
    assert change.what_changed in text
    assert PACK.source("fda_car_t_rems_2025").url in text


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_each_audit_part_is_a_table_of_every_item_with_its_status_in_words(language):
    pack = LANGUAGES[language]
    catalog = words(language)
    at = _about(language, *ALL_FOLDS)
    assert not at.exception
    tables = t.text_tables(at)
    assert len(tables) == len(AuditFramework)
    status_words = catalog.audit_status_words
    for framework, table in zip(AuditFramework, tables, strict=True):
        assert [row[catalog.audit_column_item] for row in table] == EXPECTED_ITEMS[framework]
        items = sorted((i for i in pack.audit if i.framework is framework), key=lambda i: i.order)
        for row, item in zip(table, items, strict=True):
            assert row[catalog.audit_column_criterion] == item.criterion
            assert row[catalog.audit_column_status] == status_words[item.status.value]
            assert row[catalog.audit_column_how] == item.how


@pytest.mark.parametrize("language", sorted(LANGUAGES))
def test_what_is_still_unmet_is_listed_without_opening_anything(language):
    pack = LANGUAGES[language]
    text = t.page_text(_about(language))
    unmet = [i for i in pack.audit if i.status in (AuditStatus.PARTLY, AuditStatus.DOES_NOT_MEET)]
    assert unmet, "the explorer is not a full decision aid: some items are unmet"
    assert words(language).about_audit_unmet in text
    for item in unmet:
        assert item.criterion in text, item.id
    met = [i for i in pack.audit if i.status is AuditStatus.MEETS]
    assert not any(f": {i.criterion} (" in text for i in met), "only unmet items in the list"
