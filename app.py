"""The frame and router: page config, the one navigation list, the notice, the shared sidebar."""

from __future__ import annotations

import streamlit as st

from ui import components, content, frame, view_state

languages = content.languages()
language = view_state.open_language(languages)
frame.page_config()
page = frame.navigation()

pack = content.pack()
view = view_state.open_view(pack)
components.notice(pack)
with st.sidebar:
    view_state.language_select(languages)
    frame.mark_language(language)
    components.situation_sidebar(pack, view)
frame.run(page)
