"""Relevance, navigation and the diagram on the minimal pack, where expectations are easy to see."""

from __future__ import annotations

import dataclasses
import re

import pytest

from journey.diagram import (
    COLOR_PAIRS,
    THIS_STEP,
    build_bands,
    build_diagram,
    build_journey,
    build_legend,
    outline,
    outline_markdown,
)
from journey.loading import load_pack
from journey.model import Relevance, State
from journey.navigation import (
    Answer,
    LastTestsShowed,
    facts_asked_at,
    is_child,
    is_end,
    is_terminal,
    next_steps,
    phase_after_state,
    phase_for_step,
    questions_for_step,
    situation_at_step,
    state_from_answers,
    state_step_for,
    trial_links_for_step,
    usual_way,
    verdicts,
    walk_place,
    walk_route,
)
from journey.navigation import (
    tests_for_step as medical_tests_for_step,
)
from journey.relevance import relevance
from journey.situation import Situation
from journey.words import WORDS
from tests.packs import MIN_PACK

PACK = load_pack(MIN_PACK)
YES, MAYBE, NO = Relevance.APPLIES, Relevance.MAY_APPLY, Relevance.DOES_NOT_APPLY
TEAM = "The team weighs your health."


def test_a_care_team_condition_never_gives_more_than_may_apply():
    everything = Situation.of(lineage="t", relapse="later", age=30)
    assert relevance(PACK.option("again_young"), everything, PACK).relevance is MAYBE


def test_a_fact_is_asked_only_where_the_pack_says_and_ignored_elsewhere():
    asked = {step: [f.id for f in facts_asked_at(PACK, step)] for step in ("start", "untreated")}
    assert asked["start"] == asked["untreated"] == ["ph", "lineage", "kmt2a", "cns", "age"]
    assert "relapse" in [f.id for f in facts_asked_at(PACK, "again")]
    told = Situation.of(step="untreated", relapse="later", ph="positive")
    assert situation_at_step(PACK, told) == Situation.of(step="untreated", ph="positive")
    at_relapse = verdicts(PACK, Situation.of(step="recurrent", lineage="t", relapse="first"))
    assert [v.relevance for v in at_relapse] == [NO]


@pytest.mark.parametrize(
    ("option_id", "facts", "expected", "reason"),
    [
        ("ind_chemo", {}, YES, "Text for reason_no_conditions."),
        ("ind_pilla", {}, MAYBE, "Ph unknown."),
        ("ind_pilla", {"ph": "positive"}, YES, "Ph matches."),
        ("ind_pilla", {"ph": "negative"}, NO, "Ph conflicts."),
        # two ways in: (B cell and 25 or younger) or (came back later, as the team judges)
        ("again_young", {}, MAYBE, f"B unknown. Age unknown. Later unknown. {TEAM}"),
        ("again_young", {"lineage": "b"}, MAYBE, f"Age unknown. Later unknown. {TEAM}"),
        ("again_young", {"lineage": "b", "age": 25}, YES, "B matches. Age matches."),
        ("again_young", {"lineage": "b", "age": 26}, MAYBE, f"Later unknown. {TEAM}"),
        ("again_young", {"lineage": "t", "relapse": "later"}, MAYBE, TEAM),
        (
            "again_young",
            {"lineage": "t", "age": 60, "relapse": "first"},
            NO,
            "B conflicts. Age conflicts. Later conflicts.",
        ),
    ],
)
def test_relevance_and_its_reason(option_id, facts, expected, reason):
    verdict = relevance(PACK.option(option_id), Situation.of(**facts), PACK)
    assert verdict.relevance is expected
    assert verdict.reason == reason


def test_a_state_shows_the_options_of_the_phase_after_it():
    assert phase_after_state(PACK, "untreated").id == "induction"
    assert phase_for_step(PACK, "untreated").id == "induction"
    assert phase_for_step(PACK, "again").id == "again"
    assert phase_for_step(PACK, "start") is None
    ids = [v.option.id for v in verdicts(PACK, Situation(step="untreated"))]
    assert ids == ["ind_chemo", "ind_pilla"]


def test_a_child_gets_no_options():
    assert verdicts(PACK, Situation(step="untreated", age=12)) == ()
    assert is_child(PACK, Situation(age=12)) and not is_child(PACK, Situation(age=18))


def test_phases_belong_to_the_state_before_them():
    assert state_step_for(PACK, "again").id == "recurrent"
    assert state_step_for(PACK, "post").id == "remission"
    assert state_step_for(PACK, "start") is None
    assert [link.id for link in trial_links_for_step(PACK, "induction")] == ["tl_untreated"]


def test_next_steps_and_ends():
    assert [(t.label, s.id) for t, s in next_steps(PACK, "post")] == [
        ("ends", "after"),
        ("comes back", "recurrent"),
    ]
    assert is_terminal(PACK, "after") and not is_terminal(PACK, "start")


def test_tests_and_questions_belong_to_steps():
    assert [t.id for t in medical_tests_for_step(PACK, "untreated")] == ["cbc"]
    assert [q.id for q in questions_for_step(PACK, "start")] == ["q_start", "q_any"]
    assert [q.id for q in questions_for_step(PACK, None)] == ["q_any"]


def _with_arrow(from_step: str, to_step: str):
    """PACK with one more transition."""
    arrow = dataclasses.replace(PACK.transitions[0], id="t9", from_step=from_step, to_step=to_step)
    return dataclasses.replace(PACK, transitions=(*PACK.transitions, arrow))


def test_an_end_is_a_step_with_no_way_out_or_an_after_step():
    assert [step.id for step in PACK.steps if is_end(PACK, step.id)] == ["after"]
    relapse_after = _with_arrow("after", "recurrent")
    assert is_end(relapse_after, "after") and not is_terminal(relapse_after, "after")


def test_the_usual_way_is_the_fewest_moves_from_the_first_step_to_an_end():
    assert [step.id for step in usual_way(PACK)] == [
        "start",
        "untreated",
        "induction",
        "remission",
        "post",
        "after",
    ]


def test_the_walk_takes_the_usual_way_then_the_other_steps_as_a_branch():
    route = walk_route(PACK)
    assert [step.id for step in route.branch] == ["recurrent", "again"]
    assert route.branch_when == "comes back"  # the arrow post -> recurrent
    assert sorted(step.id for step in route.steps) == sorted(PACK.step_ids)


def _walked(step_id: str | None, move: str) -> list[str]:
    """The step ids a walk visits from `step_id` going `move` ("back" or "forward") to its end."""
    seen = []
    place = walk_place(PACK, step_id)
    while place is not None:
        seen.append(place.step.id)
        following = getattr(place, move)
        place = walk_place(PACK, following.id) if following else None
    return seen


def test_next_walks_the_usual_way_and_stops_at_its_end_where_the_branch_is_offered():
    assert _walked(None, "forward") == [step.id for step in usual_way(PACK)]
    end = walk_place(PACK, "after")
    assert end.forward is None and end.branch.id == "recurrent" and end.branch_when == "comes back"
    assert [walk_place(PACK, s.id).branch for s in usual_way(PACK)[:-1]] == [None] * 5


def test_in_the_branch_next_goes_to_its_end_and_back_returns_to_the_usual_ways_end():
    assert _walked("recurrent", "forward") == ["recurrent", "again"]
    assert _walked("again", "back") == [
        "again",
        "recurrent",
        "after",
        "post",
        "remission",
        "induction",
        "untreated",
        "start",
    ]
    assert walk_place(PACK, "again").branch is None


@pytest.mark.parametrize(
    ("step_id", "number", "total", "in_branch"),
    [
        (None, 1, 6, False),
        ("no_such_step", 1, 6, False),
        ("start", 1, 6, False),
        ("post", 5, 6, False),
        ("after", 6, 6, False),
        ("recurrent", 1, 2, True),
        ("again", 2, 2, True),
    ],
)
def test_a_walks_place_is_numbered_within_its_part(step_id, number, total, in_branch):
    place = walk_place(PACK, step_id)
    assert (place.number, place.total, place.in_branch) == (number, total, in_branch)


def test_between_ways_as_short_the_usual_way_takes_the_lower_order():
    # untreated -> again -> remission is as short as untreated -> induction -> remission
    assert usual_way(_with_arrow("untreated", "again")) == usual_way(PACK)


def test_a_shorter_way_to_an_end_becomes_the_usual_way():
    assert [step.id for step in usual_way(_with_arrow("start", "after"))] == ["start", "after"]
    route = walk_route(_with_arrow("start", "after"))
    assert [step.id for step in route.branch][:2] == ["untreated", "induction"]
    assert route.branch_when == "found"  # the arrow start -> untreated


@pytest.mark.parametrize(
    ("started", "result", "back", "state"),
    [
        (Answer.NO, LastTestsShowed.NOT_SURE, Answer.NO, State.UNTREATED),
        (Answer.YES, LastTestsShowed.NO_SIGNS, Answer.NO, State.REMISSION),
        (Answer.YES, LastTestsShowed.NO_SIGNS, Answer.YES, State.RECURRENT),
        (Answer.NOT_SURE, LastTestsShowed.NOT_SURE, Answer.NOT_SURE, None),
        (Answer.YES, LastTestsShowed.LEUKEMIA_FOUND, Answer.NO, None),
    ],
)
def test_where_am_i_answers_point_to_a_state_or_nowhere(started, result, back, state):
    assert state_from_answers(started, result, back).state is state


def test_diagram_has_every_step_transition_link_and_tooltip():
    source = build_diagram(PACK, Situation.of(step="induction", ph="positive")).source
    for step in PACK.steps:
        assert re.search(rf"\b{step.id} \[", source), step.id
        assert f'URL="?step={step.id}&ph=positive"' in source
    for transition in PACK.transitions:
        assert f"{transition.from_step} -> {transition.to_step}" in source
    assert source.count("tooltip=") >= len(PACK.steps)
    assert "target=_self" in source


def test_you_are_here_is_shown_by_words_and_border_not_colour_alone():
    source = build_diagram(PACK, Situation(step="remission")).source
    here_line = next(line for line in source.splitlines() if line.strip().startswith("remission ["))
    assert (
        WORDS.here_prefix in here_line
        and "peripheries=2" in here_line
        and "penwidth=3" in here_line
    )
    other = next(line for line in source.splitlines() if line.strip().startswith("post ["))
    assert WORDS.here_prefix not in other and "peripheries" not in other


def test_diagram_has_a_legend_and_bands():
    source = build_diagram(PACK, Situation()).source
    assert "cluster_legend" in source and "cluster_bands" in source
    assert "Trials" in source and "at every step" in source


def _statements(source: str) -> set[str]:
    """The node and edge lines of a DOT source (not the graph's own header and attributes)."""
    return {line.strip() for line in source.splitlines() if "[" in line and "=" in line}


def test_the_journey_bands_and_key_drawn_apart_are_the_whole_diagrams_parts():
    situation = Situation.of(step="induction", ph="positive")
    questions = ("q_signs_1",)
    whole = build_diagram(PACK, situation, question_ids=questions).source
    journey = build_journey(PACK, situation, question_ids=questions).source
    bands = build_bands(PACK)
    assert bands is not None
    legend = build_legend().source
    assert "cluster" not in journey and all(f"id=step_{s.id}" in journey for s in PACK.steps)
    assert "step_" not in bands.source + legend
    assert "cluster_bands" in bands.source and "cluster_legend" in legend
    assert _statements(journey) | _statements(bands.source) | _statements(legend) >= (
        _statements(whole)
    )
    assert _statements(whole) >= _statements(journey)


def test_a_pack_without_bands_has_no_bands_picture():
    assert build_bands(dataclasses.replace(PACK, bands=())) is None


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize(("text", "background"), COLOR_PAIRS)
def test_every_diagram_colour_pair_has_contrast_of_at_least_4_5(text, background):
    light, dark = sorted((_luminance(text), _luminance(background)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5


def test_outline_matches_the_diagram():
    situation = Situation(step="post")
    entries = outline(PACK, situation)
    assert [e.step.id for e in entries] == [s.id for s in sorted(PACK.steps, key=lambda s: s.order)]
    arrows = {(e.step.id, target.id) for e in entries for _, target in e.leads_to}
    assert arrows == {(t.from_step, t.to_step) for t in PACK.transitions}
    assert [e.step.id for e in entries if e.is_here] == ["post"]
    text = outline_markdown(PACK, situation)
    assert "5. Phase two (Treatment phase) — **You are here**" in text
    assert "    - comes back → It came back" in text


def test_a_walkthrough_map_marks_its_step_as_this_step_and_its_links_move_the_walk():
    situation = Situation.of(step="post", ph="positive")
    source = build_journey(PACK, situation, walk="induction", marker=THIS_STEP).source
    lines = {line.split(" [")[0].strip(): line for line in source.splitlines() if " [" in line}
    assert WORDS.this_step_prefix in lines["induction"] and "peripheries=2" in lines["induction"]
    assert WORDS.here_prefix not in source and WORDS.this_step_prefix not in lines["post"]
    for step in PACK.steps:
        assert f'URL="?step=post&ph=positive&walk={step.id}"' in lines[step.id]
    legend = build_legend(THIS_STEP).source
    assert WORDS.this_step_prefix in legend and "the step the walkthrough is at" in legend
    assert WORDS.here_prefix not in legend
    text = outline_markdown(PACK, situation, walk="induction", marker=THIS_STEP)
    assert "3. Phase one (Treatment phase) — **This step**" in text
    assert "You are here" not in text


def test_downloaded_diagrams_carry_no_links():
    source = build_diagram(PACK, Situation.of(step="post", ph="positive"), with_links=False).source
    assert "URL=" not in source and "target=" not in source
    assert WORDS.here_prefix in source


def test_node_links_keep_the_chosen_questions():
    source = build_diagram(PACK, Situation(step="post"), question_ids=("q_any", "q_start")).source
    assert 'URL="?step=start&q=q_any%2Cq_start"' in source
