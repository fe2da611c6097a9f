"""The frame and router: page config, the one navigation list, the notice, the shared sidebar."""

from __future__ import annotations

import streamlit as st

from ui import chrome, components, content, view_state

st.set_page_config(page_title=chrome.APP_TITLE, page_icon=chrome.APP_ICON, layout="centered")

page = st.navigation(
    [
        st.Page("pages/start.py", title=chrome.TITLE_START, icon=":material/home:", default=True),
        st.Page("pages/journey_map.py", title=chrome.TITLE_JOURNEY_MAP, icon=":material/map:"),
        st.Page("pages/where_am_i.py", title=chrome.TITLE_WHERE_AM_I, icon=":material/explore:"),
        st.Page(
            "pages/treatment_options.py", title=chrome.TITLE_OPTIONS, icon=":material/medication:"
        ),
        st.Page(
            "pages/tests_and_terms.py", title=chrome.TITLE_TESTS_TERMS, icon=":material/biotech:"
        ),
        st.Page("pages/walkthrough.py", title=chrome.TITLE_WALKTHROUGH, icon=":material/school:"),
        st.Page("pages/discussion_sheet.py", title=chrome.TITLE_SHEET, icon=":material/checklist:"),
        st.Page("pages/about.py", title=chrome.TITLE_ABOUT, icon=":material/info:"),
    ]
)

pack = content.pack()
view = view_state.open_view(pack)
components.notice(pack)
with st.sidebar:
    components.situation_sidebar(pack, view)
page.run()
