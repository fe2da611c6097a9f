"""The discussion sheet: its model, the Markdown and PDF renderings, and the diagram downloads."""

from __future__ import annotations

import dataclasses
import datetime
import io
import itertools
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import pypdf
import pytest
import zxingcpp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from journey import sheet as sheet_module
from journey import sheet_pdf as sheet_pdf_module
from journey.diagram import PRINT_EDGE_PT, PRINT_NODE_PT, outline
from journey.loading import BANNED_PHRASES, DEFAULT_DATA_DIR, check_pack, load_pack
from journey.model import ContentPack, GlossaryTerm, Relevance, State, StepKind
from journey.navigation import questions_for_step
from journey.relevance import RELEVANCE_WORDS
from journey.sheet import (
    ANSWER_LINES,
    MAX_NOTES_CHARS,
    MAX_OWN_QUESTIONS,
    MAX_QUESTION_CHARS,
    PDF_PLACEHOLDER,
    BasketItem,
    BlockKind,
    SectionId,
    SheetRequest,
    build_sheet,
    diagram_dot,
    diagram_image,
    escape_markdown,
    has_dot,
    sheet_markdown,
    sheet_pdf,
    unescape_markdown,
    write_sheet,
)
from journey.situation import Situation
from journey.words import WORDS, _flat, languages
from journey.words import words as words_of
from tests.conftest import running_in_ci

FIXTURE_PACK = Path(__file__).parent / "fixtures" / "pack_min"
MADE_ON = datetime.date(2026, 3, 12)

#: Reader text that must come out literally in both formats and never run or break the layout.
HOSTILE = (
    "Café crème, naïve façade, Ærøskøbing, Łódź",
    "שלום עולם",
    "مرحبا بالعالم",
    "<script>alert(1)</script>",
    "# * _ [ ] ( ) | ` > ! \\",
    "1. not a list",
    "- not a bullet",
    "[click](javascript:alert(1)) ![img](http://example.org/x.png)",
    "| a | b |",
    "&amp; &lt;b&gt; stays as typed",
    "**bold** __under__ `code` ~~gone~~ $x$",
    "> quoted",
)
EMOJI = "Emoji 😀 🎉 👍🏽 🧬 ✅"


@pytest.fixture(scope="module")
def pack() -> ContentPack:
    return load_pack(FIXTURE_PACK)


@pytest.fixture(scope="module")
def real_pack() -> ContentPack:
    """The real content pack; skipped while data/ is being written, never under CI=true."""
    problems = check_pack(DEFAULT_DATA_DIR)
    if problems:
        message = f"data/ is not a valid pack yet ({len(problems)} problems)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    return load_pack(DEFAULT_DATA_DIR)


def squash(text: str) -> str:
    """Text with all whitespace removed: PDF extraction breaks lines where the layout wraps."""
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    return squash("".join(pdf_pages(data)))


SHARE_URL = "https://explorer.example.org/?step=induction&ph=positive&age=45&q=q_any,q_start"


def typical(pack_: ContentPack, **extra) -> SheetRequest:
    return SheetRequest(
        situation=Situation.of(step="induction", ph="positive", age=45),
        items=(
            BasketItem(question_id="q_any"),
            BasketItem(own_text="Can I keep working?"),
            BasketItem(question_id="q_start"),
        ),
        notes="Ask about the schedule.\nBring the list of medicines.",
        share_url=SHARE_URL,
        made_on=MADE_ON,
        **extra,
    )


def with_glossary(pack_: ContentPack, *terms: tuple[str, str]) -> ContentPack:
    entries = tuple(
        GlossaryTerm(
            ("src_a",), "2026-11-25", f"g{i}", term, (other,) if other else (), f"Meaning {i}."
        )
        for i, (term, other) in enumerate(terms)
    )
    return dataclasses.replace(pack_, glossary=entries)


# ---------------------------------------------------------------- the model


def test_basket_item_holds_exactly_one_of_an_id_and_own_words() -> None:
    with pytest.raises(ValueError):
        BasketItem()
    with pytest.raises(ValueError):
        BasketItem(question_id="q_any", own_text="mine")
    assert BasketItem(own_text="").own_text == ""


def test_questions_keep_the_readers_order_mixing_pack_and_own(pack: ContentPack) -> None:
    items = (
        BasketItem(own_text="First, mine"),
        BasketItem(question_id="q_start"),
        BasketItem(own_text="Third, mine"),
        BasketItem(question_id="q_any"),
        BasketItem(question_id="q_start"),  # a repeat is shown once
    )
    sheet = build_sheet(pack, SheetRequest(Situation(step="induction"), items=items))
    blocks = sheet.section(SectionId.QUESTIONS).blocks
    assert [(b.number, b.text) for b in blocks] == [
        (1, "First, mine"),
        (2, "What tests will I have?"),
        (3, "Third, mine"),
        (4, "Who do I call?"),
    ]
    assert all(block.lines >= 1 for block in blocks)


def test_unknown_question_ids_are_left_off_and_reported(pack: ContentPack) -> None:
    items = (BasketItem(question_id="nope"), BasketItem(question_id="q_any"))
    sheet = build_sheet(pack, SheetRequest(Situation(), items=items))
    assert sheet.skipped_question_ids == ("nope",)
    assert "nope" not in sheet.words()
    assert "Who do I call?" in sheet.words()


def test_a_sheet_with_no_step_lists_general_questions_and_no_options(pack: ContentPack) -> None:
    sheet = build_sheet(pack, SheetRequest(Situation(), made_on=MADE_ON))
    words = sheet.words()
    assert "Who do I call?" in words  # fits any step
    assert "What tests will I have?" not in words  # tied to the first step
    options = sheet.section(SectionId.OPTIONS)
    assert [block.text for block in options.blocks] == [WORDS.no_options_no_step]
    assert "Chemo" not in words
    markdown = sheet_markdown(pack, SheetRequest(Situation(), made_on=MADE_ON))
    assert "Who do I call?" in markdown
    assert pdf_text(sheet_pdf(pack, SheetRequest(Situation()))).count(squash("Who do I call?")) == 1


def test_under_18_the_childhood_pointer_replaces_the_options(pack: ContentPack) -> None:
    request = SheetRequest(Situation(step="induction", age=12), made_on=MADE_ON)
    sheet = build_sheet(pack, request)
    options = sheet.section(SectionId.OPTIONS)
    assert [block.text for block in options.blocks] == ["Text for childhood_pointer."]
    assert "Pilla" not in sheet.words()
    assert "Text for childhood_pointer." in unescape_markdown(sheet_markdown(pack, request))
    assert squash("Text for childhood_pointer.") in pdf_text(sheet_pdf(pack, request))


def test_the_situation_is_in_words_from_the_pack(pack: ContentPack) -> None:
    sheet = build_sheet(pack, SheetRequest(Situation.of(ph="positive", cns="no", age=45)))
    lines = [block.text for block in sheet.section(SectionId.SITUATION).blocks]
    assert lines == [
        "ph: positive",
        "lineage: unknown",
        "kmt2a: unknown",
        "cns: no",
        "AGE: 45 years",
    ]
    no_age = build_sheet(pack, SheetRequest(Situation()))
    assert no_age.section(SectionId.SITUATION).blocks[-1].text == "AGE: not given"


def test_where_you_are_shows_the_step_and_what_comes_next(pack: ContentPack) -> None:
    sheet = build_sheet(pack, SheetRequest(Situation(step="post")))
    words = sheet.section(SectionId.WHERE).blocks
    assert words[0].lead == "Phase two" and words[0].text == "Second phase."
    assert "ends → After" in words[1].text and "comes back → It came back" in words[1].text


def test_options_carry_relevance_words_and_reasons(pack: ContentPack) -> None:
    sheet = build_sheet(pack, SheetRequest(Situation.of(step="induction", ph="negative")))
    blocks = sheet.section(SectionId.OPTIONS).blocks
    items = [(b.lead, b.tag, b.text) for b in blocks if b.lead]
    assert items == [
        ("Chemo", "Listed for situations like yours", "Text for reason_no_conditions."),
        ("Pilla", "Listed for other situations", "Ph conflicts."),
    ]
    assert any(
        b.text == RELEVANCE_WORDS[Relevance.DOES_NOT_APPLY] for b in blocks
    )  # not silently dropped


def test_the_glossary_lists_terms_used_as_whole_words_ignoring_case(pack: ContentPack) -> None:
    def glossary(notes: str) -> list[str]:
        sheet = build_sheet(pack, SheetRequest(Situation(), notes=notes))
        section = sheet.section(SectionId.GLOSSARY)
        return [block.lead for block in section.blocks] if section else []

    assert glossary("A BLAST was found.") == ["Blast"]
    assert glossary("Nothing blasted here.") == []


def test_the_glossary_prefers_the_longest_term_and_matches_acronyms_by_case(
    pack: ContentPack,
) -> None:
    custom = with_glossary(
        pack, ("Philadelphia chromosome", ""), ("Chromosome", ""), ("ALL", "acute leukemia")
    )

    def glossary(notes: str) -> list[str]:
        section = build_sheet(custom, SheetRequest(Situation(), notes=notes)).section(
            SectionId.GLOSSARY
        )
        return [block.lead for block in section.blocks] if section else []

    assert glossary("the philadelphia chromosome test") == ["Philadelphia chromosome"]
    assert glossary("a chromosome") == ["Chromosome"]
    assert glossary("all of them") == []
    assert glossary("my ALL") == ["ALL (also called acute leukemia)"]
    assert glossary("acute leukemia") == ["ALL (also called acute leukemia)"]


def test_sources_are_listed_with_their_dates(pack: ContentPack) -> None:
    blocks = build_sheet(pack, typical(pack)).section(SectionId.SOURCES).blocks
    assert [(b.lead, b.url) for b in blocks] == [("Source A", "https://example.org/a")]
    assert "2025" in blocks[0].text


def test_the_share_link_is_given_or_else_the_query_that_reopens_the_view(
    pack: ContentPack,
) -> None:
    given_url = build_sheet(pack, typical(pack)).section(SectionId.SHARE).blocks[0]
    assert given_url.url == typical(pack).share_url
    request = dataclasses.replace(typical(pack), share_url="")
    query = build_sheet(pack, request).section(SectionId.SHARE).blocks[0]
    assert query.url == "?step=induction&ph=positive&age=45&q=q_any%2Cq_start"


def test_a_share_link_that_is_not_a_web_address_is_shown_as_plain_text(
    pack: ContentPack,
) -> None:
    request = SheetRequest(Situation(), share_url="javascript:alert(1)<b>")
    markdown = sheet_markdown(pack, request)
    assert "javascript:alert\\(1\\)&lt;b&gt;" in markdown
    assert "<javascript" not in markdown and "](javascript" not in markdown
    reader = pypdf.PdfReader(io.BytesIO(sheet_pdf(pack, request)))
    links = [
        annotation.get_object().get("/A", {}).get("/URI")
        for page in reader.pages
        for annotation in page.get("/Annots", [])
    ]
    assert "https://example.org/a" in links  # sources are links
    assert "javascript:alert(1)<b>" not in links
    assert squash("javascript:alert(1)<b>") in pdf_text(sheet_pdf(pack, request))


def printed_link(data: bytes, url: str) -> list[str] | None:
    """The lines of text a PDF prints `url` on, each whole; None when no run of lines gives it."""
    lines = [line.strip() for page in pdf_pages(data) for line in page.splitlines()]
    for start in range(len(lines)):
        run: list[str] = []
        for part in lines[start:]:
            if not url.startswith("".join(run) + part):
                break
            run.append(part)
            if "".join(run) == url:
                return run
    return None


LONG_SHARE_URL = (
    "https://explorer.example.org/discussion_sheet?step=induction&ph=positive&age=45&q="
    + "%2C".join(f"q_question_number_{number}" for number in range(12))
)


@pytest.mark.parametrize("url", [SHARE_URL, LONG_SHARE_URL], ids=["typical", "twelve questions"])
def test_the_pdf_prints_the_link_back_whole_breaking_only_between_its_parts(
    pack: ContentPack, url: str
) -> None:
    data = sheet_pdf(pack, dataclasses.replace(typical(pack), share_url=url))
    lines = printed_link(data, url)
    assert lines, "the link is not printed whole on lines of its own"
    for before, line in itertools.pairwise(lines):
        assert line[0] in "?&" or before.endswith("%2C"), (before, line)
    if len(lines) > 1:
        assert squash(WORDS.link_one_line) in pdf_text(data)


def test_without_an_address_the_pdf_prints_the_query_that_reopens_the_view(
    pack: ContentPack,
) -> None:
    request = dataclasses.replace(typical(pack), share_url="")
    query = build_sheet(pack, request).section(SectionId.SHARE).blocks[0].url
    data = sheet_pdf(pack, request)
    assert printed_link(data, query) == [query]
    assert squash(WORDS.share_query_intro) in pdf_text(data)


def test_link_lines_break_before_a_parameter_then_between_ids_and_join_back_exactly() -> None:
    def lines(url: str, width: int) -> list[str]:
        result = sheet_pdf_module.link_lines(url, lambda line: len(line) <= width)
        assert "".join(result) == url
        assert all(len(line) <= width for line in result)
        return result

    url = "https://ex.org/page?step=induction&ph=positive&q=q_one%2Cq_two%2Cq_three"
    assert lines(url, 200) == [url]
    assert lines(url, 40) == [
        "https://ex.org/page?step=induction",
        "&ph=positive&q=q_one%2Cq_two%2Cq_three",
    ]
    assert lines(url, 20) == [
        "https://ex.org/page",
        "?step=induction",
        "&ph=positive",
        "&q=q_one%2Cq_two%2C",
        "q_three",
    ]
    assert lines("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]  # no break point: cut when full


NO_PDFTOPPM = "pdftoppm (Debian's poppler-utils) is not installed here; in CI it is"


@pytest.fixture
def page_pictures(tmp_path: Path) -> Callable[[bytes], list[Image.Image]]:
    """Draws each page of a PDF as a picture, as a printer would, at PICTURE_DPI."""
    if shutil.which("pdftoppm") is None:
        if running_in_ci():
            pytest.fail(f"CI=true: {NO_PDFTOPPM}", pytrace=False)
        pytest.skip(NO_PDFTOPPM)

    def draw(data: bytes) -> list[Image.Image]:
        folder = Path(tempfile.mkdtemp(dir=tmp_path))
        (folder / "sheet.pdf").write_bytes(data)
        subprocess.run(
            ["pdftoppm", "-png", "-r", str(PICTURE_DPI), "sheet.pdf", "page"],
            cwd=folder, check=True, timeout=120,
        )  # fmt: skip
        pages = sorted(folder.glob("page-*.png"), key=lambda path: int(path.stem.split("-")[1]))
        return [Image.open(path) for path in pages]

    return draw


PICTURE_DPI = 150


def qr_codes(pictures: list[Image.Image]) -> list[tuple[int, zxingcpp.Barcode]]:
    """(page number, code) for every QR code a reader finds on the pages."""
    return [
        (number, code)
        for number, picture in enumerate(pictures, start=1)
        for code in zxingcpp.read_barcodes(picture, formats=zxingcpp.BarcodeFormat.QRCode)
    ]


@pytest.mark.parametrize("url", [SHARE_URL, LONG_SHARE_URL], ids=["typical", "twelve questions"])
def test_the_pdf_prints_the_link_back_as_a_qr_code_a_phone_reads_back_exactly(
    pack: ContentPack, page_pictures, url: str
) -> None:
    data = sheet_pdf(pack, dataclasses.replace(typical(pack), share_url=url))
    ((page, code),) = qr_codes(page_pictures(data))
    assert code.valid and code.text == url
    assert code.ec_level in ("M", "Q", "H")
    width_px = code.position.top_right.x - code.position.top_left.x
    assert width_px * 25.4 / PICTURE_DPI >= 29.5  # 30 mm, give or take a pixel of the drawing
    assert squash(WORDS.share_code_holds) in squash(pdf_pages(data)[page - 1])
    assert squash(WORDS.share_link_holds) not in pdf_text(data)


@pytest.mark.parametrize("share_url", ["", "?step=induction", "javascript:alert(1)<b>"])
def test_without_an_absolute_web_address_the_pdf_prints_no_code(
    pack: ContentPack, page_pictures, share_url: str
) -> None:
    data = sheet_pdf(pack, dataclasses.replace(typical(pack), share_url=share_url))
    assert qr_codes(page_pictures(data)) == []
    text = pdf_text(data)
    assert squash(WORDS.share_link_holds) in text and squash(WORDS.share_code_holds) not in text


def test_a_link_too_long_for_a_code_that_scans_from_paper_is_still_printed_whole(
    pack: ContentPack,
) -> None:
    url = "https://explorer.example.org/?q=" + "%2C".join(f"q_{n:04}" for n in range(240))
    assert sheet_pdf_module.qr_code(url) is None
    data = sheet_pdf(pack, dataclasses.replace(typical(pack), share_url=url))
    assert printed_link(data, url)
    assert squash(WORDS.share_link_holds) in pdf_text(data)


def test_the_qr_code_keeps_its_quiet_zone_and_grows_with_a_long_link() -> None:
    short = sheet_pdf_module.qr_code(SHARE_URL)
    long = sheet_pdf_module.qr_code(LONG_SHARE_URL)
    assert short is not None and long is not None
    assert short.size_mm >= sheet_pdf_module.QR_SYMBOL_MIN_MM * 1.1  # the symbol and its margin
    assert long.size_mm > short.size_mm
    picture = Image.open(io.BytesIO(short.png)).convert("L")
    quiet_px = sheet_pdf_module.QR_QUIET_MODULES * sheet_pdf_module.QR_PIXELS_PER_MODULE
    band = picture.crop((0, 0, picture.width, quiet_px))
    assert band.getextrema() == (255, 255)  # white all along the top: the quiet zone is there


def test_markdown_carries_the_link_whole_and_says_what_it_holds(pack: ContentPack) -> None:
    markdown = sheet_markdown(pack, typical(pack))
    assert f"<{typical(pack).share_url}>" in markdown
    plain = unescape_markdown(markdown)
    assert WORDS.share_link_holds in plain and WORDS.share_code_holds not in plain


def map_page(data: bytes) -> tuple[int, pypdf.PageObject]:
    """(index, page) of the page that opens with the map's heading."""
    pages = pypdf.PdfReader(io.BytesIO(data)).pages
    found = [
        (index, page)
        for index, page in enumerate(pages)
        if page.extract_text().lstrip().startswith(WORDS.heading_map)
    ]
    assert len(found) == 1, "the map has no page of its own"
    return found[0]


def test_the_sheet_outlines_the_map_with_the_readers_step_marked(pack: ContentPack) -> None:
    section = build_sheet(pack, typical(pack)).section(SectionId.MAP)
    items = [block for block in section.blocks if block.kind is BlockKind.ITEM]
    steps = [step for step in pack.steps]
    assert [block.lead for block in items[: len(steps)]] == [
        f"{entry.step.title} ({entry.kind_words})" for entry in outline(pack, Situation())
    ]
    assert [block.tag for block in items if block.tag] == [WORDS.here_words]
    here = next(block for block in items if block.tag)
    assert here.lead.startswith("Phase one") and "→ Remission" in here.text
    assert items[-1].lead == "Clinical trials"  # the bands follow the steps


#: The smallest printed size of the map's words (steps; arrows): the whole map on one page, bands
#: and key beside the journey, printed them at about 7 and 6 points.
MIN_PRINTED_STEP_PT = 10.0
MIN_PRINTED_ARROW_PT = 9.0


def _shown_pictures(page: pypdf.PageObject) -> list[tuple[float, float]]:
    """The (width, height) in points at which each picture of `page` is drawn, in page order."""
    content = page.get_contents().get_data().decode("latin-1")
    found = re.findall(r"q ([\d.]+) 0 0 ([\d.]+) [\d.]+ [\d.]+ cm /I", content)
    return [(float(width), float(height)) for width, height in found]


def test_the_pdf_prints_the_journey_large_on_its_own_page_then_its_key_and_bands(
    pack: ContentPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not has_dot() and not running_in_ci():
        pytest.skip("Graphviz `dot` is not installed here (in CI it is, and this test runs)")
    drawn: list[Situation] = []
    real_pictures = sheet_module.map_pictures

    def recorded(pack_, situation, **options):
        drawn.append(situation)
        return real_pictures(pack_, situation, **options)

    monkeypatch.setattr(sheet_module, "map_pictures", recorded)
    data = sheet_pdf(pack, typical(pack))
    assert [situation.step for situation in drawn] == ["induction"]  # "you are here" marked
    index, page = map_page(data)
    (picture,) = page.images
    ((shown_width, shown_height),) = _shown_pictures(page)
    drawn_at_pt = picture.image.width * 72 / sheet_pdf_module.MAP_DPI  # its size at 100 %
    scale = shown_width / drawn_at_pt
    assert float(PRINT_NODE_PT) * scale >= MIN_PRINTED_STEP_PT, scale
    assert float(PRINT_EDGE_PT) * scale >= MIN_PRINTED_ARROW_PT, scale
    height_pt = float(page.mediabox.height)
    margins_pt = 2 * sheet_pdf_module.MARGIN_MM / 25.4 * 72
    width_pt = float(page.mediabox.width)
    # As large as the page allows: as wide as its column or as tall as its room.
    assert shown_width >= 0.9 * (width_pt - margins_pt) or shown_height >= 0.75 * height_pt
    text = squash(page.extract_text())
    assert not any(squash(step.title) in text for step in pack.steps)  # words are in the picture
    assert squash(WORDS.heading_options) not in text, "the journey's page holds nothing else"
    key_page = pypdf.PdfReader(io.BytesIO(data)).pages[index + 1]
    (key_picture,) = key_page.images
    ((key_width, _),) = _shown_pictures(key_page)
    key_scale = key_width / (key_picture.image.width * 72 / sheet_pdf_module.MAP_DPI)
    assert key_scale == pytest.approx(scale, rel=0.01) or key_width >= 0.99 * (
        width_pt - margins_pt
    ), "the key prints at the journey's scale, or as wide as the page"
    key_text = squash(key_page.extract_text())
    assert key_text.startswith(squash(WORDS.heading_options)), "the sheet goes on below the key"
    index_of_questions = pdf_text(data).index(squash("Who do I call?"))
    assert index_of_questions < pdf_text(data).index(squash(WORDS.heading_map))


def test_without_dot_the_pdf_prints_the_maps_text_outline_instead(
    pack: ContentPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sheet_module, "has_dot", lambda: False)
    data = sheet_pdf(pack, typical(pack))
    _, page = map_page(data)
    assert len(page.images) == 0
    text = pdf_text(data)
    assert squash(WORDS.map_outline_intro) in text
    assert squash(f"Phase one (Treatment phase) — {WORDS.here_words}.") in text
    assert squash(f"After (After treatment): {WORDS.end_of_map_words}") in text


def test_markdown_carries_the_maps_text_outline(pack: ContentPack) -> None:
    markdown = unescape_markdown(sheet_markdown(pack, typical(pack)))
    part = markdown.split(f"## {WORDS.heading_map}\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert part.startswith(WORDS.map_outline_intro)
    assert f"- **Phase one (Treatment phase) — {WORDS.here_words}.** " in part
    assert f"- **After (After treatment):** {WORDS.end_of_map_words}" in part


def test_made_on_defaults_to_today(pack: ContentPack) -> None:
    assert build_sheet(pack, SheetRequest(Situation())).made_on == datetime.date.today()
    assert "12 March 2026" in build_sheet(pack, typical(pack)).byline


def test_long_notes_and_questions_are_cut_with_a_visible_marker(pack: ContentPack) -> None:
    request = SheetRequest(
        Situation(),
        items=(BasketItem(own_text="q" * 1000),),
        notes="n" * 100_000,
    )
    sheet = build_sheet(pack, request)
    notes = sheet.section(SectionId.NOTES).blocks[0].text
    marker = WORDS.notes_cut.format(limit=MAX_NOTES_CHARS)
    assert notes == "n" * MAX_NOTES_CHARS + " " + marker
    question = sheet.section(SectionId.QUESTIONS).blocks[0].text
    assert question == "q" * MAX_QUESTION_CHARS + " " + WORDS.question_cut.format(
        limit=MAX_QUESTION_CHARS
    )
    assert marker in sheet_markdown(pack, request).replace("\\", "")
    assert squash(marker) in pdf_text(sheet_pdf(pack, request))


def test_own_questions_past_the_limit_are_left_out_and_counted(pack: ContentPack) -> None:
    items = tuple(BasketItem(own_text=f"Mine {i}") for i in range(MAX_OWN_QUESTIONS + 5))
    sheet = build_sheet(pack, SheetRequest(Situation(), items=(*items, BasketItem(own_text="  "))))
    blocks = sheet.section(SectionId.QUESTIONS).blocks
    assert [b.text for b in blocks if b.number] == [f"Mine {i}" for i in range(MAX_OWN_QUESTIONS)]
    assert blocks[-1].text == WORDS.own_questions_left_out.format(count=5, limit=MAX_OWN_QUESTIONS)


# ---------------------------------------------------------------- PDF


def rules_on(page: pypdf.PageObject) -> list[tuple[float, float]]:
    """(x, y) in PDF points of where each ruled writing line drawn on a page starts."""
    content = page.get_contents().get_data().decode("latin-1")
    drawn = re.findall(
        r"([\d.]+) G\s+(?:[\d.]+ w\s+)?([\d.]+) ([\d.]+) m [\d.]+ [\d.]+ l S", content
    )
    rule_gray = sheet_pdf_module.RULE_GRAY / 255
    return [(float(x), float(y)) for gray, x, y in drawn if abs(float(gray) - rule_gray) < 0.001]


#: Lines under questions start at the questions' indent; lines for notes at the margin.
INDENT_PT = (sheet_pdf_module.MARGIN_MM + sheet_pdf_module.NUMBER_INDENT_MM / 2) / 25.4 * 72


def question_rules_on(page: pypdf.PageObject) -> list[float]:
    return [y for x, y in rules_on(page) if x > INDENT_PT]


def note_rules_on(page: pypdf.PageObject) -> list[float]:
    return [y for x, y in rules_on(page) if x <= INDENT_PT]


def test_the_sheet_puts_the_readers_situation_questions_and_notes_before_the_reference_parts(
    pack: ContentPack,
) -> None:
    request = dataclasses.replace(typical(pack), notes="Ask about the schedule. A blast count.")
    order = [section.id for section in build_sheet(pack, request).sections]
    first = [SectionId.NOTICE, SectionId.SITUATION, SectionId.WHERE, SectionId.QUESTIONS]
    assert order[:4] == first
    assert order.index(SectionId.NOTES) < order.index(SectionId.OPTIONS)
    # the reference parts: what the summary lists, how long each part often takes, the words
    reference = [SectionId.OPTIONS, SectionId.TIMELINE, SectionId.GLOSSARY, SectionId.SOURCES]
    assert order[-4:] == reference
    parts = (
        "AGE: 45 years",
        "Who do I call?",
        "Ask about the schedule.",
        "Chemo",
        "Blast:",
        "Source A",
    )
    text = pdf_text(sheet_pdf(pack, request))
    markdown = unescape_markdown(sheet_markdown(pack, request))
    for where in (
        [text.index(squash(part)) for part in parts],
        [markdown.index(part) for part in parts],
    ):
        assert where == sorted(where), where


def test_the_pdf_starts_the_questions_on_page_1_each_with_at_least_four_lines(
    real_pack: ContentPack,
) -> None:
    """Four questions of a real step, a short note, every fact of the step told."""
    questions = questions_for_step(real_pack, "induction")[:4]
    request = SheetRequest(
        Situation.of(step="induction", ph="positive", lineage="b", kmt2a="no", cns="no", age=45),
        items=tuple(BasketItem(question_id=q.id) for q in questions),
        notes="Ask about the schedule.\nBring the list of medicines.",
        share_url="https://explorer.example.org/?step=induction&ph=positive&lineage=b",
        made_on=MADE_ON,
    )
    first = pypdf.PdfReader(io.BytesIO(sheet_pdf(real_pack, request))).pages[0]
    text = squash(first.extract_text())
    assert all(squash(q.text) in text for q in questions)
    assert len(question_rules_on(first)) >= ANSWER_LINES * len(questions) >= 16


def test_a_question_gets_more_lines_where_its_page_has_room(pack: ContentPack) -> None:
    request = SheetRequest(Situation(step="induction"), items=(BasketItem(question_id="q_any"),))
    rules = [rule for page in pypdf.PdfReader(io.BytesIO(sheet_pdf(pack, request))).pages
             for rule in question_rules_on(page)]  # fmt: skip
    assert ANSWER_LINES < len(rules) <= sheet_pdf_module.MAX_ANSWER_LINES


def test_the_notes_page_fills_with_lines_down_to_the_link_back(real_pack: ContentPack) -> None:
    request = SheetRequest(
        Situation.of(step="induction", ph="positive"),
        items=tuple(
            BasketItem(question_id=q.id) for q in questions_for_step(real_pack, "induction")
        ),
        notes="Ask about the schedule.",
        share_url="https://explorer.example.org/?step=induction&ph=positive",
    )
    pages = pypdf.PdfReader(io.BytesIO(sheet_pdf(real_pack, request))).pages
    (notes_page,) = [page for page in pages if "Ask about the schedule." in page.extract_text()]
    assert WORDS.heading_share in notes_page.extract_text()
    lines = note_rules_on(notes_page)
    assert len(lines) >= sheet_pdf_module.MIN_MORE_NOTE_LINES
    heights: dict[str, float] = {}
    notes_page.extract_text(
        visitor_text=lambda text, cm, tm, font, size: heights.setdefault(text.strip(), tm[5])
    )
    # From under the notes down to the link back's heading, with less than two lines to spare.
    gap_pt = sheet_pdf_module.ANSWER_LINE_GAP_MM / 25.4 * 72
    assert max(lines) < heights["Ask about the schedule."]
    assert 0 < min(lines) - heights[WORDS.heading_share] < 2 * gap_pt


def test_the_sheets_own_words_give_no_advice() -> None:
    """Its headings, labels and lines (the QR code's, the map's), and every other screen word in
    every language, say what is on the sheet, never what to do about the illness: the pack's
    banned phrases appear in none of them."""
    words = [
        (f"{language}: {name}", value.casefold())
        for language in languages()
        for name, value in _flat(words_of(language).entries).items()
        if isinstance(value, str)
    ]
    assert len(words) > 200
    found = [(name, phrase) for name, text in words for phrase in BANNED_PHRASES if phrase in text]
    assert found == []


def test_plan_answer_lines_shares_a_pages_room_and_keeps_each_question_whole() -> None:
    def plan(text_mm, *, first, page=100.0, after=0.0, max_lines=9):
        return sheet_pdf_module.plan_answer_lines(
            text_mm, [4] * len(text_mm), first_room_mm=first, page_room_mm=page,
            keep_after_mm=after, line_mm=5.0, max_lines=max_lines,
        )  # fmt: skip

    assert plan([10, 10], first=60) == [4, 4]  # 2 x (10 + 20) fill the 60 mm
    assert plan([10, 10], first=80) == [6, 6]  # 20 mm left: two more lines each
    assert plan([10, 10], first=80, after=20) == [4, 4]  # the notes keep their 20 mm
    assert plan([10, 10], first=80, after=30) == [6, 6]  # the notes go over anyway
    assert plan([10], first=100, max_lines=7) == [7]
    # The second question does not fit under the first, so it opens the next page, where 70 mm
    # are left (14 lines, capped at 9); the first gets the 20 mm its own page has left.
    assert plan([10, 10], first=50) == [8, 9]
    assert plan([10, 10], first=20) == [8, 8]  # nothing fits the first page: both on the next
    assert plan([200], first=50, page=100) == [4]  # taller than a page: as it is, never less


def test_the_pdf_is_a_pdf_of_a_few_pages_for_a_typical_situation(pack: ContentPack) -> None:
    """Questions and notes, the map's own page, then the rest: the small pack's four pages."""
    data = sheet_pdf(pack, typical(pack))
    assert data.startswith(b"%PDF")
    assert 1 <= len(pdf_pages(data)) <= 4


def test_the_pdf_holds_notice_situation_options_questions_notes_glossary_sources_link(
    pack: ContentPack,
) -> None:
    request = dataclasses.replace(typical(pack), notes="A blast count.\nSecond line.")
    text = pdf_text(sheet_pdf(pack, request))
    expected = [
        "Discussion sheet",
        "Made on 12 March 2026",
        "Text for disclaimer.",
        "ph: positive",
        "AGE: 45 years",
        "Phase one",
        "Chemo — Listed for situations like yours.",
        "Text for reason_no_conditions.",
        "Pilla — Listed for situations like yours.",
        "Ph matches.",
        "Who do I call?",
        "Can I keep working?",
        "What tests will I have?",
        WORDS.answer,
        "A blast count.",
        "Second line.",
        "Blast:",
        "A young blood cell.",
        "Source A",
        "Date: 2025",
        typical(pack).share_url,
    ]
    missing = [item for item in expected if squash(item) not in text]
    assert not missing


def test_the_pdf_shows_may_apply_and_does_not_apply_in_words(pack: ContentPack) -> None:
    unknown = pdf_text(sheet_pdf(pack, SheetRequest(Situation(step="induction"))))
    assert squash("Pilla — May be listed for you: it depends.") in unknown
    negative = pdf_text(
        sheet_pdf(pack, SheetRequest(Situation.of(step="induction", ph="negative")))
    )
    assert squash("Pilla — Listed for other situations.") in negative
    assert squash(RELEVANCE_WORDS[Relevance.DOES_NOT_APPLY]) in negative


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("where", ["own question", "notes"])
def test_the_pdf_shows_hostile_text_literally(pack: ContentPack, hostile: str, where: str) -> None:
    if where == "notes":
        request = SheetRequest(Situation(step="induction"), notes=hostile)
    else:
        request = SheetRequest(Situation(step="induction"), items=(BasketItem(own_text=hostile),))
    text = pdf_text(sheet_pdf(pack, request))
    # Right-to-left letters are drawn (and so extracted) in visual order.
    assert squash(hostile) in text or squash(hostile)[::-1] in text
    assert squash(WORDS.pdf_placeholder_note) not in text


def test_the_pdf_draws_emoji_it_has_and_a_placeholder_for_the_rest(pack: ContentPack) -> None:
    request = SheetRequest(Situation(), items=(BasketItem(own_text=EMOJI),), notes="DNA 🧬 helix")
    text = pdf_text(sheet_pdf(pack, request))
    assert "Emoji" in text
    for ch in squash(EMOJI):
        assert ch in text or PDF_PLACEHOLDER in text, ch
    assert "Emoji😀" in text  # DejaVu Sans has this one
    assert f"DNA{PDF_PLACEHOLDER}helix" in text  # and not this one: the placeholder stands in
    assert squash(WORDS.pdf_placeholder_note) in text


def test_the_pdf_wraps_an_unbroken_5000_character_word(pack: ContentPack) -> None:
    word = "x" * MAX_NOTES_CHARS
    data = sheet_pdf(pack, SheetRequest(Situation(), notes=word))
    lines = [line for page in pdf_pages(data) for line in page.splitlines() if "xxxx" in line]
    assert sum(line.count("x") for line in lines) == MAX_NOTES_CHARS
    assert len(lines) > 40
    assert max(len(line) for line in lines) <= 110  # a Letter line holds about 85 of them


def test_the_pdf_uses_only_black_and_grey_and_no_text_under_10_pt(pack: ContentPack) -> None:
    request = dataclasses.replace(typical(pack), notes="")
    for page in pypdf.PdfReader(io.BytesIO(sheet_pdf(pack, request))).pages:
        content = page.get_contents().get_data().decode("latin-1")
        sizes = [float(size) for size in re.findall(r"([\d.]+) Tf\b", content)]
        assert sizes and min(sizes) >= 10
        for r, g, b in re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) (?:rg|RG)\b", content):
            assert float(r) == float(g) == float(b), "a colour is used"
        assert not re.search(r"\b(?:k|K|scn|SCN)\b", content)


def test_the_pdf_font_ships_inside_an_installed_package() -> None:
    folder = sheet_pdf_module.font_dir()
    assert "site-packages" in folder.parts or "dist-packages" in folder.parts
    assert (folder / "DejaVuSans.ttf").is_file() and (folder / "DejaVuSans-Bold.ttf").is_file()


#: Pages of a typical real sheet: page 1 the situation and the questions, page 2 the notes (and
#: room for more) and the link back, page 3 the map, then the options, the glossary and the
#: sources in two or three pages, and the phase timeline (measured on 2026-12-02: remission and
#: post-remission went from 6 to 7 pages with it; the other steps take 5 or 6).
TYPICAL_PAGES = 7


def test_typical_real_situations_put_the_questions_on_page_1_and_fit_a_few_pages(
    real_pack: ContentPack,
) -> None:
    """Any step but the recurrent ones, facts partly known, 3 of its questions, a short note."""
    counts = {}
    for step in real_pack.steps:
        if step.state is State.RECURRENT or step.id == _recurrent_phase(real_pack):
            continue
        questions = questions_for_step(real_pack, step.id)[:3]
        request = SheetRequest(
            Situation.of(step=step.id, ph="positive", lineage="b"),
            items=tuple(BasketItem(question_id=q.id) for q in questions),
            notes="Ask about the schedule.\nBring the list of medicines.",
            share_url=f"https://explorer.example.org/?step={step.id}&ph=positive&lineage=b",
            made_on=MADE_ON,
        )
        pages = pdf_pages(sheet_pdf(real_pack, request))
        assert all(squash(q.text) in squash(pages[0]) for q in questions), step.id
        counts[step.id] = len(pages)
    assert counts and all(1 <= count <= TYPICAL_PAGES for count in counts.values()), str(counts)


def _recurrent_phase(pack_: ContentPack) -> str | None:
    from journey.navigation import phase_after_state

    return phase_after_state(pack_, pack_.state_step(State.RECURRENT).id).id


def test_the_longest_real_situation_renders(real_pack: ContentPack) -> None:
    """Recurrent phase, every fact unknown, every question chosen, notes over the limit."""
    phase = _recurrent_phase(real_pack)
    assert real_pack.step(phase).kind is StepKind.PHASE
    request = SheetRequest(
        Situation(step=phase),
        items=tuple(BasketItem(question_id=q.id) for q in real_pack.questions),
        notes="word " * 20_000,
        made_on=MADE_ON,
    )
    pages = pdf_pages(sheet_pdf(real_pack, request))
    # Each question keeps at least its four lines, so about five fit a page; the rest is the notes
    # (two pages at the limit), the map, the options, the glossary and the sources.
    assert len(pages) <= -(-len(real_pack.questions) // 5) + 7, len(pages)
    assert squash(WORDS.notes_cut.format(limit=MAX_NOTES_CHARS)) in squash("".join(pages))


# ---------------------------------------------------------------- Markdown


def test_markdown_holds_the_same_items_as_the_pdf(pack: ContentPack) -> None:
    markdown = unescape_markdown(sheet_markdown(pack, typical(pack)))
    for item in (
        "# Discussion sheet",
        "Made on 12 March 2026",
        "Text for disclaimer.",
        "- ph: positive",
        "- AGE: 45 years",
        "**Phase one:** First phase.",
        "- **Chemo — Listed for situations like yours.** Text for reason_no_conditions.",
        "- **Pilla — Listed for situations like yours.** Ph matches.",
        "1. Who do I call?",
        "2. Can I keep working?",
        "3. What tests will I have?",
        WORDS.answer,
        "Ask about the schedule.",
        "Bring the list of medicines.",
        "Source A",
        "Date: 2025",
        f"<{typical(pack).share_url}>",
    ):
        assert item in markdown, item


@pytest.mark.parametrize("hostile", (*HOSTILE, EMOJI))
def test_markdown_escapes_hostile_text_and_unescaping_gives_it_back(
    pack: ContentPack, hostile: str
) -> None:
    request = SheetRequest(
        Situation(step="induction"), items=(BasketItem(own_text=hostile),), notes=hostile
    )
    markdown = sheet_markdown(pack, request)
    escaped = escape_markdown(hostile)
    assert unescape_markdown(escaped) == hostile
    assert f"1. {escaped}\n" in markdown  # the own question
    assert f"\n{escaped}\n" in markdown  # the notes
    assert "<script" not in markdown.lower()


def test_markdown_notes_keep_their_lines_and_never_become_markup(pack: ContentPack) -> None:
    notes = "- a\n1. b\n    c\n# d\n\n\n\n+ e"
    markdown = sheet_markdown(pack, SheetRequest(Situation(), notes=notes))
    section = markdown.split("## Notes\n\n", 1)[1].split("\n\n## ", 1)[0]
    assert section == "\\- a\\\n1\\. b\\\n&#32;&#32;&#32;&#32;c\\\n\\# d\n\n\\+ e"
    assert unescape_markdown(section.replace("\\\n", "\n")) == "- a\n1. b\n    c\n# d\n\n+ e"


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_escaped_markdown_round_trips_and_leaves_no_markup(text: str) -> None:
    escaped = escape_markdown(text)
    assert unescape_markdown(escaped) == text
    bare = re.sub(r"\\.|&(?:amp|lt|gt|#32|#9);", "", escaped, flags=re.DOTALL)
    assert not set(bare) & set("\\`*_[](){}#|!~$<>&")
    for line in re.split(r"[\r\n]", escaped):
        assert not re.match(r"[ \t]*([-+=]|\d+[.)])", line), line


_own_questions = st.lists(st.text(max_size=400), max_size=MAX_OWN_QUESTIONS + 3)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(notes=st.text(max_size=6000), own=_own_questions)
def test_markdown_and_pdf_never_raise_on_any_reader_text(
    pack: ContentPack, notes: str, own: list[str]
) -> None:
    request = SheetRequest(
        Situation(step="induction"),
        items=tuple(BasketItem(own_text=text) for text in own),
        notes=notes,
        share_url=notes[:200],
    )
    assert sheet_markdown(pack, request).startswith("# ")
    # The map's picture owes nothing to what the reader typed (its own tests draw it), and a
    # `dot` run for each of the examples would make this test several times slower.
    with mock.patch.object(sheet_module, "has_dot", return_value=False):
        assert sheet_pdf(pack, request).startswith(b"%PDF")


# ---------------------------------------------------------------- files


def test_write_sheet_writes_markdown_and_pdf(pack: ContentPack, tmp_path: Path) -> None:
    write_sheet(pack, typical(pack), "md", tmp_path / "sheet.md")
    write_sheet(pack, typical(pack), "pdf", tmp_path / "sheet.pdf")
    assert (tmp_path / "sheet.md").read_text(encoding="utf-8") == sheet_markdown(
        pack, typical(pack)
    )
    assert (tmp_path / "sheet.pdf").read_bytes().startswith(b"%PDF")


def test_write_sheet_refuses_other_formats_and_unwritable_paths(
    pack: ContentPack, tmp_path: Path
) -> None:
    with pytest.raises(ValueError):
        write_sheet(pack, typical(pack), "html", tmp_path / "sheet.html")
    with pytest.raises(OSError):
        write_sheet(pack, typical(pack), "md", tmp_path / "missing" / "sheet.md")
    assert not (tmp_path / "sheet.html").exists()


# ---------------------------------------------------------------- the diagram


def test_diagram_dot_is_the_diagram_with_you_are_here(pack: ContentPack) -> None:
    dot = diagram_dot(pack, Situation(step="induction"))
    assert dot.startswith("digraph journey")
    assert WORDS.here_prefix in dot


def test_diagram_image_draws_svg_and_png_when_dot_is_installed(pack: ContentPack) -> None:
    if shutil.which("dot") is None and os.environ.get("CI", "").lower() != "true":
        pytest.skip("Graphviz `dot` is not installed here (in CI it is, and this test runs)")
    assert has_dot()
    svg = diagram_image(pack, Situation(step="induction"), "svg")
    png = diagram_image(pack, Situation(step="induction"), "png")
    assert svg is not None and b"<svg" in svg and b"Phase one" in svg
    assert png is not None and png.startswith(b"\x89PNG\r\n\x1a\n")


def test_diagram_image_is_none_when_dot_is_missing(
    pack: ContentPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda *args, **kwargs: None)
    assert not has_dot()
    assert diagram_image(pack, Situation(), "svg") is None
    assert diagram_image(pack, Situation(), "png") is None
    assert "digraph" in diagram_dot(pack, Situation())  # DOT needs no program


def test_diagram_image_is_none_with_an_empty_path(
    pack: ContentPack, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", "")
    assert diagram_image(pack, Situation(), "png") is None


def test_diagram_image_refuses_other_formats(pack: ContentPack) -> None:
    with pytest.raises(ValueError):
        diagram_image(pack, Situation(), "gif")
