"""Tests and terms: the tests a reader will meet, by purpose, and a searchable glossary."""

import streamlit as st

from journey.words import WORDS
from ui import components, content, frame, view_state

frame.ensure()
frame.name_tab(WORDS.title_tests_terms)
pack = content.pack()

st.title(WORDS.title_tests_terms)
st.header(WORDS.tests_section)
st.markdown(pack.text("tests_intro").body)
components.tests_by_group(pack)

st.header(WORDS.glossary_section)
st.markdown(pack.text("glossary_intro").body)


@st.fragment(key=view_state.GLOSSARY_FRAGMENT)
def searchable_glossary() -> None:
    """The search box and the terms it finds: a search reruns only this part of the page."""
    search = view_state.search_box(WORDS.glossary_search, WORDS.glossary_search_placeholder)
    components.glossary(pack, search)


searchable_glossary()
