"""The URL door's pure half: any query parameters give a valid view, and views round-trip."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journey.loading import load_pack
from journey.model import UNKNOWN
from journey.situation import (
    MAX_QUESTIONS,
    ParsedView,
    Situation,
    Vocabulary,
    parse_view,
    query_string,
    share_url,
    view_params,
)
from tests.hostile import NASTY_STRINGS
from tests.hostile import hostile_text as any_hostile_text
from tests.packs import REAL_PACK as REAL_PACK_DIR

STEPS = ("start", "untreated", "induction")
QUESTIONS = ("q_start", "q_any")
FACTS = (
    ("ph", ("positive", "negative", UNKNOWN)),
    ("lineage", ("b", "t", UNKNOWN)),
    ("kmt2a", ("yes", "no", UNKNOWN)),
    ("cns", ("yes", "no", UNKNOWN)),
)
VOCAB = Vocabulary(
    frozenset(STEPS),
    frozenset(QUESTIONS),
    FACTS,
    step_aliases={"old_start": "start"},
    question_aliases={"q_old": "q_any"},
)
ALL_PARAMS = VOCAB.params


def vocab(questions=QUESTIONS) -> Vocabulary:
    return Vocabulary(frozenset(STEPS), frozenset(questions), FACTS)


def test_defaults_are_unknown_and_no_step():
    situation = Situation()
    assert situation.step is None and situation.age is None
    assert all(situation.value_of(fact) == UNKNOWN for fact, _ in FACTS)


def test_the_parameters_are_the_packs_facts_around_the_engines_own():
    assert ALL_PARAMS == ("step", "ph", "lineage", "kmt2a", "cns", "age", "q", "walk", "lang")


def test_a_link_made_in_another_language_carries_it_and_english_stays_short():
    import dataclasses

    from journey.words import use_language

    bilingual = dataclasses.replace(VOCAB, languages=("en", "es"))
    view = parse_view({"step": "induction", "lang": "es"}, bilingual)
    assert view.notices == ()  # the app's language door reads lang; the view keeps to the rest
    (told,) = parse_view({"lang": "xx"}, bilingual).notices  # in both languages
    assert "language" in told and "idioma" in told
    assert "lang" not in view_params(view.situation)
    with use_language("es"):
        assert view_params(view.situation) == {"step": "induction", "lang": "es"}
        assert query_string(Situation()) == "?lang=es"


def test_the_walk_is_a_step_of_its_own_apart_from_the_readers():
    view = parse_view({"step": "induction", "walk": "old_start"}, VOCAB)
    assert view.walk == "start" and view.situation.step == "induction"
    assert view.notices == ()
    assert view_params(view.situation, walk=view.walk) == {"step": "induction", "walk": "start"}
    assert query_string(Situation(), walk="untreated") == "?walk=untreated"


@pytest.mark.parametrize("value", ["nope", "START", "<script>", "induction,start"])
def test_a_walk_naming_no_step_is_dropped_with_a_notice_and_the_step_kept(value):
    view = parse_view({"step": "untreated", "walk": value}, VOCAB)
    assert view.walk is None and view.situation.step == "untreated"
    assert view.notices == ("Part of the link (“walk”) was not understood, so it was left out.",)


def test_old_published_ids_open_what_they_stand_for_today():
    view = parse_view({"step": "old_start", "q": "q_old,q_start"}, VOCAB)
    assert view.situation.step == "start"
    assert view.question_ids == ("q_any", "q_start")
    assert view.notices == ()


def test_the_order_facts_are_told_in_does_not_matter():
    assert Situation.of(ph="positive", cns="no") == Situation.of(cns="no", ph="positive")
    assert Situation.of(ph=UNKNOWN) == Situation()
    assert Situation.of(ph="positive").with_fact("ph", UNKNOWN) == Situation()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"step": "induction", "ph": "positive"}, Situation.of(step="induction", ph="positive")),
        (
            {"lineage": "t", "kmt2a": "no", "cns": "yes"},
            Situation.of(lineage="t", kmt2a="no", cns="yes"),
        ),
        ({"age": "18"}, Situation(age=18)),
        ({"age": "120"}, Situation(age=120)),
        ({"age": "9"}, Situation(age=9)),
        ({"ph": ["negative", "positive"]}, Situation.of(ph="positive")),
    ],
)
def test_good_values_are_kept_without_notices(params, expected):
    view = parse_view(params, VOCAB)
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
        {"walk": "nope"},
    ],
)
def test_bad_values_are_dropped_with_a_notice(params):
    view = parse_view(params, VOCAB)
    assert view.situation == Situation() and view.walk is None
    assert len(view.notices) == 1


def test_questions_keep_order_drop_unknown_and_duplicates():
    view = parse_view({"q": "q_any,bogus,q_start,q_any"}, VOCAB)
    assert view.question_ids == ("q_any", "q_start")
    assert view.notices == ("1 chosen question(s) in the link were not found and were left out.",)


def test_question_list_is_capped():
    many = tuple(f"q{i}" for i in range(MAX_QUESTIONS + 10))
    view = parse_view({"q": ",".join(many)}, vocab(many))
    assert len(view.question_ids) == MAX_QUESTIONS


def test_view_params_leave_out_defaults():
    assert view_params(Situation()) == {}
    assert view_params(Situation(step="induction", age=40), ("q_any",)) == {
        "step": "induction",
        "age": "40",
        "q": "q_any",
    }
    assert query_string(Situation.of(step="start", ph="negative")) == "?step=start&ph=negative"


def test_situation_rejects_an_age_outside_the_range():
    with pytest.raises(ValueError):
        Situation(age=121)


def situations_of(steps, facts):
    """Any situation over these steps and facts (value lists include unknown)."""
    return st.builds(
        lambda step, values, age: Situation(step, tuple(values.items()), age),
        st.sampled_from((None, *steps)),
        st.fixed_dictionaries({fact: st.sampled_from(values) for fact, values in facts}),
        st.one_of(st.none(), st.integers(0, 120)),
    )


situations = situations_of(STEPS, FACTS)


@given(
    situations,
    st.lists(st.sampled_from(QUESTIONS), unique=True),
    st.sampled_from((None, *STEPS)),
)
def test_format_then_parse_gives_the_same_view(situation, questions, walk):
    view = parse_view(view_params(situation, questions, walk), VOCAB)
    assert view == ParsedView(situation, tuple(questions), (), walk)


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
    view = parse_view(params, VOCAB)
    assert isinstance(view.situation, Situation)
    assert view.situation.step in (None, *STEPS) and view.walk in (None, *STEPS)
    assert set(view.question_ids) <= set(QUESTIONS)
    assert all(isinstance(notice, str) and len(notice) < 200 for notice in view.notices)


# ---------------------------------------------------------------- through a real URL, real ids

REAL_PACK = load_pack(REAL_PACK_DIR)
REAL_VOCAB = Vocabulary.from_pack(REAL_PACK)
REAL_STEPS = REAL_PACK.step_ids
REAL_QUESTIONS = tuple(question.id for question in REAL_PACK.questions)
REAL_PARAMS = REAL_VOCAB.params

real_situations = situations_of(REAL_STEPS, REAL_VOCAB.fact_values)


@settings(max_examples=150, deadline=None)
@given(
    real_situations,
    st.lists(st.sampled_from(REAL_QUESTIONS), unique=True, max_size=12),
    st.sampled_from((None, *REAL_STEPS)),
)
def test_a_link_round_trips_through_the_url_with_the_real_pack(situation, questions, walk):
    """query_string -> what a browser sends -> parse_qs -> parse_view gives the same view back."""
    link = query_string(situation, questions, walk)
    params = parse_qs(urlsplit(link).query, keep_blank_values=True)
    assert parse_view(params, REAL_VOCAB) == ParsedView(situation, tuple(questions), (), walk)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(REAL_PARAMS),
        st.one_of(any_hostile_text(), st.lists(any_hostile_text(), min_size=1, max_size=3)),
        min_size=1,
        max_size=len(REAL_PARAMS),
    )
)
def test_a_value_left_out_is_always_told(params):
    """Nothing is dropped silently: a non-blank value that did not make it gives a notice."""
    view = parse_view(params, REAL_VOCAB)
    kept = view_params(view.situation, view.question_ids, view.walk)
    for name, raw in params.items():
        last = raw if isinstance(raw, str) else raw[-1]
        if last.strip(",") and name not in kept:
            assert view.notices, (name, last)
    # and what was kept is exactly what the link said
    for name, value in kept.items():
        last = params[name] if isinstance(params[name], str) else params[name][-1]
        if name == "age":
            assert int(last) == int(value)
        elif name != "q":
            assert last == value


@pytest.mark.parametrize("value", NASTY_STRINGS)
@pytest.mark.parametrize("name", REAL_PARAMS)
def test_every_nasty_string_in_every_parameter_gives_a_calm_view(name, value):
    view = parse_view({name: value}, REAL_VOCAB)
    assert isinstance(view.situation, Situation)
    assert view.situation == Situation() and view.question_ids == () and view.walk is None
    assert len(view.notices) == (0 if value == "" else 1), view.notices


@pytest.mark.parametrize(
    ("page_url", "expected"),
    [
        ("https://ex.org", "https://ex.org/?step=start&ph=negative&q=q_a%2Cq_b"),
        ("http://127.0.0.1:8501/discussion_sheet?step=old#x",
         "http://127.0.0.1:8501/discussion_sheet?step=start&ph=negative&q=q_a%2Cq_b"),
    ],
)  # fmt: skip
def test_share_url_puts_the_views_query_on_the_apps_address(page_url: str, expected: str) -> None:
    situation = Situation.of(step="start", ph="negative")
    assert share_url(page_url, situation, ("q_a", "q_b")) == expected
    assert share_url("https://ex.org/page", Situation()) == "https://ex.org/page"
