"""AppTest page tests: every page draws with the notice, from any URL; a broken pack stays calm."""

from __future__ import annotations

import ast
import html
import logging
import shutil
from pathlib import Path

import pytest

from journey.loading import data_dir_from_env
from journey.model import REQUIRED_TEXT_IDS, State, StepKind
from journey.navigation import trial_links_for_step
from journey.situation import Vocabulary
from journey.words import WORDS
from tests import app_testing as t
from tests.packs import MIN_PACK
from ui import chrome, components, frame, view_state

PACK = t.pack()


def test_every_page_draws_with_the_notice_and_no_exception() -> None:
    at = t.open_app()
    for page in t.PAGES:
        at.switch_page(page).run()
        assert not at.exception, f"{page}: {at.exception}"
        assert t.notice_shown(at, PACK), f"{page} does not show the notice"
        assert at.title, f"{page} has no title"


def test_start_offers_the_three_states_the_walkthrough_and_the_overview_map() -> None:
    at = t.open_app({"ph": "positive"})
    links = {link.proto.label: link.proto for link in at.get("page_link")}
    for label, state_step in (
        (WORDS.entry_diagnosed, State.UNTREATED),
        (WORDS.entry_remission, State.REMISSION),
        (WORDS.entry_came_back, State.RECURRENT),
    ):
        step_id = PACK.state_step(state_step).id
        assert links[label].page == "journey_map"
        assert links[label].query_string == f"step={step_id}&ph=positive"
    assert links[WORDS.entry_learning].page == "walkthrough"
    data = t.map_data(at)
    assert data["label"] == WORDS.diagram_alt
    assert data["svg"].startswith("<svg") and 'id="step_' in data["svg"]
    assert "cluster_bands" in data["bands"] and data["legend"] == ""  # Start shows no key


def test_a_link_to_start_with_a_step_opens_that_step_on_the_map() -> None:
    step = PACK.steps[-1]
    at = t.open_app({"step": step.id})
    assert at.title[0].value == WORDS.title_journey_map
    assert at.header[0].value == step.title
    assert t.url_params(at) == {"step": step.id}


def test_every_step_in_the_url_opens_its_details_on_the_journey_map() -> None:
    at = t.open_app(page=t.JOURNEY_MAP)
    assert WORDS.step_none_chosen in [info.value for info in at.info]
    assert "cluster_legend" in t.map_data(at)["legend"]
    t.unfold(at)
    for step in PACK.steps:
        at.query_params.clear()
        at.query_params["step"] = step.id
        at.run()
        assert not at.exception
        assert at.header[0].value == step.title, step.id
        assert at.selectbox(key=view_state.STEP_KEY).value == step.id
        assert t.marked_steps(t.diagram_svg(at), WORDS.here_prefix) == [step.id]
        assert t.map_data(at)["chosen"] == step.id
        text = t.page_text(at)
        assert step.summary in text and step.what_happens in text
        if step.kind in (StepKind.STATE, StepKind.PHASE):
            assert WORDS.options_heading in text
        urls = {button.proto.url for button in at.get("link_button")}
        assert urls == {link.url for link in trial_links_for_step(PACK, step.id)}


def test_a_node_link_opens_the_same_view_as_choosing_the_step_by_hand() -> None:
    situation = {"ph": "negative", "lineage": "b"}
    by_hand = t.open_app(situation, page=t.JOURNEY_MAP)
    svg = t.diagram_svg(by_hand)
    for step in PACK.steps:
        by_hand.selectbox(key=view_state.STEP_KEY).set_value(step.id).run()
        link = t.node_link(svg, step.id)
        assert link == {**situation, "step": step.id}
        assert t.url_params(by_hand) == link
        clicked = t.open_app(link, page=t.JOURNEY_MAP)
        assert not clicked.exception
        assert t.main_text(clicked) == t.main_text(by_hand), step.id


@pytest.mark.parametrize(
    ("params", "dropped"),
    [
        ({"ph": "<script>alert(1)</script>"}, "ph"),
        ({"age": "999"}, "age"),
        ({"step": "nope"}, "step"),
        ({"q": "bogus"}, "q"),
        ({"lineage": "b", "cns": "maybe", "age": "-3", "step": "../etc", "x": "1"}, "cns"),
    ],
)
def test_bad_link_values_are_dropped_with_a_notice_and_the_view_still_draws(
    params: dict[str, str], dropped: str
) -> None:
    at = t.open_app(params, page=t.JOURNEY_MAP)
    assert not at.exception
    assert at.warning, "no notice about the dropped part of the link"
    assert t.notice_shown(at, PACK)
    assert at.title[0].value == WORDS.title_journey_map
    assert "<svg" in t.diagram_svg(at)
    assert dropped not in t.url_params(at)
    assert set(t.url_params(at)) <= set(Vocabulary.from_pack(PACK).params)
    assert all("<script>" not in text for text in t.main_text(at))


def test_repeated_keys_use_the_last_value() -> None:
    steps = [step.id for step in PACK.steps]
    at = t.open_app({"step": [steps[0], steps[1]]}, page=t.JOURNEY_MAP)
    assert not at.warning
    assert t.url_params(at) == {"step": steps[1]}


def test_tests_and_terms_lists_every_test_and_filters_the_glossary() -> None:
    at = t.open_app(page=t.TESTS_TERMS)
    text = t.page_text(at)
    assert all(group.title in text for group in PACK.test_groups)
    assert all(test.name in text for test in PACK.tests)
    term = PACK.glossary[-1]
    at.text_input(key=view_state.GLOSSARY_KEY).input(term.term.upper()).run()
    needle = term.term.casefold()
    expected = [g for g in PACK.glossary if needle in " ".join((*g.names, g.definition)).casefold()]
    count = WORDS.glossary_count.format(shown=len(expected), total=len(PACK.glossary))
    assert count in t.page_text(at)
    assert f"**{term.term}**" in t.page_text(at)
    at.text_input(key=view_state.GLOSSARY_KEY).input("![x](https://example.org/x.png) zzqx").run()
    assert not at.exception
    assert WORDS.glossary_count.format(shown=0, total=len(PACK.glossary)) in t.page_text(at)
    assert all("![x](https://example.org" not in text for text in t.main_text(at))


def test_about_names_every_source_and_the_summary() -> None:
    at = t.open_app(page=t.ABOUT)
    text = t.page_text(at)
    for source in PACK.sources:
        assert source.url in text and source.version_date in text
    for text_id in ("about_privacy", "about_no_sponsor", "about_accessibility"):
        assert PACK.text(text_id).body in text
    assert PACK.info.summary_url in text


def test_a_phone_number_is_a_link_that_calls_it() -> None:
    contact = PACK.text("about_contact").body
    assert "1-800-422-6237" in contact, "the pack's contact text names NCI's number"
    at = t.open_app(page=t.ABOUT)
    shown = next(m.value for m in at.markdown if "422-6237" in m.value)
    assert "[1-800-422-6237](tel:+18004226237)" in shown
    assert (
        components.with_phone_links(contact).replace(
            "[1-800-422-6237](tel:+18004226237)", "1-800-422-6237"
        )
        == contact
    ), "only the number changes"


def test_a_broken_pack_shows_a_calm_page_logs_every_problem_and_recovers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    pack_dir = tmp_path / "pack"
    shutil.copytree(MIN_PACK, pack_dir)
    (pack_dir / "steps.csv").rename(tmp_path / "steps.csv")
    monkeypatch.setenv("JOURNEY_DATA", str(pack_dir))
    with caplog.at_level(logging.ERROR):
        at = t.open_app({"step": "start"}, page=t.JOURNEY_MAP)
    assert not at.exception
    assert at.title[0].value == WORDS.unavailable_title
    shown = t.page_text(at)
    assert WORDS.unavailable_body in shown
    assert "steps.csv" not in shown and "Traceback" not in shown
    assert "steps.csv" in caplog.text
    assert all(
        record.levelno == logging.ERROR for record in caplog.records if "csv" in record.getMessage()
    )

    (tmp_path / "steps.csv").rename(pack_dir / "steps.csv")
    at.run()
    assert not at.exception
    assert at.title[0].value == WORDS.title_journey_map


def _text_ids_in(path: Path) -> set[str]:
    """Ids passed as literals to `.text(...)` or bound to a `..._TEXT_ID` name."""
    ids = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "text"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            ids.add(node.args[0].value)
        elif (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Constant)
            and any(
                isinstance(target, ast.Name) and target.id.endswith("_TEXT_ID")
                for target in node.targets
            )
        ):
            ids.add(node.value.value)
    return ids


def test_pages_ask_only_for_texts_every_pack_must_have() -> None:
    files = sorted((t.ROOT / "pages").glob("*.py")) + sorted((t.ROOT / "ui").glob("*.py"))
    used = set().union(*(_text_ids_in(path) for path in files))
    assert used, "found no text ids"
    assert used <= set(REQUIRED_TEXT_IDS), used - set(REQUIRED_TEXT_IDS)


def test_links_between_pages_name_registered_page_files() -> None:
    """ui/frame.PAGES registers every page file (st.navigation ignores pages/ on its own); the
    tests' names and the links between pages name registered files."""
    registered = [path for path, _, _ in frame.pages()]
    on_disk = sorted(f"pages/{file.name}" for file in (t.ROOT / "pages").glob("*.py"))
    assert sorted(registered) == on_disk
    assert set(t.PAGES) == set(registered)
    paths = [value for name, value in vars(chrome).items() if name.startswith("PAGE_")]
    assert paths and set(paths) <= set(registered)


def test_the_app_runs_from_another_working_directory(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JOURNEY_DATA", str(data_dir_from_env().resolve()))
    monkeypatch.chdir(t.ROOT / "tests")
    at = t.open_app(page=t.ABOUT)
    assert not at.exception and t.notice_shown(at, PACK)


def test_without_dot_the_map_is_still_drawn_as_a_chart(monkeypatch: pytest.MonkeyPatch) -> None:
    import ui.journey_map

    monkeypatch.setattr(ui.journey_map, "has_dot", lambda: False)
    at = t.open_app({"step": "induction"}, page=t.JOURNEY_MAP)
    assert not at.exception
    assert not t.component_data(at, ui.journey_map.COMPONENT_NAME)
    chart = at.get("graphviz_chart")[0].proto
    assert chart.alt == WORDS.diagram_alt and "step_induction" in chart.spec
    assert "cluster_bands" in chart.spec and "cluster_legend" in chart.spec  # the whole picture
    assert at.selectbox(key=view_state.STEP_KEY).value == "induction"


def test_text_tables_escape_every_cell_and_column_name() -> None:
    planted = '<img src=x onerror="alert(1)">'
    markup = components.table_html([{planted: planted, "B": f'"{planted}'}])
    assert "<img" not in markup and 'onerror="' not in markup
    assert markup.count(html.escape(planted)) == 3  # the column name, its cell, the data-label
    rows = t.TableReader()
    rows.feed(markup)
    assert rows.tables == [[[planted, "B"], [planted, f'"{planted}']]]
