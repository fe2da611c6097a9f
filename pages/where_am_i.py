"""Where am I? Three plain questions that point to one of the summary's three states."""

import streamlit as st

from journey.model import State
from journey.navigation import Answer, LastTestsShowed, state_from_answers
from journey.words import WORDS
from ui import components, content, frame, view_state

frame.ensure()
frame.name_tab(WORDS.title_where_am_i)
pack = content.pack()

st.title(WORDS.title_where_am_i)
st.markdown(pack.text("where_am_i_intro").body)


@st.fragment(key=view_state.WHERE_FRAGMENT)
def questions_and_answer() -> None:
    """The three questions and what they point to: an answer reruns only this part of the page
    (the answers are the session's; they change neither the URL's view nor the sidebar)."""
    view = view_state.current_view(pack)
    started, result, came_back = components.where_questions(pack)

    st.header(WORDS.where_result_heading)
    if started is None and result is None and came_back is None:
        st.markdown(WORDS.where_not_answered)
    else:
        answer = state_from_answers(
            started or Answer.NOT_SURE,
            result or LastTestsShowed.NOT_SURE,
            came_back or Answer.NOT_SURE,
        )
        if answer.state:
            st.markdown(WORDS.where_result_state.format(title=pack.state_step(answer.state).title))
            components.state_criteria(pack, view, answer.state)
        else:
            st.markdown(WORDS.where_result_none)
            for state in State:
                components.state_criteria(pack, view, state)
    st.info(pack.text("where_am_i_only_team").body, icon=":material/groups:")


questions_and_answer()
