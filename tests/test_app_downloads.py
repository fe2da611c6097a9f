"""AppTest of the sheet's downloads: a press makes its one file in the run the press sets off, from
that run's notes, and hands it to the element once; a rerun for any other reason sends no bytes.

A press is the element's state as the browser sets it (`t.press_download`); the browser sends the
notes first, so the run that sees the press sees the notes too, as here where both come in one run.
"""

from __future__ import annotations

import base64
import io
import logging
import re

import pypdf
import pytest
from streamlit.testing.v1 import AppTest

from journey.sheet import has_dot
from journey.words import WORDS
from tests import app_testing as t
from ui import components, view_state
from ui.components import DownloadId

PACK = t.pack()
SHEET = view_state.SHEET_DOWNLOADS_KEY
MAP = view_state.MAP_DOWNLOADS_KEY
QUESTION = next(question for question in PACK.questions if question.step_id == "induction")


def open_sheet() -> AppTest:
    at = t.open_app({"step": "induction", "q": QUESTION.id}, page=t.SHEET)
    assert not at.exception
    return at


def sent_file(at: AppTest, key: str) -> dict | None:
    data = t.download_data(at, key)
    assert data is not None, f"no download row {key}"
    return data["file"]


def file_bytes(file: dict) -> bytes:
    return base64.b64decode(file["base64"], validate=True)


def pdf_text(data: bytes) -> str:
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in pages))


def count_calls(monkeypatch: pytest.MonkeyPatch, *names: str) -> dict[str, int]:
    """Count the calls of the file makers `names` of ui.components (each still does its work)."""
    calls = dict.fromkeys(names, 0)
    for name in names:
        real = getattr(components, name)

        def counted(*args, _name=name, _real=real, **kwargs):
            calls[_name] += 1
            return _real(*args, **kwargs)

        monkeypatch.setattr(components, name, counted)
    return calls


def test_the_sheet_offers_its_files_in_one_row_and_the_map_files_when_opened() -> None:
    at = open_sheet()
    data = t.download_data(at, SHEET)
    assert data["buttons"] == [
        {"id": DownloadId.PDF, "label": WORDS.download_pdf},
        {"id": DownloadId.MARKDOWN, "label": WORDS.download_markdown},
    ]
    assert data["answered"] == 0 and data["file"] is None
    assert t.download_data(at, MAP) is None, "the map's files are made visible only when opened"
    t.unfold(at, view_state.PageFold.MAP_FILES)
    labels = [button["label"] for button in t.download_data(at, MAP)["buttons"]]
    if has_dot():
        assert labels == [WORDS.download_dot, WORDS.download_svg, WORDS.download_png]
        assert WORDS.no_dot_program not in t.page_text(at)
    else:
        assert labels == [WORDS.download_dot]
        assert WORDS.no_dot_program in t.page_text(at)


def test_without_dot_the_pictures_are_neither_offered_nor_made(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(components, "has_dot", lambda: False)
    calls = count_calls(monkeypatch, "diagram_image")
    at = t.unfold(open_sheet(), view_state.PageFold.MAP_FILES)
    assert [button["id"] for button in t.download_data(at, MAP)["buttons"]] == [DownloadId.DOT]
    assert WORDS.no_dot_program in t.page_text(at)
    t.press_download(at, MAP, DownloadId.SVG, 1)
    assert sent_file(at, MAP) is None and calls["diagram_image"] == 0


@pytest.mark.parametrize(
    ("file_id", "name", "mime"),
    [
        (DownloadId.MARKDOWN, WORDS.file_sheet_md, "text/markdown"),
        (DownloadId.PDF, WORDS.file_sheet_pdf, "application/pdf"),
    ],
)
def test_a_press_sends_the_sheet_with_the_notes_of_its_own_run(file_id, name, mime) -> None:
    at = open_sheet()
    for number in (1, 2):
        notes = f"Typed just before pressing, round {number} zq-{file_id}"
        at.text_area(key=view_state.NOTES_KEY).input(notes)  # sent with the press, in one run
        t.press_download(at, SHEET, file_id, number)
        assert not at.exception
        file = sent_file(at, SHEET)
        assert file is not None, "the pressed file was not sent"
        assert (file["press"], file["name"], file["mime"]) == (number, name, mime)
        body = file_bytes(file)
        if file_id is DownloadId.PDF:
            assert body.startswith(b"%PDF-")
            text = pdf_text(body)
        else:
            text = body.decode("utf-8")
        assert notes in text, "the file lacks the notes of the run the press set off"
        assert QUESTION.text in text
        assert t.download_data(at, SHEET)["answered"] == number


def test_only_the_pressed_file_is_made_and_only_once_per_press(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls = count_calls(monkeypatch, "sheet_pdf", "sheet_markdown")
    at = open_sheet()
    assert calls == {"sheet_pdf": 0, "sheet_markdown": 0}, "a file was made before any press"
    t.press_download(at, SHEET, DownloadId.MARKDOWN, 1)
    assert sent_file(at, SHEET)["press"] == 1
    assert calls == {"sheet_pdf": 0, "sheet_markdown": 1}
    at.run()  # the element's state still holds press 1
    at.text_area(key=view_state.NOTES_KEY).input("Notes changed later").run()
    t.unfold(at, view_state.PageFold.MAP_FILES)
    assert sent_file(at, SHEET) is None
    assert calls == {"sheet_pdf": 0, "sheet_markdown": 1}
    t.press_download(at, SHEET, DownloadId.PDF, 2)
    assert sent_file(at, SHEET)["press"] == 2
    assert calls == {"sheet_pdf": 1, "sheet_markdown": 1}


def test_a_rerun_without_a_new_press_sends_no_file_bytes() -> None:
    at = open_sheet()
    t.press_download(at, SHEET, DownloadId.MARKDOWN, 1)
    assert "base64" in sent_file(at, SHEET)
    for rerun in (
        lambda: at.run(),
        lambda: at.text_area(key=view_state.NOTES_KEY).input("more notes").run(),
        lambda: t.show_questions_of(at, PACK.questions[-1]),
        lambda: t.press_download(at, SHEET, DownloadId.MARKDOWN, 1),  # the same press again
    ):
        rerun()
        assert not at.exception
        data = t.download_data(at, SHEET)
        assert data["file"] is None and data["answered"] == 1
        assert "base64" not in str(data)


def test_each_row_counts_its_own_presses() -> None:
    at = t.unfold(open_sheet(), view_state.PageFold.MAP_FILES)
    t.press_download(at, SHEET, DownloadId.MARKDOWN, 3)
    t.press_download(at, MAP, DownloadId.DOT, 1)
    file = sent_file(at, MAP)
    assert (file["press"], file["name"], file["mime"]) == (
        1,
        WORDS.file_map_dot,
        "text/vnd.graphviz",
    )
    assert file_bytes(file).decode("utf-8").startswith("digraph")
    assert sent_file(at, SHEET) is None
    assert t.download_data(at, SHEET)["answered"] == 3


@pytest.mark.skipif(not has_dot(), reason="SVG and PNG need Graphviz's dot")
def test_the_map_pictures_are_made_when_pressed() -> None:
    at = t.unfold(open_sheet(), view_state.PageFold.MAP_FILES)
    t.press_download(at, MAP, DownloadId.SVG, 1)
    svg = sent_file(at, MAP)
    assert (svg["name"], svg["mime"]) == (WORDS.file_map_svg, "image/svg+xml")
    assert b"<svg" in file_bytes(svg)[:1000]
    t.press_download(at, MAP, DownloadId.PNG, 2)
    png = sent_file(at, MAP)
    assert (png["name"], png["mime"]) == (WORDS.file_map_png, "image/png")
    assert file_bytes(png).startswith(b"\x89PNG\r\n\x1a\n")


@pytest.mark.parametrize(
    "pressed",
    [
        {"file": "exe", "press": 5},
        {"file": DownloadId.DOT, "press": 5},  # a file of the other row
        {"file": ["md"], "press": 5},
        {"file": DownloadId.MARKDOWN, "press": "5"},
        {"file": DownloadId.MARKDOWN, "press": True},
        {"file": DownloadId.MARKDOWN, "press": 5.0},
        {"file": DownloadId.MARKDOWN, "press": 0},
        {"file": DownloadId.MARKDOWN, "press": -2},
        {"file": DownloadId.MARKDOWN, "press": 2**60},
        {"file": DownloadId.MARKDOWN},
        "md",
        None,
    ],
)
def test_a_press_the_server_cannot_take_is_ignored(pressed) -> None:
    at = open_sheet()
    at.session_state[SHEET] = {view_state.DOWNLOAD_PRESSED: pressed}
    at.run()
    assert not at.exception
    data = t.download_data(at, SHEET)
    assert data["file"] is None and data["answered"] == 0
    t.press_download(at, SHEET, DownloadId.MARKDOWN, 1)
    assert sent_file(at, SHEET)["press"] == 1, "a good press after a bad one is answered"


def test_a_file_that_cannot_be_made_says_so_and_logs_no_notes(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    notes = "Private words zq-fail-3"

    def broken(*_args, **_kwargs):
        raise ValueError(f"cannot draw {notes}")

    monkeypatch.setattr(components, "sheet_pdf", broken)
    at = open_sheet()
    at.text_area(key=view_state.NOTES_KEY).input(notes)
    with caplog.at_level(logging.ERROR):
        t.press_download(at, SHEET, DownloadId.PDF, 1)
    assert not at.exception
    data = t.download_data(at, SHEET)
    assert data["file"] == {"press": 1, "failed": True}
    assert data["failed"] == WORDS.download_failed
    assert "ValueError" in caplog.text, "the server log says that a file failed"
    assert notes not in caplog.text, "the server log quotes the reader's notes"
    t.press_download(at, SHEET, DownloadId.MARKDOWN, 2)
    assert notes in file_bytes(sent_file(at, SHEET)).decode("utf-8")
