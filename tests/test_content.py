"""Content lint on the real pack in data/: complete, sourced, plain, balanced, and never advice."""

from __future__ import annotations

import contextlib
import io
import json
import re
from datetime import date

import pytest
import textstat
from hypothesis import given, settings
from hypothesis import strategies as st

from journey.cli import main
from journey.loading import check_pack, load_pack
from journey.model import UNKNOWN, Category, ConditionKind, Relevance, State, StepKind
from journey.navigation import options_for_phase, phase_after_state, topics_for_step
from journey.readability import reader_blocks
from journey.report import state_report
from journey.situation import Situation
from tests.packs import REAL_PACK

PROBLEMS = check_pack(REAL_PACK)
PACK = None if PROBLEMS else load_pack(REAL_PACK)
TODAY = date.today()

# The independent expectation table, written from the PDQ lists and the FDA labels (see
# ../shared/content/), never from data/. Each option lists its ways in (alternatives); each way in
# names what must hold: a set of values for a fact ("unknown" in the set: unknown matches too),
# (min, max) for "age", and TEAM for what only the care team can judge (never more than maybe).
TEAM = "team"
B, T, PH_POS, PH_NEG = {"b"}, {"t"}, {"positive"}, {"negative"}
ADULT = (18, None)
EXPECTED_OPTIONS: dict[str, dict[str, list[dict]]] = {
    "induction": {
        "induction_chemo": [{}],
        "induction_imatinib": [{"ph": PH_POS}],
        "induction_ponatinib": [{"ph": PH_POS, "age": ADULT}],
        "induction_supportive": [{}],
        "induction_cns": [{"cns": {"no", UNKNOWN}}],
        "induction_cns_treatment": [{"cns": {"yes"}}],
        "induction_trial": [{}],
    },
    "post_remission": {
        "post_chemo": [{}],
        # consolidation of Ph-negative B-cell ALL (2024), or MRD-positive remission (2018)
        "post_blinatumomab": [{"lineage": B, "ph": PH_NEG}, {"lineage": B, "mrd": {"positive"}}],
        "post_imatinib": [{"ph": PH_POS}],
        "post_dasatinib": [{"ph": PH_POS}],
        "post_nilotinib": [{"ph": PH_POS}],
        "post_transplant": [{TEAM: True}],
        "post_cns": [{"cns": {"no", UNKNOWN}}],
        "post_cns_treatment": [{"cns": {"yes"}}],
        "post_trial": [{}],
    },
    "recurrent_treatment": {
        "rec_chemo_transplant": [{TEAM: True}],
        "rec_blinatumomab": [{"lineage": B}],
        "rec_inotuzumab": [{"lineage": B}],
        "rec_palliative_radiation": [{}],
        "rec_dasatinib": [{"ph": PH_POS}],
        "rec_imatinib": [{"ph": PH_POS, "age": ADULT}],
        "rec_ponatinib": [{"ph": PH_POS, "age": ADULT, TEAM: True}],
        "rec_revumenib": [{"kmt2a": {"yes"}}],
        "rec_tisagenlecleucel": [
            {"lineage": B, "age": (None, 25), "relapse": {"later", "refractory"}}
        ],
        "rec_brexucabtagene": [{"lineage": B, "age": ADULT}],
        "rec_obecabtagene": [{"lineage": B, "age": ADULT}],
        "rec_nelarabine": [{"lineage": T, TEAM: True}],
        "rec_autologous_trial": [{}],
        "rec_trial": [{}],
        "rec_supportive": [{}],
    },
}
# What the labels say of each drug option: in the summary?, label status, approval dates that must
# be among its approvals.
APPROVED, OFF_LABEL = "approved", "off_label"
EXPECTED_LABELS: dict[str, tuple[bool, str, set[str]]] = {
    "induction_imatinib": (True, OFF_LABEL, set()),
    "induction_ponatinib": (False, APPROVED, {"2024-03-19"}),
    "post_blinatumomab": (False, APPROVED, {"2024-06-14", "2018-03-29"}),
    "post_imatinib": (True, OFF_LABEL, set()),
    "post_dasatinib": (True, OFF_LABEL, set()),
    "post_nilotinib": (True, OFF_LABEL, set()),
    "rec_blinatumomab": (True, APPROVED, set()),
    "rec_inotuzumab": (True, APPROVED, {"2017-08-17"}),
    "rec_dasatinib": (True, APPROVED, set()),
    "rec_imatinib": (False, APPROVED, {"2006-10-19"}),
    "rec_ponatinib": (False, APPROVED, set()),
    "rec_revumenib": (True, APPROVED, {"2024-11-15"}),
    "rec_tisagenlecleucel": (True, APPROVED, {"2017-08-30"}),
    "rec_brexucabtagene": (True, APPROVED, {"2021-10-01"}),
    "rec_obecabtagene": (False, APPROVED, {"2024-11-08"}),
    "rec_nelarabine": (False, APPROVED, {"2005-10-28"}),
}
# The values of each fact, and the states where the summary's journey asks it.
FACT_VALUES = {
    "ph": ("positive", "negative", UNKNOWN),
    "lineage": ("b", "t", UNKNOWN),
    "kmt2a": ("yes", "no", UNKNOWN),
    "cns": ("yes", "no", UNKNOWN),
    "mrd": ("positive", "negative", UNKNOWN),
    "relapse": ("first", "later", "refractory", UNKNOWN),
}
ASKED_ONLY_AT = {"mrd": "remission", "relapse": "recurrent"}
AGES = (None, 17, 18, 25, 26, 40, 70)
STATES = {
    "untreated": "induction",
    "remission": "post_remission",
    "recurrent": "recurrent_treatment",
}
EXPECTED_DRUGS = {
    "induction_imatinib": {"imatinib mesylate"},
    "post_imatinib": {"imatinib mesylate"},
    "post_dasatinib": {"dasatinib"},
    "post_nilotinib": {"nilotinib"},
    "rec_blinatumomab": {"blinatumomab"},
    "rec_inotuzumab": {"inotuzumab ozogamicin"},
    "rec_dasatinib": {"dasatinib"},
    "rec_revumenib": {"revumenib"},
    "rec_tisagenlecleucel": {"tisagenlecleucel"},
    "rec_brexucabtagene": {"brexucabtagene autoleucel"},
    "induction_ponatinib": {"ponatinib"},
    "post_blinatumomab": {"blinatumomab"},
    "rec_imatinib": {"imatinib mesylate"},
    "rec_ponatinib": {"ponatinib"},
    "rec_obecabtagene": {"obecabtagene autoleucel"},
    "rec_nelarabine": {"nelarabine"},
}
# Every list of the PDQ summary, as a topic with at least this many items.
EXPECTED_TOPICS = {
    "blood_cells": 3,
    "risk_factors": 6,
    "signs_symptoms": 10,
    "spread_places": 5,
    "prognosis_factors": 4,
    "criteria_untreated": 3,
    "criteria_remission": 3,
    "criteria_recurrent": 1,
    "phases": 3,
    "treatment_types": 6,
    "targeted_drugs": 5,
    "immunotherapy_drugs": 3,
    "clinical_trials": 2,
    "follow_up": 2,
    "late_effects": 1,
    "second_opinion": 1,
    "nci_contact": 1,
}
EXPECTED_TESTS = {
    "physical_exam",
    "cbc",
    "blood_chemistry",
    "blood_smear",
    "bone_marrow",
    "cytogenetics",
    "immunophenotyping",
    "chest_xray",
    "lumbar_puncture",
    "ct_scan",
    "mri",
    "biomarker_tests",
    "follow_up_tests",
}
PDQ_DRUGS = {
    "dasatinib",
    "imatinib mesylate",
    "inotuzumab ozogamicin",
    "nilotinib",
    "revumenib",
    "blinatumomab",
    "brexucabtagene autoleucel",
    "tisagenlecleucel",
}
# Medical words a reader may meet; whenever one is used, the glossary must explain it.
JARGON = (
    "leukemia",
    "lymphoblastic",
    "bone marrow",
    "blast",
    "lymphocyte",
    "lymphoblast",
    "platelet",
    "anemia",
    "petechiae",
    "cerebrospinal fluid",
    "remission",
    "recurrent",
    "relapse",
    "refractory",
    "induction",
    "consolidation",
    "maintenance",
    "prophylaxis",
    "intrathecal",
    "Ommaya reservoir",
    "chemotherapy",
    "radiation therapy",
    "total-body irradiation",
    "stem cell transplant",
    "apheresis",
    "targeted therapy",
    "tyrosine kinase inhibitor",
    "menin inhibitor",
    "immunotherapy",
    "antibody",
    "bispecific antibody",
    "antibody-drug conjugate",
    "CAR T-cell therapy",
    "cytokine release syndrome",
    "Philadelphia chromosome",
    "KMT2A",
    "chromosome",
    "cytogenetic analysis",
    "immunophenotyping",
    "biomarker",
    "hemoglobin",
    "hematocrit",
    "peripheral blood smear",
    "lumbar puncture",
    "spinal tap",
    "CT scan",
    "MRI",
    "pathologist",
    "prognosis",
    "transfusion",
    "palliative",
    "clinical trial",
    "late effect",
    "graft-versus-host disease",
    "veno-occlusive disease",
    "differentiation syndrome",
    "off-label",
    "Down syndrome",
    "lymph node",
    "spleen",
)
DOSE_PATTERN = re.compile(
    r"\b\d+(\.\d+)?\s?(mg|mcg|µg|g|ml|mL|units?|mg/m2|mg/kg)\b", re.IGNORECASE
)

needs_pack = pytest.mark.skipif(
    PACK is None, reason="the pack is broken: see test_real_pack_is_valid"
)


def test_real_pack_is_valid():
    assert PROBLEMS == [], "\n".join(str(problem) for problem in PROBLEMS)


@needs_pack
def test_steps_are_the_journey_of_the_design():
    ids = {step.id: step.kind for step in PACK.steps}
    assert ids == {
        "signs": StepKind.BEFORE,
        "diagnosis": StepKind.BEFORE,
        "spread": StepKind.BEFORE,
        "untreated": StepKind.STATE,
        "induction": StepKind.PHASE,
        "remission": StepKind.STATE,
        "post_remission": StepKind.PHASE,
        "recurrent": StepKind.STATE,
        "recurrent_treatment": StepKind.PHASE,
        "follow_up": StepKind.AFTER,
    }
    for state, phase in STATES.items():
        assert phase_after_state(PACK, state).id == phase
    assert [step.id for step in PACK.state_steps] == list(STATES)


@needs_pack
@pytest.mark.parametrize("phase", sorted(EXPECTED_OPTIONS))
def test_every_option_of_the_summary_is_listed_for_its_phase(phase):
    assert {option.id for option in options_for_phase(PACK, phase)} == set(EXPECTED_OPTIONS[phase])


@needs_pack
@pytest.mark.parametrize("option_id", sorted(EXPECTED_DRUGS))
def test_drug_specific_options_name_their_drugs(option_id):
    names = {PACK.drug(d).generic_name.lower() for d in PACK.option(option_id).drug_ids}
    assert names == EXPECTED_DRUGS[option_id]


@needs_pack
def test_every_drug_the_summary_names_is_in_the_pack_with_a_brand():
    drugs = {drug.generic_name.lower(): drug for drug in PACK.drugs}
    for name in PDQ_DRUGS:
        assert name in drugs and drugs[name].in_pdq_summary, name
        assert drugs[name].brands, name
    assert "Tecartus" in drugs["brexucabtagene autoleucel"].brands
    assert {"Gleevec", "Imkeldi"} <= set(drugs["imatinib mesylate"].brands)


@needs_pack
def test_nilotinib_is_never_called_fda_approved_for_all():
    nilotinib = next(d for d in PACK.drugs if d.generic_name.lower() == "nilotinib")
    assert not re.search(r"(?<!not )fda-approved for all", nilotinib.label_status.lower())
    assert (
        "off-label" in (nilotinib.label_status + PACK.option("post_nilotinib").listed_for).lower()
    )


@needs_pack
@pytest.mark.parametrize(("topic_id", "count"), sorted(EXPECTED_TOPICS.items()))
def test_every_list_of_the_summary_is_a_topic_with_all_its_items(topic_id, count):
    topic = next((t for t in PACK.topics if t.id == topic_id), None)
    assert topic is not None, topic_id
    assert len(topic.items) >= count


@needs_pack
def test_each_state_shows_its_criteria():
    for state in State:
        step = PACK.state_step(state)
        assert any(t.id == f"criteria_{step.id}" for t in topics_for_step(PACK, step.id))


@needs_pack
def test_every_test_of_the_summary_is_in_the_pack_and_met_somewhere():
    assert {test.id for test in PACK.tests} >= EXPECTED_TESTS
    assert all(test.step_ids for test in PACK.tests)


@needs_pack
def test_every_category_of_the_design_has_a_treatment_explained():
    assert {treatment.category for treatment in PACK.treatments} == set(Category)
    assert {option.category for option in PACK.options} <= set(Category)


@needs_pack
def test_every_option_states_a_benefit_and_a_burden_in_comparable_detail():
    for option in PACK.options:
        benefit, burden = len(option.what_it_may_do.split()), len(option.burdens.split())
        assert benefit and burden, option.id
        assert 0.5 <= burden / benefit <= 2.0, (option.id, benefit, burden)


@needs_pack
def test_reviews_are_recent_and_sources_resolve():
    for block in reader_blocks(PACK):
        assert block.source_ids, block.where
        reviewed = date.fromisoformat(block.reviewed_on)
        assert (TODAY - reviewed).days <= 366 and reviewed <= TODAY, block.where


@needs_pack
def test_no_doses_and_no_advice_anywhere():
    for block in reader_blocks(PACK):
        assert not DOSE_PATTERN.search(block.text), (block.where, block.text)
        lowered = block.text.lower()
        for phrase in ("you should", "we recommend", "best option", "recommended", "you must"):
            assert phrase not in lowered, (block.where, phrase)


@needs_pack
def test_glossary_covers_every_jargon_word_used():
    names = {name.lower() for term in PACK.glossary for name in term.names}
    text = " ".join(block.text for block in reader_blocks(PACK)).lower()

    def pattern(word: str) -> str:
        return rf"\b{re.escape(word.lower())}s?\b"

    missing = [
        word
        for word in JARGON
        if re.search(pattern(word), text) and not any(re.search(pattern(word), n) for n in names)
    ]
    assert missing == []


@needs_pack
def test_all_text_together_is_plain():
    text = "\n".join(block.sentence for block in reader_blocks(PACK))
    grade, smog = textstat.flesch_kincaid_grade(text), textstat.smog_index(text)
    assert grade <= 7.0, grade
    assert smog <= 10.0, smog


@needs_pack
def test_no_single_block_of_twelve_words_or_more_reads_above_grade_8():
    hard = [
        (block.where, textstat.flesch_kincaid_grade(block.sentence))
        for block in reader_blocks(PACK)
        if len(block.text.split()) >= 12 and textstat.flesch_kincaid_grade(block.sentence) > 8
    ]
    assert hard == []


#: Szigriszt-Pazos (INFLESZ) "bastante fácil" starts at 65; a long block may not fall under 55.
SPANISH_PLAIN, SPANISH_BLOCK_FLOOR = 65, 55


@contextlib.contextmanager
def _spanish_scores():
    """textstat counts syllables by language; back to English after, for the other tests."""
    textstat.set_lang("es")
    try:
        yield
    finally:
        textstat.set_lang("en")


@needs_pack
def test_all_spanish_text_together_is_plain():
    spanish = load_pack(REAL_PACK, lang="es")
    text = "\n".join(block.sentence for block in reader_blocks(spanish))
    with _spanish_scores():
        score = textstat.szigriszt_pazos(text)
    assert score >= SPANISH_PLAIN, score


@needs_pack
def test_no_spanish_block_of_twelve_words_or_more_is_hard():
    spanish = load_pack(REAL_PACK, lang="es")
    with _spanish_scores():
        hard = [
            (block.where, round(textstat.szigriszt_pazos(block.sentence)))
            for block in reader_blocks(spanish)
            if len(block.text.split()) >= 12
            and textstat.szigriszt_pazos(block.sentence) < SPANISH_BLOCK_FLOOR
        ]
    assert hard == []


@needs_pack
def test_every_spanish_text_keeps_its_english_rows_sources_and_has_its_own_review():
    english, spanish = PACK, load_pack(REAL_PACK, lang="es")
    translated = {block.where: block for block in reader_blocks(spanish)}
    assert set(translated) == {block.where for block in reader_blocks(english)}  # no blank
    for before in reader_blocks(english):
        after = translated[before.where]
        assert set(before.source_ids) <= set(after.source_ids), after.where
        assert after.reviewed_on, after.where


_RANK = ("yes", "maybe", "no")


def _expected(alternatives: list[dict], situation: dict, state: str) -> str:
    """The label the rules above give, for a situation told at a state (facts not asked there
    count as unknown)."""
    told = {
        fact: value
        for fact, value in situation.items()
        if fact == "age" or ASKED_ONLY_AT.get(fact, state) == state
    }
    outcomes = []
    for way in alternatives:
        parts = []
        for fact, wanted in way.items():
            value = told.get(fact)
            if fact == TEAM:
                parts.append("maybe")
            elif fact == "age":
                low, high = wanted
                if value is None:
                    parts.append("maybe")
                else:
                    outside = (low is not None and value < low) or (
                        high is not None and value > high
                    )
                    parts.append("no" if outside else "yes")
            elif (value or UNKNOWN) in wanted:
                parts.append("yes")
            elif value in (None, UNKNOWN):
                parts.append("maybe")
            else:
                parts.append("no")
        outcomes.append("no" if "no" in parts else "maybe" if "maybe" in parts else "yes")
    return min(outcomes, key=_RANK.index)


def _labels(state: str, facts: dict) -> dict[str, str]:
    choice = {fact: value for fact, value in facts.items() if fact != "age"}
    situation = Situation(facts=tuple(choice.items()), age=facts.get("age"))
    report = state_report(PACK, state, situation)
    return {option["id"]: option["applies"] for option in report["options"]}


def _depends_on(alternatives: list[dict]) -> set[str]:
    return {fact for way in alternatives for fact in way if fact != TEAM}


def _one_fact_cases():
    """Each option under each value of each fact it depends on, every other fact unknown."""
    for state, phase in STATES.items():
        for option_id, alternatives in EXPECTED_OPTIONS[phase].items():
            for fact in sorted(_depends_on(alternatives)):
                for value in AGES if fact == "age" else FACT_VALUES[fact]:
                    yield state, option_id, fact, value


@needs_pack
@pytest.mark.parametrize(("state", "option_id", "fact", "value"), list(_one_fact_cases()))
def test_each_option_follows_its_label_for_each_value_of_each_fact_it_depends_on(
    state, option_id, fact, value
):
    facts = {} if value is None else {fact: value}
    labels = _labels(state, facts)
    if fact == "age" and value is not None and value < 18:
        assert labels == {}  # the childhood summary instead of the adult options
        return
    assert labels[option_id] == _expected(EXPECTED_OPTIONS[STATES[state]][option_id], facts, state)


whole_situations = st.fixed_dictionaries(
    {fact: st.sampled_from(values) for fact, values in FACT_VALUES.items()}
    | {"age": st.sampled_from(AGES)}
)


@needs_pack
@settings(max_examples=400, deadline=None)
@given(st.sampled_from(sorted(STATES)), whole_situations)
def test_every_option_follows_the_rules_over_the_whole_product_of_facts(state, facts):
    labels = _labels(state, facts)
    phase = EXPECTED_OPTIONS[STATES[state]]
    if facts["age"] is not None and facts["age"] < 18:
        assert labels == {}  # the childhood summary instead
    else:
        assert labels == {oid: _expected(ways, facts, state) for oid, ways in phase.items()}


@needs_pack
@pytest.mark.parametrize("option_id", sorted(EXPECTED_LABELS))
def test_each_drug_option_says_what_its_label_covers_and_whether_the_summary_lists_it(option_id):
    option = PACK.option(option_id)
    listed, status, dates = EXPECTED_LABELS[option_id]
    assert option.listed_in_summary is listed
    assert option.label_status.value == status
    assert dates <= {approval.date for approval in option.approvals}
    assert bool(option.approvals) is (status == APPROVED)


@needs_pack
@pytest.mark.parametrize("state", sorted(STATES))
def test_show_json_from_the_command_line_uses_the_same_labels(state):
    out = io.StringIO()
    argv = ["show", "--state", state, "--format", "json", "--data", str(REAL_PACK)]
    told = {"ph": "negative", "lineage": "b", "kmt2a": "yes", "mrd": "positive", "relapse": "first"}
    for fact, value in told.items():
        argv += [f"--{fact}", value]
    argv += ["--age", "30"]
    assert main(argv, out=out, err=io.StringIO()) == 0
    report = json.loads(out.getvalue())
    phase = EXPECTED_OPTIONS[report["phase"]]
    assert {o["id"]: o["applies"] for o in report["options"]} == {
        oid: _expected(ways, told | {"age": 30}, state) for oid, ways in phase.items()
    }
    for option in report["options"]:
        assert option["reason"] and option["sources"]
        assert option["label_status"] in ("approved", "off_label", "not_a_drug")
        assert isinstance(option["listed_in_summary"], bool)
        assert all(set(a) >= {"date", "for", "source"} for a in option["approvals"])
    assert report["disclaimer"] == PACK.text("disclaimer").body


@needs_pack
def test_unknown_facts_give_a_reason_naming_the_test_that_finds_them_out():
    conditions = {c.fact_id: c for c in PACK.conditions}
    assert "cytogenetic" in conditions["ph"].unknown_reason.lower()
    assert "immunophenotyping" in conditions["lineage"].unknown_reason.lower()
    for condition in PACK.conditions:
        assert condition.unknown_reason
        if condition.kind is not ConditionKind.CARE_TEAM:
            assert condition.conflict_reason and condition.applies_reason
    assert Relevance.MAY_APPLY.value == "maybe"


@needs_pack
def test_only_fda_approved_uses_the_summary_does_not_list_are_shown_apart_as_such():
    apart = {option.id for option in PACK.options if option.is_fda_only}
    expected = {oid for oid, (listed, status, _) in EXPECTED_LABELS.items() if not listed}
    assert apart == expected
    assert all(EXPECTED_LABELS[oid][1] == APPROVED for oid in expected)


# ---------------------------------------------------------------- check your understanding


@needs_pack
def test_every_step_has_one_to_three_checks_of_understanding():
    from journey.navigation import checks_for_step

    counts = {step.id: len(checks_for_step(PACK, step.id)) for step in PACK.steps}
    assert all(1 <= count <= 3 for count in counts.values()), counts


@needs_pack
def test_each_check_cites_only_what_its_step_cites():
    """A check teaches nothing its step does not say: its sources are those of the step's own
    rows (the step, its topics and their items, its tests, the options of its phase)."""
    from journey.navigation import checks_for_step, tests_for_step

    for step in PACK.steps:
        rows = [step, *tests_for_step(PACK, step.id)]
        for topic in topics_for_step(PACK, step.id):
            rows += [topic, *topic.items]
        if step.kind is StepKind.PHASE:
            rows += options_for_phase(PACK, step.id)
        cited = {source for row in rows for source in row.source_ids}
        for check in checks_for_step(PACK, step.id):
            for row in (check, *check.choices):
                assert set(row.source_ids) <= cited, (check.id, row.id, cited)


@needs_pack
def test_the_right_choice_is_not_always_in_the_same_place():
    """A reader cannot learn to pick by position instead of by reading."""
    places = [[c.correct for c in check.choices].index(True) for check in PACK.checks]
    assert len(set(places)) > 1
    assert max(places.count(place) for place in set(places)) <= 0.7 * len(places)


@needs_pack
def test_no_check_is_a_personal_prediction_or_a_trick():
    """Checks ask about what the step says, never about the reader's own outcome; a choice is
    never 'all'/'none of the above' (a trick for readers who are not used to tests)."""
    banned = ("will you", "your chance", "your odds", "above", "all of these", "none of these")
    for check in PACK.checks:
        texts = [check.question, check.explanation, *(c.text for c in check.choices)]
        for text in texts:
            assert not any(word in text.lower() for word in banned), (check.id, text)
