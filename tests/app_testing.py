"""Helpers for the AppTest page tests: open the app at a URL, read what a page drew."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block

from journey.loading import data_dir_from_env, load_pack
from journey.model import ContentPack, Question
from ui import chrome, download_buttons, journey_map, view_state, walk_keys
from ui.components import TABLE_CLASS

ROOT = Path(__file__).resolve().parent.parent
APP = ROOT / "app.py"
# A cold first run loads and validates the pack (a few seconds on a 2-core machine).
TIMEOUT_S = 60

START = "pages/start.py"
JOURNEY_MAP = "pages/journey_map.py"
WHERE_AM_I = "pages/where_am_i.py"
OPTIONS = "pages/treatment_options.py"
TESTS_TERMS = "pages/tests_and_terms.py"
WALKTHROUGH = "pages/walkthrough.py"
SHEET = "pages/discussion_sheet.py"
ABOUT = "pages/about.py"
PAGES = (START, JOURNEY_MAP, WHERE_AM_I, OPTIONS, TESTS_TERMS, WALKTHROUGH, SHEET, ABOUT)

_HREF = re.compile(r'xlink:href="([^"]*)"')


@functools.cache
def _pack(data_dir: str) -> ContentPack:
    return load_pack(Path(data_dir))


def pack() -> ContentPack:
    """The pack the app under test uses (JOURNEY_DATA when set, else data/)."""
    return _pack(str(data_dir_from_env().resolve()))


def open_app(
    params: Mapping[str, str | list[str]] | None = None, page: str | None = None
) -> AppTest:
    """A new session opened at `page` (default: Start) with `?params`, as a browser would, and run.

    Switching before the first run works because every page keeps its file name as its URL path.
    """
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT_S)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page is not None:
        at.switch_page(page)
    return at.run()


def url_params(at: AppTest) -> dict[str, str]:
    """The app's query parameters now (what the browser's address bar would show)."""
    return {
        key: value if isinstance(value, str) else value[-1]
        for key, value in at.query_params.items()
    }


def main_text(at: AppTest) -> list[str]:
    """Headings and Markdown the page drew in the main area, in order (not the sidebar)."""
    kinds = {"title", "header", "subheader", "markdown", "caption"}
    return [
        str(node.value)
        for node in _walk(at.main)
        if getattr(node, "type", None) in kinds and node.value is not None
    ]


def unfold(at: AppTest, *names: str) -> AppTest:
    """Open sections that open on demand (as a reader's click would) and run; default: every
    section of a step."""
    for name in names or tuple(view_state.StepFold):
        at.session_state[view_state.fold_key(name)] = True
    return at.run()


def show_questions_of(at: AppTest, question: Question) -> AppTest:
    """On the discussion sheet: show the group of questions `question` belongs to, and run."""
    group = question.step_id or view_state.ANY_STEP_GROUP
    return at.selectbox(key=view_state.QUESTION_GROUP_KEY).set_value(group).run()


def _walk(node: Block):
    for child in getattr(node, "children", {}).values():
        yield child
        yield from _walk(child)


def page_text(at: AppTest | Block) -> str:
    """Every string the main area (or one block) shows: headings, Markdown, alerts, labels."""
    parts = []
    for node in _walk(at.main if isinstance(at, AppTest) else at):
        value = getattr(node, "value", None)
        if isinstance(value, str):
            parts.append(value)
        label = getattr(node, "label", None)
        if isinstance(label, str):
            parts.append(label)
    return "\n".join(parts)


def notice_shown(at: AppTest, the_pack: ContentPack) -> bool:
    return any(info.value == the_pack.text("disclaimer").body for info in at.info)


def component_data(at: AppTest, name: str) -> list[dict]:
    """What the page gave each element of the components-v2 component `name`, in page order
    (its nested values unpacked, as the element's script reads them: `ui.chrome.element_data`)."""
    return [
        _unpacked(json.loads(element.proto.json))
        for element in at.get("bidi_component")
        if element.proto.component_name == name
    ]


def _unpacked(data: dict) -> dict:
    nested = json.loads(data.pop(chrome.PAYLOAD, "{}"))
    return {**data, **nested}


def map_data(at: AppTest) -> dict:
    """What the page gave its in-page map: the journey's SVG ("svg"), the bands' and the key's
    ("bands", "legend": "" when not shown), the chosen step, the marker's words."""
    return component_data(at, journey_map.COMPONENT_NAME)[0]


def walk_keyboard_data(at: AppTest) -> dict:
    """What the walkthrough gave its keyboard: the walk's step, the buttons' keys, the heading."""
    return component_data(at, walk_keys.COMPONENT_NAME)[0]


def download_data(at: AppTest, key: str) -> dict | None:
    """What the page gave the row of download buttons under widget key `key` (None: not drawn):
    its buttons (id and label), the last press answered, and the file this run made, if any."""
    rows = [
        data for data in component_data(at, download_buttons.COMPONENT_NAME) if data["key"] == key
    ]
    return rows[0] if rows else None


def press_download(at: AppTest, key: str, file_id: str, number: int) -> AppTest:
    """Press a download button as the browser does (the element's state: file and press number),
    and run."""
    at.session_state[key] = {view_state.DOWNLOAD_PRESSED: {"file": file_id, "press": number}}
    return at.run()


class TableReader(HTMLParser):
    """The rows of the app's text tables (ui.components.table_html) in one st.html body."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and ("class", TABLE_CLASS) in attrs:
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("th", "td") and self.tables:
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("th", "td") and self._cell is not None:
            self.tables[-1][-1].append("".join(self._cell))
            self._cell = None


def text_tables(at: AppTest | Block) -> list[list[dict[str, str]]]:
    """Every text table drawn, in page order: a list of rows, each a column name -> cell map."""
    tables = []
    for element in at.get("html"):
        reader = TableReader()
        reader.feed(element.proto.body)
        for head, *rows in reader.tables:
            tables.append([dict(zip(head, row, strict=True)) for row in rows])
    return tables


def diagram_svg(at: AppTest) -> str:
    """The journey's SVG: every step node, with its link and its marker."""
    return map_data(at)["svg"]


def _node(svg: str, step_id: str) -> str:
    """The SVG of one step's node (from its group to the next group)."""
    groups = re.split(r'(?=<g id="[^"]*" class="(?:node|edge|cluster)">)', svg)
    return next(group for group in groups if group.startswith(f'<g id="step_{step_id}"'))


def node_link(svg: str, step_id: str) -> dict[str, str]:
    """The query parameters of the link on one step's node in the map."""
    href = _HREF.search(_node(svg, step_id)).group(1)
    query = urlsplit(html.unescape(href)).query
    return {key: values[-1] for key, values in parse_qs(query).items()}


def marked_steps(svg: str, marker: str) -> list[str]:
    """The ids of the steps whose node carries the marker words."""
    ids = re.findall(r'id="step_([a-z0-9_]+)"', svg)
    return [step_id for step_id in ids if marker in html.unescape(_node(svg, step_id))]
