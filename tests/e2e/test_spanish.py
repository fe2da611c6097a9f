"""The explorer in Spanish in a real browser: the page says lang="es" (WCAG 3.1.1), the English
term beside a Spanish one says lang="en" (3.1.2), axe finds nothing in either theme, and the
language choice switches the page back to English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.app_server import AppServer
from harness.browser import wait_for_app_idle
from journey.loading import load_pack
from journey.words import use_language, words
from tests.e2e.app_pages import AppPage, app_pages, browser_tab, expand_all, open_page
from tests.e2e.test_accessibility import THEMES, checked_pages, run_axe
from tests.packs import REAL_PACK


def spanish_pages() -> tuple[tuple[AppPage, str], ...]:
    """Each page with its Spanish heading and the accessibility run's view, in Spanish."""
    with use_language("es"):
        pages = app_pages()
    start_title = load_pack(REAL_PACK, lang="es").info.title
    views = {checked.app_page.path: checked.query for checked in checked_pages()}
    found = []
    for page in pages:
        heading = start_title if page.path == "/" else page.title
        query = views.get(page.path, "")
        query = f"{query}&lang=es" if query else "?lang=es"
        found.append((AppPage(page.path, heading, page.has_diagram), query))
    return tuple(found)


PAGES = spanish_pages()


@pytest.fixture(scope="module")
def spanish_tabs(browser: Browser, app_server: AppServer) -> Iterator[dict[str, Page]]:
    with (
        browser_tab(browser, app_server.url, color_scheme="light") as light,
        browser_tab(browser, app_server.url, color_scheme="dark") as dark,
    ):
        yield {"light": light, "dark": dark}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("app_page", "query"), PAGES, ids=[p.name for p, _ in PAGES])
def test_every_page_in_spanish_says_so_and_has_no_wcag_violations(
    spanish_tabs: dict[str, Page], theme: str, app_page: AppPage, query: str
) -> None:
    page = spanish_tabs[theme]
    with use_language("es"):
        open_page(page, app_page.path + query, app_page.title, diagram=app_page.has_diagram)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expand_all(page)
    run_axe(page, theme, f"{app_page.path}{query}")


def test_the_english_term_beside_a_spanish_one_is_marked_english(
    spanish_tabs: dict[str, Page],
) -> None:
    page = spanish_tabs["light"]
    with use_language("es"):
        heading = app_pages()[4].title  # tests and terms
        open_page(page, "/tests_and_terms?lang=es", heading)
    spanish = load_pack(REAL_PACK, lang="es")
    term = next(t for t in spanish.glossary if spanish.english_term("glossary", t.id))
    english = spanish.english_term("glossary", term.id)
    expect(page.locator(f'span[lang="en"]:text-is("{english}")').first).to_be_visible()


def open_in_spanish_and_choose_english(page: Page, path: str) -> None:
    """Open `path` as a Spanish page (its <html lang> says so), then choose English."""
    with use_language("es"):
        open_page(page, path, load_pack(REAL_PACK, lang="es").info.title)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text(words("en").language_name, exact=True).click()
    wait_for_app_idle(page)
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_choosing_english_turns_the_page_english(spanish_tabs: dict[str, Page]) -> None:
    page = spanish_tabs["light"]
    open_in_spanish_and_choose_english(page, "/?lang=es")
    expect(page.get_by_role("heading", name=words("en").start_where_heading)).to_be_visible()
    assert "lang=" not in page.url  # English, the browser's own language: nothing to say


def test_a_browser_asking_for_spanish_opens_in_spanish_and_keeps_english_once_chosen(
    browser: Browser, app_server: AppServer
) -> None:
    with browser_tab(browser, app_server.url, locale="es-US") as page:
        open_in_spanish_and_choose_english(page, "/")
        assert "lang=en" in page.url  # so a reload stays English
        open_page(page, page.url, load_pack(REAL_PACK).info.title)
        expect(page.locator("html")).to_have_attribute("lang", "en")
