"""Check your understanding in a real browser: a question answered with the keyboard alone, its
arrows choosing there and never moving the walk, the answer said in words and heard.

Two things keep the arrows with the radio group: Streamlit's radio group handles them itself and
stops them there, and the walkthrough's keyboard leaves inputs and radio groups alone. With both
taken away (the keyboard listening before the group, no exception) this test fails: the first
arrow moved the walk to the next step."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from harness.browser import wait_for_app_idle
from journey.navigation import checks_for_step
from journey.words import WORDS
from tests.e2e.app_pages import browser_tab, has_focus, open_page, open_section, pack, tab_to
from ui import components

STEP = "remission"


@pytest.fixture(scope="module")
def tab(browser: Browser, base_url: str) -> Iterator[Page]:
    with browser_tab(browser, base_url) as shared:
        yield shared


def test_a_question_is_answered_with_the_keyboard_and_the_walk_stays(tab: Page) -> None:
    check = checks_for_step(pack(), STEP)[0]
    first, second = check.choices[0], check.choices[1]
    open_page(tab, f"/walkthrough?walk={STEP}", WORDS.title_walkthrough, diagram=True)
    open_section(tab, WORDS.check_heading)
    group = tab.get_by_role("radiogroup", name=check.question, exact=True)
    feedback = tab.locator(f".{components.CHECK_FEEDBACK_CLASS}").first
    expect(feedback).to_have_attribute("role", "status")
    expect(feedback).to_have_text("")
    for choice in check.choices:
        expect(group.get_by_role("radio", name=choice.text, exact=True)).not_to_be_checked()

    # Tab into the group: the first choice has the focus, nothing is chosen yet.
    tab_to(tab, group.get_by_role("radio", name=first.text, exact=True))
    expect(group.get_by_role("radio", name=first.text, exact=True)).not_to_be_checked()
    # The walkthrough's own arrows (Back and Next) are the radio group's here: they choose.
    for key, choice in (("ArrowRight", second), ("ArrowLeft", first), ("ArrowDown", second)):
        tab.keyboard.press(key)
        radio = group.get_by_role("radio", name=choice.text, exact=True)
        expect(radio).to_be_checked()
        verdict = (
            WORDS.check_right
            if choice.correct
            else WORDS.check_not_quite.format(answer=check.answer.text)
        )
        expect(feedback).to_contain_text(verdict)
        expect(feedback).to_contain_text(f"{WORDS.check_why} {check.explanation}")
        wait_for_app_idle(tab)
        expect(tab).to_have_url(re.compile(f"[?&]walk={STEP}(&|$)"))
        expect(
            tab.get_by_role("heading", level=2, name=pack().step(STEP).title, exact=True)
        ).to_be_visible()
        assert has_focus(radio), "the answer's rerun kept the focus on the choice"
    # Nothing about the answer went into the link.
    assert "check" not in tab.url and first.id not in tab.url and second.id not in tab.url
