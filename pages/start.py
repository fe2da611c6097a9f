"""Start: what this explorer is and is not, where to begin, and the whole journey at a glance."""

import functools

import streamlit as st

from journey.model import State
from ui import chrome, components, content, frame, view_state

frame.ensure()
pack = content.pack()
view = view_state.current_view(pack)

view_state.open_linked_step_on_map(view)

st.title(pack.info.title)
components.text_section(pack, "start_what_this_is")
components.text_section(pack, "start_what_this_is_not")

st.header(chrome.START_WHERE_HEADING)
for label, state, icon in (
    (chrome.ENTRY_DIAGNOSED, State.UNTREATED, ":material/flag:"),
    (chrome.ENTRY_REMISSION, State.REMISSION, ":material/spa:"),
    (chrome.ENTRY_CAME_BACK, State.RECURRENT, ":material/replay:"),
):
    st.page_link(
        chrome.PAGE_JOURNEY_MAP,
        label=label,
        icon=icon,
        query_params=view_state.link_params(view, pack.state_step(state).id),
    )
st.page_link(
    chrome.PAGE_WALKTHROUGH,
    label=chrome.ENTRY_LEARNING,
    icon=":material/school:",
    query_params=view_state.link_params(view),
)

st.header(chrome.START_MAP_HEADING)
components.journey_diagram(
    pack,
    view.situation,
    with_legend=False,
    question_ids=view.question_ids,
    on_choose=functools.partial(view_state.choose_step_and_open_map, pack),
)
st.page_link(
    chrome.PAGE_JOURNEY_MAP,
    label=chrome.START_MAP_LINK,
    icon=":material/map:",
    query_params=view_state.link_params(view),
)
