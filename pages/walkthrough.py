"""Walkthrough: Back and Next through every step in order, for a class or a family."""

import streamlit as st

from journey.navigation import steps_in_order, walk_position
from ui import chrome, components, content, frame, view_state

frame.ensure()
frame.name_tab(chrome.TITLE_WALKTHROUGH)
st.set_page_config(layout="wide")
pack = content.pack()

st.title(chrome.TITLE_WALKTHROUGH)
st.markdown(pack.text("walkthrough_intro").body)


@st.fragment(key=view_state.WALK_FRAGMENT)
def walk_step() -> None:
    """Where the walk is, Back and Next, the step and the map: a move reruns only this part."""
    view = view_state.current_view(pack)
    position, total = walk_position(pack, view.situation.step)
    step = steps_in_order(pack)[position - 1]
    st.progress(position / total, text=chrome.WALK_POSITION.format(n=position, total=total))
    view_state.walk_buttons(pack, view)
    details_column, map_column = st.columns(2, gap="large")
    with details_column, components.large_text():
        components.step_details(pack, view, step, teaching=True)
    with map_column:
        components.journey_diagram(
            pack,
            view.situation.with_step(step.id),
            with_legend=False,
            question_ids=view.question_ids,
            walkthrough=True,
        )


walk_step()
