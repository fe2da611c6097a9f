"""Start: what this explorer is and is not, where to begin, and the whole journey at a glance."""

import functools

import streamlit as st

from journey.model import State
from journey.words import WORDS
from ui import chrome, components, content, frame, view_state

frame.ensure()
pack = content.pack()
view = view_state.current_view(pack)

view_state.open_linked_step_on_map(view)

st.title(pack.info.title)
components.text_section(pack, "start_what_this_is")
components.text_section(pack, "start_what_this_is_not")

st.header(WORDS.start_where_heading)
for label, state, icon in (
    (WORDS.entry_diagnosed, State.UNTREATED, ":material/flag:"),
    (WORDS.entry_remission, State.REMISSION, ":material/spa:"),
    (WORDS.entry_came_back, State.RECURRENT, ":material/replay:"),
):
    st.page_link(
        chrome.PAGE_JOURNEY_MAP,
        label=label,
        icon=icon,
        query_params=view_state.link_params(view, pack.state_step(state).id),
    )
st.page_link(
    chrome.PAGE_WALKTHROUGH,
    label=WORDS.entry_learning,
    icon=":material/school:",
    query_params=view_state.link_params(view),
)

st.header(WORDS.start_map_heading)
components.journey_diagram(
    pack,
    view.situation,
    with_legend=False,
    question_ids=view.question_ids,
    on_choose=functools.partial(view_state.choose_step_and_open_map, pack),
)
st.page_link(
    chrome.PAGE_JOURNEY_MAP,
    label=WORDS.start_map_link,
    icon=":material/map:",
    query_params=view_state.link_params(view),
)
