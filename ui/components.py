"""Shared pieces of the pages: notice, sources, relevance, option cards, step details, diagram."""

from __future__ import annotations

import contextlib
import functools
import html
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from enum import StrEnum

import streamlit as st

from journey.deciding import (
    MAX_GUIDE_TEXT_CHARS,
    PERSON_WORDS,
    Person,
    decision_at,
    family_words,
    items_at,
)
from journey.diagram import KIND_WORDS, THIS_STEP, YOU_ARE_HERE, outline_markdown
from journey.model import (
    CheckChoice,
    ContentPack,
    Drug,
    GuideItem,
    GuidePart,
    Option,
    Question,
    Relevance,
    Source,
    State,
    Step,
    StepPart,
    Topic,
    UnderstandingCheck,
)
from journey.navigation import (
    Answer,
    LastTestsShowed,
    WalkPlace,
    bands_for_step,
    checks_for_step,
    facts_asked_at,
    is_child,
    next_steps,
    phase_for_step,
    questions_for_step,
    steps_in_order,
    tests_for_step,
    topics_for_step,
    trial_links_for_step,
    verdicts,
)
from journey.relevance import (
    Verdict,
    approval_words,
    in_summary_first,
    is_newer_than_summary,
    relevance_words,
)
from journey.report import CHILDHOOD_TEXT_ID, DISCLAIMER_TEXT_ID
from journey.sheet import (
    BasketItem,
    SheetRequest,
    diagram_dot,
    diagram_image,
    escape_markdown,
    has_dot,
    sheet_markdown,
    sheet_pdf,
    version_words,
)
from journey.situation import ParsedView, Situation
from journey.timeline import (
    TIMELINE_TEXT_ID,
    text_rows,
    timeline_rows,
    timeline_sources,
    timeline_svg,
)
from journey.vocabulary import clinic_words as clinic_words_at
from journey.vocabulary import matches_search
from journey.words import ENGLISH, WORDS
from ui import chrome, view_state
from ui.download_buttons import DownloadFile, download_buttons
from ui.journey_map import journey_map
from ui.walk_keys import walk_keyboard

TRIALS_TEXT_ID = "trials_intro"
OTHER_SITUATIONS_TEXT_ID = "other_situations_intro"
OTHER_PHASE_TEXT_ID = "reason_other_phase"
CARE_TEAM_TEXT_ID = "care_team_decides"
#: The id of the chosen step's heading: the map brings it into view after a pointer choice.
STEP_DETAILS_ANCHOR = "step-details"


def small(text: str) -> None:
    """Secondary text: smaller, in the full text colour (st.caption's grey is under 4.5:1)."""
    st.markdown(f":small[{text}]")


def heading(text: str, level: int) -> None:
    """A heading of `level` (2 to 4), so each page keeps its headings in order."""
    if level == 2:
        st.header(text)
    elif level == 3:
        st.subheader(text)
    else:
        st.markdown(f"{'#' * level} {text}")


def notice(pack: ContentPack) -> None:
    """The informational notice every page carries: general information, the care team decides."""
    st.info(pack.text(DISCLAIMER_TEXT_ID).body, icon=":material/info:")


def childhood_pointer(pack: ContentPack, situation: Situation) -> bool:
    """For an age under the adult range: point to the childhood summary. True when shown."""
    under_age = is_child(pack, situation)
    if under_age:
        st.warning(pack.text(CHILDHOOD_TEXT_ID).body, icon=":material/child_care:")
    return under_age


#: A US phone number as the pack writes it (1-800-422-6237): on a phone, a tap calls it.
_PHONE_NUMBER = re.compile(r"\b1-(\d{3})-(\d{3})-(\d{4})\b")


def with_phone_links(text: str) -> str:
    """Markdown with each phone number a `tel:` link (WCAG: no retyping on a phone)."""
    return _PHONE_NUMBER.sub(lambda m: f"[{m[0]}](tel:+1{m[1]}{m[2]}{m[3]})", text)


def text_section(pack: ContentPack, text_id: str) -> None:
    """A text of the pack as a second-level heading and its body."""
    text = pack.text(text_id)
    st.header(text.title)
    st.markdown(with_phone_links(text.body))


def _source_line(source: Source) -> str:
    version = version_words(source.version_date)
    line = WORDS.source_line.format(
        title=source.title, url=source.url, publisher=source.publisher, accessed=source.accessed_on
    )
    return f"{line} {WORDS.source_version.format(version=version)}" if version else line


def source_note(source: Source) -> str:
    """What we use a source for: the editors' note, in English only (it is not translated)."""
    return source.note if WORDS.language == ENGLISH else ""


def source_list(
    pack: ContentPack,
    source_ids: Iterable[str],
    reviewed_on: str | None = None,
    *,
    titled: bool = True,
) -> None:
    """Where the content above comes from, with the sources' dates and our review date (under a
    small "Sources" line unless the section around it says so)."""
    lines = [
        f"- :small[{_source_line(pack.source(source_id))}]"
        for source_id in dict.fromkeys(source_ids)
    ]
    if reviewed_on:
        lines.append(f"- :small[{WORDS.reviewed_on.format(date=reviewed_on)}]")
    title = f":small[**{WORDS.sources_heading}**]\n\n" if titled else ""
    st.markdown(title + "\n".join(lines))


def relevance_label(relevance: Relevance, *, fda_only: bool = False) -> str:
    """Symbol and words as plain text (for tables), so the meaning never rests on colour."""
    return f"{chrome.RELEVANCE_SYMBOLS[relevance]} {relevance_words(relevance, fda_only=fda_only)}"


def relevance_markdown(relevance: Relevance, *, fda_only: bool = False) -> str:
    """Icon and words in a badge, for Markdown text; colour only repeats what the words say."""
    icon = chrome.RELEVANCE_ICONS[relevance]
    words = relevance_words(relevance, fda_only=fda_only)
    return f":{chrome.RELEVANCE_COLORS[relevance]}-badge[{icon} {words}]"


def relevance_badge(relevance: Relevance, *, fda_only: bool = False) -> None:
    st.badge(
        relevance_words(relevance, fda_only=fda_only),
        icon=chrome.RELEVANCE_ICONS[relevance],
        color=chrome.RELEVANCE_COLORS[relevance],
    )


def drug_names(pack: ContentPack, option: Option) -> list[str]:
    """Each drug of an option as "generic (brand names: ...)"."""
    names = []
    for drug in (pack.drug(drug_id) for drug_id in option.drug_ids):
        brands = ", ".join(drug.brands)
        names.append(
            f"{drug.generic_name} ({WORDS.brand_names.format(brands=brands)})"
            if brands
            else drug.generic_name
        )
    return names


def option_card(pack: ContentPack, verdict: Verdict) -> None:
    """One option in comparable detail, with how it relates to the reader's situation and why
    (inside its fold, whose label names it)."""
    option = verdict.option
    relevance_badge(verdict.relevance, fda_only=option.is_fda_only)
    fields = (
        (WORDS.why, verdict.reason),
        (WORDS.listed_for, option.listed_for),
        (WORDS.what_it_is, option.what_it_is),
        (WORDS.how_given, option.how_given),
        (WORDS.what_it_may_do, option.what_it_may_do),
        (WORDS.burdens, option.burdens),
        (WORDS.what_it_is_like, option.what_it_is_like),
    )
    parts = [f"**{label}:** {text}" for label, text in fields]
    drugs = drug_names(pack, option)
    if drugs:
        parts.append(f"**{WORDS.drugs}:** " + "; ".join(drugs))
    label = chrome.LABEL_STATUS_WORDS[option.label_status]
    approvals = approval_lines(pack, option)
    if label or approvals:
        parts.append(f"**{WORDS.fda_label}:** {label}" + "".join(f"\n- {a}" for a in approvals))
    st.markdown("\n\n".join(parts))
    source_list(
        pack,
        (*option.source_ids, *(sid for a in option.approvals for sid in a.source_ids)),
        option.reviewed_on,
    )


def approval_lines(pack: ContentPack, option: Option) -> list[str]:
    """Each FDA approval of an option in words, marked when newer than the summary."""
    return [
        approval_words(
            approval.date,
            approval.approved_for,
            newer_than_summary=is_newer_than_summary(approval.date, pack),
        )
        for approval in option.approvals
    ]


def _option_fold(pack: ContentPack, verdict: Verdict) -> None:
    """One line per option (its name and the one-line reason); the whole card opens on demand."""
    label = f"**{verdict.option.name}**: {verdict.reason}"
    with folded(
        label,
        view_state.option_fold(verdict.option.id),
        icon=chrome.RELEVANCE_ICONS[verdict.relevance],
    ) as is_open:
        if is_open:
            option_card(pack, verdict)


def option_cards(pack: ContentPack, judged: Sequence[Verdict]) -> None:
    """Short, then deep: the options grouped by how they relate to the reader's situation (listed
    for it, may be, listed for others), each a line that opens to its whole card. In each group the
    summary's options come first, then FDA-approved uses it does not list, apart and said so.
    None is dropped."""
    if not judged:
        st.markdown(WORDS.no_options)
        return
    for relevance in Relevance:
        group = [v for v in judged if v.relevance is relevance]
        if not group:
            continue
        st.subheader(chrome.OPTION_GROUPS[relevance].format(count=len(group)))
        if relevance is Relevance.DOES_NOT_APPLY:
            st.markdown(pack.text(OTHER_SITUATIONS_TEXT_ID).body)
        listed, fda_only = in_summary_first(tuple(group))
        for verdict in listed:
            _option_fold(pack, verdict)
        if fda_only:
            st.markdown(f"**{WORDS.not_in_summary_words}.** {WORDS.not_in_summary_intro}")
            for verdict in fda_only:
                _option_fold(pack, verdict)


def compare_table(judged: Sequence[Verdict]) -> None:
    """The options side by side, in the summary's order (made when opened)."""
    if not judged:
        return
    with folded(WORDS.compare_heading, view_state.PageFold.COMPARE) as is_open:
        if not is_open:
            return
        rows = [
            {
                WORDS.compare_option: v.option.name,
                WORDS.compare_relevance: relevance_label(
                    v.relevance, fda_only=v.option.is_fda_only
                ),
                WORDS.listed_for: v.option.listed_for,
                WORDS.how_given: v.option.how_given,
                WORDS.what_it_may_do: v.option.what_it_may_do,
                WORDS.burdens: v.option.burdens,
            }
            for v in judged
        ]
        text_table(rows)


def _drug_rows(drugs: Iterable[Drug]) -> list[dict[str, str]]:
    return [
        {
            WORDS.drug_name: drug.generic_name,
            WORDS.drug_brands: ", ".join(drug.brands) or WORDS.no_brands,
            WORDS.drug_what: drug.what_it_is,
            WORDS.drug_label: drug.label_status,
            WORDS.drug_risks: drug.main_risks,
        }
        for drug in drugs
    ]


def drug_tables(pack: ContentPack, judged: Sequence[Verdict] = ()) -> None:
    """The drugs of this phase's options, then every named drug (the summary's first, then
    NCI's), each table made when opened."""
    st.header(WORDS.drug_list_heading)
    ids = dict.fromkeys(drug_id for v in judged for drug_id in v.option.drug_ids)
    if ids:
        here = sorted((pack.drug(drug_id) for drug_id in ids), key=lambda drug: drug.generic_name)
        with folded(
            WORDS.drugs_of_phase.format(count=len(here)), view_state.PageFold.DRUGS_PHASE
        ) as is_open:
            if is_open:
                text_table(_drug_rows(here))
                source_list(pack, (sid for drug in here for sid in drug.source_ids))
    with folded(
        WORDS.drugs_all.format(count=len(pack.drugs)), view_state.PageFold.DRUGS_ALL
    ) as is_open:
        if not is_open:
            return
        for title, in_summary in ((WORDS.drugs_in_summary, True), (WORDS.drugs_other, False)):
            drugs = sorted(
                (drug for drug in pack.drugs if drug.in_pdq_summary is in_summary),
                key=lambda drug: drug.generic_name,
            )
            if drugs:
                st.markdown(f"**{title}**")
                text_table(_drug_rows(drugs))
                source_list(pack, (sid for drug in drugs for sid in drug.source_ids))


def other_phase_note(pack: ContentPack, view: ParsedView, phase: Step) -> None:
    """Say so when the phase shown is not the one of the step the reader is at."""
    here = phase_for_step(pack, view.situation.step)
    if here is not None and here.id != phase.id:
        st.info(pack.text(OTHER_PHASE_TEXT_ID).body, icon=":material/swap_horiz:")


def verdict_lines(verdicts_: Sequence[Verdict]) -> str:
    """A short Markdown list: relevance, option name and the reason; the summary's first, then
    FDA-approved uses it does not list, each marked so."""
    listed, fda_only = in_summary_first(tuple(verdicts_))
    return "\n".join(
        [f"- {relevance_markdown(v.relevance)} **{v.option.name}**: {v.reason}" for v in listed]
        + [
            f"- {relevance_markdown(v.relevance, fda_only=True)} **{v.option.name}**"
            f" ({WORDS.not_in_summary_mark}): {v.reason}"
            for v in fda_only
        ]
    )


def treatment_kinds(pack: ContentPack) -> None:
    """Each kind of treatment explained once, folded: what the options above are made of."""
    st.header(WORDS.treatment_kinds_heading)
    for treatment in pack.treatments:
        with folded(treatment.name, view_state.treatment_fold(treatment.id)) as is_open:
            if not is_open:
                continue
            fields = (
                (WORDS.what_it_is, treatment.what_it_is),
                (WORDS.how_given, treatment.how_given),
                (WORDS.what_it_may_do, treatment.what_it_may_do),
                (WORDS.burdens, treatment.burdens),
                (WORDS.what_it_is_like, treatment.what_it_is_like),
            )
            st.markdown("\n\n".join(f"**{label}:** {text}" for label, text in fields))
            source_list(pack, treatment.source_ids, treatment.reviewed_on)


def topic_block(topic: Topic, *, level: int = 3) -> None:
    """A list of the summary: its title as a heading of `level`, its intro, its items."""
    heading(topic.title, level)
    if topic.intro:
        st.markdown(topic.intro)
    if topic.items:
        st.markdown("\n".join(f"- {with_phone_links(item.text)}" for item in topic.items))


def state_criteria(pack: ContentPack, view: ParsedView, state: State) -> None:
    """How the summary describes one state, with a link to that state on the journey map."""
    step = pack.state_step(state)
    with st.container(border=True):
        st.subheader(WORDS.where_criteria_heading.format(title=step.title))
        st.markdown(step.summary)
        clinic_words(pack, view, step)
        for topic in topics_for_step(pack, step.id):
            topic_block(topic, level=4)
        st.page_link(
            chrome.PAGE_JOURNEY_MAP,
            label=WORDS.where_result_link.format(title=step.title),
            icon=":material/map:",
            query_params=view_state.link_params(view, step.id),
        )


WHERE_QUESTION_TEXT_IDS = ("where_q_started", "where_q_tests", "where_q_back")


def where_questions(pack: ContentPack) -> list[Answer | LastTestsShowed | None]:
    """The three plain questions, each with its one-line explanation; None where not answered."""
    answers = []
    for number, text_id in enumerate(WHERE_QUESTION_TEXT_IDS):
        text = pack.text(text_id)
        answers.append(view_state.where_answer(number, text.title))
        small(text.body)
    return answers


def trial_links(pack: ContentPack, step_id: str, *, level: int | None = 3) -> None:
    """Links to NCI's and ClinicalTrials.gov's searches; the server itself never fetches them.
    Under a heading of `level`, or none (inside a section that names it)."""
    links = trial_links_for_step(pack, step_id)
    if not links:
        return
    if level is not None:
        heading(WORDS.trials_heading, level)
    st.markdown(pack.text(TRIALS_TEXT_ID).body)
    with st.container(horizontal=True):
        for link in links:
            st.link_button(link.label, link.url, icon=":material/open_in_new:")


def journey_diagram(
    pack: ContentPack,
    situation: Situation,
    *,
    with_legend: bool = True,
    question_ids: Sequence[str] = (),
    on_choose: Callable[[str], None] | None = None,
    walk: str | None = None,
) -> None:
    """The map in the page, its step marked; choosing a node calls `on_choose` (default: move the
    view there) with no reload, so nothing typed is lost. Node links stay for a new tab.

    The walkthrough passes its step as `walk`: drawn large, marked "this step" (not "you are
    here"), and a choice moves the walk, never the reader's own step."""
    marked = situation.step if walk is None else walk
    title = pack.step(marked).title if marked and pack.has_step(marked) else ""
    default_choice = view_state.choose_step if walk is None else view_state.choose_walk
    journey_map(
        pack,
        situation,
        key=view_state.MAP_KEY,
        on_choose=on_choose or functools.partial(default_choice, pack),
        marker_current="location" if walk is None else "step",
        announce=chrome.map_announce((YOU_ARE_HERE if walk is None else THIS_STEP).words, title),
        with_legend=with_legend,
        question_ids=question_ids,
        scroll_to=STEP_DETAILS_ANCHOR,
        walk=walk,
        marker=YOU_ARE_HERE if walk is None else THIS_STEP,
        large=walk is not None,
    )


def outline(pack: ContentPack, situation: Situation, *, walk: str | None = None) -> None:
    """The map as text: every step in order with its arrows, the marked step said in words."""
    with folded(
        WORDS.outline_heading, view_state.PageFold.OUTLINE, icon=":material/format_list_numbered:"
    ) as is_open:
        if is_open:
            marker = YOU_ARE_HERE if walk is None else THIS_STEP
            st.markdown(outline_markdown(pack, situation, walk=walk, marker=marker))


def phase_timeline(pack: ContentPack, situation: Situation, *, level: int = 2) -> None:
    """How long each part of the journey often takes: the picture (drawn once per pack, step and
    language), the reader's step marked in words on it, and the same ranges as a table one click
    away, with their sources."""
    if not pack.timeline:
        return
    intro = pack.text(TIMELINE_TEXT_ID)
    heading(intro.title, level)
    st.markdown(intro.body)
    # st.html keeps only HTML (its sanitiser drops SVG): Markdown's raw HTML keeps the picture.
    st.markdown(f"<div>{timeline_svg(pack, situation.step)}</div>", unsafe_allow_html=True)
    with folded(
        WORDS.timeline_text_heading, view_state.PageFold.TIMELINE_TABLE, icon=":material/view_list:"
    ) as is_open:
        if is_open:
            text_table(text_rows(timeline_rows(pack, situation.step)))
            reviewed = max(entry.reviewed_on for entry in pack.timeline)
            source_list(pack, (*intro.source_ids, *timeline_sources(pack)), reviewed)


@contextlib.contextmanager
def folded(
    label: str, name: str, *, expanded: bool = False, icon: str | None = None
) -> Iterator[bool]:
    """A section that opens on demand: its content is made only while it is open (True).

    The open state is the session's (a widget keyed by `name`), so a section the reader opened
    stays open from step to step; opening one reruns the page (or its fragment) to draw it.
    """
    with st.expander(
        label, expanded=expanded, key=view_state.fold_key(name), on_change="rerun", icon=icon
    ) as box:
        yield bool(box.open)


def _listed_here(phase: Step, judged: Sequence[Verdict]) -> str:
    """The options of the step's phase in a line or two: those listed for situations like the
    reader's, those that may be, and how many are listed for other situations."""
    if not judged:
        return f"**{WORDS.answer_listed.format(phase=phase.title)}** {WORDS.no_options}"
    lines = []
    listed, fda_only = in_summary_first(tuple(judged))
    for relevance in (Relevance.APPLIES, Relevance.MAY_APPLY):
        names = [v.option.name for v in listed if v.relevance is relevance] + [
            f"{v.option.name} ({WORDS.not_in_summary_mark})"
            for v in fda_only
            if v.relevance is relevance
        ]
        if names:
            lines.append(f"{relevance_markdown(relevance)} " + "; ".join(names))
    others = sum(v.relevance is Relevance.DOES_NOT_APPLY for v in judged)
    if others:
        lines.append(WORDS.answer_others.format(count=others))
    return f"**{WORDS.answer_listed.format(phase=phase.title)}**\n\n" + "\n".join(
        f"- {line}" for line in lines
    )


def clinic_words(pack: ContentPack, view: ParsedView, step: Step) -> None:
    """The glossary's names a care team may use for this step, each as the glossary writes it
    (a translated pack shows the English term beside), and a link to the glossary."""
    words = clinic_words_at(pack, step)
    if not words:
        return
    names = ", ".join(f"{_html_text(word.name)}{english_beside(word.english)}" for word in words)
    st.markdown(f"**{_html_text(WORDS.clinic_words_lead)}:** {names}", unsafe_allow_html=True)
    st.page_link(
        chrome.PAGE_TESTS_TERMS,
        label=WORDS.clinic_words_link,
        icon=":material/menu_book:",
        query_params=view_state.link_params(view),
    )


def step_details(
    pack: ContentPack,
    view: ParsedView,
    step: Step,
    *,
    can_move: bool = False,
    teaching: bool = False,
) -> None:
    """One step, the answer first: what it is, what can come next and what is listed, in a few
    lines; then each part of it folded, made only when opened. `can_move`: each step it can lead
    to is a button that moves there (the journey map); `teaching` (the walkthrough) opens "what
    happens" at once, and leaves the heading to `walk_heading`, which numbers it."""
    if not teaching:
        st.header(step.title, anchor=STEP_DETAILS_ANCHOR)
    answer = [f":small[{KIND_WORDS[step.kind]}]", step.summary]
    leads_to = next_steps(pack, step.id)
    if leads_to and not can_move:
        answer.append(
            f"**{WORDS.next_heading}:** "
            + "; ".join(
                WORDS.next_link.format(when=t.label, title=target.title) for t, target in leads_to
            )
        )
    st.markdown("\n\n".join(answer))
    clinic_words(pack, view, step)
    if leads_to and can_move:
        small(f"**{WORDS.next_heading}:**")
        with st.container(horizontal=True, gap="small", key=MOVES_KEY):
            st.html(MOVES_STYLE)
            for transition, target in leads_to:
                view_state.move_button(
                    pack,
                    target.id,
                    WORDS.next_link.format(when=transition.label, title=target.title),
                )
    # The options of the step's phase, judged once for the answer and for their section.
    phase = phase_for_step(pack, step.id)
    judged = None
    if phase is not None and not childhood_pointer(pack, view.situation):
        judged = verdicts(pack, view.situation.with_step(step.id))
        st.markdown(_listed_here(phase, judged))
        if teaching:
            view_state.walk_options_button(view, phase.id)
        else:
            st.page_link(
                chrome.PAGE_OPTIONS,
                label=WORDS.options_link,
                icon=":material/medication:",
                query_params=view_state.link_params(view, step.id),
            )
    _step_sections(pack, view, step, judged, teaching=teaching)


def _step_sections(
    pack: ContentPack,
    view: ParsedView,
    step: Step,
    judged: Sequence[Verdict] | None,
    *,
    teaching: bool,
) -> None:
    """The step's parts, each folded; `judged` is None where no options are shown (no phase, or
    an age under the adult range)."""
    with folded(WORDS.what_happens, view_state.StepFold.WHAT_HAPPENS, expanded=teaching) as is_open:
        if is_open:
            parts = [step.what_happens, f"**{WORDS.what_it_is_like}**", step.what_it_is_like]
            for topic in topics_for_step(pack, step.id):
                parts += [f"**{topic.title}**", topic.intro]
                parts.append("\n".join(f"- {with_phone_links(item.text)}" for item in topic.items))
            st.markdown("\n\n".join(part for part in parts if part))
    tests = tests_for_step(pack, step.id)
    if tests:
        with folded(WORDS.tests_heading, view_state.StepFold.TESTS) as is_open:
            if is_open:
                st.markdown("\n".join(f"- **{test.name}**: {test.what_it_finds}" for test in tests))
    if judged is not None:
        with folded(WORDS.options_heading, view_state.StepFold.OPTIONS) as is_open:
            if is_open:
                st.markdown(verdict_lines(judged) if judged else WORDS.no_options)
    questions = questions_for_step(pack, step.id)
    if questions:
        with folded(WORDS.questions_heading, view_state.StepFold.QUESTIONS) as is_open:
            if is_open:
                small(WORDS.questions_add_help)
                for question in questions:
                    view_state.question_checkbox(pack, view, question)
    bands = bands_for_step(pack, step.id)
    if bands:
        with folded(WORDS.bands_heading, view_state.StepFold.BANDS) as is_open:
            if is_open:
                st.markdown("\n".join(f"- **{band.title}**: {band.summary}" for band in bands))
    if trial_links_for_step(pack, step.id):
        with folded(WORDS.trials_heading, view_state.StepFold.TRIALS) as is_open:
            if is_open:
                trial_links(pack, step.id, level=None)
    if teaching:
        understanding_checks(pack, step)
    with folded(WORDS.sources_heading, view_state.StepFold.SOURCES) as is_open:
        if is_open:
            source_list(pack, step.source_ids, step.reviewed_on, titled=False)


def understanding_checks(pack: ContentPack, step: Step) -> None:
    """The step's "check your understanding" questions, folded (made only while open): each a
    radio with nothing chosen, and after any answer, in words, whether it was right and why."""
    checks = checks_for_step(pack, step.id)
    if not checks:
        return
    with folded(WORDS.check_heading, view_state.StepFold.CHECKS) as is_open:
        if is_open:
            small(WORDS.check_intro)
            for check in checks:
                chosen = view_state.check_answer(check)
                st.html(check_feedback_html(check, chosen))


def _part_pointer(part: StepPart) -> str:
    """Where the step tells the answer, named as the step's page names that part."""
    if part is StepPart.SUMMARY:
        return WORDS.check_see_top
    section = WORDS.what_happens if part is StepPart.WHAT_HAPPENS else WORDS.tests_heading
    return WORDS.check_see_section.format(part=section)


def check_feedback_html(check: UnderstandingCheck, chosen: CheckChoice | None) -> str:
    """What a check says after an answer, right or not: in words (never colour alone), then why
    and where the step tells it. A status region that is there before any answer (empty), so a
    screen reader hears the words when they come; every text is escaped."""
    said = ""
    if chosen is not None:
        verdict = (
            WORDS.check_right
            if chosen.correct
            else WORDS.check_not_quite.format(answer=check.answer.text)
        )
        said = (
            f"<p><strong>{html.escape(verdict)}</strong></p>"
            f"<p><strong>{html.escape(WORDS.check_why)}</strong> "
            f"{html.escape(check.explanation)} {html.escape(_part_pointer(check.part))}</p>"
        )
    return f'<div class="{CHECK_FEEDBACK_CLASS}" role="status">{said}</div>'


CHECK_FEEDBACK_CLASS = "check-feedback"


# ---------------------------------------------------------------- walkthrough


def walk_position(place: WalkPlace) -> str:
    """Where the walk is, in words: "Step 3 of 8", or in the branch "If ALL comes back: step 1
    of 2"."""
    if not place.in_branch:
        return WORDS.walk_position.format(n=place.number, total=place.total)
    return WORDS.walk_branch_position.format(
        when=place.branch_when or WORDS.walk_branch_no_label, n=place.number, total=place.total
    )


def walk_heading(place: WalkPlace) -> None:
    """The top of a walkthrough step: its title, and its number under it as words and a bar.
    A move brings this heading to the top of the screen."""
    st.header(place.step.title, anchor=STEP_DETAILS_ANCHOR)
    st.progress(place.number / place.total, text=walk_position(place))


def walk_controls(place: WalkPlace) -> None:
    """The arrow keys and the focus after a move (see ui/walk_keys.py), for the buttons drawn by
    view_state.walk_buttons."""
    rows = [view_state.WALK_KEYS[bar] for bar in view_state.WalkBar]
    walk_keyboard(
        key=view_state.WALK_KEYBOARD_KEY,
        place=place,
        buttons={
            view_state.WalkMove.BACK: [keys.back for keys in rows],
            view_state.WalkMove.FORWARD: [keys.forward for keys in rows],
            view_state.WalkMove.BRANCH: [keys.branch for keys in rows],
        },
        heading_id=STEP_DETAILS_ANCHOR,
        announce=WORDS.walk_announce.format(position=walk_position(place), title=place.step.title),
    )


MOVES_KEY = "step_moves"
# Streamlit draws a button's label on one line and cuts it with "…" when it is wider than the
# button: on a phone "ALL does not go into remission: Treating recurrent ALL" lost its step. This
# rule, scoped to the step's own row of moves, lets those labels wrap instead.
MOVES_STYLE = (
    f"<style>.st-key-{MOVES_KEY} button {{height: auto; text-align: left;}} "
    f".st-key-{MOVES_KEY} button * {{white-space: normal; overflow: visible; "
    "text-overflow: clip;}</style>"
)

TABLE_CLASS = "journey-table"
#: Up to this width a table's rows stack: each row a block, each cell under its column's name.
TABLE_STACK_MAX_PX = 640
# A phone has no room for five or six columns of sentences (st.table squeezed them to 70 px and
# hid the rest behind a sideways scroll), so on a narrow screen each row becomes a block, each cell
# headed by its column's name; the explicit roles keep the table's meaning for a screen reader
# when the rows are drawn as blocks. Colours are the theme's own (inherited), light or dark.
TABLE_STYLE = (
    f"<style>.{TABLE_CLASS} {{border-collapse: collapse; width: 100%; margin-bottom: 1rem;}}"
    f" .{TABLE_CLASS} th, .{TABLE_CLASS} td {{text-align: left; vertical-align: top;"
    " padding: 0.4rem 0.5rem; border-bottom: 1px solid rgba(128, 128, 128, 0.35);"
    " overflow-wrap: anywhere;}"
    f" .{TABLE_CLASS} thead th {{font-weight: 600;}}"
    f" @media (max-width: {TABLE_STACK_MAX_PX}px) {{"
    f" .{TABLE_CLASS}, .{TABLE_CLASS} tbody, .{TABLE_CLASS} tr, .{TABLE_CLASS} th,"
    f" .{TABLE_CLASS} td {{display: block; width: 100%;}}"
    f" .{TABLE_CLASS} thead {{position: absolute; width: 1px; height: 1px; overflow: hidden;"
    " clip-path: inset(50%); white-space: nowrap;}"
    f" .{TABLE_CLASS} tbody tr {{padding: 0.5rem 0;"
    " border-bottom: 2px solid rgba(128, 128, 128, 0.5);}"
    f" .{TABLE_CLASS} tbody th, .{TABLE_CLASS} tbody td {{border: none; padding: 0.15rem 0;}}"
    f" .{TABLE_CLASS} tbody td::before {{content: attr(data-label); display: block;"
    " font-weight: 600;}}</style>"
)


def table_html(rows: Sequence[dict[str, str]]) -> str:
    """Rows of plain text (every row with the same columns) as a table: its first cell heads the
    row; on a narrow screen the rows stack (`TABLE_STYLE`). Every cell is escaped."""
    columns = list(rows[0])
    head = "".join(
        f'<th scope="col" role="columnheader">{html.escape(name)}</th>' for name in columns
    )
    body = []
    for row in rows:
        first, *rest = columns
        cells = [f'<th scope="row" role="rowheader">{html.escape(row[first])}</th>']
        cells += [
            f'<td role="cell" data-label="{html.escape(name)}">{html.escape(row[name])}</td>'
            for name in rest
        ]
        body.append(f'<tr role="row">{"".join(cells)}</tr>')
    return (
        f'<table class="{TABLE_CLASS}" role="table"><thead><tr role="row">{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
    )


def text_table(rows: Sequence[dict[str, str]]) -> None:
    """A table of text that fits a phone: columns on a desk, one block a row on a narrow screen.

    Lighter than st.table too: no dataframe is built or sent."""
    if rows:
        st.html(TABLE_STYLE + table_html(rows))


LARGE_TEXT_KEY = "large_text"
# Streamlit has no per-element text size, and an educator shows the walkthrough on a projector:
# this one rule, scoped to the walkthrough's own container, makes its body text larger.
LARGE_TEXT_STYLE = (
    f"<style>.st-key-{LARGE_TEXT_KEY} :is([data-testid=stMarkdownContainer], "
    f".{CHECK_FEEDBACK_CLASS}) :is(p, li) {{font-size: 1.25rem; line-height: 1.6;}}</style>"
)


@contextlib.contextmanager
def large_text() -> Iterator[None]:
    """A container whose paragraphs and list items are drawn larger than the rest of the app."""
    with st.container(key=LARGE_TEXT_KEY):
        st.html(LARGE_TEXT_STYLE)
        yield


# ---------------------------------------------------------------- tests and terms


def tests_by_group(pack: ContentPack) -> None:
    """Every test, grouped by what it is for, in the pack's order."""
    for group in sorted(pack.test_groups, key=lambda group: (group.order, group.id)):
        tests = sorted(
            (test for test in pack.tests if test.group_id == group.id),
            key=lambda test: (test.order, test.id),
        )
        st.subheader(group.title)
        st.markdown(group.intro)
        for test in tests:
            heading(test.name, 4)
            st.markdown(
                f"**{WORDS.what_it_is}:** {test.what_it_is}\n\n"
                f"**{WORDS.test_what_it_finds}:** {test.what_it_finds}\n\n"
                f"**{WORDS.what_it_is_like}:** {test.what_it_is_like}"
            )
        source_list(pack, [*group.source_ids, *(sid for test in tests for sid in test.source_ids)])


def glossary(pack: ContentPack, search: str) -> None:
    """Glossary terms whose name, any other name, definition or English term holds the search."""
    terms = [term for term in pack.glossary if matches_search(pack, term, search)]
    small(WORDS.glossary_count.format(shown=len(terms), total=len(pack.glossary)))
    if not terms:
        st.markdown(WORDS.glossary_none.format(text=escape_markdown(search.strip())))
        return
    lines = []
    for term in terms:
        other = (
            f" ({WORDS.also_called.format(name=', '.join(term.also_called))})"
            if term.also_called
            else ""
        )
        english = english_beside(pack.english_term("glossary", term.id))
        lines.append(
            f"- **{_html_text(term.term)}**{english}{_html_text(other)}: "
            f"{_html_text(term.definition)}"
        )
    st.markdown("\n".join(lines), unsafe_allow_html=True)


def _html_text(text: str) -> str:
    """Pack text for markdown that allows HTML: its own < > & shown as written."""
    return html.escape(text, quote=False)


def english_beside(english: str) -> str:
    """ " (in English: <span lang="en">remission</span>)" for markdown that allows HTML; the
    span tells a screen reader to say the term in English (WCAG 3.1.2). "" when there is none."""
    if not english:
        return ""
    term = f'<span lang="en">{html.escape(english)}</span>'
    return f" ({html.escape(WORDS.english_term, quote=False).format(term=term)})"


# ---------------------------------------------------------------- discussion sheet


def question_groups(pack: ContentPack) -> dict[str, tuple[Question, ...]]:
    """The questions per step with any, in the journey's order, then those for any step (under
    view_state.ANY_STEP_GROUP)."""

    def ordered(questions: Iterable[Question]) -> tuple[Question, ...]:
        return tuple(sorted(questions, key=lambda question: (question.order, question.id)))

    groups = {
        step.id: ordered(q for q in pack.questions if q.step_id == step.id)
        for step in steps_in_order(pack)
    }
    groups[view_state.ANY_STEP_GROUP] = ordered(q for q in pack.questions if q.step_id is None)
    return {step_id: questions for step_id, questions in groups.items() if questions}


def question_chooser(pack: ContentPack, view: ParsedView) -> None:
    """One group of questions at a time, the reader's step first: a choice of group, then its
    questions to tick (one list of boxes drawn, not every group's)."""
    groups = question_groups(pack)
    titles = {
        step_id: WORDS.sheet_general_group
        if step_id == view_state.ANY_STEP_GROUP
        else pack.step(step_id).title
        for step_id in groups
    }
    chosen = view_state.question_group_select(list(groups), titles, view.situation.step)
    for question in groups[chosen]:
        view_state.question_checkbox(pack, view, question)


def own_question(pack: ContentPack, max_own: int, max_chars: int) -> None:
    """The form for a question in the reader's own words, and a note when the list is full."""
    if not view_state.own_question_form(pack, max_own, max_chars):
        small(WORDS.sheet_own_full.format(count=max_own))


def basket(pack: ContentPack, view: ParsedView) -> tuple[BasketItem, ...]:
    """The reader's list in order, each with move and remove buttons; returns it for the sheet."""
    entries = view_state.basket_items(view)
    if not entries:
        st.markdown(WORDS.sheet_basket_empty)
        return ()
    items = []
    for position, (token, question_id, own_text) in enumerate(entries):
        if question_id is not None:
            text = pack.question(question_id).text
            items.append(BasketItem(question_id=question_id))
        else:
            text = f"{escape_markdown(own_text)} *{WORDS.sheet_own_mark}*"
            items.append(BasketItem(own_text=own_text))
        with st.container(border=True):
            st.markdown(f"**{position + 1}.** {text}")
            view_state.item_buttons(pack, token, position, len(entries))
    return tuple(items)


# ---------------------------------------------------------------- getting ready to decide


def _guide_columns(for_two: bool) -> list[tuple[Person, object]]:
    """One column per person who answers, headed by whose answers it holds."""
    if not for_two:
        return [(Person.PATIENT, st.container())]
    columns = st.columns(2, gap="medium")
    people = (Person.PATIENT, Person.FAMILY)
    for person, column in zip(people, columns, strict=True):
        column.markdown(f"**{WORDS.guide_column_label.format(person=PERSON_WORDS[person])}**")
    return list(zip(people, columns, strict=True))


def _words_for(person: Person) -> Callable[[GuideItem], str]:
    return family_words if person is Person.FAMILY else (lambda item: item.text)


def decision_guide(pack: ContentPack, view: ParsedView) -> None:
    """Getting ready to decide, after the steps of the Ottawa Personal Decision Guide: the
    decision at hand, then each step in a section that opens on demand (its widgets are drawn
    only while it is open; the session keeps their answers meanwhile)."""
    step_id = view.situation.step
    about = pack.guide_items(GuidePart.ABOUT)
    for item in about[:1]:
        st.markdown(escape_markdown(item.text))
    source_list(pack, _sources_of(about))
    small(WORDS.guide_private)
    for_two = view_state.guide_for_two_toggle()
    if for_two:
        for item in about[1:]:
            small(escape_markdown(item.text))
    heading(WORDS.guide_decision_heading, 3)
    decision = decision_at(pack, step_id)
    if decision is not None:
        st.markdown(escape_markdown(decision.text))
    view_state.guide_text_input(
        view_state.GUIDE_OWN_WORDS_KEY, WORDS.guide_own_words_label, MAX_GUIDE_TEXT_CHARS
    )
    with folded(WORDS.guide_values_fold, view_state.PageFold.GUIDE_VALUES) as is_open:
        if is_open:
            small(WORDS.guide_values_help)
            values = pack.guide_items(GuidePart.VALUE)
            for person, column in _guide_columns(for_two):
                with column:
                    view_state.guide_values(values, person, for_two, _words_for(person))
    with folded(WORDS.guide_people_fold, view_state.PageFold.GUIDE_PEOPLE) as is_open:
        if is_open:
            for person, column in _guide_columns(for_two):
                with column:
                    view_state.guide_choices(
                        pack.guide_items(GuidePart.INVOLVED), person, for_two, "involved",
                        WORDS.guide_involved_label, _words_for(person),
                    )  # fmt: skip
                    view_state.guide_role(
                        pack.guide_items(GuidePart.ROLE), person, for_two, _words_for(person)
                    )
    with folded(WORDS.guide_sure_fold, view_state.PageFold.GUIDE_SURE) as is_open:
        if is_open:
            small(WORDS.guide_sure_help)
            for person, column in _guide_columns(for_two):
                with column:
                    for item in pack.guide_items(GuidePart.SURE):
                        view_state.guide_sure(item, person, for_two, _words_for(person)(item))
            sure_help = pack.guide_items(GuidePart.SURE_HELP)
            for item in sure_help:
                small(escape_markdown(item.text))
            source_list(pack, _sources_of((*pack.guide_items(GuidePart.SURE), *sure_help)))
    with folded(WORDS.guide_next_fold, view_state.PageFold.GUIDE_NEXT) as is_open:
        if is_open:
            for person, column in _guide_columns(for_two):
                with column:
                    view_state.guide_choices(
                        pack.guide_items(GuidePart.NEXT_STEP), person, for_two, "next",
                        WORDS.guide_next_label, _words_for(person),
                    )  # fmt: skip
            view_state.guide_text_input(
                view_state.GUIDE_OTHER_STEP_KEY, WORDS.guide_other_step_label,
                MAX_GUIDE_TEXT_CHARS,
            )  # fmt: skip
    with folded(WORDS.guide_burdens_fold, view_state.PageFold.GUIDE_BURDENS) as is_open:
        if is_open:
            burdens = items_at(pack, GuidePart.BURDEN, step_id)
            st.markdown("\n".join(f"- {escape_markdown(item.text)}" for item in burdens))
            source_list(pack, _sources_of(burdens))
    if for_two:
        with folded(
            WORDS.guide_family_questions_fold, view_state.PageFold.GUIDE_FAMILY_QUESTIONS
        ) as is_open:
            if is_open:
                small(WORDS.guide_family_questions_help)
                texts = [item.text for item in items_at(pack, GuidePart.FAMILY_QUESTION, step_id)]
                texts += [
                    pack.question(question_id).family_text
                    for question_id in view.question_ids
                    if pack.has_question(question_id) and pack.question(question_id).family_text
                ]
                st.markdown(
                    "\n".join(f"- {escape_markdown(text)}" for text in dict.fromkeys(texts))
                )


def _sources_of(items: Iterable[GuideItem]) -> list[str]:
    return list(dict.fromkeys(source_id for item in items for source_id in item.source_ids))


class DownloadId(StrEnum):
    """The files of the discussion sheet's downloads: the sheet twice, the map three ways."""

    PDF = "pdf"
    MARKDOWN = "md"
    DOT = "dot"
    SVG = "svg"
    PNG = "png"


def downloads(pack: ContentPack, request: SheetRequest) -> None:
    """The sheet and the map as files, each made only when its button is pressed, from this run
    (the run a press sets off: it has the notes as they were when Download was pressed)."""
    situation = request.situation
    download_buttons(
        view_state.SHEET_DOWNLOADS_KEY,
        (
            DownloadFile(
                DownloadId.PDF,
                WORDS.download_pdf,
                WORDS.file_sheet_pdf,
                "application/pdf",
                functools.partial(sheet_pdf, pack, request),
            ),
            DownloadFile(
                DownloadId.MARKDOWN,
                WORDS.download_markdown,
                WORDS.file_sheet_md,
                "text/markdown",
                functools.partial(sheet_markdown, pack, request),
            ),
        ),
    )
    with folded(WORDS.download_map_files, view_state.PageFold.MAP_FILES) as is_open:
        if not is_open:
            return
        map_files = [
            DownloadFile(
                DownloadId.DOT,
                WORDS.download_dot,
                WORDS.file_map_dot,
                "text/vnd.graphviz",
                functools.partial(diagram_dot, pack, situation),
            ),
        ]
        dot_present = has_dot()
        if dot_present:
            map_files += [
                DownloadFile(
                    DownloadId.SVG,
                    WORDS.download_svg,
                    WORDS.file_map_svg,
                    "image/svg+xml",
                    functools.partial(diagram_image, pack, situation, "svg"),
                ),
                DownloadFile(
                    DownloadId.PNG,
                    WORDS.download_png,
                    WORDS.file_map_png,
                    "image/png",
                    functools.partial(diagram_image, pack, situation, "png"),
                ),
            ]
        download_buttons(view_state.MAP_DOWNLOADS_KEY, map_files)
        if not dot_present:
            st.markdown(WORDS.no_dot_program)


# ---------------------------------------------------------------- about


def all_sources(pack: ContentPack) -> None:
    """Every source of the pack with its own date, when we read it, and what we use it for."""
    st.markdown(
        "\n".join(
            f"- {_source_line(source)} {source_note(source)}".rstrip() for source in pack.sources
        )
    )


# ---------------------------------------------------------------- the shared sidebar


def situation_sidebar(pack: ContentPack, view: ParsedView) -> None:
    """The few facts that change which options are listed, each with a one-line explanation."""
    st.header(WORDS.sidebar_heading)
    small(WORDS.sidebar_intro)
    asked = facts_asked_at(pack, view.situation.step)  # the URL keeps the others
    view_state.sidebar_asked([fact.id for fact in asked])
    for fact in asked:
        view_state.fact_control(pack, view, fact)
        small(fact.help)
    care_team = pack.text(CARE_TEAM_TEXT_ID)
    small(f"**{care_team.title}.** {care_team.body}")
