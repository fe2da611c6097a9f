"""Each download button of the discussion sheet gives a real file of its kind, about this view."""

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
from playwright.sync_api import Browser, Page, expect

from journey.diagram import HERE_PREFIX
from journey.sheet import unescape_markdown
from tests.conftest import running_in_ci
from tests.e2e.app_pages import (
    browser_tab,
    downloaded_bytes,
    notice_text,
    open_page,
    open_section,
    pack,
)
from ui import chrome

QUESTIONS = ("q_induction_1", "q_diagnosis_2")
SHEET_LINK = f"/discussion_sheet?step=induction&ph=positive&q={','.join(QUESTIONS)}"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"
MIN_PNG_SIDE = 200


def one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return one_line(" ".join(page.extract_text() or "" for page in reader.pages))


@pytest.fixture(scope="module")
def sheet_page(browser: Browser, base_url: str) -> Iterator[Page]:
    """One discussion sheet for every download test: a step, a fact and two chosen questions."""
    with browser_tab(browser, base_url, accept_downloads=True) as page:
        open_page(page, SHEET_LINK, chrome.TITLE_SHEET)
        open_section(page, chrome.DOWNLOAD_MAP_FILES)
        yield page


def chosen_questions() -> list[str]:
    return [pack().question(question_id).text for question_id in QUESTIONS]


def test_the_pdf_is_a_real_pdf_with_the_notice_and_the_questions(sheet_page: Page) -> None:
    name, pdf = downloaded_bytes(sheet_page, chrome.DOWNLOAD_PDF)
    assert name == chrome.FILE_SHEET_PDF
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
    _, pdf = downloaded_bytes(sheet_page, chrome.DOWNLOAD_PDF)
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
    name, data = downloaded_bytes(sheet_page, chrome.DOWNLOAD_MARKDOWN)
    assert name == chrome.FILE_SHEET_MD
    markdown = unescape_markdown(data.decode("utf-8"))
    assert markdown.startswith("# ")
    assert one_line(notice_text()) in one_line(markdown), "the Markdown lacks the notice"
    for question in chosen_questions():
        assert question in markdown, f"the Markdown lacks a chosen question: {question}"


def test_the_dot_file_is_the_map_of_this_view(sheet_page: Page) -> None:
    pk = pack()
    name, data = downloaded_bytes(sheet_page, chrome.DOWNLOAD_DOT)
    assert name == chrome.FILE_MAP_DOT
    dot = data.decode("utf-8")
    assert dot.startswith("digraph"), dot[:40]
    assert dot.rstrip().endswith("}")
    here = pk.step("induction")
    assert f"{HERE_PREFIX}\\n{here.title}" in dot, "the DOT does not mark the step of the view"
    for step in pk.steps:
        assert f"step_{step.id}" in dot


def dot_is_installed(page: Page) -> bool:
    """SVG and PNG need Graphviz's `dot`; without it the page must say why they are missing.

    CI installs Graphviz (make system-deps), so there a missing `dot` is a failure.
    """
    if shutil.which("dot"):
        return True
    assert not running_in_ci(), "CI must have Graphviz's `dot` for the SVG and PNG downloads"
    expect(page.get_by_text(chrome.NO_DOT_PROGRAM)).to_be_visible()
    expect(page.get_by_role("button", name=chrome.DOWNLOAD_SVG)).to_have_count(0)
    expect(page.get_by_role("button", name=chrome.DOWNLOAD_PNG)).to_have_count(0)
    return False


def test_the_svg_picture_is_well_formed_and_shows_every_step(sheet_page: Page) -> None:
    if not dot_is_installed(sheet_page):
        return
    pk = pack()
    name, svg = downloaded_bytes(sheet_page, chrome.DOWNLOAD_SVG)
    assert name == chrome.FILE_MAP_SVG
    assert b"<svg" in svg[:1000]
    root = ET.fromstring(svg)  # a browser opens an SVG file only if it is well-formed XML
    assert root.tag == f"{SVG_NAMESPACE}svg"
    words = [one_line(node.text or "") for node in root.iter(f"{SVG_NAMESPACE}text")]
    for step in pk.steps:
        assert step.title in words, f"the SVG lacks the step {step.title!r}"
    assert HERE_PREFIX in words


def test_the_png_picture_is_a_real_png(sheet_page: Page) -> None:
    if not dot_is_installed(sheet_page):
        return
    name, png = downloaded_bytes(sheet_page, chrome.DOWNLOAD_PNG)
    assert name == chrome.FILE_MAP_PNG
    assert png.startswith(PNG_SIGNATURE)
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    assert min(width, height) >= MIN_PNG_SIDE, (width, height)
    assert png.endswith(b"IEND\xaeB`\x82")
