"""Tests and terms: the tests a reader will meet, by purpose, and a searchable glossary."""

import streamlit as st

from ui import chrome, components, content, frame, view_state

frame.ensure()
frame.name_tab(chrome.TITLE_TESTS_TERMS)
pack = content.pack()

st.title(chrome.TITLE_TESTS_TERMS)
st.header(chrome.TESTS_SECTION)
st.markdown(pack.text("tests_intro").body)
components.tests_by_group(pack)

st.header(chrome.GLOSSARY_SECTION)
st.markdown(pack.text("glossary_intro").body)
search = view_state.search_box(chrome.GLOSSARY_SEARCH, chrome.GLOSSARY_SEARCH_PLACEHOLDER)
components.glossary(pack, search)
