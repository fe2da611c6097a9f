"""About and sources: what this is, where each fact comes from, upkeep, self-audit, contact."""

import streamlit as st

from journey.words import WORDS
from ui import components, content, frame, upkeep

frame.ensure()
frame.name_tab(WORDS.title_about)
pack = content.pack()

st.title(WORDS.title_about)
components.text_section(pack, "about_purpose")
st.header(WORDS.about_sources_heading)
components.all_sources(pack)
for text_id in ("about_how_written", "about_review", "about_update_policy"):
    components.text_section(pack, text_id)
upkeep.checked_since_line()
components.text_section(pack, "about_changes")
upkeep.change_list(pack)
components.text_section(pack, "about_audit")
upkeep.self_audit(pack)
for text_id in (
    "about_privacy",
    "about_accessibility",
    "about_no_sponsor",
    "about_contact",
    "about_spanish_summary",
    "about_interpreter",
):
    components.text_section(pack, text_id)
st.header(WORDS.about_summary_heading)
st.markdown(
    WORDS.about_summary_line.format(
        title=pack.info.summary_title,
        url=pack.info.summary_url,
        version=components.version_words(pack.info.summary_version) or pack.info.summary_date,
        date=pack.info.reviewed_on,
    )
)
