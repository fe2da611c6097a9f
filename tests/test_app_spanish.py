"""The explorer in Spanish: every page in Spanish words and Spanish content, the language kept."""

from __future__ import annotations

import re

import pytest

from journey.loading import load_pack
from journey.readability import reader_blocks
from journey.words import _flat, words
from tests import app_testing as t
from tests.packs import REAL_PACK
from ui import view_state

SPANISH = {"lang": "es"}
#: A view that shows much of each page: a step with options, facts told, a walk's step.
RICH_VIEW = {"lang": "es", "step": "induction", "ph": "positive", "walk": "post_remission"}
_PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _english_only_words() -> list[str]:
    """Each English catalog text that Spanish says differently, as the literal pieces a page
    would show whole (the longest piece between placeholders, of two words or more)."""
    english, spanish = _flat(words("en").entries), _flat(words("es").entries)
    found = []
    for key, value in english.items():
        texts = value if isinstance(value, tuple) else (value,)
        others = spanish[key] if isinstance(spanish[key], tuple) else (spanish[key],)
        for text, other in zip(texts, others, strict=True):
            if not isinstance(text, str) or text == other:
                continue
            piece = max(_PLACEHOLDER.split(text), key=len).strip(" .:,()")
            if len(piece.split()) >= 2:
                found.append(piece)
    return found


def _english_content() -> list[str]:
    """The English pack's reader texts of five words or more (a Spanish page shows none)."""
    english = load_pack(REAL_PACK)
    return [block.text for block in reader_blocks(english) if len(block.text.split()) >= 5]


def _names_kept_in_english() -> list[str]:
    """What a Spanish page shows in English on purpose: the English term beside a translated
    one (for the care team's words) and the sources' own titles and publishers (proper names)."""
    spanish = load_pack(REAL_PACK, lang="es")
    names = [*spanish.english_terms.values()]
    names += [name for source in spanish.sources for name in (source.title, source.publisher)]
    return sorted(set(names), key=len, reverse=True)


def _all_text(at) -> str:
    return t.page_text(at) + "\n" + t.page_text(at.sidebar)


@pytest.fixture(scope="module")
def english_words() -> list[str]:
    return _english_only_words()


@pytest.fixture(scope="module")
def english_content() -> list[str]:
    return _english_content()


@pytest.mark.parametrize("page", t.PAGES)
def test_every_page_in_spanish_shows_no_english_the_app_controls(
    page, english_words, english_content
):
    at = t.open_app(RICH_VIEW, page=page)
    assert not at.exception
    if page in (t.JOURNEY_MAP, t.WALKTHROUGH):
        at = t.unfold(
            at,
            *view_state.StepFold,
            view_state.PageFold.OUTLINE,
            view_state.PageFold.TIMELINE_TABLE,
        )
    text = _all_text(at)
    assert "LLA" in text  # the page drew something
    for name in _names_kept_in_english():
        text = text.replace(name, "")
    shown_words = sorted({piece for piece in english_words if piece in text})
    assert shown_words == []
    shown_content = [block for block in english_content if block in text]
    assert shown_content == []


def test_the_language_stays_in_the_link_after_a_step_choice():
    at = t.open_app(SPANISH, page=t.JOURNEY_MAP)
    at.selectbox(key=view_state.STEP_KEY).set_value("remission").run()
    assert t.url_params(at)["lang"] == "es"
    assert t.url_params(at)["step"] == "remission"


def test_an_unknown_language_is_dropped_with_a_notice_in_both_languages():
    at = t.open_app({"lang": "xx"})
    notices = [warning.value for warning in at.warning]
    assert any(
        words("en").notice_bad_language in notice and words("es").notice_bad_language in notice
        for notice in notices
    )
    assert "lang" not in t.url_params(at)


def test_the_language_choice_switches_words_and_content():
    at = t.open_app()
    assert at.title[0].value != words("es").title_start
    at.radio(key=view_state.LANGUAGE_KEY).set_value("es").run()
    assert not at.exception
    assert t.url_params(at)["lang"] == "es"
    spanish = load_pack(REAL_PACK, lang="es")
    assert spanish.text("disclaimer").body in t.page_text(at)


def test_a_broken_translation_shows_the_english_text_and_logs_each_problem(
    tmp_path, monkeypatch, caplog
):
    import csv
    import logging
    import shutil

    folder = tmp_path / "pack"
    shutil.copytree(REAL_PACK, folder)
    overlay = folder / "es" / "steps.csv"
    with overlay.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rows[0]["title"] = ""
    with overlay.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setenv("JOURNEY_DATA", str(folder))
    with caplog.at_level(logging.ERROR):
        at = t.open_app(SPANISH)
    assert not at.exception
    assert [title.value for title in at.title] != [words("es").unavailable_title]
    english = load_pack(REAL_PACK)
    assert english.text("disclaimer").body in t.page_text(at)  # the English text, not a blank
    assert "es/steps.csv:2: title: is blank" in caplog.text
