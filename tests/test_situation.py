"""The URL door's pure half: any query parameters give a valid view, and views round-trip."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journey.model import FACT_VALUES, UNKNOWN
from journey.situation import (
    ALL_PARAMS,
    MAX_QUESTIONS,
    ParsedView,
    Situation,
    parse_view,
    query_string,
    view_params,
)

STEPS = ("start", "untreated", "induction")
QUESTIONS = ("q_start", "q_any")


def test_defaults_are_unknown_and_no_step():
    situation = Situation()
    assert situation.step is None and situation.age is None
    assert all(situation.value_of(fact) == UNKNOWN for fact in FACT_VALUES)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"step": "induction", "ph": "positive"}, Situation(step="induction", ph="positive")),
        (
            {"lineage": "t", "kmt2a": "no", "cns": "yes"},
            Situation(lineage="t", kmt2a="no", cns="yes"),
        ),
        ({"age": "18"}, Situation(age=18)),
        ({"age": "120"}, Situation(age=120)),
        ({"age": "9"}, Situation(age=9)),
        ({"ph": ["negative", "positive"]}, Situation(ph="positive")),
    ],
)
def test_good_values_are_kept_without_notices(params, expected):
    view = parse_view(params, STEPS, QUESTIONS)
    assert view.situation == expected
    assert view.notices == ()


@pytest.mark.parametrize(
    "params",
    [
        {"step": "nope"},
        {"ph": "<script>alert(1)</script>"},
        {"lineage": "B"},
        {"age": "121"},
        {"age": "-3"},
        {"age": "٣٠"},
        {"age": "30.5"},
        {"kmt2a": "' OR 1=1 --"},
        {"utm_source": "mail"},
    ],
)
def test_bad_values_are_dropped_with_a_notice(params):
    view = parse_view(params, STEPS, QUESTIONS)
    assert view.situation == Situation()
    assert len(view.notices) == 1


def test_questions_keep_order_drop_unknown_and_duplicates():
    view = parse_view({"q": "q_any,bogus,q_start,q_any"}, STEPS, QUESTIONS)
    assert view.question_ids == ("q_any", "q_start")
    assert view.notices == ("1 chosen question(s) in the link were not found and were left out.",)


def test_question_list_is_capped():
    many = tuple(f"q{i}" for i in range(MAX_QUESTIONS + 10))
    view = parse_view({"q": ",".join(many)}, STEPS, many)
    assert len(view.question_ids) == MAX_QUESTIONS


def test_view_params_leave_out_defaults():
    assert view_params(Situation()) == {}
    assert view_params(Situation(step="induction", age=40), ("q_any",)) == {
        "step": "induction",
        "age": "40",
        "q": "q_any",
    }
    assert query_string(Situation(step="start", ph="negative")) == "?step=start&ph=negative"


def test_situation_rejects_values_outside_the_closed_sets():
    with pytest.raises(ValueError):
        Situation(ph="maybe")
    with pytest.raises(ValueError):
        Situation(age=121)


situations = st.builds(
    Situation,
    step=st.sampled_from((None, *STEPS)),
    ph=st.sampled_from(FACT_VALUES[next(iter(FACT_VALUES))]),
    lineage=st.sampled_from(("b", "t", UNKNOWN)),
    kmt2a=st.sampled_from(("yes", "no", UNKNOWN)),
    cns=st.sampled_from(("yes", "no", UNKNOWN)),
    age=st.one_of(st.none(), st.integers(0, 120)),
)


@given(situations, st.lists(st.sampled_from(QUESTIONS), unique=True))
def test_format_then_parse_gives_the_same_view(situation, questions):
    view = parse_view(view_params(situation, questions), STEPS, QUESTIONS)
    assert view == ParsedView(situation, tuple(questions), ())


hostile_text = st.one_of(
    st.text(max_size=200),
    st.builds(lambda char, count: char * count, st.characters(), st.integers(5000, 10_000)),
    st.sampled_from(
        [
            "<script>alert(1)</script>",
            "'; DROP TABLE steps; --",
            "\x00\x1b[31m",
            "١٢",
            "\U0001d7d9\U0001d7e0",
        ]
    ),
)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.one_of(st.sampled_from(ALL_PARAMS), st.text(max_size=20)),
        st.one_of(hostile_text, st.lists(hostile_text, max_size=4)),
        max_size=10,
    )
)
def test_any_query_gives_a_valid_situation_and_never_raises(params):
    view = parse_view(params, STEPS, QUESTIONS)
    assert isinstance(view.situation, Situation)
    assert view.situation.step in (None, *STEPS)
    assert set(view.question_ids) <= set(QUESTIONS)
    assert all(isinstance(notice, str) and len(notice) < 200 for notice in view.notices)
