"""The app's frame: the one navigation list, and every page inside it from the very first request.

Two things Streamlit 1.67 does on the first run after a server start, with a folder named `pages/`
beside app.py, and how the frame meets them with public settings and calls only:

- Until some run has called `st.navigation`, Streamlit runs in its old multipage mode: it draws a
  menu of the folder's file names ("app", "where am i") while the first script runs. The config
  (`client.showSidebarNavigation = false`) hides that menu; `navigation()` turns the option on
  (`st.set_option`, public for client options) before it draws the real menu, so from its first
  run on the sidebar shows the pages by their titles and never a file name.
- In that old mode a URL such as /journey_map runs pages/journey_map.py on its own, without
  app.py: no notice, no sidebar. app.py runs each page through `run()`; `ensure()` at the top of
  every page sees when it was not, calls `st.navigation` (which ends the old mode for good) and
  reruns: the same page, same URL, now inside the frame. (AppTest starts every run in the old
  mode, so its tests meet this case each time.)
"""

from __future__ import annotations

import contextvars
import copy
import functools
from pathlib import Path
from typing import TYPE_CHECKING

import streamlit as st

from journey.words import WORDS
from ui import chrome

if TYPE_CHECKING:
    from streamlit.navigation.page import StreamlitPage

#: The folder that holds app.py and pages/, so the menu's page files never depend on the folder
#: Streamlit resolves a page against.
APP_DIR = Path(__file__).resolve().parent.parent

#: The option that shows the navigation menu in the sidebar; false in .streamlit/config.toml.
SIDEBAR_NAVIGATION_OPTION = "client.showSidebarNavigation"


def pages() -> tuple[tuple[str, str, str], ...]:
    """Page files in menu order: (file, title in the reader's language, icon); Start first, the
    default page."""
    return (
        ("pages/start.py", WORDS.title_start, ":material/home:"),
        ("pages/journey_map.py", WORDS.title_journey_map, ":material/map:"),
        ("pages/where_am_i.py", WORDS.title_where_am_i, ":material/explore:"),
        ("pages/treatment_options.py", WORDS.title_options, ":material/medication:"),
        ("pages/tests_and_terms.py", WORDS.title_tests_terms, ":material/biotech:"),
        ("pages/walkthrough.py", WORDS.title_walkthrough, ":material/school:"),
        ("pages/discussion_sheet.py", WORDS.title_sheet, ":material/checklist:"),
        ("pages/about.py", WORDS.title_about, ":material/info:"),
    )


# True while app.py runs the page (inside `run()`), in the script run's own thread.
_in_frame: contextvars.ContextVar[bool] = contextvars.ContextVar("in_frame", default=False)


def page_config() -> None:
    """The app's title, icon and layout, set before the navigation menu in every run that draws
    it: without an icon of the app's own, the browser shows the page's Material icon as the tab's
    icon, which it fetches from another host (fonts.gstatic.com)."""
    st.set_page_config(page_title=WORDS.app_title, page_icon=chrome.APP_ICON, layout="centered")


def navigation() -> StreamlitPage:
    """Draw the one navigation menu and return the page the URL names."""
    if st.get_option(SIDEBAR_NAVIGATION_OPTION) is False:
        st.set_option(SIDEBAR_NAVIGATION_OPTION, True)
    # A copy per run: st.navigation marks the page it returns as the one this run may call, and
    # Page.run unmarks it, so runs of other sessions must never share a Page.
    return st.navigation([copy.copy(page) for page in _menu(pages())])


@functools.lru_cache(maxsize=8)
def _menu(entries: tuple[tuple[str, str, str], ...]) -> tuple[StreamlitPage, ...]:
    """The menu's pages, made once per language (the titles are the cache's key): making a
    `st.Page` looks its file up on disk and checks its icon, which was about 7 % of a rerun."""
    return tuple(
        st.Page(APP_DIR / path, title=title, icon=icon, default=position == 0)
        for position, (path, title, icon) in enumerate(entries)
    )


def run(page: StreamlitPage) -> None:
    """Run the page the URL names inside the frame app.py has drawn."""
    token = _in_frame.set(True)
    try:
        page.run()
    finally:
        _in_frame.reset(token)


def ensure() -> None:
    """Rerun inside app.py when Streamlit has run a page file on its own (see the module's doc)."""
    if not _in_frame.get():
        page_config()
        navigation()
        st.rerun()


def tab_title(page_title: str) -> str:
    """The browser tab's title for a page: the page, then the app."""
    return f"{page_title} · {WORDS.app_title}"


def name_tab(page_title: str) -> None:
    """Give this page its own browser tab title (WCAG 2.4.2, Page Titled).

    app.py names every tab after the app; a page other than Start adds its own name in front, so
    a screen reader, the tab strip and the browser history tell the pages apart.
    """
    st.set_page_config(page_title=tab_title(page_title))


# The page's language for browsers and screen readers (WCAG 3.1.1): Streamlit's page says
# <html lang="en"> whatever it shows, and offers no setting, so a tiny element sets it.
_PAGE_LANGUAGE_JS = """
export default function (component) {
  document.documentElement.lang = component.data.lang;
}
"""
PAGE_LANGUAGE_COMPONENT = "page_language"
_PAGE_LANGUAGE = st.components.v2.component(PAGE_LANGUAGE_COMPONENT, js=_PAGE_LANGUAGE_JS)


def mark_language(language: str) -> None:
    """Say the page's language in its <html lang>, in every full run (a language choice too).

    Without a key: the element keeps no state, and a keyed components-v2 element is presented
    (a class built for it) each time a keyed widget reads the session's state, which every
    sidebar control does: that was about 1.8 ms of a 30 ms rerun. Its identity is then its data,
    so a language choice mounts it anew, which sets the language as well."""
    _PAGE_LANGUAGE(data={"lang": language})
