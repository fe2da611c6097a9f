"""AppTest interactions: controls write the URL, the URL rebuilds the view, private text stays."""

from __future__ import annotations

import pytest

from journey.model import (
    UNKNOWN,
    ConditionKind,
    FactKind,
    Relevance,
    State,
    StepKind,
)
from journey.navigation import (
    Answer,
    LastTestsShowed,
    facts_asked_at,
    phase_for_step,
    steps_in_order,
    topics_for_step,
    verdicts,
    walk_route,
)
from journey.relevance import relevance
from journey.situation import PARAM_WALK, Situation
from journey.words import WORDS
from tests import app_testing as t
from ui import chrome, view_state

PACK = t.pack()
PHASES = [step for step in steps_in_order(PACK) if step.kind is StepKind.PHASE]


def test_each_situation_control_writes_the_url_and_keeps_the_rest() -> None:
    step = PACK.steps[0].id
    at = t.open_app({"step": step}, page=t.JOURNEY_MAP)
    expected = {"step": step}
    for fact in facts_asked_at(PACK, step):
        if fact.kind is FactKind.AGE:
            continue
        value = next(v for v in fact.value_ids if v != UNKNOWN)
        at.radio(key=view_state.fact_key(fact.id)).set_value(value).run()
        expected[fact.id] = value
        assert t.url_params(at) == expected
    at.number_input(key=view_state.fact_key("age")).set_value(40).run()
    assert t.url_params(at) == {**expected, "age": "40"}
    at.number_input(key=view_state.fact_key("age")).set_value(None).run()
    at.radio(key=view_state.fact_key("ph")).set_value(UNKNOWN).run()
    del expected["ph"]
    assert t.url_params(at) == expected
    assert not at.exception


def test_the_controls_show_the_situation_in_the_url() -> None:
    at = t.open_app({"ph": "negative", "cns": "yes", "age": "33"})
    assert at.radio(key=view_state.fact_key("ph")).value == "negative"
    assert at.radio(key=view_state.fact_key("cns")).value == "yes"
    assert at.radio(key=view_state.fact_key("lineage")).value == UNKNOWN
    assert at.number_input(key=view_state.fact_key("age")).value == 33
    sidebar = "\n".join(markdown.value for markdown in at.sidebar.markdown)
    assert all(fact.help in sidebar for fact in facts_asked_at(PACK, None))


def test_a_fact_asked_only_at_some_states_is_asked_there_and_kept_in_the_url_elsewhere() -> None:
    only_somewhere = [fact for fact in PACK.facts if fact.asked_at]
    assert only_somewhere, "the pack asks some facts only at some states"
    for fact in only_somewhere:
        value = next(v for v in fact.value_ids if v != UNKNOWN)
        here = t.open_app({"step": fact.asked_at[0], fact.id: value}, page=t.JOURNEY_MAP)
        assert here.radio(key=view_state.fact_key(fact.id)).value == value
        elsewhere = next(s for s in PACK.state_steps if s.id not in fact.asked_at)
        away = t.open_app({"step": elsewhere.id, fact.id: value}, page=t.JOURNEY_MAP)
        keys = [radio.key for radio in away.sidebar.radio]
        assert view_state.fact_key(fact.id) not in keys
        assert t.url_params(away)[fact.id] == value, "the URL keeps what the sidebar does not ask"
        assert not away.exception


def test_the_view_comes_back_after_a_page_switch_empties_the_url() -> None:
    params = {"step": PHASES[0].id, "ph": "positive", "age": "50"}
    at = t.open_app(params, page=t.JOURNEY_MAP)
    at.query_params.clear()  # what the browser does when the menu switches pages
    at.switch_page(t.OPTIONS).run()
    assert t.url_params(at) == params
    assert at.radio(key=view_state.fact_key("ph")).value == "positive"


WALK_TOP = view_state.WALK_KEYS[view_state.WalkBar.TOP]
WALK_BOTTOM = view_state.WALK_KEYS[view_state.WalkBar.BOTTOM]


def _walk_shows(at, step, position: str, *, back: bool, forward: bool, branch: bool) -> None:
    """The walkthrough at `step`: its heading and number, both rows of buttons, the map's mark."""
    assert at.header[0].value == step.title
    assert at.get("progress")[0].proto.text == position
    for keys in (WALK_TOP, WALK_BOTTOM):
        assert at.button(key=keys.back).disabled is not back
        assert at.button(key=keys.forward).disabled is not forward
        assert (keys.branch in [button.key for button in at.button]) is branch
    svg = t.diagram_svg(at)
    assert t.marked_steps(svg, WORDS.this_step_prefix) == [step.id]
    assert t.marked_steps(svg, WORDS.here_prefix) == []
    assert t.map_data(at)["current"] == "step" and t.map_data(at)["chosen"] == step.id
    assert (
        WORDS.this_step_prefix in t.map_data(at)["legend"]
        and WORDS.here_prefix not in t.map_data(at)["legend"]
    )
    assert t.walk_keyboard_data(at)["walk"] == step.id


def test_the_walkthrough_takes_the_usual_way_then_offers_the_branch_and_never_moves_the_step():
    route = walk_route(PACK)
    reader = {"step": "remission", "ph": "positive"}
    at = t.open_app(reader, page=t.WALKTHROUGH)
    for number, step in enumerate(route.usual, start=1):
        at_end = number == len(route.usual)
        _walk_shows(
            at,
            step,
            WORDS.walk_position.format(n=number, total=len(route.usual)),
            back=number > 1,
            forward=not at_end,
            branch=at_end,
        )
        if not at_end:
            keys = WALK_TOP if number % 2 else WALK_BOTTOM  # either row moves the walk
            at.button(key=keys.forward).click().run()
            assert t.url_params(at) == {**reader, "walk": route.usual[number].id}
    offer = at.button(key=WALK_TOP.branch)
    assert offer.label == WORDS.walk_branch_offer.format(
        when=route.branch_when, title=route.branch[0].title
    )
    offer.click().run()
    for number, step in enumerate(route.branch, start=1):
        at_end = number == len(route.branch)
        _walk_shows(
            at,
            step,
            WORDS.walk_branch_position.format(
                when=route.branch_when, n=number, total=len(route.branch)
            ),
            back=True,
            forward=not at_end,
            branch=False,
        )
        assert t.url_params(at) == {**reader, "walk": step.id}
        if not at_end:
            at.button(key=WALK_BOTTOM.forward).click().run()
    for step in reversed(route.steps[:-1]):
        at.button(key=WALK_TOP.back).click().run()
        assert at.header[0].value == step.title
        assert t.url_params(at) == {**reader, "walk": step.id}
    assert at.button(key=WALK_TOP.back).disabled
    assert at.button(key=WALK_BOTTOM.back).disabled
    assert not at.exception


def test_the_walkthrough_walk_is_cleaned_like_the_step() -> None:
    at = t.open_app({"step": "induction", "walk": "no_such_step"}, page=t.WALKTHROUGH)
    assert t.url_params(at) == {"step": "induction"}, "the bad walk left the URL, the step stayed"
    assert [w.value for w in at.warning] == [WORDS.notice_bad_value.format(name=PARAM_WALK)]
    assert at.header[0].value == walk_route(PACK).usual[0].title
    assert not at.exception


def test_a_reload_keeps_the_walkthrough_step() -> None:
    step = walk_route(PACK).usual[2]
    at = t.open_app({"walk": step.id}, page=t.WALKTHROUGH)
    assert at.header[0].value == step.title
    assert at.get("progress")[0].proto.text.startswith("Step 3 of")


def test_the_walkthrough_map_links_move_the_walk_and_keep_the_readers_step() -> None:
    at = t.open_app({"step": "induction", "walk": "spread"}, page=t.WALKTHROUGH)
    svg = t.diagram_svg(at)
    for step in PACK.steps:
        assert t.node_link(svg, step.id) == {"step": "induction", "walk": step.id}
    t.unfold(at, view_state.PageFold.OUTLINE)
    outline = next(e for e in at.expander if e.label == WORDS.outline_heading)
    assert f"— **{WORDS.this_step_words}**" in t.page_text(outline)


def test_the_walk_stays_when_the_reader_goes_to_another_page_and_back() -> None:
    at = t.open_app({"walk": "remission", "ph": "negative"}, page=t.WALKTHROUGH)
    at.query_params.clear()  # what the browser does when the menu switches pages
    at.switch_page(t.JOURNEY_MAP).run()
    assert t.url_params(at) == {"walk": "remission", "ph": "negative"}
    assert at.selectbox(key=view_state.STEP_KEY).value is None, "the walk is not the reader's step"
    at.switch_page(t.WALKTHROUGH).run()
    assert at.header[0].value == PACK.step("remission").title


def test_the_walkthrough_opens_every_option_at_its_phase_and_keeps_the_readers_step() -> None:
    reader = {"step": "diagnosis", "ph": "positive"}
    walked = next(
        s for s in walk_route(PACK).usual if s.kind is StepKind.PHASE and s.id != "induction"
    )
    at = t.open_app({**reader, "walk": walked.id}, page=t.WALKTHROUGH)
    at.button(key=view_state.WALK_OPTIONS_KEY).click().run()
    assert not at.exception
    assert t.url_params(at) == {**reader, "walk": walked.id}, "the reader's step did not move"
    assert at.selectbox(key=view_state.PHASE_KEY).value == walked.id
    assert at.header[0].value == WORDS.options_for_phase.format(phase=walked.title)
    at.switch_page(t.JOURNEY_MAP).run()
    assert at.selectbox(key=view_state.STEP_KEY).value == "diagnosis"


def _conflicting_option():
    """An option listed for one value of a fact, with the situation that conflicts with it."""
    for option in PACK.options:
        if len(option.alternatives) != 1:
            continue
        for condition in (PACK.condition(cid) for cid in option.condition_ids):
            if (
                condition.kind is ConditionKind.FACT_IS
                and not PACK.fact(condition.fact_id).asked_at
            ):
                values = PACK.fact(condition.fact_id).value_ids
                other = next(v for v in values if v not in (UNKNOWN, *condition.values))
                return option, {condition.fact_id: other, "step": option.phase_id}
    raise AssertionError("the pack has no option with a condition")


def test_options_that_do_not_apply_sit_in_their_own_group_never_dropped() -> None:
    option, params = _conflicting_option()
    at = t.open_app(params, page=t.OPTIONS)
    verdict = relevance(option, Situation.of(**{**params, "step": option.phase_id}), PACK)
    assert verdict.relevance is Relevance.DOES_NOT_APPLY
    headings = [s.value for s in at.subheader]
    other_heading = chrome.OPTION_GROUPS[Relevance.DOES_NOT_APPLY].split(" (")[0]
    assert [h for h in headings if h.startswith(other_heading)] == [headings[-1]], (
        "the other situations come last, in one group"
    )
    folds = [e for e in at.expander if e.label.startswith(f"**{option.name}**")]
    assert [e.label for e in folds] == [f"**{option.name}**: {verdict.reason}"], (
        "the option appears once, as a line with its reason"
    )
    assert not t.page_text(folds[0]), "its card is made only when opened"
    t.unfold(at, view_state.option_fold(option.id), view_state.PageFold.COMPARE)
    card = next(e for e in at.expander if e.label.startswith(f"**{option.name}**"))
    assert option.what_it_is in t.page_text(card)
    (table,) = t.text_tables(at)
    rows = [row for row in table if row[WORDS.compare_option] == option.name]
    assert [row[WORDS.compare_relevance] for row in rows] == [
        f"✗ {chrome.RELEVANCE_WORDS[Relevance.DOES_NOT_APPLY]}"
    ]


def test_the_drugs_of_the_phase_come_first_and_every_drug_is_one_click_away() -> None:
    at = t.open_app({"step": "induction"}, page=t.OPTIONS)
    judged = verdicts(PACK, Situation.of(step="induction"))
    of_phase = {PACK.drug(d).generic_name for v in judged for d in v.option.drug_ids}
    assert of_phase and not t.text_tables(at), "no table is made until it is opened"
    t.unfold(at, view_state.PageFold.DRUGS_PHASE)
    (phase_table,) = t.text_tables(at)
    assert {row[WORDS.drug_name] for row in phase_table} == of_phase
    t.unfold(at, view_state.PageFold.DRUGS_ALL)
    listed = [row[WORDS.drug_name] for table in t.text_tables(at)[1:] for row in table]
    assert sorted(listed) == sorted(drug.generic_name for drug in PACK.drugs)
    in_summary = [drug.generic_name for drug in PACK.drugs if drug.in_pdq_summary]
    assert set(listed[: len(in_summary)]) == set(in_summary), "the summary's drugs come first"


def test_the_phase_starts_at_the_step_and_another_phase_says_so() -> None:
    state_step = PACK.state_step(State.REMISSION)
    at = t.open_app({"step": state_step.id}, page=t.OPTIONS)
    phase = phase_for_step(PACK, state_step.id)
    assert at.selectbox(key=view_state.PHASE_KEY).value == phase.id
    other = next(p for p in PHASES if p.id != phase.id)
    at.selectbox(key=view_state.PHASE_KEY).set_value(other.id).run()
    assert PACK.text("reason_other_phase").body in [info.value for info in at.info]
    assert t.url_params(at) == {"step": state_step.id}, "choosing a phase to read is not moving"


def test_a_child_age_points_to_the_childhood_summary_instead_of_options() -> None:
    at = t.open_app({"age": "10", "step": PHASES[0].id}, page=t.OPTIONS)
    pointer = PACK.text("childhood_pointer").body
    assert pointer in [warning.value for warning in at.warning]
    t.unfold(at, view_state.PageFold.DRUGS_ALL)
    tables = t.text_tables(at)
    assert len(tables) == 2, "only the two lists of every drug, no compare table"
    assert all(WORDS.drug_name in table[0] for table in tables)
    at.switch_page(t.JOURNEY_MAP).run()
    assert pointer in [warning.value for warning in at.warning]


@pytest.mark.parametrize(
    ("answers", "state"),
    [
        ((Answer.NO, None, None), State.UNTREATED),
        ((Answer.YES, LastTestsShowed.NO_SIGNS, Answer.NO), State.REMISSION),
        ((None, None, Answer.YES), State.RECURRENT),
        ((Answer.NOT_SURE, LastTestsShowed.NOT_SURE, Answer.NOT_SURE), None),
    ],
)
def test_where_am_i_points_to_a_state_or_shows_all_three(answers, state) -> None:
    at = t.open_app(page=t.WHERE_AM_I)
    assert WORDS.where_not_answered in t.main_text(at)
    keys = (view_state.WHERE_STARTED_KEY, view_state.WHERE_TESTS_KEY, view_state.WHERE_BACK_KEY)
    for key, answer in zip(keys, answers, strict=True):
        if answer is not None:
            at.radio(key=key).set_value(answer)
    at.run()
    assert not at.exception
    shown = [state] if state else list(State)
    links = [link.proto for link in at.get("page_link") if link.proto.page == "journey_map"]
    assert [link.query_string for link in links] == [f"step={PACK.state_step(s).id}" for s in shown]
    text = t.page_text(at)
    for s in shown:
        for topic in topics_for_step(PACK, PACK.state_step(s).id):
            assert all(item.text in text for item in topic.items)
    if state is None:
        assert WORDS.where_result_none in text
    assert PACK.text("where_am_i_only_team").body in [info.value for info in at.info]
    assert t.url_params(at) == {}, "answers stay in the tab"


def test_the_sheet_basket_puts_chosen_ids_in_the_url_and_private_text_nowhere_in_it() -> None:
    first, second = PACK.questions[0], PACK.questions[1]
    at = t.open_app({"ph": "positive"}, page=t.SHEET)
    t.show_questions_of(at, first)
    at.checkbox(key=view_state.QUESTION_KEY_PREFIX + first.id).check().run()
    assert t.url_params(at) == {"ph": "positive", "q": first.id}
    t.show_questions_of(at, second)
    at.checkbox(key=view_state.QUESTION_KEY_PREFIX + second.id).check().run()
    assert t.url_params(at)["q"] == f"{first.id},{second.id}"

    own, notes = "Can my sister come along? zq-own-7", "Ask about parking zq-note-9"
    at.text_input(key=view_state.OWN_QUESTION_KEY).input(own)
    at.button[0].click()  # the form's Add button is the first button on the page
    at.run()
    at.text_area(key=view_state.NOTES_KEY).input(notes).run()
    assert own in t.page_text(at)
    at.button(key=view_state.ITEM_UP_PREFIX + "q:" + second.id).click().run()
    assert t.url_params(at)["q"] == f"{second.id},{first.id}"
    share = at.code[0].value
    for private in (own, notes, "zq-"):
        assert private not in str(at.query_params) and private not in share
    assert share.endswith(f"?ph=positive&q={second.id}%2C{first.id}")

    at.switch_page(t.ABOUT).run()
    at.query_params.clear()
    at.switch_page(t.SHEET).run()
    assert own in t.page_text(at), "own questions last the session"
    assert at.text_area(key=view_state.NOTES_KEY).value == notes, "notes last the session"
    assert t.url_params(at)["q"] == f"{second.id},{first.id}"

    at.button(key=view_state.ITEM_REMOVE_PREFIX + "q:" + second.id).click().run()
    assert t.url_params(at)["q"] == first.id
    t.show_questions_of(at, second)
    assert not at.checkbox(key=view_state.QUESTION_KEY_PREFIX + second.id).value
    assert not at.exception
