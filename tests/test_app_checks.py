"""Check your understanding, in the walkthrough: a few questions per step, folded, each a radio
with nothing chosen; any answer shows in words whether it was right and why; nothing is scored,
nothing goes into the URL, and the walk moving on forgets the answers."""

from __future__ import annotations

import html

import pytest

from journey.loading import load_pack
from journey.model import StepPart
from journey.navigation import checks_for_step, walk_route
from journey.words import WORDS, words
from tests import app_testing as t
from tests.packs import REAL_PACK
from ui import view_state

PACK = t.pack()
CHECKS = view_state.StepFold.CHECKS
WALK_TOP = view_state.WALK_KEYS[view_state.WalkBar.TOP]


def _radios(at) -> list:
    """The check radios the page drew (the sidebar's fact radios are not checks)."""
    return [r for r in at.radio if (r.key or "").startswith(view_state.CHECK_KEY_PREFIX)]


def _feedback(at) -> list[str]:
    """The feedback region under each check, in page order: its text, "" before an answer."""
    bodies = [h.proto.body for h in at.get("html") if 'role="status"' in h.proto.body]
    return [html.unescape(body) for body in bodies]


def _walk_at(step_id: str, **params: str):
    at = t.open_app({"walk": step_id, **params}, page=t.WALKTHROUGH)
    return t.unfold(at, CHECKS)


def test_every_walkthrough_step_has_its_checks_folded_and_made_only_when_open() -> None:
    at = t.open_app({"walk": "signs"}, page=t.WALKTHROUGH)
    assert WORDS.check_heading in [e.label for e in at.expander]
    assert _radios(at) == [], "a closed section makes no question"
    for step in PACK.steps:
        at = _walk_at(step.id)
        checks = checks_for_step(PACK, step.id)
        assert 1 <= len(checks) <= 3, step.id
        radios = _radios(at)
        assert [r.label for r in radios] == [c.question for c in checks]
        for radio, check in zip(radios, checks, strict=True):
            assert radio.value is None, "no choice is made for the reader"
            assert radio.options == [choice.text for choice in check.choices]
        assert _feedback(at) == ['<div class="check-feedback" role="status"></div>'] * len(checks)
        assert not at.exception


@pytest.mark.parametrize("right", [True, False], ids=["right answer", "other answer"])
def test_an_answer_shows_in_words_whether_it_was_right_and_why(right: bool) -> None:
    step = PACK.step("remission")
    check = checks_for_step(PACK, step.id)[0]
    choice = next(c for c in check.choices if c.correct is right)
    at = _walk_at(step.id, step="induction", ph="positive")
    before = t.url_params(at)
    at.radio(key=view_state.CHECK_KEY_PREFIX + check.id).set_value(choice.id).run()
    shown = _feedback(at)[0]
    verdict = WORDS.check_right if right else WORDS.check_not_quite.format(answer=check.answer.text)
    assert verdict in shown
    assert WORDS.check_why in shown and check.explanation in shown
    pointer = {
        StepPart.SUMMARY: WORDS.check_see_top,
        StepPart.WHAT_HAPPENS: WORDS.check_see_section.format(part=WORDS.what_happens),
        StepPart.TESTS: WORDS.check_see_section.format(part=WORDS.tests_heading),
    }[check.part]
    assert pointer in shown
    assert all(body.endswith('role="status"></div>') for body in _feedback(at)[1:]), (
        "only the answered question says anything"
    )
    assert t.url_params(at) == before, "an answer never goes into the URL"
    assert at.header[0].value == step.title, "answering does not move the walk"
    assert not at.exception


def test_the_walk_moving_on_forgets_the_answers() -> None:
    usual = walk_route(PACK).usual
    first, second = usual[0], usual[1]
    check = checks_for_step(PACK, first.id)[0]
    at = _walk_at(first.id)
    at.radio(key=view_state.CHECK_KEY_PREFIX + check.id).set_value(check.answer.id).run()
    at.button(key=WALK_TOP.forward).click().run()
    assert at.header[0].value == second.title
    assert [r.label for r in _radios(at)] == [c.question for c in checks_for_step(PACK, second.id)]
    at.button(key=WALK_TOP.back).click().run()
    assert at.header[0].value == first.title
    assert _radios(at)[0].value is None, "the answer was not kept"
    assert WORDS.check_right not in "".join(_feedback(at))


def test_the_journey_map_shows_no_checks() -> None:
    at = t.open_app({"step": "remission"}, page=t.JOURNEY_MAP)
    at = t.unfold(at)
    assert WORDS.check_heading not in [e.label for e in at.expander]
    assert _radios(at) == []


def test_checks_are_in_spanish_on_a_spanish_walkthrough() -> None:
    spanish, es = load_pack(REAL_PACK, lang="es"), words("es")
    check = checks_for_step(spanish, "induction")[0]
    at = _walk_at("induction", lang="es")
    assert es.check_heading in [e.label for e in at.expander]
    radio = at.radio(key=view_state.CHECK_KEY_PREFIX + check.id)
    assert radio.label == check.question
    assert radio.options == [choice.text for choice in check.choices]
    wrong = next(c for c in check.choices if not c.correct)
    radio.set_value(wrong.id).run()
    shown = _feedback(at)[0]
    assert es.check_not_quite.format(answer=check.answer.text) in shown
    assert check.explanation in shown and es.check_why in shown
    assert not at.exception
