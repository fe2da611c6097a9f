"""Discussion sheet: choose questions, add your own, write notes, then share or download."""

import datetime

import streamlit as st

from journey.sheet import MAX_NOTES_CHARS, MAX_OWN_QUESTIONS, MAX_QUESTION_CHARS, SheetRequest
from journey.words import WORDS
from ui import components, content, frame, view_state

frame.ensure()
frame.name_tab(WORDS.title_sheet)
pack = content.pack()

st.title(WORDS.title_sheet)
st.markdown(pack.text("sheet_intro").body)


@st.fragment(key=view_state.GUIDE_FRAGMENT)
def getting_ready_to_decide() -> None:
    """Its answers rerun only this part of the page; the downloads read them from the session."""
    components.decision_guide(pack, view_state.current_view(pack))


@st.fragment(key=view_state.SHEET_FRAGMENT)
def sheet_parts() -> None:
    """Everything below the title: a tick, a question of one's own, a move in the list, a note or
    a download reruns only this part of the page, not the sidebar and the menu (which do not
    change with them). The view is read anew at each run of it: the URL holds the ticks."""
    view = view_state.current_view(pack)

    st.header(WORDS.sheet_choose_heading)
    components.question_chooser(pack, view)

    st.header(WORDS.sheet_own_heading)
    components.own_question(pack, MAX_OWN_QUESTIONS, MAX_QUESTION_CHARS)

    st.header(WORDS.sheet_basket_heading)
    items = components.basket(pack, view)

    st.header(WORDS.sheet_notes_heading)
    notes = view_state.notes_input(MAX_NOTES_CHARS)
    components.small(WORDS.sheet_notes_help)

    st.header(WORDS.heading_deciding)
    getting_ready_to_decide()

    st.header(WORDS.sheet_share_heading)
    share_url = view_state.share_url(view)
    st.code(share_url, language=None, wrap_lines=True)
    components.small(WORDS.sheet_share_help)

    st.header(WORDS.sheet_download_heading)
    components.downloads(
        pack,
        SheetRequest(
            view.situation,
            items,
            notes,
            share_url,
            made_on=datetime.date.today(),
            decision=view_state.decision_answers(pack),
        ),
    )


sheet_parts()
