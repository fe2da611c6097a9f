"""Walkthrough: the usual way through the journey step by step, then its branch, for a class or a
family; its place is its own (`walk`), never the reader's step."""

import streamlit as st

from journey.navigation import walk_place
from journey.words import WORDS
from ui import components, content, frame, view_state

frame.ensure()
frame.name_tab(WORDS.title_walkthrough)
st.set_page_config(layout="wide")
pack = content.pack()

st.title(WORDS.title_walkthrough)
st.markdown(pack.text("walkthrough_intro").body)
components.small(WORDS.walk_keys_help)


@st.fragment(key=view_state.WALK_FRAGMENT)
def walk_step() -> None:
    """The step with Back and Next above and below it, then the map: a move reruns only this."""
    view = view_state.current_view(pack)
    place = walk_place(pack, view.walk)
    with components.large_text():
        components.walk_heading(place)
        view_state.walk_buttons(pack, place, view_state.WalkBar.TOP)
        components.step_details(pack, view, place.step, teaching=True)
        components.journey_diagram(
            pack, view.situation, question_ids=view.question_ids, walk=place.step.id
        )
        components.outline(pack, view.situation, walk=place.step.id)
        view_state.walk_buttons(pack, place, view_state.WalkBar.BOTTOM)
    components.walk_controls(place)


walk_step()
