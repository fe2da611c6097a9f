"""Treatment options: what the summary lists for a phase, and how each relates to your situation."""

import streamlit as st

from journey.navigation import verdicts
from journey.words import WORDS
from ui import components, content, frame, view_state

frame.ensure()
frame.name_tab(WORDS.title_options)
pack = content.pack()
view = view_state.current_view(pack)

st.title(WORDS.title_options)
st.markdown(pack.text("options_intro").body)
phase = view_state.phase_select(pack, view)
st.header(WORDS.options_for_phase.format(phase=phase.title))
st.markdown(phase.summary)
components.other_phase_note(pack, view, phase)
judged = ()
if not components.childhood_pointer(pack, view.situation):
    judged = verdicts(pack, view.situation.with_step(phase.id))
    components.option_cards(pack, judged)
    components.compare_table(judged)
components.trial_links(pack, phase.id, level=2)
components.treatment_kinds(pack)
components.drug_tables(pack, judged)
