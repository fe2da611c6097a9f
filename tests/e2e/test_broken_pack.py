"""A server on a broken content pack: a calm page for readers, every problem in the server log."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page, expect

from harness.browser import DialogLog, RequestLog, wait_for_app_idle
from journey.loading import check_pack
from journey.tables import TABLES_BY_NAME
from journey.words import WORDS
from tests.corruption import KINDS, pack_copy

#: Three editors' mistakes at once, in tables that do not refer to each other.
DAMAGE = (("not_utf8", "texts"), ("duplicate_row", "questions"), ("cut_off_row", "brands"))
#: What the calm page must never show a reader.
INTERNALS = (".csv", "Traceback", "JOURNEY_DATA", "Error", "row", "column", "UTF-8")


def test_a_broken_pack_shows_a_calm_page_and_the_log_lists_every_problem(
    start_app_server, page: Page, tmp_path: Path, request_log: RequestLog, dialog_log: DialogLog
):
    folder = pack_copy(tmp_path)
    for kind, table in DAMAGE:
        KINDS[kind](folder, TABLES_BY_NAME[table])
    problems = check_pack(folder)
    assert len(problems) >= len(DAMAGE)
    server = start_app_server(env={"JOURNEY_DATA": str(folder)})

    for path in ("/", "/discussion_sheet?step=induction"):
        page.goto(server.url + path)
        wait_for_app_idle(page)
        expect(page.get_by_role("heading", name=WORDS.unavailable_title)).to_be_visible()
        expect(page.get_by_text(WORDS.unavailable_body)).to_be_visible()
        shown = page.get_by_test_id("stApp").inner_text()
        named = [word for word in (*INTERNALS, str(folder)) if word in shown]
        assert not named, f"{path}: the calm page names internals: {named}"
        expect(page.get_by_test_id("stException")).to_have_count(0)

    log = server.log_text()
    missing = [str(problem) for problem in problems if str(problem) not in log]
    assert not missing, f"problems missing from the server log: {missing}"
    assert "Traceback" not in log
    request_log.assert_only_local()
    dialog_log.assert_none()
