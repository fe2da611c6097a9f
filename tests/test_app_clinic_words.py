"""AppTest: the clinic's words where a step is shown (journey map, walkthrough, Where am I?, the
outline), and the glossary's search by any name of a term, in English and in Spanish."""

from __future__ import annotations

import pytest

from journey.model import State
from journey.navigation import Answer, LastTestsShowed
from journey.vocabulary import clinic_words
from journey.words import words
from tests import app_testing as t
from ui import view_state

ENGLISH = t.pack()


def lead_line(at, lang: str) -> str:
    """The one Markdown line that names the clinic's words (fails when there is none, or two)."""
    lead = words(lang).clinic_words_lead
    lines = [text for text in t.main_text(at) if lead in text and not is_outline(text)]
    assert len(lines) == 1, lines
    return lines[0]


def is_outline(text: str) -> bool:
    """The map's text outline: a numbered list of every step."""
    return text.startswith("1. ")


def glossary_links(at) -> list:
    return [link.proto for link in at.get("page_link") if link.proto.page == "tests_and_terms"]


def test_the_journey_maps_step_names_the_clinics_words_and_links_to_the_glossary() -> None:
    at = t.open_app({"step": "post_remission", "ph": "positive"}, page=t.JOURNEY_MAP)
    assert not at.exception
    line = lead_line(at, "en")
    for word in clinic_words(ENGLISH, ENGLISH.step("post_remission")):
        assert word.name in line
    assert "intensification therapy" in line
    (link,) = glossary_links(at)
    assert link.label == words("en").clinic_words_link
    assert link.query_string == "step=post_remission&ph=positive"  # the view goes along
    outline = t.page_text(t.unfold(at, view_state.PageFold.OUTLINE))
    assert f"{words('en').clinic_words_lead}: MRD" in outline  # the outline's remission entry


def test_a_step_with_no_clinic_words_shows_no_such_line() -> None:
    at = t.open_app({"step": "signs"}, page=t.JOURNEY_MAP)
    lead = words("en").clinic_words_lead
    assert not any(lead in text for text in t.main_text(at) if not is_outline(text))
    assert glossary_links(at) == []


def test_the_walkthrough_shows_them_on_its_step() -> None:
    at = t.open_app({"walk": "remission"}, page=t.WALKTHROUGH)
    assert not at.exception
    assert "MRD" in lead_line(at, "en")
    assert len(glossary_links(at)) == 1


def test_where_am_i_shows_them_under_each_state() -> None:
    at = t.open_app(page=t.WHERE_AM_I)
    for key, value in zip(
        (view_state.WHERE_STARTED_KEY, view_state.WHERE_TESTS_KEY, view_state.WHERE_BACK_KEY),
        (Answer.YES, LastTestsShowed.NO_SIGNS, Answer.YES),
        strict=True,
    ):
        at.radio(key=key).set_value(value)
    at.run()
    assert not at.exception
    recurrent = ENGLISH.state_step(State.RECURRENT)
    assert f"{recurrent.title}" in t.page_text(at)
    line = lead_line(at, "en")
    assert "relapsed" in line and "refractory" in line


def test_spanish_step_details_use_ncis_words_with_the_english_term_beside() -> None:
    at = t.open_app({"step": "post_remission", "lang": "es"}, page=t.JOURNEY_MAP)
    assert not at.exception
    line = lead_line(at, "es")
    assert "terapia de consolidación" in line and "terapia de intensificación" in line
    assert '<span lang="en">Consolidation therapy</span>' in line
    (link,) = glossary_links(at)
    assert link.label == words("es").clinic_words_link


@pytest.mark.parametrize(
    ("lang", "search", "shown"),
    [
        ("en", "intensification", "**Consolidation therapy**"),
        ("en", "measurable residual disease", "**MRD**"),
        ("es", "intensificación", "**Terapia de consolidación**"),
        ("es", "enfermedad residual medible", "**ERM**"),
        ("es", "Consolidation therapy", "**Terapia de consolidación**"),
    ],
)
def test_the_glossary_search_finds_a_term_by_any_of_its_names(
    lang: str, search: str, shown: str
) -> None:
    at = t.open_app({"lang": lang}, page=t.TESTS_TERMS)
    at.text_input(key=view_state.GLOSSARY_KEY).input(search).run()
    assert not at.exception
    text = t.page_text(at)
    assert shown in text
    assert words(lang).glossary_count.format(shown=1, total=len(ENGLISH.glossary)) in text
