"""Getting ready to decide, in the engine: the look-ups, the sheet's part for one and for two in
Markdown and PDF (read back), its sources, its Spanish, and the checks of decision_guide.csv."""

from __future__ import annotations

import csv
import datetime
import io
import re
import shutil
from pathlib import Path

import pypdf
import pytest

from journey.deciding import (
    PERSON_WORDS,
    DecisionAnswers,
    Person,
    PersonAnswers,
    decision_at,
    in_order,
    items_at,
    yes_count,
)
from journey.loading import check_pack, load_pack
from journey.model import GuidePart
from journey.sheet import (
    BasketItem,
    SectionId,
    SheetRequest,
    build_sheet,
    sheet_markdown,
    sheet_pdf,
    unescape_markdown,
)
from journey.situation import Situation
from journey.words import WORDS, use_language
from tests.packs import MIN_PACK, REAL_PACK

PACK = load_pack(REAL_PACK)
MADE_ON = datetime.date(2026, 3, 12)

#: Two people who agree on one SURE question and not on another, and rank values differently.
PATIENT = PersonAnswers(
    places=(("val_fertility", 1), ("val_hospital", 2)),
    involved=("inv_partner",),
    role="role_shared",
    sure=(("sure_sure", True), ("sure_understand", True), ("sure_support", False)),
    next_steps=("next_team", "next_second"),
)
FAMILY = PersonAnswers(
    places=(("val_hospital", 1),),
    role="role_team",
    sure=(("sure_sure", True), ("sure_understand", False), ("sure_support", True)),
)


def request(answers: DecisionAnswers | None, step: str = "induction", **kwargs) -> SheetRequest:
    question = next(q for q in PACK.questions if q.step_id == step and q.family_text)
    return SheetRequest(
        Situation(step=step),
        (BasketItem(question_id=question.id),),
        made_on=MADE_ON,
        decision=answers,
        **kwargs,
    )


def pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pages))


def text_of(pack, part: GuidePart, item_id: str, family: bool = False) -> str:
    item = next(item for item in pack.guide_items(part) if item.id == item_id)
    return (item.family_text or item.text) if family else item.text


# ---------------------------------------------------------------- look-ups


@pytest.mark.parametrize(
    ("step", "decision"),
    [
        ("induction", "dec_induction"),
        ("untreated", "dec_induction"),  # a state meets the decision of the phase that follows it
        ("remission", "dec_post_remission"),
        ("recurrent", "dec_recurrent_treatment"),
        ("diagnosis", "dec_diagnosis"),
        ("signs", "dec_any"),  # no decision of its own: the one for any step
        (None, "dec_any"),
        ("no_such_step", "dec_any"),
    ],
)
def test_the_decision_at_hand_comes_from_the_step_then_its_phase_then_any_step(step, decision):
    assert decision_at(PACK, step).id == decision


def test_a_state_meets_the_practical_matters_of_its_phase_as_well_as_the_general_ones():
    general = [item.id for item in items_at(PACK, GuidePart.BURDEN, None)]
    recurrent = [item.id for item in items_at(PACK, GuidePart.BURDEN, "recurrent")]
    assert "bur_car_t" not in general
    assert recurrent == [*general, "bur_car_t"]


def test_values_come_in_each_persons_order_and_ties_keep_the_guides_order():
    answers = PersonAnswers(places=(("val_trial", 2), ("val_work", 1), ("val_hospital", 2)))
    assert [(item.id, place) for item, place in in_order(PACK, answers)] == [
        ("val_work", 1),
        ("val_hospital", 2),
        ("val_trial", 2),
    ]
    assert yes_count(PACK, PATIENT) == 2 and yes_count(PACK, FAMILY) == 2


def test_the_guide_has_four_sure_questions_and_three_ways_to_decide():
    assert len(PACK.guide_items(GuidePart.SURE)) == 4
    assert len(PACK.guide_items(GuidePart.ROLE)) == 3
    for part in GuidePart:
        assert PACK.guide_items(part), f"no prompt for {part}"


# ---------------------------------------------------------------- on the sheet


def test_no_answers_means_no_such_part_on_the_sheet():
    for answers in (None, DecisionAnswers(), DecisionAnswers(family=PersonAnswers())):
        sheet = build_sheet(PACK, request(answers))
        assert sheet.section(SectionId.DECIDING) is None
    assert WORDS.heading_deciding not in sheet_markdown(PACK, request(None))


def test_one_person_sheet_lists_the_values_in_order_the_sure_answers_and_the_step_decision():
    answers = DecisionAnswers(patient=PATIENT, own_words="Which drug first?")
    markdown = unescape_markdown(sheet_markdown(PACK, request(answers, step="remission")))
    part = markdown[markdown.index(WORDS.heading_deciding) :]
    assert text_of(PACK, GuidePart.DECISION, "dec_post_remission") in part
    assert "Which drug first?" in part
    first = WORDS.guide_ranked.format(
        place=1, value=text_of(PACK, GuidePart.VALUE, "val_fertility")
    )
    second = WORDS.guide_ranked.format(
        place=2, value=text_of(PACK, GuidePart.VALUE, "val_hospital")
    )
    assert part.index(first) < part.index(second)
    sure = text_of(PACK, GuidePart.SURE, "sure_support")
    assert WORDS.guide_line.format(prompt=sure, answers=WORDS.guide_no) in part
    assert (
        WORDS.guide_sure_count.format(person=PERSON_WORDS[Person.PATIENT], yes=2, total=4) in part
    )
    assert text_of(PACK, GuidePart.SURE_HELP, "sure_help") in part  # a no was given
    assert PERSON_WORDS[Person.FAMILY] not in part
    assert text_of(PACK, GuidePart.FAMILY_QUESTION, "fq_help") not in part  # for two only


def test_the_two_person_sheet_shows_both_answers_and_where_they_differ():
    answers = DecisionAnswers(patient=PATIENT, family=FAMILY)
    markdown = unescape_markdown(sheet_markdown(PACK, request(answers)))
    part = markdown[markdown.index(WORDS.heading_deciding) :]

    def pair(patient: str, family: str) -> str:
        return WORDS.guide_pair_join.join(
            (
                WORDS.guide_person_answer.format(
                    person=PERSON_WORDS[Person.PATIENT], answer=patient
                ),
                WORDS.guide_person_answer.format(person=PERSON_WORDS[Person.FAMILY], answer=family),
            )
        )

    same = text_of(PACK, GuidePart.SURE, "sure_sure")
    differ = text_of(PACK, GuidePart.SURE, "sure_understand")
    yes, no = WORDS.guide_yes, WORDS.guide_no
    assert WORDS.guide_line.format(prompt=same, answers=pair(yes, yes)) in part
    assert (
        WORDS.guide_line.format(
            prompt=differ, answers=WORDS.guide_differ.format(answers=pair(yes, no))
        )
        in part
    )
    # The family member's way to decide is in the family member's words.
    assert text_of(PACK, GuidePart.ROLE, "role_team", family=True).rstrip(".") in part
    # Questions for the family member: their own at this step, and the chosen one reworded.
    assert text_of(PACK, GuidePart.FAMILY_QUESTION, "fq_induction") in part
    chosen = next(q for q in PACK.questions if q.step_id == "induction" and q.family_text)
    assert chosen.family_text in part


def test_the_sure_answers_of_two_people_are_in_the_pdf_read_back():
    answers = DecisionAnswers(patient=PATIENT, family=FAMILY)
    text = pdf_text(sheet_pdf(PACK, request(answers)))
    squeezed = re.sub(r"\s+", "", text)
    assert WORDS.heading_deciding in text
    for item_id in ("sure_sure", "sure_understand", "sure_values", "sure_support"):
        assert re.sub(r"\s+", "", text_of(PACK, GuidePart.SURE, item_id)) in squeezed
    for person in Person:
        count = WORDS.guide_sure_count.format(person=PERSON_WORDS[person], yes=2, total=4)
        assert re.sub(r"\s+", "", count) in squeezed
    assert re.sub(r"\s+", "", WORDS.guide_differ.format(answers="")) in squeezed


def test_the_spanish_sheet_for_two_prints_its_accents_in_the_pdf():
    spanish = load_pack(REAL_PACK, lang="es")
    answers = DecisionAnswers(patient=PATIENT, family=FAMILY)
    with use_language("es"):
        text = pdf_text(sheet_pdf(spanish, request(answers)))
        assert WORDS.heading_deciding in text
        assert WORDS.guide_yes == "Sí" and "Paciente: Sí" in text
        assert re.sub(r"\s+", "", text_of(spanish, GuidePart.SURE, "sure_understand")) in (
            re.sub(r"\s+", "", text)
        )
        assert "Lo que aún necesito" in text


def test_every_guide_source_shown_is_in_the_sheets_sources():
    answers = DecisionAnswers(patient=PATIENT, family=FAMILY)
    sheet = build_sheet(PACK, request(answers, step="recurrent"))
    sources = "\n".join(block.words() for block in sheet.section(SectionId.SOURCES).blocks)
    for source_id in ("ottawa_opdg", "sure_legare_2010", "dol_fmla_28a", "fda_car_t_rems_2025"):
        assert PACK.source(source_id).title in sources


def test_what_the_reader_typed_is_cut_and_shows_literally():
    typed = "**bold** <b>x</b> " + "w" * 400
    answers = DecisionAnswers(own_words=typed, other_next_step="[a](javascript:x)")
    markdown = sheet_markdown(PACK, request(answers))
    assert "<b>" not in markdown
    plain = unescape_markdown(markdown)
    assert "**bold** <b>x</b> " in plain and "w" * 400 not in plain
    assert "[a](javascript:x)" in plain


# ---------------------------------------------------------------- checks of decision_guide.csv


def _edited_pack(tmp_path: Path, edit) -> Path:
    target = tmp_path / "pack"
    shutil.copytree(MIN_PACK, target)
    path = target / "decision_guide.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fields = list(rows[0])
    edit(rows)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return target


def test_a_second_decision_for_a_step_and_a_step_on_a_general_part_are_reported(tmp_path):
    def edit(rows):
        twin = dict(next(row for row in rows if row["id"] == "g_dec_untreated"), id="g_dec_twin")
        rows.append(twin)
        next(row for row in rows if row["id"] == "g_val")["step_id"] = "untreated"

    problems = [str(p) for p in check_pack(_edited_pack(tmp_path, edit), with_pandera=False)]
    assert any("decision_guide.csv" in p and "second decision" in p for p in problems), problems
    assert any("decision_guide.csv" in p and "leave step_id blank" in p for p in problems)
    assert check_pack(MIN_PACK, with_pandera=False) == []
