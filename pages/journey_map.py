"""Journey map: the whole journey with "you are here", and the details of the chosen step."""

import streamlit as st

from ui import chrome, components, content, frame, view_state

frame.ensure()
frame.name_tab(chrome.TITLE_JOURNEY_MAP)
st.set_page_config(layout="wide")
pack = content.pack()

st.title(chrome.TITLE_JOURNEY_MAP)


@st.fragment(key=view_state.MAP_FRAGMENT)
def map_and_step() -> None:
    """The map, the step list and the chosen step: a choice reruns only this part of the page
    (the whole app when the new step asks other facts, so the sidebar follows)."""
    view = view_state.current_view(pack)
    with st.container(width=520):
        step_id = view_state.step_select(pack, view)
    components.journey_diagram(pack, view.situation, question_ids=view.question_ids)
    details_column, outline_column = st.columns([2, 1], gap="large")
    with outline_column:
        components.outline(pack, view.situation)
    with details_column:
        if step_id is None:
            st.info(chrome.STEP_NONE_CHOSEN, icon=":material/touch_app:")
        else:
            step = pack.step(step_id)
            components.step_details(pack, view, step, can_move=True)


map_and_step()
