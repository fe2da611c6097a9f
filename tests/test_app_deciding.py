"""AppTest of "Getting ready to decide" on the Discussion sheet: for one and for two, the answers
reach the downloaded PDF and Markdown (read back), survive a closed section and a page switch, and
never reach the URL."""

from __future__ import annotations

import base64
import io
import re

import pypdf
from streamlit.testing.v1 import AppTest

from journey.deciding import PERSON_WORDS, Person
from journey.model import GuidePart
from journey.sheet import unescape_markdown
from journey.words import WORDS, words
from tests import app_testing as t
from ui import view_state
from ui.components import DownloadId

PACK = t.pack()
SHEET = view_state.SHEET_DOWNLOADS_KEY
FOLDS = (
    view_state.PageFold.GUIDE_VALUES,
    view_state.PageFold.GUIDE_PEOPLE,
    view_state.PageFold.GUIDE_SURE,
    view_state.PageFold.GUIDE_NEXT,
)
OWN_WORDS = "Chemo now or a trial first zq-own"


def item(part: GuidePart, item_id: str):
    return next(entry for entry in PACK.guide_items(part) if entry.id == item_id)


def downloaded(at: AppTest, file_id: str, number: int) -> str:
    t.press_download(at, SHEET, file_id, number)
    assert not at.exception
    body = base64.b64decode(t.download_data(at, SHEET)["file"]["base64"])
    if file_id == DownloadId.PDF:
        pages = pypdf.PdfReader(io.BytesIO(body)).pages
        return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pages))
    return unescape_markdown(body.decode("utf-8"))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def answer_for_two(at: AppTest) -> AppTest:
    """The patient and a family member answer, differing on one SURE question."""
    at.toggle(key=view_state.GUIDE_FOR_TWO_KEY).set_value(True).run()
    t.unfold(at, *FOLDS)
    key = view_state.guide_key
    at.checkbox(key=key(Person.PATIENT, "mark", "val_fertility")).check().run()
    at.checkbox(key=key(Person.FAMILY, "mark", "val_hospital")).check().run()
    at.radio(key=key(Person.PATIENT, "sure", "sure_sure")).set_value(True)
    at.radio(key=key(Person.FAMILY, "sure", "sure_sure")).set_value(False)
    at.radio(key=key(Person.PATIENT, "sure", "sure_support")).set_value(True)
    at.radio(key=key(Person.FAMILY, "sure", "sure_support")).set_value(True)
    at.radio(key=key(Person.FAMILY, "role")).set_value("role_team")
    at.multiselect(key=key(Person.PATIENT, "next")).set_value(["next_second"])
    at.text_input(key=view_state.GUIDE_OWN_WORDS_KEY).input(OWN_WORDS)
    return at.run()


def test_the_two_person_sheet_carries_both_sure_answers_into_the_pdf_and_the_markdown():
    at = t.open_app({"step": "induction"}, page=t.SHEET)
    assert WORDS.heading_deciding in t.main_text(at)
    answer_for_two(at)
    assert not at.exception

    pdf = downloaded(at, DownloadId.PDF, 1)
    sure = item(GuidePart.SURE, "sure_sure").text
    person = {p: PERSON_WORDS[p] for p in Person}
    yes, no = WORDS.guide_yes, WORDS.guide_no
    differ = WORDS.guide_differ.format(
        answers=WORDS.guide_pair_join.join(
            (
                WORDS.guide_person_answer.format(person=person[Person.PATIENT], answer=yes),
                WORDS.guide_person_answer.format(person=person[Person.FAMILY], answer=no),
            )
        )
    )
    assert squeeze(WORDS.guide_line.format(prompt=sure, answers=differ)) in squeeze(pdf)
    for who in Person:
        count = WORDS.guide_sure_count.format(
            person=person[who], yes=2 - (who is Person.FAMILY), total=4
        )
        assert squeeze(count) in squeeze(pdf)
    assert OWN_WORDS in pdf
    assert squeeze(item(GuidePart.FAMILY_QUESTION, "fq_induction").text) in squeeze(pdf)

    markdown = downloaded(at, DownloadId.MARKDOWN, 2)
    part = markdown[markdown.index(WORDS.heading_deciding) :]
    assert WORDS.guide_line.format(prompt=sure, answers=differ) in part
    assert item(GuidePart.ROLE, "role_team").family_text.rstrip(".") in part
    assert item(GuidePart.NEXT_STEP, "next_second").text in part

    # Nothing of it is in the link: the URL holds the step alone.
    assert t.url_params(at) == {"step": "induction"}
    assert OWN_WORDS not in at.code[0].value


def test_answers_stay_when_their_section_closes_and_after_another_page():
    at = t.open_app({"step": "remission"}, page=t.SHEET)
    t.unfold(at, view_state.PageFold.GUIDE_SURE)
    key = view_state.guide_key(Person.PATIENT, "sure", "sure_values")
    at.radio(key=key).set_value(False).run()
    at.session_state[view_state.fold_key(view_state.PageFold.GUIDE_SURE)] = False
    at.run()
    assert key not in [radio.key for radio in at.radio], "a closed section draws no widget"
    at.switch_page(t.ABOUT).run()
    at.switch_page(t.SHEET).run()
    assert not at.exception
    markdown = downloaded(at, DownloadId.MARKDOWN, 1)
    line = WORDS.guide_line.format(
        prompt=item(GuidePart.SURE, "sure_values").text, answers=WORDS.guide_no
    )
    assert line in markdown, "the answer was lost with its section closed or on another page"
    assert item(GuidePart.SURE_HELP, "sure_help").text in markdown
    t.unfold(at, view_state.PageFold.GUIDE_SURE)
    assert at.radio(key=key).value is False


def test_a_sheet_with_no_answers_has_no_such_part_and_the_spanish_page_draws_it():
    at = t.open_app({"step": "induction"}, page=t.SHEET)
    assert WORDS.heading_deciding not in downloaded(at, DownloadId.MARKDOWN, 1)
    spanish = t.open_app({"step": "induction", "lang": "es"}, page=t.SHEET)
    assert not spanish.exception
    assert words("es").heading_deciding in t.main_text(spanish)
