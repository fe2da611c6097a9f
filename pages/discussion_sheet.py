"""Discussion sheet: choose questions, add your own, write notes, then share or download."""

import datetime

import streamlit as st

from journey.sheet import MAX_NOTES_CHARS, MAX_OWN_QUESTIONS, MAX_QUESTION_CHARS, SheetRequest
from ui import chrome, components, content, frame, view_state

frame.ensure()
frame.name_tab(chrome.TITLE_SHEET)
pack = content.pack()
view = view_state.current_view(pack)

st.title(chrome.TITLE_SHEET)
st.markdown(pack.text("sheet_intro").body)

st.header(chrome.SHEET_CHOOSE_HEADING)
components.question_chooser(pack, view)

st.header(chrome.SHEET_OWN_HEADING)
components.own_question(pack, MAX_OWN_QUESTIONS, MAX_QUESTION_CHARS)

st.header(chrome.SHEET_BASKET_HEADING)
items = components.basket(pack, view)

st.header(chrome.SHEET_NOTES_HEADING)
notes = view_state.notes_input(MAX_NOTES_CHARS)
components.small(chrome.SHEET_NOTES_HELP)

st.header(chrome.SHEET_SHARE_HEADING)
share_url = view_state.share_url(view)
st.code(share_url, language=None, wrap_lines=True)
components.small(chrome.SHEET_SHARE_HELP)

st.header(chrome.SHEET_DOWNLOAD_HEADING)
components.downloads(
    pack,
    SheetRequest(view.situation, items, notes, share_url, made_on=datetime.date.today()),
)
