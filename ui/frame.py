"""Keeps every page inside app.py's frame, even on the first request to a fresh server."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from ui import chrome


def ensure() -> None:
    """Rerun inside app.py when Streamlit has run a page file on its own.

    Until some session has called st.navigation, Streamlit treats a `pages/` folder the old way and
    runs the file for the URL (say /journey_map) without app.py: no notice, no sidebar. That happens
    once per server start, to whoever arrives first on a page other than Start (a shared link, a
    reload). Switching the old mode off and rerunning draws the same page, same URL, in the frame.
    """
    if getattr(PagesManager, "uses_pages_directory", False):
        PagesManager.uses_pages_directory = False
        st.rerun()


def tab_title(page_title: str) -> str:
    """The browser tab's title for a page: the page, then the app."""
    return f"{page_title} · {chrome.APP_TITLE}"


def name_tab(page_title: str) -> None:
    """Give this page its own browser tab title (WCAG 2.4.2, Page Titled).

    app.py names every tab after the app; a page other than Start adds its own name in front, so
    a screen reader, the tab strip and the browser history tell the pages apart.
    """
    st.set_page_config(page_title=tab_title(page_title))
