"""About and sources: what this is, where each fact comes from, upkeep, privacy, contact."""

import streamlit as st

from ui import chrome, components, content, frame

frame.ensure()
frame.name_tab(chrome.TITLE_ABOUT)
pack = content.pack()

st.title(chrome.TITLE_ABOUT)
components.text_section(pack, "about_purpose")
st.header(chrome.ABOUT_SOURCES_HEADING)
components.all_sources(pack)
for text_id in (
    "about_how_written",
    "about_review",
    "about_update_policy",
    "about_privacy",
    "about_accessibility",
    "about_no_sponsor",
    "about_contact",
):
    components.text_section(pack, text_id)
st.header(chrome.ABOUT_SUMMARY_HEADING)
st.markdown(
    chrome.ABOUT_SUMMARY_LINE.format(
        title=pack.info.summary_title,
        url=pack.info.summary_url,
        version=pack.info.summary_version,
        date=pack.info.reviewed_on,
    )
)
