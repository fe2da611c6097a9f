"""Each download button of the discussion sheet gives a real file of its kind, about this view,
from the keyboard too, once per press, with no request to any host and nothing in the server log."""

from __future__ import annotations

import io
import re
import shutil
import struct
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pypdf
import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import Browser, Download, Page, Request, WebSocket, expect
from streamlit.proto.BackMsg_pb2 import BackMsg

from harness.app_server import AppServer
from harness.browser import wait_for_app_idle
from journey.sheet import unescape_markdown
from journey.words import WORDS
from tests.conftest import running_in_ci
from tests.e2e.app_pages import (
    browser_tab,
    downloaded_bytes,
    notice_text,
    open_page,
    open_section,
    pack,
    tab_to,
)
from ui import view_state

QUESTIONS = ("q_induction_1", "q_diagnosis_2")
SHEET_LINK = f"/discussion_sheet?step=induction&ph=positive&q={','.join(QUESTIONS)}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
MIN_PNG_SIDE = 200
NOTES = f".st-key-{view_state.NOTES_KEY} textarea"
#: The time between the two presses of a double press (far enough apart that the browser sends
#: each press on its own, well before a PDF is made).
DOUBLE_PRESS_GAP_MS = 150
#: After a file came, how long a second one (from a second press) is given to come as well.
SECOND_FILE_WAIT_MS = 2_000
#: What the server log must not hold after downloads: Streamlit's own complaint when the deferred
#: file of an earlier run is asked for ("Deferred file <id> not found"), any traceback, any error.
LOG_ALARMS = ("Deferred file", "Traceback", " ERROR ")


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return one_line(" ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture(scope="module")
def sheet_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """One discussion sheet for every download test: a step, a fact and two chosen questions."""
    with browser_tab(browser, base_url, accept_downloads=True) as page:
        open_page(page, SHEET_LINK, WORDS.title_sheet)
        open_section(page, WORDS.download_map_files)
        yield page


def chosen_questions() -> list[str]:
    return [pack().question(question_id).text for question_id in QUESTIONS]


def test_the_pdf_is_a_real_pdf_with_the_notice_and_the_questions(sheet_page: Page) -> None:
    name, pdf = downloaded_bytes(sheet_page, WORDS.download_pdf)
    assert name == WORDS.file_sheet_pdf
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    assert pdf.rstrip().endswith(b"%%EOF")
    text = pdf_text(pdf)
    assert one_line(notice_text()) in text, "the PDF lacks the notice"
    for question in chosen_questions():
        assert one_line(question) in text, f"the PDF lacks a chosen question: {question}"


def test_the_pdf_prints_the_share_link_whole_and_as_a_code_that_reads_back_to_it(
    sheet_page: Page, tmp_path: Path
) -> None:
    """The app knows its own address, so its sheet carries the link back as a QR code."""
    share = sheet_page.locator("[data-testid=stCode]").first.inner_text().strip()
    assert share.startswith(("http://", "https://")) and "step=induction" in share, share
    _, pdf = downloaded_bytes(sheet_page, WORDS.download_pdf)
    lines = [line.strip() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
             for line in (page.extract_text() or "").splitlines()]  # fmt: skip
    assert any(
        "".join(lines[start:end]) == share
        for start in range(len(lines))
        for end in range(start + 1, min(start + 6, len(lines)) + 1)
    ), "the PDF does not print the share link whole on lines of its own"
    if shutil.which("pdftoppm") is None:
        assert not running_in_ci(), "CI must have pdftoppm (poppler-utils) to draw the PDF"
        pytest.skip("pdftoppm (poppler-utils) is not installed here")
    (tmp_path / "sheet.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "150", "sheet.pdf", "page"], cwd=tmp_path, check=True,
        timeout=120,
    )  # fmt: skip
    codes = [
        code.text
        for picture in sorted(tmp_path.glob("page-*.png"))
        for code in zxingcpp.read_barcodes(
            Image.open(picture), formats=zxingcpp.BarcodeFormat.QRCode
        )
    ]
    assert codes == [share]


def test_the_markdown_holds_the_notice_and_the_questions(sheet_page: Page) -> None:
    name, data = downloaded_bytes(sheet_page, WORDS.download_markdown)
    assert name == WORDS.file_sheet_md
    markdown = unescape_markdown(data.decode("utf-8"))
    assert markdown.startswith("# ")
    assert one_line(notice_text()) in one_line(markdown), "the Markdown lacks the notice"
    for question in chosen_questions():
        assert question in markdown, f"the Markdown lacks a chosen question: {question}"


def test_the_dot_file_is_the_map_of_this_view(sheet_page: Page) -> None:
    pk = pack()
    name, data = downloaded_bytes(sheet_page, WORDS.download_dot)
    assert name == WORDS.file_map_dot
    dot = data.decode("utf-8")
    assert dot.startswith("digraph"), dot[:40]
    assert dot.rstrip().endswith("}")
    here = pk.step("induction")
    # A long name is drawn on two lines (escaped line breaks in the label): read them as spaces.
    labels = dot.replace("\\n", " ")
    assert f'"{WORDS.here_prefix} {here.title}"' in labels, "the DOT does not mark the view's step"
    for step in pk.steps:
        assert f"step_{step.id}" in dot


def dot_is_installed(page: Page) -> bool:
    """SVG and PNG need Graphviz's `dot`; without it the page must say why they are missing.

    CI installs Graphviz (make system-deps), so there a missing `dot` is a failure.
    """
    if shutil.which("dot"):
        return True
    assert not running_in_ci(), "CI must have Graphviz's `dot` for the SVG and PNG downloads"
    expect(page.get_by_text(WORDS.no_dot_program)).to_be_visible()
    expect(page.get_by_role("button", name=WORDS.download_svg)).to_have_count(0)
    expect(page.get_by_role("button", name=WORDS.download_png)).to_have_count(0)
    return False


def test_the_svg_picture_is_well_formed_and_shows_every_step(sheet_page: Page) -> None:
    if not dot_is_installed(sheet_page):
        return
    pk = pack()
    name, svg = downloaded_bytes(sheet_page, WORDS.download_svg)
    assert name == WORDS.file_map_svg
    assert b"<svg" in svg[:1000]
    root = ET.fromstring(svg)  # a browser opens an SVG file only if it is well-formed XML
    assert root.tag == f"{SVG_NAMESPACE}svg"
    # Each node's words, its lines (one <text> each) joined: a long name takes two lines.
    nodes = [
        one_line(" ".join(text.text or "" for text in group.iter(f"{SVG_NAMESPACE}text")))
        for group in root.iter(f"{SVG_NAMESPACE}g")
        if group.get("class") == "node"
    ]
    for step in pk.steps:
        assert step.title in nodes or f"{WORDS.here_prefix} {step.title}" in nodes, (
            f"the SVG lacks the step {step.title!r}"
        )
    assert f"{WORDS.here_prefix} {pk.step('induction').title}" in nodes, (
        "the view's step is not marked"
    )


def test_the_png_picture_is_a_real_png(sheet_page: Page) -> None:
    if not dot_is_installed(sheet_page):
        return
    name, png = downloaded_bytes(sheet_page, WORDS.download_png)
    assert name == WORDS.file_map_png
    assert png.startswith(PNG_SIGNATURE)
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert min(width, height) >= MIN_PNG_SIDE, (width, height)
    assert png.endswith(b"IEND\xaeB`\x82")


def test_every_button_is_a_real_button_named_by_its_label_and_tall_enough(sheet_page: Page) -> None:
    labels = [WORDS.download_pdf, WORDS.download_markdown, WORDS.download_dot]
    if shutil.which("dot"):
        labels += [WORDS.download_svg, WORDS.download_png]
    for label in labels:
        button = sheet_page.get_by_role("button", name=label, exact=True)
        expect(button).to_have_count(1)
        assert button.evaluate("b => b.tagName") == "BUTTON"
        box = button.bounding_box()
        assert box is not None and box["height"] >= 44, (label, box)


@pytest.mark.parametrize("key", ["Enter", " "])
def test_a_download_button_works_from_the_keyboard(sheet_page: Page, key: str) -> None:
    button = sheet_page.get_by_role("button", name=WORDS.download_markdown)
    tab_to(sheet_page, button, backwards=True)
    with sheet_page.expect_download() as started:
        sheet_page.keyboard.press(key)
    assert started.value.suggested_filename == WORDS.file_sheet_md
    wait_for_app_idle(sheet_page)


def test_a_download_asks_no_host_for_its_file(sheet_page: Page) -> None:
    """The file comes in the page's own data and is saved from memory: no request at all, not
    even to the app's own server (a Streamlit download button fetches its file from the server)."""
    asked: list[str] = []

    def record(request: Request) -> None:
        asked.append(request.url)

    sheet_page.on("request", record)
    try:
        for label in (WORDS.download_markdown, WORDS.download_dot):
            downloaded_bytes(sheet_page, label)
            wait_for_app_idle(sheet_page)
    finally:
        sheet_page.remove_listener("request", record)
    assert not [url for url in asked if not url.startswith("blob:")], asked


def rerun_requests(frames: list[bytes | str]) -> int:
    """How many of the frames the page sent over its WebSocket asked the server for a run."""
    count = 0
    for frame in frames:
        message = BackMsg()
        message.ParseFromString(frame if isinstance(frame, bytes) else frame.encode())
        count += message.WhichOneof("type") == "rerun_script"
    return count


def test_a_double_press_gives_one_download(page: Page, base_url: str) -> None:
    """Two presses of a button as a person double-presses it, while its PDF is being made: the
    button says it is busy, the second press never reaches the server, and one file comes."""
    sent: list[bytes | str] = []

    def record(frame: bytes | str) -> None:
        sent.append(frame)

    def watch(socket: WebSocket) -> None:
        socket.on("framesent", record)

    page.on("websocket", watch)
    open_page(page, SHEET_LINK, WORDS.title_sheet)
    files: list[Download] = []

    def keep(download: Download) -> None:
        files.append(download)

    page.on("download", keep)
    before = len(sent)
    button = page.get_by_role("button", name=WORDS.download_pdf)
    with page.expect_download():
        button.click()
        expect(button).to_have_attribute("aria-busy", "true")
        page.wait_for_timeout(DOUBLE_PRESS_GAP_MS)
        button.click()
    wait_for_app_idle(page)
    page.wait_for_timeout(SECOND_FILE_WAIT_MS)
    wait_for_app_idle(page)
    assert len(files) == 1, f"{len(files)} downloads for one double press"
    assert rerun_requests(sent[before:]) == 1, "the second press of the pair reached the server"
    expect(button).not_to_have_attribute("aria-busy", "true")


def test_a_file_whose_run_another_run_replaced_still_comes_once(page: Page, base_url: str) -> None:
    """While its PDF is being made, the notes change and send their own run, which replaces the
    press's run before its file is sent: the page sees the press answered with no file, presses
    again by itself, and one file comes (without that, none would)."""
    open_page(page, SHEET_LINK, WORDS.title_sheet)
    files: list[Download] = []

    def keep(download: Download) -> None:
        files.append(download)

    page.on("download", keep)
    notes = page.locator(NOTES)
    with page.expect_download() as started:
        page.get_by_role("button", name=WORDS.download_pdf).click()
        notes.fill("Changed while the file was being made")
        notes.press("Tab")  # the notes' run
    pdf = Path(started.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF-")
    wait_for_app_idle(page)
    page.wait_for_timeout(SECOND_FILE_WAIT_MS)
    assert len(files) == 1, f"{len(files)} downloads for one press"


def test_downloads_pressed_as_a_run_starts_leave_the_server_log_clean(
    sheet_page: Page, app_server: AppServer
) -> None:
    """Each press comes as the notes' run starts (the press takes the focus from the notes): every
    file comes, and the server log has no "Deferred file ... not found", traceback or error."""
    start = len(app_server.log_text())
    labels = [WORDS.download_markdown, WORDS.download_pdf, WORDS.download_dot]
    if shutil.which("dot"):
        labels += [WORDS.download_svg, WORDS.download_png]
    for number, label in enumerate(labels):
        sheet_page.locator(NOTES).fill(f"Notes before file {number}")
        name, data = downloaded_bytes(sheet_page, label)
        assert data, f"{name} came empty"
        wait_for_app_idle(sheet_page)
    log = app_server.log_text()[start:]
    found = [alarm for alarm in LOG_ALARMS if alarm in log]
    assert not found, f"the server log holds {found}:\n{log[-3000:]}"
