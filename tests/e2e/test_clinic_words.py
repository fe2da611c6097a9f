"""The clinic's words in a real browser: the glossary's search finds any other name of a term (in
English and in Spanish), and a step's details name the words a care team may use, with a link to
the glossary that keeps the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.browser import wait_for_app_idle
from journey.loading import load_pack
from journey.vocabulary import clinic_words, matches_search
from journey.words import use_language, words
from tests.e2e.app_pages import browser_tab, open_page
from tests.packs import REAL_PACK

ENGLISH, SPANISH = load_pack(REAL_PACK), load_pack(REAL_PACK, lang="es")
GLOSSARY_ITEMS = "[data-testid=stMain] [data-testid=stMarkdownContainer] li"


@pytest.fixture(scope="module")
def tab(browser: Browser, base_url: str) -> Iterator[Page]:
    with browser_tab(browser, base_url) as shared:
        yield shared


def search_glossary(page: Page, lang: str, text: str) -> None:
    box = page.get_by_role("searchbox", name=words(lang).glossary_search)
    box.fill(text)
    box.press("Enter")
    wait_for_app_idle(page)


@pytest.mark.parametrize(
    ("lang", "search", "term_id"),
    [
        ("en", "intensification", "consolidation"),
        ("en", "measurable residual", "mrd"),
        ("es", "intensificación", "consolidation"),
        ("es", "enfermedad residual medible", "mrd"),
        ("es", "Consolidation therapy", "consolidation"),  # the English term, on a Spanish page
    ],
)
def test_the_glossary_search_finds_a_term_by_any_of_its_other_names(
    tab: Page, lang: str, search: str, term_id: str
) -> None:
    pack = SPANISH if lang == "es" else ENGLISH
    with use_language(lang):
        open_page(tab, f"/tests_and_terms?lang={lang}", words(lang).title_tests_terms)
    search_glossary(tab, lang, search)
    term = pack.glossary_term(term_id)
    found = [entry for entry in pack.glossary if matches_search(pack, entry, search)]
    assert term in found and len(found) <= 3, found  # the search is narrow, and finds it
    shown = words(lang).glossary_count.format(shown=len(found), total=len(pack.glossary))
    expect(tab.get_by_text(shown)).to_be_visible()
    item = tab.locator(GLOSSARY_ITEMS, has_text=term.definition)
    expect(item).to_have_count(1)
    expect(item).to_contain_text(term.term)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_steps_details_name_the_clinics_words_and_link_to_the_glossary(
    tab: Page, lang: str
) -> None:
    pack = SPANISH if lang == "es" else ENGLISH
    step = pack.step("post_remission")
    with use_language(lang):
        open_page(
            tab, f"/journey_map?step=post_remission&lang={lang}", words(lang).title_journey_map
        )
    line = tab.locator("[data-testid=stMain] p", has_text=words(lang).clinic_words_lead)
    expect(line).to_have_count(1)
    for word in clinic_words(pack, step):
        expect(line).to_contain_text(word.name)
    if lang == "es":  # the care team's English term beside, marked as English
        english = pack.english_term("glossary", "consolidation")
        expect(line.locator(f'span[lang="en"]:text-is("{english}")')).to_have_count(1)
    tab.get_by_role("link", name=words(lang).clinic_words_link).click()
    wait_for_app_idle(tab)
    expect(tab.get_by_role("heading", level=1, name=words(lang).title_tests_terms)).to_be_visible()
    assert "step=post_remission" in tab.url  # the view goes along
