"""A pack's translation (`<lang>/<table>.csv`): read, laid over English, every gap reported."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from pathlib import Path

import pytest

from journey.loading import PackError, check_pack, load_pack, pack_languages
from journey.tables import TRANSLATED_TABLES, translation_of
from tests.packs import MIN_PACK

TODAY = date.today().isoformat()
ADDED_SOURCE = {
    "id": "nci_es",
    "title": "Diccionario de cáncer",
    "publisher": "Instituto Nacional del Cáncer",
    "url": "https://www.cancer.gov/espanol/publicaciones/diccionarios/diccionario-cancer",
    "version_date": "2026",
    "accessed_on": TODAY,
    "note": "Terms.",
}


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def _write(path: Path, rows: list[dict[str, str]], columns: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def _translated(into: Path) -> Path:
    """pack_min with a Spanish overlay for every table: each text prefixed "ES ", citing nci_es."""
    pack = into / "pack"
    shutil.copytree(MIN_PACK, pack)
    for table in TRANSLATED_TABLES:
        overlay = translation_of(table, "es")
        assert overlay is not None
        columns = [column.name for column in overlay.columns]
        rows = []
        for row in _read(pack / table.file_name):
            texts = {c: (f"ES {row[c]}" if row[c].strip() else "") for c in columns[1:-2]}
            cites = {"source_ids": "nci_es", "reviewed_on": TODAY}
            rows.append({"id": row["id"], **texts, **cites})
        _write(pack / overlay.file_name, rows, columns)
    _write(pack / "es" / "sources.csv", [ADDED_SOURCE], list(ADDED_SOURCE))
    return pack


@pytest.fixture(scope="module")
def spanish_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _translated(tmp_path_factory.mktemp("es"))


def _edit(pack: Path, into: Path, file_name: str, edit) -> Path:
    copy = into / "edited"
    shutil.copytree(pack, copy)
    rows = _read(copy / file_name)
    columns = list(rows[0])
    _write(copy / file_name, edit(rows), columns)
    return copy


def test_a_complete_translation_checks_clean_and_is_laid_over_english(spanish_pack):
    assert pack_languages(spanish_pack) == ("es",)
    assert check_pack(spanish_pack) == []
    english, spanish = load_pack(spanish_pack), load_pack(spanish_pack, lang="es")
    assert spanish.info.language == "es"
    for before, after in zip(english.steps, spanish.steps, strict=True):
        assert after.id == before.id and after.kind == before.kind
        assert after.title == f"ES {before.title}"
        assert after.source_ids == (*before.source_ids, "nci_es")
        assert after.reviewed_on == TODAY
    assert "nci_es" in {source.id for source in spanish.sources}
    first = english.steps[0]
    assert spanish.english_term("steps", first.id) == first.title  # the care team's word beside
    assert english.english_term("steps", first.id) == ""
    assert "nci_es" not in {source.id for source in english.sources}


def test_the_english_pack_alone_never_reads_a_translation(spanish_pack, tmp_path):
    broken = _edit(spanish_pack, tmp_path, "es/steps.csv", lambda rows: rows[1:])
    assert load_pack(broken).steps  # English loads although the Spanish lacks a row
    with pytest.raises(PackError):
        load_pack(broken, lang="es")


def test_a_missing_row_is_reported_at_the_english_row_for_each_text(spanish_pack, tmp_path):
    broken = _edit(spanish_pack, tmp_path, "es/steps.csv", lambda rows: rows[1:])
    first = _read(spanish_pack / "steps.csv")[0]["id"]
    problems = [p for p in check_pack(broken) if p.file == "steps.csv"]
    assert {p.row for p in problems} == {2}
    assert all(f"no row “{first}”" in p.message and "Spanish" in p.message for p in problems)
    assert {p.column for p in problems} == {"title", "summary", "what_happens", "what_it_is_like"}


def test_a_blank_translation_of_a_text_is_reported_with_file_and_row(spanish_pack, tmp_path):
    def blank_title(rows):
        rows[2]["title"] = " "
        return rows

    broken = _edit(spanish_pack, tmp_path, "es/steps.csv", blank_title)
    problems = check_pack(broken)
    assert [(p.file, p.row, p.column) for p in problems] == [("es/steps.csv", 4, "title")]
    assert "is blank" in problems[0].message and "steps.csv:4" in problems[0].message


def test_unknown_ids_sources_advice_and_stray_files_are_all_reported_at_once(
    spanish_pack, tmp_path
):
    def spoil(rows):
        rows[0]["id"] = "no_such_step"
        rows[1]["source_ids"] = "nowhere"
        rows[2]["summary"] = "Usted debería elegir esta."
        return rows

    broken = _edit(spanish_pack, tmp_path, "es/steps.csv", spoil)
    (broken / "es" / "notes.csv").write_text("id\nx\n", encoding="utf-8")
    found = {(p.file, p.row, p.column) for p in check_pack(broken)}
    assert ("es/steps.csv", 2, "id") in found
    assert ("es/steps.csv", 3, "source_ids") in found
    assert ("es/steps.csv", 4, "summary") in found
    assert ("es/notes.csv", None, None) in found


def test_a_pack_without_the_language_asked_for_says_so(tmp_path):
    with pytest.raises(PackError) as raised:
        load_pack(MIN_PACK, lang="es")
    assert [(p.file, p.message) for p in raised.value.problems] == [
        ("es/", "the pack has no Spanish (no folder es/)")
    ]
