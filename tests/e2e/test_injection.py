"""Typed text never leaks and never runs: a canary in notes and own questions, script in every door.

The canary test runs its own server, so that its log and every file it may write belong to this
test alone. The canary may travel only where Streamlit must carry it: over the page's WebSocket to
its own server and into the files the reader downloads. It must appear in no URL, no HTTP request
body, no server log line and no file written on this machine while the server ran.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pypdf
from playwright.sync_api import BrowserContext, Page, Request, expect

from harness.app_server import REPO_ROOT
from harness.browser import DialogLog, RequestLog, wait_for_app_idle
from journey.sheet import unescape_markdown
from journey.words import WORDS
from tests.e2e.app_pages import open_section, step_node, wait_until_drawn
from ui import view_state

SHEET_PATH = "/discussion_sheet"
NOTES = f".st-key-{view_state.NOTES_KEY} textarea"
OWN_QUESTION = f".st-key-{view_state.OWN_QUESTION_KEY} input"
GUIDE_OWN_WORDS = f".st-key-{view_state.GUIDE_OWN_WORDS_KEY} input"
GUIDE_OTHER_STEP = f".st-key-{view_state.GUIDE_OTHER_STEP_KEY} input"
#: Where a scan for leaked text looks, besides the server's working directory.
SCANNED_DIRS = (Path("/tmp"), Path("/var/tmp"), Path.home() / ".streamlit")
#: The browser's own files (its profile holds what the reader typed, by design) and Playwright's
#: download folder (the reader's downloads, which must hold it).
BROWSER_OWNED = re.compile(r"^(playwright|\.org\.chromium\.|\.com\.google\.Chrome|chromium)")
MAX_SCANNED_BYTES = 20_000_000

#: Typed into own questions and notes; each must show, and download, as the very same text.
INJECTIONS = (
    "<script>window.__pwned = 1; alert('xss-script')</script>",
    "<img src=x onerror=\"alert('xss-img')\">",
    "<svg/onload=alert('xss-svg')>",
    "[click me](javascript:alert('xss-link'))",
    "**not bold** _not italic_ `not code` $x^2$",
    "{{7*7}} ${7*7} %s %x",
)
#: Query values that carry script; the page must drop them with a notice and never run them.
INJECTED_QUERIES = (
    "?step=<script>alert('q-step')</script>&ph=<img src=x onerror=alert('q-ph')>",
    "?q=<svg/onload=alert('q-q')>,q_x&age=javascript:alert(1)",
    "?<script>alert('q-key')</script>=1&lineage=%22%3E%3Cscript%3Ealert(1)%3C/script%3E",
)


# ---------------------------------------------------------------- helpers


#: How long a test waits for a file after its press: the press's run makes the file (a PDF takes
#: about a second here; on a loaded 2-core machine 10 s was seen to run out).
DOWNLOAD_WAIT_MS = 30_000


def open_sheet(page: Page, base_url: str, query: str = "") -> None:
    page.goto(f"{base_url}{SHEET_PATH}{query}")
    wait_for_app_idle(page)
    expect(page.get_by_role("heading", name=WORDS.title_sheet, exact=True)).to_be_visible()


def add_own_question(page: Page, text: str) -> None:
    field = page.locator(OWN_QUESTION)
    field.fill(text)
    page.get_by_role("button", name=WORDS.sheet_own_add).click()
    expect(field).to_have_value("")
    # Shown literally in the list: Markdown in it would change the visible text.
    expect(page.get_by_text(text, exact=False).first).to_be_visible()
    wait_for_app_idle(page)


def write_notes(page: Page, text: str) -> None:
    notes = page.locator(NOTES)
    notes.fill(text)
    notes.press("Tab")  # a text area sends its value when it loses focus
    wait_for_app_idle(page)


def type_in(page: Page, selector: str, text: str) -> None:
    """Type into a one-line field and leave it, as a reader does (it sends its value on blur)."""
    field = page.locator(selector)
    field.fill(text)
    field.press("Tab")
    wait_for_app_idle(page)


def download_text(page: Page, label: str, read: Callable[[Path], str]) -> str:
    """Press a download button once and read the file it gives."""
    with page.expect_download(timeout=DOWNLOAD_WAIT_MS) as started:
        page.get_by_role("button", name=label).click()
    return read(started.value.path())


def read_utf8(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def pdf_text(path: Path) -> str:
    """The PDF's text with line breaks and hyphen wraps undone, for a literal search."""
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def files_written_since(
    roots: tuple[Path, ...], since: float, skip: tuple[Path, ...]
) -> Iterator[Path]:
    """Regular files under `roots` created or changed at or after `since` (epoch seconds)."""
    for root in roots:
        for folder, dirs, files in os.walk(root):
            here = Path(folder)
            dirs[:] = [
                name for name in dirs if not BROWSER_OWNED.match(name) and (here / name) not in skip
            ]
            for name in files:
                path = here / name
                try:
                    info = path.lstat()
                except OSError:
                    continue
                if (
                    path.is_file()
                    and max(info.st_mtime, info.st_ctime) >= since
                    and not BROWSER_OWNED.match(name)
                ):
                    yield path


def leaks(paths: Iterator[Path], needle: bytes) -> list[str]:
    found = []
    for path in paths:
        try:
            if path.stat().st_size <= MAX_SCANNED_BYTES and needle in path.read_bytes():
                found.append(str(path))
        except OSError:
            continue
    return found


class BodyLog(RequestLog):
    """RequestLog plus each request's body, for a search of everything the browser sent."""

    def __init__(self) -> None:
        super().__init__()
        self.bodies: list[bytes] = []

    def record(self, request: Request) -> None:
        super().record(request)
        body = request.post_data_buffer
        if body:
            self.bodies.append(body)


# ---------------------------------------------------------------- the canary


def test_a_canary_typed_in_notes_and_questions_leaks_nowhere(
    start_app_server, context: BrowserContext, page: Page, tmp_path_factory, dialog_log: DialogLog
):
    canary = f"CANARY{uuid.uuid4().hex}"
    started = time.time() - 1  # file times have coarse resolution on some file systems
    server = start_app_server(env={"JOURNEY_DATA": None})
    sent = BodyLog()
    context.on("request", sent.record)
    sockets: list[str] = []
    page.on("websocket", lambda socket: sockets.append(socket.url))

    open_sheet(page, server.url, "?step=induction")
    add_own_question(page, f"Own question {canary}?")
    write_notes(page, f"My notes {canary}\nsecond line {canary}")
    expect(page.get_by_text(f"Own question {canary}?")).to_be_visible()
    # Getting ready to decide: the decision and a next step in the reader's own words.
    type_in(page, GUIDE_OWN_WORDS, f"Decision {canary}")
    open_section(page, WORDS.guide_next_fold)
    type_in(page, GUIDE_OTHER_STEP, f"Next step {canary}")

    # The downloads are the one place the reader's text must reach.
    notes_line = f"second line {canary}"
    markdown = download_text(page, WORDS.download_markdown, read_utf8)
    pdf = download_text(page, WORDS.download_pdf, pdf_text)
    assert f"Own question {canary}" in markdown and notes_line in markdown
    assert f"Decision {canary}" in markdown and f"Next step {canary}" in markdown
    assert canary in squeeze(pdf)
    assert squeeze(f"Decision {canary}") in squeeze(pdf)
    assert squeeze(f"Next step {canary}") in squeeze(pdf)

    # A page switch and a reload: the notes must stay out of the URL on the way.
    page.goto(f"{server.url}/about")
    wait_for_app_idle(page)
    page.go_back()
    wait_for_app_idle(page)
    share = page.locator("[data-testid=stCode]").first.inner_text()
    server.stop()

    assert canary not in page.url and canary not in share
    assert not [url for url in sent.urls if canary in url], "the canary went into a URL"
    assert not [body for body in sent.bodies if canary.encode() in body], "…into a request body"
    sent.assert_only_local()
    assert all(url.startswith(server.url.replace("http", "ws", 1)) for url in sockets), sockets
    assert canary not in server.log_text(), "the canary is in the server log"

    own_temp = (Path(str(tmp_path_factory.getbasetemp())),)
    written = files_written_since((REPO_ROOT, *SCANNED_DIRS), started, skip=own_temp)
    leaked = leaks(written, canary.encode())
    assert not leaked, f"the canary was written to {leaked}"
    dialog_log.assert_none()


# ---------------------------------------------------------------- script in every door


def test_script_typed_into_questions_and_notes_shows_and_downloads_as_plain_text(
    page: Page, base_url: str, dialog_log: DialogLog
):
    open_sheet(page, base_url)
    for text in INJECTIONS:
        add_own_question(page, text)
    write_notes(page, "\n".join(INJECTIONS))

    expect(page.locator(NOTES)).to_have_value("\n".join(INJECTIONS))
    assert page.evaluate("() => window.__pwned === undefined")
    assert (
        page.locator("[data-testid=stMain] img[src=x], [data-testid=stMain] svg[onload]").count()
        == 0
    )

    markdown = download_text(page, WORDS.download_markdown, read_utf8)
    assert markdown.count("%s %x") == 2, "the notes are missing from the Markdown download"
    assert "<script" not in markdown.lower() and "<img" not in markdown.lower()
    plain = unescape_markdown(markdown)
    for text in INJECTIONS:
        assert text in plain, f"not literal in the Markdown download: {text}"
    pdf = squeeze(download_text(page, WORDS.download_pdf, pdf_text))
    for text in INJECTIONS:
        assert pdf.count(squeeze(text)) == 2, f"not literal twice in the PDF download: {text}"
    dialog_log.assert_none()


def test_script_in_a_link_is_dropped_with_a_notice_and_never_runs(
    page: Page, base_url: str, dialog_log: DialogLog
):
    for query in INJECTED_QUERIES:
        page.goto(f"{base_url}/journey_map{query}")
        wait_for_app_idle(page)
        expect(page.get_by_test_id("stAlertContentWarning").first).to_be_visible()
        title = page.get_by_role("heading", name=WORDS.title_journey_map, exact=True)
        expect(title).to_be_visible()
        expect(page.locator(".journey-map svg g.node").first).to_be_visible()
        assert "alert" not in page.url and "script" not in page.url.lower(), query
        assert "alert(" not in page.get_by_test_id("stMain").inner_text(), query
    dialog_log.assert_none()


# ---------------------------------------------------------------- nothing lost


def test_notes_typed_just_before_a_download_are_in_it(page: Page, base_url: str):
    """The natural order: type the notes, then press Download at once (no click elsewhere first).

    The press is what takes the focus from the notes, and the browser sends the notes before the
    press: the run that makes the file has them. Twice for each file, each on its first press.
    """
    open_sheet(page, base_url)
    for label, read in ((WORDS.download_markdown, read_utf8), (WORDS.download_pdf, pdf_text)):
        for round_ in range(2):
            wanted = f"typed last {round_} {uuid.uuid4().hex[:8]}"
            page.locator(NOTES).fill(wanted)
            text = download_text(page, label, read)
            assert wanted in text, f"{label}, round {round_}: the notes are not in the file"
            wait_for_app_idle(page)


def test_nothing_typed_is_lost_when_the_map_is_clicked_on_three_pages(start_app_server, page: Page):
    """Notes and an own question survive map choices on Start, Journey map and Walkthrough, and
    the menu moves between them; the canary reaches no URL, and not the server log."""
    canary = f"CANARY{uuid.uuid4().hex}"
    server = start_app_server(env={"JOURNEY_DATA": None})
    open_sheet(page, server.url, "?step=signs")
    add_own_question(page, f"Own question {canary}?")
    write_notes(page, f"Kept notes {canary}")

    menu = page.get_by_test_id("stSidebarNav")
    for title, step, param in (
        (WORDS.title_journey_map, "remission", "step"),
        (WORDS.title_walkthrough, "induction", "walk"),
    ):
        menu.get_by_role("link", name=title).click()
        wait_until_drawn(page, title, diagram=True)
        step_node(page, step).locator("a").click()
        page.wait_for_url(re.compile(rf"{param}={step}"))
        wait_until_drawn(page, title, diagram=True)
    menu.get_by_role("link", name="Start").click()
    wait_until_drawn(page, diagram=True)
    step_node(page, "follow_up").locator("a").click()
    page.wait_for_url(re.compile(r"/journey_map\?.*step=follow_up"))
    wait_until_drawn(page, WORDS.title_journey_map, diagram=True)

    page.get_by_test_id("stSidebarNav").get_by_role("link", name=WORDS.title_sheet).click()
    wait_for_app_idle(page)
    expect(page.locator(NOTES)).to_have_value(f"Kept notes {canary}")
    expect(page.get_by_text(f"Own question {canary}?")).to_be_visible()
    assert canary not in page.url
    server.stop()
    assert canary not in server.log_text(), "the canary is in the server log"
