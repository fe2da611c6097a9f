"""The single door between the URL, the session and a validated view of the journey.

Only this module touches `st.query_params` and `st.session_state`. The URL holds what must survive a
reload, a new tab or a shared link: the step, the situation facts, the chosen question ids and the
walkthrough's place (`walk`, which never moves the reader's `step`). The session holds what must
never leave the browser tab: notes and the reader's own questions. Every widget key lives here, with
the callback that writes its change back.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Mapping, Sequence
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, NamedTuple

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from journey.deciding import PERSON_WORDS, DecisionAnswers, Person, PersonAnswers
from journey.model import (
    MAX_AGE_YEARS,
    MIN_ASKABLE_AGE_YEARS,
    CheckChoice,
    ContentPack,
    Fact,
    FactKind,
    GuideItem,
    GuidePart,
    Question,
    Step,
    StepKind,
    UnderstandingCheck,
)
from journey.navigation import (
    Answer,
    LastTestsShowed,
    WalkPlace,
    facts_asked_at,
    phase_for_step,
    steps_in_order,
    walk_place,
)
from journey.situation import (
    PARAM_LANG,
    ParsedView,
    Vocabulary,
    parse_view,
    query_string,
    view_params,
)
from journey.situation import share_url as situation_share_url
from journey.words import ENGLISH, WORDS, set_language, set_language_source, words
from ui import chrome, content, journey_map

# Widget keys: one per control, never built anywhere else.
LANGUAGE_KEY: Final = "language_choice"
FACT_KEY_PREFIX: Final = "fact_"
STEP_KEY: Final = "step_choice"
PHASE_KEY: Final = "phase_choice"
WALK_OPTIONS_KEY: Final = "walk_options"
WALK_BACK_KEY: Final = "walk_back"
WALK_NEXT_KEY: Final = "walk_next"
WALK_BRANCH_KEY: Final = "walk_branch"
WALK_BACK_BOTTOM_KEY: Final = "walk_back_bottom"
WALK_NEXT_BOTTOM_KEY: Final = "walk_next_bottom"
WALK_BRANCH_BOTTOM_KEY: Final = "walk_branch_bottom"
WALK_KEYBOARD_KEY: Final = "walk_keyboard"
WHERE_STARTED_KEY: Final = "where_started"
WHERE_TESTS_KEY: Final = "where_tests"
WHERE_BACK_KEY: Final = "where_back"
GLOSSARY_KEY: Final = "glossary_search"
QUESTION_KEY_PREFIX: Final = "sheet_q_"
QUESTION_GROUP_KEY: Final = "sheet_question_group"
ANY_STEP_GROUP: Final = ""  # the group of questions for any step (step ids are never empty)
OWN_FORM_KEY: Final = "sheet_own_form"
OWN_QUESTION_KEY: Final = "sheet_own_question"
ITEM_UP_PREFIX: Final = "sheet_up_"
ITEM_DOWN_PREFIX: Final = "sheet_down_"
ITEM_REMOVE_PREFIX: Final = "sheet_remove_"
NOTES_KEY: Final = "sheet_notes"
SHEET_DOWNLOADS_KEY: Final = "sheet_downloads"  # the sheet's PDF and Markdown
MAP_DOWNLOADS_KEY: Final = "map_downloads"  # the map's DOT, SVG and PNG
MAP_KEY: Final = "journey_map"
FOLD_KEY_PREFIX: Final = "fold_"
MOVE_KEY_PREFIX: Final = "move_to_"
CHECK_KEY_PREFIX: Final = "check_answer_"

# Fragment keys: the part of a page that a step choice reruns.
MAP_FRAGMENT: Final = "map_and_step"
WALK_FRAGMENT: Final = "walk_step"
GUIDE_FRAGMENT: Final = "decision_guide"  # the sheet's "Getting ready to decide": its answers
SHEET_FRAGMENT: Final = "sheet_parts"  # the sheet below its title: questions, notes, downloads
WHERE_FRAGMENT: Final = "where_questions"  # Where am I: the three questions and their answer
GLOSSARY_FRAGMENT: Final = "glossary_terms"  # Tests and terms: the search box and what it finds

# Session-only state that is not a widget.
_LANGUAGE: Final = "view_language"  # the language of this session's screens and content
_MIRROR: Final = "view_params"  # the URL's view, to put back after a page switch empties the URL
_ARRIVED_BY_LINK: Final = "view_arrived_by_link"  # True on a session's first run
_SHOWN_NOTICES: Final = "view_notices"  # what this run said it dropped from the link
_CARRIED_NOTICES: Final = "view_notices_carried"  # to say again after a switch to another page
_PHASE_FOR_STEP: Final = "phase_choice_for_step"  # the step the phase choice was made at
_GROUP_FOR_STEP: Final = "question_group_for_step"  # the step the question group was chosen at
_BASKET: Final = "sheet_basket"  # item tokens in the reader's order
_OWN_TEXTS: Final = "sheet_own_texts"  # own question token -> text; never in the URL
_OWN_COUNTER: Final = "sheet_own_counter"
_OPEN_MAP: Final = "view_open_map"  # a step chosen on Start's map: go on to the journey map
_OPEN_OPTIONS: Final = "view_open_options"  # the walkthrough asked for a phase's options
_SIDEBAR_ASKS: Final = "view_sidebar_asks"  # the fact ids the sidebar asked in the last full run
_ANSWERED_PRESSES: Final = "download_answered"  # download element key -> last press number answered

_QUESTION_TOKEN: Final = "q:"
_OWN_TOKEN: Final = "own:"

NOTICE_ICON: Final = ":material/link_off:"


# ---------------------------------------------------------------- the language


def session_language() -> str | None:
    """The language this session reads in (None outside a script run, e.g. a background thread):
    the source of `journey.words.WORDS` in the app, so a fragment's rerun speaks it as well."""
    if get_script_run_ctx(suppress_warning=True) is None:
        return None
    return st.session_state.get(_LANGUAGE)


set_language_source(session_language)


def _browser_language(available: Sequence[str]) -> str:
    """The browser's first language (`es-US` gives `es`) if the explorer has it, else English."""
    locale = st.context.locale or ""
    primary = locale.split("-")[0].lower()
    return primary if primary in available else ENGLISH


def open_language(available: Sequence[str]) -> str:
    """This run's language, decided before anything is drawn: the link's `lang`; else the one
    this session already reads in (a page switch in the menu empties the URL); else the
    browser's; else English. A `lang` the explorer does not have is dropped (the view's notice
    says so, in every language)."""
    raw = (st.query_params.get_all(PARAM_LANG) or [None])[-1]
    if raw not in available:
        raw = None
    language = raw or st.session_state.get(_LANGUAGE) or _browser_language(available)
    st.session_state[_LANGUAGE] = language
    # This run's thread speaks it at once; a fragment's rerun in a thread of its own asks the
    # session (session_language), since its thread has not run this.
    set_language(language)
    return language


def _language_chosen() -> None:
    chosen = st.session_state.get(LANGUAGE_KEY)
    if chosen:
        st.session_state[_LANGUAGE] = chosen
        st.query_params[PARAM_LANG] = chosen


def language_select(available: Sequence[str]) -> None:
    """The language choice, named in every language (a reader who does not read this one must
    find it); only when there is more than one. Radio buttons: a segmented control draws the
    chosen option in the primary colour, 3.2:1 on the dark sidebar (axe; WCAG 1.4.3 asks 4.5)."""
    if len(available) < 2:
        return
    language = st.session_state.get(_LANGUAGE, ENGLISH)
    _sync(LANGUAGE_KEY, language)
    st.radio(
        " · ".join(
            words(each).language_label
            for each in sorted(available, key=lambda each: each != language)
        ),
        options=list(available),
        format_func=lambda each: words(each).language_name,
        key=LANGUAGE_KEY,
        on_change=_language_chosen,
        horizontal=True,
    )


# ---------------------------------------------------------------- the view


def _url_params() -> dict[str, list[str]]:
    """Every query parameter with all its values, so a repeated key is seen as such."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


class StepFold(StrEnum):
    """The sections of a step that open on demand (journey map, walkthrough)."""

    WHAT_HAPPENS = "step_what_happens"
    TESTS = "step_tests"
    OPTIONS = "step_options"
    QUESTIONS = "step_questions"
    BANDS = "step_bands"
    TRIALS = "step_trials"
    CHECKS = "step_checks"
    SOURCES = "step_sources"


class PageFold(StrEnum):
    """Other sections that open on demand, one of each on a page (the outline's open state is
    shared by the journey map and the walkthrough, as a step's sections are)."""

    COMPARE = "options_compare"
    DRUGS_PHASE = "drugs_of_phase"
    DRUGS_ALL = "drugs_all"
    MAP_FILES = "sheet_map_files"
    GUIDE_VALUES = "guide_values"
    GUIDE_PEOPLE = "guide_people"
    GUIDE_SURE = "guide_sure"
    GUIDE_NEXT = "guide_next"
    GUIDE_BURDENS = "guide_burdens"
    GUIDE_FAMILY_QUESTIONS = "guide_family_questions"
    OUTLINE = "map_outline"  # the map as text (journey map, walkthrough)
    TIMELINE_TABLE = "timeline_table"  # the timeline's text alternative


def option_fold(option_id: str) -> str:
    return f"option_{option_id}"


def treatment_fold(treatment_id: str) -> str:
    return f"treatment_{treatment_id}"


#: About's list of content changes, a section that opens on demand.
CHANGES_FOLD: Final = "about_changes"


def audit_fold(framework: str) -> str:
    """About's table of one checklist part (an `AuditFramework` value)."""
    return f"audit_{framework}"


def fold_key(name: str) -> str:
    """The widget key of a section that opens on demand (its open state lives in the session):
    a StepFold, or a name made by one of the *_fold functions below."""
    return f"{FOLD_KEY_PREFIX}{name}"


def fact_key(fact_id: str) -> str:
    """The widget key of one fact's control in the sidebar (facts are the pack's, not ours)."""
    return f"{FACT_KEY_PREFIX}{fact_id}"


def _parse(pack: ContentPack, params: Mapping[str, Sequence[str]]) -> ParsedView:
    return parse_view(params, Vocabulary.from_pack(pack, content.languages()))


def _params(view: ParsedView) -> dict[str, str]:
    """The view's parameters; English chosen in a browser that asks for another language keeps
    `lang=en`, so a reload stays English (view_params leaves English out otherwise)."""
    params = view_params(view.situation, view.question_ids, view.walk)
    if PARAM_LANG not in params and _browser_language(content.languages()) != ENGLISH:
        params[PARAM_LANG] = ENGLISH
    return params


def _write(view: ParsedView) -> None:
    params = _params(view)
    st.query_params.from_dict(params)
    st.session_state[_MIRROR] = params


def _write_changed(pack: ContentPack, **changes: Any) -> None:
    """The current view with some of its parts changed (situation, question_ids, walk), written."""
    _write(dataclasses.replace(current_view(pack), **changes))


def open_view(pack: ContentPack) -> ParsedView:
    """Read and clean the URL once per run; show what was dropped; sync the shared controls.

    Called by app.py before any page draws. A page switch in the menu empties the URL but keeps the
    session, so an empty URL with a remembered view means "put the view back".
    """
    carried = st.session_state.pop(_CARRIED_NOTICES, ())
    params = _url_params()
    remembered = st.session_state.get(_MIRROR)
    st.session_state[_ARRIVED_BY_LINK] = remembered is None
    if not params and remembered:
        params = {key: [value] for key, value in remembered.items()}
    view = _parse(pack, params)
    clean = _params(view)
    if {key: [value] for key, value in clean.items()} != _url_params():
        st.query_params.from_dict(clean)
    st.session_state[_MIRROR] = clean
    notices = (*carried, *view.notices)
    st.session_state[_SHOWN_NOTICES] = notices
    for notice in notices:
        st.warning(notice, icon=NOTICE_ICON)
    return view


def current_view(pack: ContentPack) -> ParsedView:
    """The view of this run, as open_view left it in the URL (notices already shown)."""
    return _parse(pack, _url_params())


def open_linked_step_on_map(view: ParsedView) -> None:
    """A session that starts on Start with a step (a diagram click there, a shared link) goes on
    to that step on the journey map; later visits to Start within the session stay on Start."""
    chosen_here = st.session_state.pop(_OPEN_MAP, False)
    if view.situation.step and (chosen_here or st.session_state.get(_ARRIVED_BY_LINK)):
        st.session_state[_CARRIED_NOTICES] = st.session_state.get(_SHOWN_NOTICES, ())
        st.switch_page(chrome.PAGE_JOURNEY_MAP, query_params=link_params(view))


def sidebar_asked(fact_ids: Sequence[str]) -> None:
    """Remember which facts the sidebar asked in this full run of the app."""
    st.session_state[_SIDEBAR_ASKS] = tuple(fact_ids)


def choose_step(pack: ContentPack, step_id: str | None) -> None:
    """A step chosen inside a page's fragment (a callback): the view moves there and, as for any
    widget in a fragment, only the fragment reruns; when the new step asks other facts than the
    sidebar shows (say, from remission to recurrent), the whole app reruns so the sidebar follows.

    (A keyed rerun of the fragment and a sidebar fragment would spare the page's title; AppTest
    cannot draw a page link in a fragment-only run, and the title is all it would spare.)"""
    set_step(pack, step_id)
    asked = tuple(fact.id for fact in facts_asked_at(pack, step_id))
    if st.session_state.get(_SIDEBAR_ASKS) not in (None, asked):
        st.rerun(scope="app")


def choose_step_and_open_map(pack: ContentPack, step_id: str) -> None:
    """A step chosen on Start's map: the view moves there and the journey map opens next run
    (a page cannot be switched from inside a widget's callback)."""
    set_step(pack, step_id)
    st.session_state[_OPEN_MAP] = True


def link_params(view: ParsedView, step: str | None = None) -> dict[str, str]:
    """Query parameters for a link to another page: the same view, at `step` when given."""
    situation = view.situation if step is None else view.situation.with_step(step)
    return view_params(situation, view.question_ids, view.walk)


def share_url(view: ParsedView) -> str:
    """The address of this page with the view's query string (notes and own questions never)."""
    page_url = st.context.url
    if not page_url:
        return query_string(view.situation, view.question_ids, view.walk)
    return situation_share_url(page_url, view.situation, view.question_ids, view.walk)


def set_step(pack: ContentPack, step_id: str | None) -> None:
    """Move the view to a step, keeping the situation and the chosen questions."""
    _write_changed(pack, situation=current_view(pack).situation.with_step(step_id))


def _sync(key: str, value: Any) -> None:
    """Show the URL's value in a widget; only before the widget is drawn in this run."""
    if key not in st.session_state or st.session_state[key] != value:
        st.session_state[key] = value


# ---------------------------------------------------------------- the shared sidebar


def _fact_changed(pack: ContentPack, fact_id: str) -> None:
    value = st.session_state[fact_key(fact_id)]
    _write_changed(pack, situation=current_view(pack).situation.with_fact(fact_id, value))


def fact_control(pack: ContentPack, view: ParsedView, fact: Fact) -> None:
    """One situation fact: a choice of its values (unknown is one), or a number for age."""
    key = fact_key(fact.id)
    _sync(key, view.situation.value_of(fact.id))
    if fact.kind is FactKind.AGE:
        st.number_input(
            fact.question,
            min_value=MIN_ASKABLE_AGE_YEARS,
            max_value=MAX_AGE_YEARS,
            value=None,
            step=1,
            placeholder=WORDS.age_placeholder,
            key=key,
            on_change=_fact_changed,
            args=(pack, fact.id),
        )
    else:
        labels = {value.value: value.label for value in fact.values}
        st.radio(
            fact.question,
            list(labels),
            format_func=labels.__getitem__,
            key=key,
            on_change=_fact_changed,
            args=(pack, fact.id),
        )


# ---------------------------------------------------------------- steps and phases


def move_button(pack: ContentPack, step_id: str, label: str) -> None:
    """A button that moves the view to a step (the steps a step can lead to)."""
    st.button(
        label,
        key=MOVE_KEY_PREFIX + step_id,
        icon=":material/arrow_forward:",
        on_click=choose_step,
        args=(pack, step_id),
    )


def _step_chosen(pack: ContentPack) -> None:
    view = current_view(pack)
    journey_map.warm_every_step(pack, view.situation, view.question_ids)
    choose_step(pack, st.session_state[STEP_KEY])


def step_select(pack: ContentPack, view: ParsedView) -> str | None:
    """A list of every step in order: the way to choose a step without a mouse."""
    _sync(STEP_KEY, view.situation.step)
    return st.selectbox(
        WORDS.step_pick_label,
        [step.id for step in steps_in_order(pack)],
        index=None,
        format_func=lambda step_id: pack.step(step_id).title,
        placeholder=WORDS.step_pick_placeholder,
        key=STEP_KEY,
        on_change=_step_chosen,
        args=(pack,),
    )


def phase_select(pack: ContentPack, view: ParsedView) -> Step:
    """Choose a phase to read about; it starts at the phase of the step in the URL.

    The choice only changes what this page lists, not where the reader is, so it stays in the
    session; it starts again from the URL's step whenever that step changes.
    """
    ids = [step.id for step in steps_in_order(pack) if step.kind is StepKind.PHASE]
    default = phase_for_step(pack, view.situation.step)
    if (
        st.session_state.get(PHASE_KEY) not in ids
        or st.session_state.get(_PHASE_FOR_STEP) != view.situation.step
    ):
        st.session_state[PHASE_KEY] = default.id if default is not None else ids[0]
    st.session_state[_PHASE_FOR_STEP] = view.situation.step
    chosen = st.selectbox(
        WORDS.phase_pick_label,
        ids,
        format_func=lambda step_id: pack.step(step_id).title,
        key=PHASE_KEY,
    )
    return pack.step(chosen)


def _phase_chosen(phase_id: str, reader_step: str | None) -> None:
    """Open the options page at `phase_id` next run, the reader's own step staying `reader_step`
    (a page cannot be switched from inside a widget's callback)."""
    st.session_state[PHASE_KEY] = phase_id
    st.session_state[_PHASE_FOR_STEP] = reader_step
    st.session_state[_OPEN_OPTIONS] = True


def walk_options_button(view: ParsedView, phase_id: str) -> None:
    """The walkthrough's way to every option in detail: the options page opens at the phase of
    the step being presented, and the reader's own `step` (and the walk) stay as they are, so
    presenting never moves the reader (a link carrying the walk's step as `step` would)."""
    st.button(
        WORDS.options_link,
        key=WALK_OPTIONS_KEY,
        icon=":material/medication:",
        on_click=_phase_chosen,
        args=(phase_id, view.situation.step),
    )
    if st.session_state.pop(_OPEN_OPTIONS, False):
        st.switch_page(chrome.PAGE_OPTIONS, query_params=link_params(view))


def choose_walk(pack: ContentPack, step_id: str) -> None:
    """A step chosen for the walkthrough (its map, a link): the walk moves, the reader's `step`
    stays; only the walkthrough's fragment reruns (the sidebar asks for the reader's step)."""
    _write_changed(pack, walk=step_id)


class WalkMove(StrEnum):
    """The walkthrough's moves: one step back, one on, or into the branch at the usual way's end."""

    BACK = "back"
    FORWARD = "forward"
    BRANCH = "branch"


class WalkBar(StrEnum):
    """The walkthrough's two rows of buttons: above the step and below it."""

    TOP = "top"
    BOTTOM = "bottom"


class WalkKeys(NamedTuple):
    """The widget keys of one row of the walkthrough's buttons."""

    back: str
    forward: str
    branch: str


WALK_KEYS: Final = MappingProxyType(
    {
        WalkBar.TOP: WalkKeys(WALK_BACK_KEY, WALK_NEXT_KEY, WALK_BRANCH_KEY),
        WalkBar.BOTTOM: WalkKeys(
            WALK_BACK_BOTTOM_KEY, WALK_NEXT_BOTTOM_KEY, WALK_BRANCH_BOTTOM_KEY
        ),
    }
)


def _walk_moved(pack: ContentPack, move: WalkMove) -> None:
    """Move from where the URL says the walk is now, so two quick presses make two moves."""
    view = current_view(pack)
    journey_map.warm_every_step(pack, view.situation, view.question_ids, walk=True)
    place = walk_place(pack, view.walk)
    target = {
        WalkMove.BACK: place.back,
        WalkMove.FORWARD: place.forward,
        WalkMove.BRANCH: place.branch,
    }[move]
    if target is not None:
        choose_walk(pack, target.id)


def walk_buttons(pack: ContentPack, place: WalkPlace, bar: WalkBar) -> None:
    """Back and Next (each disabled at its end of the route), and at the end of the usual way the
    branch it may take, as a third button; a row above the step and one below it."""
    keys = WALK_KEYS[bar]
    with st.container(horizontal=True):
        st.button(
            WORDS.walk_back,
            key=keys.back,
            icon=":material/arrow_back:",
            disabled=place.back is None,
            on_click=_walk_moved,
            args=(pack, WalkMove.BACK),
        )
        st.button(
            WORDS.walk_next,
            key=keys.forward,
            icon=":material/arrow_forward:",
            icon_position="right",
            type="primary",
            disabled=place.forward is None,
            on_click=_walk_moved,
            args=(pack, WalkMove.FORWARD),
        )
        if place.branch is not None:
            st.button(
                WORDS.walk_branch_offer.format(
                    when=place.branch_when or WORDS.walk_branch_no_label,
                    title=place.branch.title,
                ),
                key=keys.branch,
                icon=":material/call_split:",
                on_click=_walk_moved,
                args=(pack, WalkMove.BRANCH),
            )


# ---------------------------------------------------------------- where am I?


_WHERE_QUESTIONS: Final = (
    (WHERE_STARTED_KEY, chrome.ANSWER_LABELS),
    (WHERE_TESTS_KEY, chrome.RESULT_LABELS),
    (WHERE_BACK_KEY, chrome.ANSWER_LABELS),
)


def where_answer(number: int, question: str) -> Answer | LastTestsShowed | None:
    """Plain question `number` (0 to 2); the answer stays in this tab, None until given."""
    key, labels = _WHERE_QUESTIONS[number]
    return st.radio(
        question,
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        key=key,
        horizontal=True,
        persist_state="session",
    )


# ---------------------------------------------------------------- tests and terms


def search_box(label: str, placeholder: str) -> str:
    """A search field; its text is a passing filter, so it lives in the session only."""
    return st.text_input(label, key=GLOSSARY_KEY, placeholder=placeholder, type="search") or ""


# ---------------------------------------------------------------- the question basket


def _basket_tokens(view: ParsedView) -> list[str]:
    """The reader's list: chosen ids in the URL's order, own questions kept in their places."""
    own = st.session_state.get(_OWN_TEXTS, {})
    chosen = iter(view.question_ids)
    tokens: list[str] = []
    for token in st.session_state.get(_BASKET, []):
        if token in own:
            tokens.append(token)
        elif token.startswith(_QUESTION_TOKEN) and (question_id := next(chosen, None)):
            tokens.append(_QUESTION_TOKEN + question_id)
    return tokens + [_QUESTION_TOKEN + question_id for question_id in chosen]


def _save_basket(pack: ContentPack, tokens: list[str]) -> None:
    st.session_state[_BASKET] = tokens
    chosen = [t.removeprefix(_QUESTION_TOKEN) for t in tokens if t.startswith(_QUESTION_TOKEN)]
    _write_changed(pack, question_ids=tuple(chosen))


def basket_items(view: ParsedView) -> list[tuple[str, str | None, str | None]]:
    """(token, question id, own text) for each item of the list, in order."""
    own = st.session_state.get(_OWN_TEXTS, {})
    return [
        (token, None, own[token])
        if token in own
        else (token, token.removeprefix(_QUESTION_TOKEN), None)
        for token in _basket_tokens(view)
    ]


def _toggle_question(pack: ContentPack, question_id: str) -> None:
    view = current_view(pack)
    tokens = _basket_tokens(view)
    token = _QUESTION_TOKEN + question_id
    if st.session_state[QUESTION_KEY_PREFIX + question_id]:
        if token not in tokens:
            tokens.append(token)
    elif token in tokens:
        tokens.remove(token)
    _save_basket(pack, tokens)


def question_group_select(
    group_ids: Sequence[str], titles: Mapping[str, str], reader_step: str | None
) -> str:
    """Which group of questions to show (a step's id, or ANY_STEP_GROUP); it starts at the
    reader's step (else the questions for any step) and follows the step when that changes.
    A reading choice: the session keeps it, the URL does not."""
    start = reader_step if reader_step in group_ids else ANY_STEP_GROUP
    if st.session_state.get(_GROUP_FOR_STEP, start) != start:
        st.session_state.pop(QUESTION_GROUP_KEY, None)
    st.session_state[_GROUP_FOR_STEP] = start
    if st.session_state.get(QUESTION_GROUP_KEY, start) not in group_ids:
        st.session_state.pop(QUESTION_GROUP_KEY, None)
    ids = list(group_ids)
    return st.selectbox(
        WORDS.sheet_group_label,
        ids,
        index=ids.index(start) if start in ids else 0,
        format_func=titles.__getitem__,
        key=QUESTION_GROUP_KEY,
    )


def question_checkbox(pack: ContentPack, view: ParsedView, question: Question) -> None:
    """Tick a question to put it on the list (its id goes into the URL's `q`)."""
    key = QUESTION_KEY_PREFIX + question.id
    _sync(key, question.id in view.question_ids)
    st.checkbox(question.text, key=key, on_change=_toggle_question, args=(pack, question.id))


def check_answer(check: UnderstandingCheck) -> CheckChoice | None:
    """A check's question as a radio with nothing chosen at first; the choice, if any.

    It lives only in this tab while its step is shown (the walk moving on forgets it): never in
    the URL, a log or a file, and nothing counts it."""
    by_id = {choice.id: choice for choice in check.choices}
    chosen = st.radio(
        check.question,
        tuple(by_id),
        index=None,
        format_func=lambda choice_id: by_id[choice_id].text,
        key=CHECK_KEY_PREFIX + check.id,
    )
    return by_id.get(chosen) if chosen is not None else None


def _add_own_question(pack: ContentPack, max_own: int) -> None:
    text = " ".join((st.session_state.get(OWN_QUESTION_KEY) or "").split())
    own = st.session_state.setdefault(_OWN_TEXTS, {})
    if not text or len(own) >= max_own:
        return
    number = st.session_state.get(_OWN_COUNTER, 0) + 1
    st.session_state[_OWN_COUNTER] = number
    token = f"{_OWN_TOKEN}{number}"
    own[token] = text
    _save_basket(pack, [*_basket_tokens(current_view(pack)), token])


def own_question_form(pack: ContentPack, max_own: int, max_chars: int) -> bool:
    """Type a question and add it; it stays in this tab and in downloads, never in the URL.

    Returns whether the list has room for another question of the reader's own.
    """
    has_room = len(st.session_state.get(_OWN_TEXTS, {})) < max_own
    with st.form(OWN_FORM_KEY, clear_on_submit=True, border=False):
        st.text_input(WORDS.sheet_own_label, key=OWN_QUESTION_KEY, max_chars=max_chars)
        st.form_submit_button(
            WORDS.sheet_own_add,
            icon=":material/add:",
            disabled=not has_room,
            on_click=_add_own_question,
            args=(pack, max_own),
        )
    return has_room


def _move_item(pack: ContentPack, token: str, offset: int) -> None:
    tokens = _basket_tokens(current_view(pack))
    index = tokens.index(token)
    target = index + offset
    if 0 <= target < len(tokens):
        tokens[index], tokens[target] = tokens[target], tokens[index]
        _save_basket(pack, tokens)


def _remove_item(pack: ContentPack, token: str) -> None:
    tokens = _basket_tokens(current_view(pack))
    if token in tokens:
        tokens.remove(token)
    st.session_state.get(_OWN_TEXTS, {}).pop(token, None)
    _save_basket(pack, tokens)


def item_buttons(pack: ContentPack, token: str, position: int, count: int) -> None:
    """Move up, move down and remove, for one item of the list (keyboard reachable)."""
    with st.container(horizontal=True, gap="small"):
        st.button(
            WORDS.sheet_move_up,
            key=ITEM_UP_PREFIX + token,
            icon=":material/arrow_upward:",
            type="tertiary",
            disabled=position == 0,
            on_click=_move_item,
            args=(pack, token, -1),
        )
        st.button(
            WORDS.sheet_move_down,
            key=ITEM_DOWN_PREFIX + token,
            icon=":material/arrow_downward:",
            type="tertiary",
            disabled=position == count - 1,
            on_click=_move_item,
            args=(pack, token, 1),
        )
        st.button(
            WORDS.sheet_remove,
            key=ITEM_REMOVE_PREFIX + token,
            icon=":material/close:",
            type="tertiary",
            on_click=_remove_item,
            args=(pack, token),
        )


def notes_input(max_chars: int) -> str:
    """Free-text notes: kept in this tab's session only, never in the URL, a log or a file here."""
    return (
        st.text_area(
            WORDS.sheet_notes_label,
            key=NOTES_KEY,
            max_chars=max_chars,
            persist_state="session",
        )
        or ""
    )


# ---------------------------------------------------------------- getting ready to decide
# Every answer is a widget's own value, kept for the whole session (persist_state) while its
# section is closed or the reader is on another page; read back from the session for the sheet.
# None of it goes into the URL, a log or a file here.

GUIDE_FOR_TWO_KEY: Final = "guide_for_two"
GUIDE_OWN_WORDS_KEY: Final = "guide_own_words"
GUIDE_OTHER_STEP_KEY: Final = "guide_other_step"
_GUIDE_PREFIX: Final = "guide_"


def guide_key(person: Person, what: str, item_id: str = "") -> str:
    """The widget key of one answer of one person: `guide_patient_mark_val_hospital`."""
    return f"{_GUIDE_PREFIX}{person}_{what}" + (f"_{item_id}" if item_id else "")


def _for_person(label: str, person: Person, for_two: bool) -> str:
    """A label that names whose answer it is when two people answer side by side."""
    return (
        WORDS.guide_for_person.format(label=label, person=PERSON_WORDS[person])
        if for_two
        else label
    )


def guide_for_two_toggle() -> bool:
    """Whether the patient and one family member answer side by side."""
    return st.toggle(
        WORDS.guide_for_two,
        key=GUIDE_FOR_TWO_KEY,
        help=WORDS.guide_for_two_help,
        persist_state="session",
    )


def guide_text_input(key: str, label: str, max_chars: int) -> None:
    st.text_input(label, key=key, max_chars=max_chars, persist_state="session")


def guide_values(
    values: Sequence[GuideItem], person: Person, for_two: bool, label_of: Callable[[GuideItem], str]
) -> None:
    """A box to mark each value; a marked one gets a place to choose (1 matters most), by
    keyboard as well as by pointer."""
    places = list(range(1, len(values) + 1))
    marked = 0
    for item in values:
        label = _for_person(label_of(item), person, for_two)
        mark = guide_key(person, "mark", item.id)
        if st.checkbox(label, key=mark, wrap=True, persist_state="session"):
            marked += 1
            st.selectbox(
                WORDS.guide_place_label.format(value=label),
                places,
                index=min(marked, len(places)) - 1,
                key=guide_key(person, "place", item.id),
                persist_state="session",
            )


def guide_choices(
    items: Sequence[GuideItem],
    person: Person,
    for_two: bool,
    what: str,
    label: str,
    label_of: Callable[[GuideItem], str],
) -> None:
    """Several prompts of one part to choose (who takes part, next steps)."""
    words = {item.id: label_of(item) for item in items}
    st.multiselect(
        _for_person(label, person, for_two),
        list(words),
        format_func=words.__getitem__,
        key=guide_key(person, what),
        persist_state="session",
        placeholder="",
    )


def guide_role(
    roles: Sequence[GuideItem], person: Person, for_two: bool, label_of: Callable[[GuideItem], str]
) -> None:
    words = {item.id: label_of(item) for item in roles}
    st.radio(
        _for_person(WORDS.guide_role_label, person, for_two),
        list(words),
        index=None,
        format_func=words.__getitem__,
        key=guide_key(person, "role"),
        persist_state="session",
    )


def guide_sure(item: GuideItem, person: Person, for_two: bool, label: str) -> None:
    """One SURE question: yes or no (none chosen until the reader answers)."""
    st.radio(
        _for_person(label, person, for_two),
        (True, False),
        index=None,
        horizontal=True,
        format_func=lambda answer: WORDS.guide_yes if answer else WORDS.guide_no,
        key=guide_key(person, "sure", item.id),
        persist_state="session",
    )


def _person_answers(pack: ContentPack, person: Person) -> PersonAnswers:
    """One person's answers as the session holds them; anything not a known id is left out."""
    state = st.session_state
    values = pack.guide_items(GuidePart.VALUE)
    places = tuple(
        (
            item.id,
            place
            if isinstance(place := state.get(guide_key(person, "place", item.id)), int)
            else len(values),
        )
        for item in values
        if state.get(guide_key(person, "mark", item.id)) is True
    )

    def chosen(part: GuidePart, what: str) -> tuple[str, ...]:
        known = {item.id for item in pack.guide_items(part)}
        picked = state.get(guide_key(person, what)) or ()
        return tuple(item_id for item_id in picked if item_id in known)

    role = state.get(guide_key(person, "role"))
    sure = tuple(
        (item.id, answer)
        for item in pack.guide_items(GuidePart.SURE)
        if isinstance(answer := state.get(guide_key(person, "sure", item.id)), bool)
    )
    return PersonAnswers(
        places=tuple(places),
        involved=chosen(GuidePart.INVOLVED, "involved"),
        role=role if role in {item.id for item in pack.guide_items(GuidePart.ROLE)} else None,
        sure=sure,
        next_steps=chosen(GuidePart.NEXT_STEP, "next"),
    )


def decision_answers(pack: ContentPack) -> DecisionAnswers:
    """Everything the reader gave "Getting ready to decide", for the sheet they download."""
    state = st.session_state
    for_two = state.get(GUIDE_FOR_TWO_KEY) is True
    return DecisionAnswers(
        patient=_person_answers(pack, Person.PATIENT),
        family=_person_answers(pack, Person.FAMILY) if for_two else None,
        own_words=str(state.get(GUIDE_OWN_WORDS_KEY) or ""),
        other_next_step=str(state.get(GUIDE_OTHER_STEP_KEY) or ""),
    )


# ---------------------------------------------------------------- downloads

#: The one state of a download element (ui/download_buttons.py): {"file": id, "press": number}.
DOWNLOAD_PRESSED: Final = "pressed"
#: The largest press number a browser counts exactly (JavaScript's Number.MAX_SAFE_INTEGER).
_MAX_PRESS: Final = 2**53 - 1


class DownloadPress(NamedTuple):
    """A press of a download button: which file, and the element's count of presses."""

    file_id: str
    number: int


def answered_press(key: str) -> int:
    """The number of the last press of download element `key` that a run answered (0: none)."""
    return st.session_state.get(_ANSWERED_PRESSES, {}).get(key, 0)


def new_download_press(key: str, file_ids: Collection[str]) -> DownloadPress | None:
    """The press of download element `key` that no run has answered yet, now marked answered so
    that it is answered once, whatever reruns follow; None when there is none.

    The press is the element's state, not a trigger: a trigger lasts one run and is lost when a
    newer run replaces that one; the state stays until a run that gets to the element reads it.
    It comes from the browser, so it is checked: a file of the element, a number not answered yet.
    """
    state = st.session_state.get(key)
    pressed = state.get(DOWNLOAD_PRESSED) if isinstance(state, Mapping) else None
    if not isinstance(pressed, Mapping):
        return None
    file_id, number = pressed.get("file"), pressed.get("press")
    if (
        not isinstance(file_id, str)
        or file_id not in file_ids
        or type(number) is not int
        or not answered_press(key) < number <= _MAX_PRESS
    ):
        return None
    st.session_state.setdefault(_ANSWERED_PRESSES, {})[key] = number
    return DownloadPress(file_id, number)
