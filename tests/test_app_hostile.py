"""AppTest under hostile input: every page with nasty links, and every kind of broken content pack.

A nasty link must never raise: the page shows a notice about what it dropped and draws the rest of
the view (title, the notice that this is not medical advice). A broken pack must show the calm
"content is being updated" page, naming no file, row or path, while the server log lists every
problem `python -m journey check` would list.
"""

from __future__ import annotations

import logging
from pathlib import Path
from urllib.parse import parse_qs

import pytest

from journey.loading import PackError, load_pack
from journey.situation import Vocabulary
from journey.tables import TABLES_BY_NAME
from journey.words import WORDS
from tests import app_testing as t
from tests.corruption import KINDS, pack_copy
from tests.hostile import NASTY_QUERIES

PACK = t.pack()
#: What a hostile link must never bring onto the page, whatever the page.
ECHOES = ("<script", "onerror", "javascript:", "DROP TABLE", "\u202e", "a" * 200)
#: Internals the calm page must not name.
INTERNALS = (".csv", "Traceback", "JOURNEY_DATA", "line ", "row", "column", "data/", "Error")


def _params(query: str) -> dict[str, list[str]]:
    return parse_qs(query, keep_blank_values=True)


@pytest.fixture(autouse=True)
def _real_pack(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's own JOURNEY_DATA must not decide what these tests see."""
    monkeypatch.delenv("JOURNEY_DATA", raising=False)


@pytest.mark.parametrize("page", t.PAGES)
def test_every_page_shows_a_notice_and_the_rest_of_the_view_for_every_nasty_link(page):
    for query in NASTY_QUERIES:
        at = t.open_app(_params(query), page=page)
        where = f"{page}?{query[:80]}"
        assert not at.exception, f"{where}: {at.exception}"
        assert at.warning, f"{where}: no notice about the dropped part of the link"
        assert t.notice_shown(at, PACK), f"{where}: the not-medical-advice notice is missing"
        assert at.title, f"{where}: the page drew no title"
        assert set(t.url_params(at)) <= set(Vocabulary.from_pack(PACK).params), (
            f"{where}: the URL was not cleaned"
        )
        shown = t.page_text(at) + "\n".join(warning.value for warning in at.warning)
        assert not [echo for echo in ECHOES if echo in shown], f"{where}: echoed the link"


def test_a_nasty_link_keeps_the_good_parts_of_the_view():
    step = PACK.step_ids[-1]
    at = t.open_app({"step": step, "ph": "<script>", "lineage": "b", "age": "٣٠"}, t.JOURNEY_MAP)
    assert not at.exception
    assert len(at.warning) == 2  # ph and age, each told once
    assert t.url_params(at) == {"step": step, "lineage": "b"}


# One page per kind of damage, so every page meets a broken pack at least once.
BROKEN_CASES = [
    (kind, table, t.PAGES[index % len(t.PAGES)])
    for index, (kind, table) in enumerate(
        [
            ("missing_file", "steps"),
            ("missing_column", "options"),
            ("renamed_column", "texts"),
            ("duplicate_row", "questions"),
            ("blank_id", "glossary"),
            ("dangling_reference", "option_drugs"),
            ("not_utf8", "sources"),
            ("cut_off_row", "transitions"),
            ("cut_off_in_last_cell", "brands"),
        ]
    )
]


@pytest.mark.parametrize(("kind", "table", "page"), BROKEN_CASES)
def test_a_broken_pack_shows_the_calm_page_and_logs_every_problem(
    kind: str,
    table: str,
    page: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
):
    folder = pack_copy(tmp_path)
    KINDS[kind](folder, TABLES_BY_NAME[table])
    # Every problem of the pack the session reads (English; its translation is read only by a
    # session in Spanish, whose problems the English load does not see).
    with pytest.raises(PackError) as broken:
        load_pack(folder)
    problems = broken.value.problems
    monkeypatch.setenv("JOURNEY_DATA", str(folder))
    with caplog.at_level(logging.ERROR):
        at = t.open_app({"step": PACK.step_ids[0]}, page=page)
    assert not at.exception
    assert [title.value for title in at.title] == [WORDS.unavailable_title]
    shown = t.page_text(at) + "\n".join(node.value for node in at.info)
    assert WORDS.unavailable_body in shown
    named = [word for word in (*INTERNALS, str(tmp_path), table) if word in shown]
    assert not named, f"the calm page names internals: {named}"
    assert not at.sidebar.children or not t.page_text(at.sidebar)
    missing = [str(problem) for problem in problems if str(problem) not in caplog.text]
    assert not missing, f"problems not in the server log: {missing[:5]}"
