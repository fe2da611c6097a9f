"""Journey map: the whole journey with "you are here", and the details of the chosen step."""

import streamlit as st

from journey.words import WORDS
from ui import components, content, frame, view_state

frame.ensure()
frame.name_tab(WORDS.title_journey_map)
st.set_page_config(layout="wide")
pack = content.pack()

st.title(WORDS.title_journey_map)


@st.fragment(key=view_state.MAP_FRAGMENT)
def map_and_step() -> None:
    """The map, the step list and the chosen step: a choice reruns only this part of the page
    (the whole app when the new step asks other facts, so the sidebar follows)."""
    view = view_state.current_view(pack)
    with st.container(width=520):
        step_id = view_state.step_select(pack, view)
    if step_id is None:
        st.info(WORDS.step_none_chosen, icon=":material/touch_app:")
    else:
        # Answer first: the chosen step (what it is, where it leads, what is listed) opens the
        # page, above the map, so a reader who came for it (a link from Start, a shared link)
        # sees it without scrolling, on a desk and on a phone.
        with st.container(width=820):
            components.step_details(pack, view, pack.step(step_id), can_move=True)
    components.journey_diagram(pack, view.situation, question_ids=view.question_ids)
    components.outline(pack, view.situation)
    components.phase_timeline(pack, view.situation)


map_and_step()
