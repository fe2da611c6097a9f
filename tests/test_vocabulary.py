"""The clinic's words: the glossary's names tied to steps, shown where a step is shown, and the
glossary search that finds any of a term's names (English and Spanish)."""

from __future__ import annotations

import dataclasses
import datetime
import io
import json
import shutil
from pathlib import Path

import pypdf
import pytest

from journey.cli import main
from journey.diagram import build_diagram, outline_markdown
from journey.loading import check_pack, load_pack
from journey.model import ContentPack, GlossaryTerm
from journey.sheet import SectionId, SheetRequest, build_sheet, sheet_markdown, sheet_pdf
from journey.situation import Situation
from journey.vocabulary import clinic_words, matches_search, words_line
from journey.words import use_language, words
from tests.packs import REAL_PACK

ENGLISH = load_pack(REAL_PACK)
SPANISH = load_pack(REAL_PACK, lang="es")
ENGLISH_DATE = datetime.date(2026, 12, 2)

#: The words care teams say, by step, as the issue names them (written from the sources, never
#: read back from data/): each must be among the step's clinic words.
CLINIC_WORDS = {
    "post_remission": {"consolidation therapy", "intensification therapy", "maintenance"},
    "remission": {"MRD"},
    "recurrent": {"relapsed", "refractory"},
    "recurrent_treatment": {"relapsed", "refractory"},
}
SPANISH_CLINIC_WORDS = {
    "post_remission": {"terapia de consolidación", "terapia de intensificación", "mantenimiento"},
    "remission": {"ERM", "enfermedad residual mínima"},
    "recurrent": {"recaída", "refractaria"},
}


def names_at(pack: ContentPack, step_id: str) -> list[str]:
    return [word.name for word in clinic_words(pack, pack.step(step_id))]


@pytest.mark.parametrize(("step_id", "expected"), sorted(CLINIC_WORDS.items()))
def test_each_step_names_the_words_care_teams_use(step_id: str, expected: set[str]) -> None:
    assert expected <= set(names_at(ENGLISH, step_id))


@pytest.mark.parametrize(("step_id", "expected"), sorted(SPANISH_CLINIC_WORDS.items()))
def test_each_step_names_ncis_spanish_words(step_id: str, expected: set[str]) -> None:
    assert expected <= set(names_at(SPANISH, step_id))


def test_a_name_already_in_the_steps_title_is_not_repeated() -> None:
    # "post-remission therapy" is an other name of consolidation; the step is called so
    assert "post-remission therapy" in ENGLISH.glossary_term("consolidation").also_called
    assert "post-remission therapy" not in [
        n.casefold() for n in names_at(ENGLISH, "post_remission")
    ]
    assert "terapia de posremisión" not in names_at(SPANISH, "post_remission")
    assert names_at(ENGLISH, "signs") == []


def test_every_word_shown_is_a_glossary_name_of_an_entry_tied_to_the_step() -> None:
    for pack in (ENGLISH, SPANISH):
        for step in pack.steps:
            for word in clinic_words(pack, step):
                assert step.id in word.term.step_ids
                assert word.name.casefold() in {n.casefold() for n in word.term.names}


def test_a_spanish_word_carries_its_english_term_and_an_english_one_none() -> None:
    words_ = {
        word.name: word.english for word in clinic_words(SPANISH, SPANISH.step("post_remission"))
    }
    assert words_["terapia de consolidación"] == "Consolidation therapy"
    assert words_["terapia de intensificación"] == ""  # an other name: no English term of its own
    assert all(not word.english for word in clinic_words(ENGLISH, ENGLISH.step("post_remission")))
    assert "terapia de consolidación (Consolidation therapy)" in words_line(
        clinic_words(SPANISH, SPANISH.step("post_remission"))
    )


def test_names_read_inside_a_line_but_acronyms_stay_as_written(tmp_path: Path) -> None:
    base = ENGLISH.glossary_term("consolidation")
    made_up = (
        dataclasses.replace(base, id="a", term="Maintenance", also_called=("MRD", "B-cell ALL")),
        dataclasses.replace(base, id="b", term="Maintenance", also_called=()),  # said once
        dataclasses.replace(base, id="c", term="Other", also_called=(), step_ids=("signs",)),
    )
    pack = dataclasses.replace(ENGLISH, glossary=made_up)
    assert names_at(pack, "post_remission") == ["maintenance", "MRD", "B-cell ALL"]
    assert names_at(pack, "signs") == ["other"]


@pytest.mark.parametrize(
    ("pack", "search", "term_id"),
    [
        (ENGLISH, "INTENSIFICATION", "consolidation"),
        (ENGLISH, "post-remission", "consolidation"),
        (ENGLISH, "measurable residual disease", "mrd"),
        (ENGLISH, "relapsed", "recurrent"),
        (SPANISH, "intensificación", "consolidation"),
        (SPANISH, "enfermedad residual medible", "mrd"),
        (SPANISH, "consolidation therapy", "consolidation"),  # the English term
    ],
    ids=["en-synonym", "en-first-synonym", "en-second-synonym", "en-relapsed", "es-synonym",
         "es-second-synonym", "es-english-term"],
)  # fmt: skip
def test_the_glossary_search_finds_any_name_of_a_term(
    pack: ContentPack, search: str, term_id: str
) -> None:
    found = [term.id for term in pack.glossary if matches_search(pack, term, search)]
    assert term_id in found


def test_an_empty_search_shows_every_term_and_a_stranger_none() -> None:
    assert all(matches_search(ENGLISH, term, "  ") for term in ENGLISH.glossary)
    assert not any(matches_search(ENGLISH, term, "zzqx") for term in ENGLISH.glossary)


# ---------------------------------------------------------------- where the step is shown


def test_the_maps_tooltip_and_outline_name_the_words() -> None:
    source = build_diagram(ENGLISH, Situation()).source
    node = next(line for line in source.splitlines() if "id=step_post_remission" in line)
    assert words("en").clinic_words_lead in node and "intensification therapy" in node
    outline = outline_markdown(ENGLISH, Situation())
    assert f"{words('en').clinic_words_lead}: remission induction." in outline
    with use_language("es"):
        spanish_outline = outline_markdown(SPANISH, Situation())
    assert "terapia de intensificación" in spanish_outline


def test_the_sheet_names_the_words_of_the_readers_step_and_explains_each() -> None:
    request = SheetRequest(Situation(step="post_remission"), made_on=ENGLISH_DATE)
    section = build_sheet(ENGLISH, request).section(SectionId.GLOSSARY)
    assert section is not None
    first = section.blocks[0]
    assert first.lead == words("en").clinic_words_for_step.format(title="Post-remission therapy")
    assert "intensification therapy" in first.text
    leads = " ".join(block.lead for block in section.blocks[1:])
    assert "Consolidation therapy" in leads and "Maintenance" in leads
    markdown = sheet_markdown(ENGLISH, request)
    assert "intensification therapy" in markdown
    text = " ".join(
        page.extract_text()
        for page in pypdf.PdfReader(io.BytesIO(sheet_pdf(ENGLISH, request))).pages
    )
    assert "intensification therapy" in " ".join(text.split())


def test_a_sheet_without_a_step_has_no_such_line() -> None:
    request = SheetRequest(Situation(), made_on=ENGLISH_DATE)
    section = build_sheet(ENGLISH, request).section(SectionId.GLOSSARY)
    lead = words("en").clinic_words_for_step.split("{")[0]
    assert section is None or not any(block.lead.startswith(lead) for block in section.blocks)


def run_cli(*args: str) -> str:
    out, err = io.StringIO(), io.StringIO()
    assert main(list(args), out=out, err=err) == 0, err.getvalue()
    return out.getvalue()


def test_show_names_the_words_of_the_state_and_of_its_phase() -> None:
    text = run_cli("show", "--state", "remission")
    assert f"{words('en').clinic_words_lead}: MRD" in text
    assert "intensification therapy" in text
    report = json.loads(run_cli("show", "--state", "remission", "--format", "json"))
    assert "MRD" in report["state_clinic_words"]
    assert "maintenance" in report["phase_clinic_words"]


# ---------------------------------------------------------------- the one vocabulary table


def test_a_translation_keeps_one_name_for_each_english_name(tmp_path: Path) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(REAL_PACK, copy)
    spanish = copy / "es" / "glossary.csv"
    text = spanish.read_text(encoding="utf-8")
    old = "terapia de posremisión; terapia de intensificación"
    assert old in text
    spanish.write_text(text.replace(old, "terapia de posremisión"), encoding="utf-8")
    problems = [str(p) for p in check_pack(copy, with_pandera=False)]
    assert any("es/glossary.csv" in p and "has 1 names separated by ;" in p for p in problems)


def test_a_step_id_that_is_no_step_is_reported(tmp_path: Path) -> None:
    copy = tmp_path / "pack"
    shutil.copytree(REAL_PACK, copy)
    glossary = copy / "glossary.csv"
    text = glossary.read_text(encoding="utf-8")
    glossary.write_text(text.replace(",post_remission,", ",post_remision,", 1), encoding="utf-8")
    problems = [str(p) for p in check_pack(copy, with_pandera=False)]
    assert any("glossary.csv" in p and "“post_remision” is not an id in steps.csv" in p
               for p in problems)  # fmt: skip


def test_the_model_keeps_the_names_as_a_tuple() -> None:
    term = ENGLISH.glossary_term("consolidation")
    assert isinstance(term, GlossaryTerm)
    assert term.names == (term.term, *term.also_called)
    assert term.also_called == ("post-remission therapy", "intensification therapy")
