"""Content lint on the real pack in data/: complete, sourced, plain, balanced, and never advice."""

from __future__ import annotations

import io
import itertools
import json
import re
from datetime import date

import pytest
import textstat

from journey.cli import main
from journey.loading import check_pack, load_pack
from journey.model import FACT_VALUES, UNKNOWN, Category, FactId, Relevance, State, StepKind
from journey.navigation import options_for_phase, phase_after_state, topics_for_step
from journey.readability import reader_blocks
from journey.report import state_report
from journey.situation import Situation
from tests.packs import REAL_PACK

PROBLEMS = check_pack(REAL_PACK)
PACK = None if PROBLEMS else load_pack(REAL_PACK)
TODAY = date(2026, 11, 25)

# The option each PDQ list item became, per phase, with the facts it is listed for.
# {fact: value} for categorical facts, {"age": (min, max)} for age ranges.
EXPECTED_OPTIONS: dict[str, dict[str, dict]] = {
    "induction": {
        "induction_chemo": {},
        "induction_imatinib": {"ph": "positive"},
        "induction_supportive": {},
        "induction_cns": {},
        "induction_trial": {},
    },
    "post_remission": {
        "post_chemo": {},
        "post_imatinib": {"ph": "positive"},
        "post_dasatinib": {"ph": "positive"},
        "post_nilotinib": {"ph": "positive"},
        "post_transplant": {},
        "post_cns": {},
        "post_trial": {},
    },
    "recurrent_treatment": {
        "rec_chemo_transplant": {},
        "rec_blinatumomab": {"lineage": "b"},
        "rec_inotuzumab": {"lineage": "b"},
        "rec_palliative_radiation": {},
        "rec_dasatinib": {"ph": "positive"},
        "rec_revumenib": {"kmt2a": "yes"},
        "rec_tisagenlecleucel": {"lineage": "b", "age": (None, 25)},
        "rec_brexucabtagene": {"lineage": "b", "age": (18, None)},
        "rec_autologous_trial": {},
        "rec_trial": {},
        "rec_supportive": {},
    },
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
    for state, phase in zip(State, EXPECTED_OPTIONS, strict=True):
        assert phase_after_state(PACK, state).id == phase


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
        assert any(t.id == f"criteria_{state.value}" for t in topics_for_step(PACK, step.id))


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
    names = {term.term.lower() for term in PACK.glossary} | {
        term.also_called.lower() for term in PACK.glossary if term.also_called
    }
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
def test_no_single_block_reads_above_grade_9():
    hard = [
        (block.where, textstat.flesch_kincaid_grade(block.sentence))
        for block in reader_blocks(PACK)
        if len(block.text.split()) >= 12 and textstat.flesch_kincaid_grade(block.sentence) > 9
    ]
    assert hard == []


def _expected(conditions: dict, situation: dict) -> str:
    outcomes = []
    for fact, wanted in conditions.items():
        value = situation.get(fact)
        if value in (None, UNKNOWN):
            outcomes.append("maybe")
        elif fact == "age":
            low, high = wanted
            outcomes.append("no" if (low and value < low) or (high and value > high) else "yes")
        else:
            outcomes.append("yes" if value == wanted else "no")
    return "no" if "no" in outcomes else "maybe" if "maybe" in outcomes else "yes"


SITUATIONS = [
    dict(zip(("ph", "lineage", "kmt2a", "cns", "age"), combo, strict=True))
    for combo in itertools.product(*FACT_VALUES.values(), (None, 22, 40))
]


@needs_pack
@pytest.mark.parametrize("state", list(State))
def test_show_labels_every_option_for_every_value_of_every_fact(state):
    phase = EXPECTED_OPTIONS[phase_after_state(PACK, state).id]
    for facts in SITUATIONS:
        report = state_report(PACK, state, Situation(**facts))
        labels = {option["id"]: option["applies"] for option in report["options"]}
        assert labels == {oid: _expected(c, facts) for oid, c in phase.items()}, facts


@needs_pack
@pytest.mark.parametrize("state", list(State))
def test_show_json_from_the_command_line_uses_the_same_labels(state):
    out = io.StringIO()
    argv = ["show", "--state", state.value, "--format", "json", "--data", str(REAL_PACK)]
    argv += ["--ph", "negative", "--lineage", "b", "--kmt2a", "yes", "--age", "30"]
    assert main(argv, out=out, err=io.StringIO()) == 0
    report = json.loads(out.getvalue())
    facts = {"ph": "negative", "lineage": "b", "kmt2a": "yes", "cns": UNKNOWN, "age": 30}
    phase = EXPECTED_OPTIONS[report["phase"]]
    assert {o["id"]: o["applies"] for o in report["options"]} == {
        oid: _expected(c, facts) for oid, c in phase.items()
    }
    assert all(o["reason"] and o["sources"] for o in report["options"])
    assert report["disclaimer"] == PACK.text("disclaimer").body


@needs_pack
def test_unknown_facts_give_a_reason_naming_the_test_that_finds_them_out():
    conditions = {c.fact_id: c for c in PACK.conditions}
    assert "cytogenetic" in conditions[FactId.PH].unknown_reason.lower()
    assert "immunophenotyping" in conditions[FactId.LINEAGE].unknown_reason.lower()
    for condition in PACK.conditions:
        assert condition.unknown_reason and condition.conflict_reason and condition.applies_reason
    assert Relevance.MAY_APPLY.value == "maybe"
