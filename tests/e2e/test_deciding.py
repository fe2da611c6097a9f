"""In the browser: the patient and a family member fill in "Getting ready to decide" side by side
(a place chosen by keyboard), and the PDF they download, read back, holds both SURE answers and
where they differ; the address bar never holds an answer."""

from __future__ import annotations

import io
import re

import pypdf
from playwright.sync_api import Locator, Page, expect

from harness.browser import wait_for_app_idle
from journey.deciding import PERSON_WORDS, Person
from journey.model import GuidePart
from journey.words import WORDS
from tests.e2e.app_pages import downloaded_bytes, open_page, open_section, pack
from ui import view_state

SHEET = "/discussion_sheet?step=induction"


def prompt(part: GuidePart, item_id: str, family: bool = False) -> str:
    item = next(entry for entry in pack().guide_items(part) if entry.id == item_id)
    return (item.family_text or item.text) if family else item.text


def labelled(text: str, person: Person) -> str:
    return WORDS.guide_for_person.format(label=text, person=PERSON_WORDS[person])


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def choose_by_keyboard(page: Page, box: Locator, option: str) -> None:
    """Choose the option after the chosen one with the keys alone: Arrow Down opens the list on
    the next option, Enter takes it. Now and then Streamlit's list, just opened, closes again by
    itself (its focus moves into the list and back); a keyboard user would press Arrow Down once
    more, and so does this, three times at most, each key waiting for what the one before drew."""
    listed = page.get_by_role("listbox").get_by_role("option", name=option, exact=True)
    for _ in range(3):
        box.focus()
        expect(box).to_be_focused()
        page.keyboard.press("ArrowDown")
        try:
            expect(listed).to_have_attribute("data-focused", "true", timeout=3_000)
        except AssertionError:
            page.keyboard.press("Escape")
            continue
        page.keyboard.press("Enter")
        break
    expect(box).to_have_value(option)


def answer(page: Page, question: str, person: Person, yes: bool) -> None:
    group = page.get_by_role("radiogroup", name=labelled(question, person))
    group.get_by_text(WORDS.guide_yes if yes else WORDS.guide_no, exact=True).click()
    wait_for_app_idle(page)


def test_two_people_answer_side_by_side_and_the_pdf_shows_where_they_differ(
    page: Page, base_url: str
) -> None:
    open_page(page, SHEET, WORDS.title_sheet)
    page.get_by_text(WORDS.guide_for_two, exact=True).click()
    wait_for_app_idle(page)

    # What matters most: the patient marks a value and gives it a place by keyboard.
    open_section(page, WORDS.guide_values_fold)
    fertility = labelled(prompt(GuidePart.VALUE, "val_fertility"), Person.PATIENT)
    mark = view_state.guide_key(Person.PATIENT, "mark", "val_fertility")
    page.locator(f".st-key-{mark}").get_by_text(fertility, exact=True).click()
    expect(page.get_by_role("checkbox", name=fertility)).to_be_checked()
    wait_for_app_idle(page)
    # The place box is drawn by the rerun the mark starts, which can begin a moment after the
    # click: wait for the box, then for that rerun to end, before any key (a rerun that ends
    # while the list is open closes it).
    place = page.get_by_role("combobox", name=WORDS.guide_place_label.format(value=fertility))
    expect(place).to_be_visible()
    wait_for_app_idle(page)
    choose_by_keyboard(page, place, "2")
    wait_for_app_idle(page)

    # The SURE check: they agree on one question and not on another.
    open_section(page, WORDS.guide_sure_fold)
    sure = prompt(GuidePart.SURE, "sure_sure")
    support = prompt(GuidePart.SURE, "sure_support")
    answer(page, sure, Person.PATIENT, yes=True)
    answer(page, prompt(GuidePart.SURE, "sure_sure", family=True), Person.FAMILY, yes=False)
    answer(page, support, Person.PATIENT, yes=True)
    answer(page, prompt(GuidePart.SURE, "sure_support", family=True), Person.FAMILY, yes=True)

    assert page.url == f"{base_url}{SHEET}", "an answer went into the address bar"
    _, data = downloaded_bytes(page, WORDS.download_pdf)
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    text = squeeze(" ".join(each.extract_text() or "" for each in pages))

    def pair(patient: str, family: str) -> str:
        return WORDS.guide_pair_join.join(
            (
                WORDS.guide_person_answer.format(
                    person=PERSON_WORDS[Person.PATIENT], answer=patient
                ),
                WORDS.guide_person_answer.format(person=PERSON_WORDS[Person.FAMILY], answer=family),
            )
        )

    yes, no = WORDS.guide_yes, WORDS.guide_no
    differ = WORDS.guide_differ.format(answers=pair(yes, no))
    assert squeeze(WORDS.guide_line.format(prompt=sure, answers=differ)) in text
    assert squeeze(WORDS.guide_line.format(prompt=support, answers=pair(yes, yes))) in text
    ranked = WORDS.guide_place.format(place=2)
    assert squeeze(ranked) in text, "the place chosen by keyboard is not on the sheet"
    assert squeeze(prompt(GuidePart.FAMILY_QUESTION, "fq_induction")) in text
