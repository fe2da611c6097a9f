"""AppTest: the journey map shows the phase timeline, the reader's step marked, and its text."""

from __future__ import annotations

import pytest

from journey.loading import load_pack
from journey.timeline import TIMELINE_TEXT_ID
from journey.words import WORDS, use_language, words
from tests import app_testing as t
from tests.packs import REAL_PACK
from ui import view_state

PACK = t.pack()
SPANISH = load_pack(REAL_PACK, lang="es")
EN, ES = words("en"), words("es")


def _timeline_svg(at) -> str:
    (svg,) = [e.value for e in at.markdown if 'id="phase-timeline-title"' in e.value]
    return svg


def _timeline_table(at, words_) -> list[dict[str, str]]:
    """The text alternative: the one text table with the timeline's columns, inside its section
    (opened first, as a reader's click would: it is made only while open)."""
    t.unfold(at, view_state.PageFold.TIMELINE_TABLE)
    (box,) = [e for e in at.expander if e.label == words_.timeline_text_heading]
    (table,) = [
        rows for rows in t.text_tables(box) if rows and words_.timeline_col_varies in rows[0]
    ]
    return table


def test_the_journey_map_shows_the_timeline_with_the_readers_step_marked() -> None:
    at = t.open_app({"step": "post_remission"}, page=t.JOURNEY_MAP)
    assert not at.exception
    intro = PACK.text(TIMELINE_TEXT_ID)
    assert intro.title in [h.value for h in at.header]
    assert intro.body in t.page_text(at)
    svg = _timeline_svg(at)
    assert 'role="img"' in svg
    assert svg.count("▶ YOU ARE HERE") == 2  # consolidation and maintenance: post-remission
    for entry in PACK.timeline:
        assert entry.range_words in svg


def test_the_timelines_text_alternative_lists_every_range_and_marks_the_step() -> None:
    at = t.open_app({"step": "remission"}, page=t.JOURNEY_MAP)
    table = _timeline_table(at, EN)
    assert [row[EN.timeline_col_how_long] for row in table] == [
        entry.range_words for entry in PACK.timeline
    ]
    assert [row[EN.timeline_col_varies] for row in table] == [
        entry.what_varies for entry in PACK.timeline
    ]
    parts = [row[EN.timeline_col_part] for row in table]
    marked = [part for part in parts if part.startswith(EN.timeline_next_words)]
    assert len(marked) == 2 and all("Post-remission therapy" in m for m in marked)
    # its sources are listed with it
    box = next(e for e in at.expander if e.label == EN.timeline_text_heading)
    shown = t.page_text(box)
    for source_id in ("cruk_all_phases", "cruk_all_follow_up", "acs_all_typical"):
        assert PACK.source(source_id).title in shown


def test_choosing_another_step_moves_the_mark() -> None:
    at = t.open_app({"step": "induction"}, page=t.JOURNEY_MAP)
    assert _timeline_svg(at).count("▶ YOU ARE HERE") == 1
    at.selectbox(key=view_state.STEP_KEY).set_value("follow_up").run()
    assert t.url_params(at)["step"] == "follow_up"
    table = _timeline_table(at, EN)
    parts = [row[EN.timeline_col_part] for row in table]
    here = [part for part in parts if EN.here_words in part]
    assert here == [f"{EN.here_words}: Follow-up care"]


def test_with_no_step_nothing_is_marked() -> None:
    at = t.open_app(page=t.JOURNEY_MAP)
    svg = _timeline_svg(at)
    assert "YOU ARE HERE" not in svg and "COMES NEXT" not in svg
    assert all(
        not row[EN.timeline_col_part].startswith((EN.here_words, EN.timeline_next_words))
        for row in _timeline_table(at, EN)
    )


@pytest.mark.parametrize("step", ["induction", "recurrent"])
def test_the_spanish_journey_map_shows_the_timeline_in_spanish(step: str) -> None:
    at = t.open_app({"lang": "es", "step": step}, page=t.JOURNEY_MAP)
    assert not at.exception
    assert SPANISH.text(TIMELINE_TEXT_ID).title in [h.value for h in at.header]
    table = _timeline_table(at, ES)
    assert [row[ES.timeline_col_how_long] for row in table] == [
        entry.range_words for entry in SPANISH.timeline
    ]
    with use_language("es"):
        mark = WORDS.here_words if step == "induction" else WORDS.timeline_next_words
    assert sum(row[ES.timeline_col_part].startswith(mark) for row in table) == 1
    assert "Años desde el inicio del tratamiento" in _timeline_svg(at)
