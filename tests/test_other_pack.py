"""Another disease is data, not code: a made-up TEST PACK runs through check, show, every page
and the sheet with no code change (tests/fixtures/pack_other; not patient content)."""

from __future__ import annotations

import io
import json

import pytest

from journey.cli import main
from journey.loading import check_pack, load_pack
from journey.model import Relevance
from journey.navigation import verdicts
from journey.sheet import SheetRequest, sheet_markdown, sheet_pdf
from journey.situation import Situation, Vocabulary, parse_view
from tests import app_testing as t
from tests.fixtures import make_other_pack
from tests.packs import FIXTURES

OTHER = FIXTURES / "pack_other"
DATA = ("--data", str(OTHER))


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    return main(list(argv), out=out, err=err), out.getvalue(), err.getvalue()


def test_the_committed_test_pack_is_what_its_generator_writes(tmp_path):
    make_other_pack.main(tmp_path)
    for path in sorted(tmp_path.iterdir()):
        assert path.read_bytes() == (OTHER / path.name).read_bytes(), path.name


def test_it_is_a_valid_pack_marked_as_a_test_pack():
    assert check_pack(OTHER) == []
    assert "not patient content" in load_pack(OTHER).info.title


def test_its_states_and_facts_are_its_own_on_the_command_line():
    code, out, _ = run("show", "--state", "returned", "--marker", "high", "--format", "json", *DATA)
    report = json.loads(out)
    assert code == 0 and report["state"] == "returned"
    assert report["situation"] == {"stage": "unknown", "marker": "high", "age": None}
    assert {o["id"]: o["applies"] for o in report["options"]} == {"again_young": "yes"}
    code, _, err = run("show", "--state", "untreated", *DATA)
    assert code == 2 and "new_case" in err and "\n" not in err.strip()
    code, _, err = run("show", "--state", "new_case", "--ph", "positive", *DATA)
    assert code == 2 and "--ph" in err
    code, _, err = run("show", "--state", "new_case", "--stage", "middle", *DATA)
    assert code == 2 and "early" in err and "late" in err


def test_a_fact_asked_only_when_it_came_back_is_ignored_before():
    pack = load_pack(OTHER)
    told = Situation.of(step="new_case", stage="late", marker="high")
    assert [v.relevance for v in verdicts(pack, told)] == [Relevance.APPLIES, Relevance.APPLIES]
    code, out, _ = run("show", "--state", "new_case", "--marker", "high", "--format", "json", *DATA)
    assert code == 0 and "marker" not in json.loads(out)["situation"]


def test_links_use_its_facts_and_its_aliases():
    view = parse_view({"step": "old_new_case", "stage": "late", "ph": "positive"},
                      Vocabulary.from_pack(load_pack(OTHER)))  # fmt: skip
    assert view.situation == Situation.of(step="new_case", stage="late")
    assert len(view.notices) == 1  # "ph" means nothing in this pack


def test_the_sheet_is_made_from_its_facts():
    pack = load_pack(OTHER)
    request = SheetRequest(Situation.of(step="again", marker="high", stage="early", age=70))
    markdown = sheet_markdown(pack, request)
    assert "marker: high" in markdown and "stage: early" in markdown
    assert "Philadelphia" not in markdown
    assert sheet_pdf(pack, request).startswith(b"%PDF")


@pytest.fixture
def other_pack_app(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEY_DATA", str(OTHER))


@pytest.mark.parametrize("page", t.PAGES)
def test_every_page_renders_the_test_pack(other_pack_app, page):
    at = t.open_app({"step": "returned", "marker": "high"}, page=page)
    assert not at.exception, at.exception
    assert t.notice_shown(at, load_pack(OTHER))
    text = t.page_text(at) + "\n".join(str(m.value) for m in at.sidebar.markdown)
    assert "Philadelphia" not in text
