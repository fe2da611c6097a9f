"""The discussion sheet drawn as a PDF: black on white, DejaVu Sans, two columns where it helps.

Kept apart from journey.sheet so that fpdf, fontTools (a quarter of a second to import) and segno
load only when a reader asks for a PDF, not when the app starts.
"""

from __future__ import annotations

import datetime
import functools
import importlib
import io
import re
import unicodedata
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import PIL.Image
import segno
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import MethodReturnValue, XPos, YPos

from journey import sheet as sheet_model
from journey.model import ContentPack
from journey.sheet import (
    PDF_PLACEHOLDER,
    Block,
    BlockKind,
    FontMissingError,
    Section,
    SectionId,
    SheetRequest,
    _is_web_address,
    _item_parts,
    _one_line,
    build_sheet,
)
from journey.words import WORDS, date_words

# ---------------------------------------------------------------- PDF

FONT_FAMILY = "DejaVuSans"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
#: The link back is typed from paper: a monospaced face tells 1 from l and O from 0, and every
#: character of it takes its own room. Not underlined, so its underscores stay visible.
MONO_FAMILY = "DejaVuSansMono"
MONO_FONT_FILE = "DejaVuSansMono.ttf"
LINK_PT = 10
#: The map's picture: Graphviz draws it at this resolution, about 280 dpi once scaled to the page.
MAP_DPI = 150
#: The code of the link back: at least 30 mm across (a phone reads it from arm's length), each
#: module at least 0.5 mm (a denser code, of a link with well over a hundred question ids, would
#: not scan from paper: it is left out), the 4-module quiet zone the standard asks for around it.
QR_SYMBOL_MIN_MM, QR_SYMBOL_MAX_MM, QR_MODULE_MIN_MM = 30.0, 60.0, 0.5
QR_QUIET_MODULES = 4
QR_PIXELS_PER_MODULE = 10  # sharp edges at any print size (about 400 dpi at 0.6 mm a module)
QR_GAP_MM = 4.0
QR_TEXT_DROP_MM = 3.0  # the words beside the code start level with the code, not its quiet zone
PAGE_FORMAT = "Letter"
MARGIN_MM = 13.0
FOOTER_MM = 12.0
#: Font sizes in points; nothing on the sheet is smaller than 10 pt.
TITLE_PT, HEADING_PT, SUBHEADING_PT, BODY_PT, SMALL_PT = 17, 13, 11, 11, 10
#: Line height in mm per point of font size (1.25 times the size).
LEADING_MM_PER_PT = 0.44
TEXT_GRAY = 0  # black on white: prints the same in black and white
RULE_GRAY = 80  # writing lines: dark enough to photocopy, lighter than the text
BULLET = "•"
BULLET_INDENT_MM = 4.5
NUMBER_INDENT_MM = 9.0  # room for "99."
ANSWER_LINE_GAP_MM = 7.0
#: Room for writing under a question: never fewer lines than the sheet asks for (ANSWER_LINES),
#: more where a page of questions has room left, but not so many that one question fills a page.
MAX_ANSWER_LINES = 9
QUESTION_PAD_MM = 1.5
#: Under the notes, ruled lines fill the page down to the link back; at least this many.
MIN_MORE_NOTE_LINES = 4
KEEP_WITH_NEXT_MM = 20.0
HEADING_ABOVE_MM, HEADING_BELOW_MM = 2.5, 2.0
COLUMNS = 2
MM_PER_PT = 25.4 / 72
COLUMN_GAP_MM = 6.0


def font_dir() -> Path:
    """matplotlib's bundled TTF folder, found without importing matplotlib (slow, not needed)."""
    spec = importlib.util.find_spec("matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise FontMissingError(
            "matplotlib is not installed; it provides the PDF font (DejaVu Sans)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"
    names = (*FONT_FILES.values(), MONO_FONT_FILE)
    missing = [name for name in names if not (folder / name).is_file()]
    if missing:
        raise FontMissingError(f"font files missing in {folder}: {', '.join(missing)}")
    return folder


@functools.cache
def _covered_code_points() -> frozenset[int]:
    """Code points that both the regular and the bold font can draw."""
    maps = [set(TTFont(font_dir() / name, lazy=True).getBestCmap()) for name in FONT_FILES.values()]
    return frozenset(set.intersection(*maps))


def _drawable(text: str) -> tuple[str, int]:
    """Text the PDF font can draw, and how many characters became the placeholder.

    DejaVu Sans has no glyph for many emoji and for CJK; such a character becomes PDF_PLACEHOLDER
    ("□") rather than an invisible or broken glyph. Invisible marks the font lacks (joiners,
    variation selectors, direction marks) are dropped. Right-to-left text keeps its letters; fpdf2
    orders them for display but does not join Arabic letters (that needs a shaping engine).
    """
    covered = _covered_code_points()
    out: list[str] = []
    replaced = 0
    for ch in text:
        if ch == "\n" or ord(ch) in covered:
            out.append(ch)
        elif unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        elif ch.isspace():
            out.append(" ")
        else:
            out.append(PDF_PLACEHOLDER)
            replaced += 1
    return "".join(out), replaced


def _site_name(url: str) -> str:
    """ "www.cancer.gov/..." for a printed source list: enough to find it, short enough to read."""
    if not _is_web_address(url):
        return url
    host = urllib.parse.urlsplit(url).hostname or url
    return host.removeprefix("www.")


def _line_mm(size: float) -> float:
    return size * LEADING_MM_PER_PT


class _SheetPdf(FPDF):
    """fpdf2 with the sheet's font, margins and footer; counts placeholder characters."""

    def __init__(self, sheet_title: str, made_on: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format=PAGE_FORMAT)
        folder = font_dir()
        for style, name in FONT_FILES.items():
            self.add_font(FONT_FAMILY, style, folder / name)
        self.add_font(MONO_FAMILY, "", folder / MONO_FONT_FILE)
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM + FOOTER_MM / 2)
        self.set_text_color(TEXT_GRAY)
        self.set_draw_color(TEXT_GRAY)
        self.replaced = 0
        self.sheet_title = self.clean(sheet_title)
        self.made_on = made_on

    def clean(self, text: str) -> str:
        drawable, replaced = _drawable(text)
        self.replaced += replaced
        return drawable

    def use(self, size: float, bold: bool = False, underline: bool = False) -> float:
        """Set the font; return its line height in mm."""
        self.set_font(FONT_FAMILY, ("B" if bold else "") + ("U" if underline else ""), size)
        return _line_mm(size)

    def footer(self) -> None:
        self.set_y(-MARGIN_MM)
        height = self.use(SMALL_PT)
        text = WORDS.pdf_footer.format(
            title=self.sheet_title,
            made_on=self.made_on,
            page=self.page_no(),
            pages=self.str_alias_nb_pages,
        )
        self.cell(0, height, text, align="C")

    @property
    def width_mm(self) -> float:
        return self.w - self.l_margin - self.r_margin

    def keep(self, height: float) -> None:
        """Start a new page unless `height` mm fit on this one (or could never fit on one)."""
        usable = self.h - self.t_margin - self.b_margin
        if height < usable and self.will_page_break(height):
            self.add_page()

    def paragraph(self, text: str, size: float = BODY_PT, bold: bool = False) -> None:
        height = self.use(size, bold)
        self.set_x(self.l_margin)
        self.multi_cell(0, height, self.clean(text), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rich(self, bold: str, plain: str, size: float, indent: float = 0, url: str = "") -> None:
        """A bold lead, plain words and a link in one flowing paragraph, wrapped at `indent`."""
        old_margin = self.l_margin
        self.set_left_margin(old_margin + indent)
        self.set_x(self.l_margin)
        height = self.use(size, bold=True)
        if bold:
            self.write(height, self.clean(bold) + " ")
        self.use(size)
        if plain:
            self.write(height, self.clean(plain) + " ")
        if url:
            self.use(size, underline=_is_web_address(url))
            shown = self.clean(url)
            room = self.w - self.r_margin - self.get_x()
            if room < self.get_string_width(shown) <= self.w - self.r_margin - self.l_margin:
                self.ln(height)
            link = url if _is_web_address(url) else ""
            self.write(height, shown, link=link)
        self.ln(height)
        self.set_left_margin(old_margin)
        self.set_x(old_margin)

    def rule(self, x_from: float, y: float) -> None:
        self.set_draw_color(RULE_GRAY)
        self.set_line_width(0.25)
        self.line(x_from, y, self.w - self.r_margin, y)
        self.set_draw_color(TEXT_GRAY)

    def ruled_lines(self, count: int, indent: float) -> None:
        for _ in range(count):
            self.keep(ANSWER_LINE_GAP_MM)
            self.ln(ANSWER_LINE_GAP_MM)
            self.rule(self.l_margin + indent, self.get_y())
        self.ln(1.5)

    def heading(self, text: str) -> None:
        self.keep(KEEP_WITH_NEXT_MM)
        self.ln(HEADING_ABOVE_MM)
        self.paragraph(text, HEADING_PT, bold=True)
        self.set_line_width(0.4)
        self.line(self.l_margin, self.get_y() + 0.3, self.w - self.r_margin, self.get_y() + 0.3)
        self.ln(HEADING_BELOW_MM)

    def section_mm(self, section: Section) -> float:
        """About how tall a section of plain paragraphs and writing lines (the notes) will be."""
        height = HEADING_ABOVE_MM + _line_mm(HEADING_PT) + HEADING_BELOW_MM
        for block in section.blocks:
            if block.kind is BlockKind.WRITING_SPACE:
                height += ANSWER_LINE_GAP_MM * block.lines + 1.5
            else:
                self.use(BODY_PT)
                height += 1 + self.multi_cell(
                    0, _line_mm(BODY_PT), _drawable(block.words())[0], dry_run=True,
                    output=MethodReturnValue.HEIGHT,
                )  # fmt: skip
        return height

    def subheading(self, text: str) -> None:
        self.keep(KEEP_WITH_NEXT_MM / 2)
        self.ln(0.5)
        self.paragraph(text, SUBHEADING_PT, bold=True)
        self.ln(0.5)

    def notice(self, lead: str, text: str) -> None:
        """The informational notice in a box: a black border, not a colour, sets it apart."""
        pad = 2.5
        top = self.get_y()
        self.ln(pad)
        margins = self.l_margin, self.r_margin
        self.set_left_margin(margins[0] + pad)
        self.set_right_margin(margins[1] + pad)
        self.rich(WORDS.lead_alone.format(lead=lead), text, BODY_PT)
        self.set_left_margin(margins[0])
        self.set_right_margin(margins[1])
        self.ln(pad - 0.5)
        self.set_line_width(0.6)
        self.rect(self.l_margin, top, self.width_mm, self.get_y() - top)
        self.ln(1)

    @property
    def room_mm(self) -> float:
        """What is left of this page above the bottom margin."""
        return self.page_break_trigger - self.get_y()

    @property
    def page_room_mm(self) -> float:
        """What a fresh page holds between its margins."""
        return self.page_break_trigger - self.t_margin

    def question_text_mm(self, block: Block) -> float:
        """The height of a question without its lines: the padding and its wrapped words."""
        height = self.use(BODY_PT, bold=True)
        text_height = self.multi_cell(
            self.width_mm - NUMBER_INDENT_MM,
            height,
            _drawable(block.text)[0],
            align="L",
            dry_run=True,
            output=MethodReturnValue.HEIGHT,
        )
        return 2 * QUESTION_PAD_MM + text_height

    def question(self, block: Block, lines: int, text_mm: float) -> None:
        """The number, the question in bold, then "Answer:" and `lines` ruled lines, kept on one
        page (`text_mm`: its `question_text_mm`)."""
        self.keep(text_mm + ANSWER_LINE_GAP_MM * max(lines, 1))
        height = self.use(BODY_PT, bold=True)
        self.ln(QUESTION_PAD_MM)
        self.set_x(self.l_margin)
        self.cell(NUMBER_INDENT_MM, height, f"{block.number}.")
        text_width = self.width_mm - NUMBER_INDENT_MM
        self.multi_cell(
            text_width, height, self.clean(block.text), align="L", new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )  # fmt: skip
        if lines < 1:
            return
        answer_height = self.use(SMALL_PT)
        self.ln(ANSWER_LINE_GAP_MM - answer_height)
        self.set_x(self.l_margin + NUMBER_INDENT_MM)
        label_width = self.get_string_width(WORDS.answer) + 1.5
        self.cell(label_width, answer_height, WORDS.answer)
        baseline = self.get_y() + answer_height - 0.8
        self.rule(self.l_margin + NUMBER_INDENT_MM + label_width, baseline)
        self.set_y(baseline)
        self.ruled_lines(lines - 1, NUMBER_INDENT_MM)

    def questions(self, blocks: list[Block], keep_after_mm: float) -> None:
        """Questions with their lines, as many lines each as `plan_answer_lines` gives them."""
        heights = [self.question_text_mm(block) for block in blocks]
        lines = plan_answer_lines(
            heights,
            [block.lines for block in blocks],
            first_room_mm=self.room_mm,
            page_room_mm=self.page_room_mm,
            keep_after_mm=keep_after_mm,
        )
        for block, count, height in zip(blocks, lines, heights, strict=True):
            self.question(block, count, height)

    def item(self, block: Block, size: float) -> None:
        height = self.use(size)
        self.keep(height * 2)
        self.set_x(self.l_margin)
        self.cell(BULLET_INDENT_MM, height, BULLET)
        bold, plain = _item_parts(block)
        self.rich(bold, plain, size, BULLET_INDENT_MM, block.url)
        self.ln(0.8)

    def columns(self, blocks: tuple[Block, ...], size: float, bullets: bool = False) -> None:
        """Items in balanced columns, read down each column; web addresses print as site names."""
        factor = _line_mm(size) / (size * MM_PER_PT)
        with self.text_columns(
            ncols=COLUMNS, gutter=COLUMN_GAP_MM, balance=True, text_align="LEFT"
        ) as columns:
            for block in blocks:
                bold, plain = _item_parts(block)
                self.use(size)  # the bullet takes the font that is set when the paragraph opens
                with columns.paragraph(
                    bottom_margin=0.8,
                    line_height=factor,
                    bullet_string=BULLET if bullets else "",
                    indent=BULLET_INDENT_MM if bullets else 0,
                ) as par:
                    if bold:
                        self.use(size, bold=True)
                        par.write(self.clean(bold) + " ")
                    self.use(size)
                    par.write(self.clean(plain))
                    if block.url:
                        par.write(" ")
                        self.use(size, underline=_is_web_address(block.url))
                        link = block.url if _is_web_address(block.url) else None
                        par.write(self.clean(_site_name(block.url)), link=link)
        self.ln(1)

    def text_mm(self, text: str, size: float, width: float = 0) -> float:
        """How tall `text` is as a paragraph `width` mm wide (0: to the right margin)."""
        self.use(size)
        return self.multi_cell(
            width, _line_mm(size), _drawable(text)[0], dry_run=True,
            output=MethodReturnValue.HEIGHT,
        )  # fmt: skip

    def link_lines(self, url: str) -> tuple[list[str], bool]:
        """The link as the lines it prints on, and whether they are in the monospaced face."""
        is_typed_link = _TYPABLE.fullmatch(url) is not None
        if is_typed_link:
            self.set_font(MONO_FAMILY, "", LINK_PT)
        else:  # a link the app never makes (say, with letters beyond ASCII): the text face
            self.use(LINK_PT)
            url = self.clean(url)
        return link_lines(url, lambda line: self.get_string_width(line) <= self.width_mm), (
            is_typed_link
        )

    def link_back(self, block: Block) -> int:
        """The link at the left margin, whole on each of its lines; returns how many lines."""
        lines, is_typed_link = self.link_lines(block.url)
        target = block.url if _is_web_address(block.url) else None
        height = _line_mm(LINK_PT)
        for line in lines:
            if is_typed_link:
                self.set_font(MONO_FAMILY, "", LINK_PT)
            else:
                self.use(LINK_PT)
            self.set_x(self.l_margin)
            self.cell(self.width_mm, height, line, link=target or "")
            self.ln(height)
        return len(lines)

    def _share_parts(self, section: Section) -> tuple[Block, QrCode | None, str]:
        """The link, its code (None when it gets none) and the words on what it holds."""
        link = next(block for block in section.blocks if block.kind is BlockKind.LINK)
        code = qr_code(link.url) if _is_web_address(link.url) else None
        if code is None:
            holds = " ".join(block.text for block in section.blocks if block.kind is BlockKind.TEXT)
        else:  # the sheet's own line names the link only: Markdown has no code to scan
            holds = WORDS.share_code_holds
        return link, code, holds

    def share_mm(self, section: Section) -> float:
        """How tall the link back will be, its heading included."""
        link, code, holds = self._share_parts(section)
        size = code.size_mm if code else 0.0
        left = self.l_margin
        self.set_left_margin(left + (size + QR_GAP_MM if code else 0.0))
        lines, _ = self.link_lines(link.url)
        note = WORDS.link_one_line if len(lines) > 1 else ""
        words_mm = (
            sum(self.text_mm(text, SMALL_PT) + 1 for text in (link.text, note, holds) if text)
            + _line_mm(LINK_PT) * len(lines) + 1 + (QR_TEXT_DROP_MM if code else 0.0)
        )  # fmt: skip
        self.set_left_margin(left)
        return HEADING_ABOVE_MM + _line_mm(HEADING_PT) + HEADING_BELOW_MM + max(size, words_mm)

    def share(self, section: Section) -> None:
        """The link back, kept on one page: a code to scan at the left when the link is a web
        address, and beside it what to do with the link, the link whole, and what it holds."""
        link, code, holds = self._share_parts(section)
        self.keep(self.share_mm(section))
        self.heading(section.heading)
        left, top = self.l_margin, self.get_y()
        size = code.size_mm if code else 0.0
        if code is not None:
            self.image(
                io.BytesIO(code.png), x=left, y=top, w=size, h=size, alt_text=WORDS.share_code_alt,
                link=link.url,
            )  # fmt: skip
            self.set_left_margin(left + size + QR_GAP_MM)
            self.set_xy(self.l_margin, top + QR_TEXT_DROP_MM)
        if link.text:
            self.paragraph(link.text, SMALL_PT)
            self.ln(1)
        lines = self.link_back(link)
        self.ln(1)
        if lines > 1:
            self.paragraph(WORDS.link_one_line, SMALL_PT)
            self.ln(1)
        self.paragraph(holds, SMALL_PT)
        self.ln(1)
        bottom = max(self.get_y(), top + size)
        self.set_left_margin(left)
        self.set_xy(left, bottom)

    def fill_with_lines(self, keep_mm: float) -> None:
        """Ruled lines for more notes down to `keep_mm` above the bottom of the page."""
        count = int((self.room_mm - keep_mm - 1.5) // ANSWER_LINE_GAP_MM)
        if count > 0:
            self.ruled_lines(count, 0)

    def journey_map(self, section: Section, pictures: sheet_model.MapPictures | None) -> None:
        """The map on a page of its own: the journey as large as the page allows, then its key
        and bands at the same scale at the top of the next page, where the sheet goes on; or the
        map's text outline when there is no picture."""
        self.add_page()
        self.heading(section.heading)
        if pictures is None:
            _pdf_section(self, section)
            return
        journey, key = (_rgb(png) for png in (pictures.journey, pictures.key))
        scale = min(self.width_mm / journey.width, (self.room_mm - 1) / journey.height)
        self.picture(journey, scale, WORDS.map_picture_alt.format(here=WORDS.here_words))
        self.add_page()
        self.picture(key, min(scale, self.width_mm / key.width), WORDS.map_key_picture_alt)
        self.ln(4)

    def picture(self, drawn: PIL.Image.Image, scale: float, alt_text: str) -> None:
        """A picture at `scale` millimetres a pixel, centred, where the page has got to."""
        width, height = drawn.width * scale, drawn.height * scale
        self.image(
            drawn, x=self.l_margin + (self.width_mm - width) / 2, y=self.get_y(), w=width,
            h=height, alt_text=alt_text,
        )  # fmt: skip
        self.set_y(self.get_y() + height)


@dataclass(frozen=True, slots=True)
class QrCode:
    png: bytes
    size_mm: float  # of the picture, its quiet zone included


def _rgb(png: bytes) -> PIL.Image.Image:
    """Graphviz's PNG has an alpha channel on its white page: without it fpdf compresses one
    picture instead of two (a third of a second less per sheet), and it looks the same."""
    return PIL.Image.open(io.BytesIO(png)).convert("RGB")


def qr_code(url: str) -> QrCode | None:
    """`url` as a QR code to print: error correction M or better, the quiet zone kept, the code
    at least QR_SYMBOL_MIN_MM across and larger for a long link, so that its modules stay big
    enough to scan from paper; None when no code of at most QR_SYMBOL_MAX_MM could be scanned."""
    try:
        code = segno.make(url, error="m", micro=False)  # boost_error: a higher level if it fits
    except segno.DataOverflowError:
        return None
    modules = code.symbol_size(border=0)[0]
    if modules * QR_MODULE_MIN_MM > QR_SYMBOL_MAX_MM:
        return None
    symbol_mm = max(QR_SYMBOL_MIN_MM, modules * QR_MODULE_MIN_MM)
    buffer = io.BytesIO()
    code.save(buffer, kind="png", scale=QR_PIXELS_PER_MODULE, border=QR_QUIET_MODULES)
    return QrCode(buffer.getvalue(), symbol_mm * (modules + 2 * QR_QUIET_MODULES) / modules)


#: A link printed in the monospaced face: printable ASCII, as every link the app makes is.
_TYPABLE = re.compile(r"[!-~]+")
#: Where a long link goes on to the next line: before its query (`?`) or a parameter (`&`); a
#: parameter too long for a line (many questions) also after a comma between question ids
#: (`%2C` or `,`), a path before one of its `/`. Each starts or ends a word of the link.
_LINK_BREAKS = re.compile(r"(?=[?&])")
_LONG_PART_BREAKS = re.compile(r"(?<=%2C)|(?<=,)|(?<=[^/:])(?=/)")


def link_lines(url: str, fits: Callable[[str], bool]) -> list[str]:
    """A link cut into as few lines as `fits` allows, only where `_LINK_BREAKS` (then, for a part
    too long for a line, `_LONG_PART_BREAKS`) say it may be; a piece still too long (never in a
    link the app makes) is cut where the line is full. The lines joined give the link exactly."""
    pieces: list[str] = []
    for part in filter(None, _LINK_BREAKS.split(url)):
        pieces += [part] if fits(part) else list(filter(None, _LONG_PART_BREAKS.split(part)))
    lines: list[str] = []
    for piece in pieces:
        if lines and fits(lines[-1] + piece):
            lines[-1] += piece
            continue
        while not fits(piece) and len(piece) > 1:
            cut = max((end for end in range(1, len(piece)) if fits(piece[:end])), default=1)
            lines.append(piece[:cut])
            piece = piece[cut:]
        lines.append(piece)
    return lines or [url]


def plan_answer_lines(
    text_mm: list[float],
    min_lines: list[int],
    *,
    first_room_mm: float,
    page_room_mm: float,
    keep_after_mm: float = 0.0,
    line_mm: float = ANSWER_LINE_GAP_MM,
    max_lines: int = MAX_ANSWER_LINES,
) -> list[int]:
    """How many ruled lines each question gets: at least its own, more where its page has room.

    The questions are laid out as the PDF will lay them, each kept whole on one page; the room a
    page has left after its questions is shared among them, a line at a time, up to `max_lines`
    each. On the last page `keep_after_mm` (what follows: the notes) stays free when it fits there,
    so more lines never push the notes to another page.
    """
    pages: list[list[int]] = [[]]
    left = [first_room_mm]
    for index, (text, lines) in enumerate(zip(text_mm, min_lines, strict=True)):
        need = text + line_mm * max(lines, 1)
        if need < page_room_mm and need > left[-1]:  # as _SheetPdf.keep: a new page
            pages.append([])
            left.append(page_room_mm)
        pages[-1].append(index)
        left[-1] = max(0.0, left[-1] - need)  # one taller than a page leaves no room to share
    planned = list(min_lines)
    for number, (indexes, room) in enumerate(zip(pages, left, strict=True)):
        if not indexes:
            continue
        if number == len(pages) - 1 and room >= keep_after_mm:
            room -= keep_after_mm
        extra = max(0, int(room // (line_mm * len(indexes))))
        for index in indexes:
            if planned[index] >= 1:
                planned[index] = max(planned[index], min(max_lines, planned[index] + extra))
    return planned


#: Sections in small print: reference material at the end of the sheet.
_SMALL_SECTIONS = (SectionId.GLOSSARY, SectionId.SOURCES, SectionId.SHARE)
#: Sections of short entries, set in two columns to keep the sheet to two pages.
_COLUMN_SECTIONS = (
    SectionId.SITUATION,
    SectionId.GLOSSARY,
    SectionId.SOURCES,
    SectionId.TIMELINE,
)


def _pdf_section(pdf: _SheetPdf, section: Section, keep_after_mm: float = 0.0) -> None:
    size = SMALL_PT if section.id in _SMALL_SECTIONS else BODY_PT
    if section.id in _COLUMN_SECTIONS:
        pdf.columns(section.blocks, size, bullets=section.id is SectionId.SITUATION)
        return
    questions = [block for block in section.blocks if block.kind is BlockKind.QUESTION]
    for block in section.blocks:
        if block.kind is BlockKind.QUESTION:
            if block is questions[0]:  # they are consecutive: all of them, planned together
                pdf.questions(questions, keep_after_mm)
        elif block.kind is BlockKind.TEXT and block.lead:
            pdf.rich(WORDS.lead_alone.format(lead=block.lead), block.text, size)
            pdf.ln(1)
        elif block.kind is BlockKind.TEXT:
            pdf.paragraph(block.text, size)
            pdf.ln(1)
        elif block.kind is BlockKind.SUBHEADING:
            pdf.subheading(block.text)
        elif block.kind is BlockKind.ITEM:
            pdf.item(block, size)
        elif block.kind is BlockKind.WRITING_SPACE:
            pdf.ruled_lines(block.lines, 0)
        elif block.kind is BlockKind.LINK:
            pdf.link_back(block)


def render_pdf(pack: ContentPack, request: SheetRequest) -> bytes:
    """The sheet as a PDF for print: black text, sizes >= 10 pt, DejaVu Sans from matplotlib.

    Reader text is drawn as plain text (never parsed as markup). Characters the font cannot draw
    become "□" (see `_drawable`), and the sheet then says so at its end.
    """
    sheet = build_sheet(pack, request)
    pdf = _SheetPdf(sheet.title, WORDS.made_on.format(date=date_words(sheet.made_on)))
    pdf.set_title(f"{sheet.title} · {_one_line(pack.info.title)}")
    pdf.set_lang(sheet.language)
    pdf.set_creator(_one_line(pack.info.title))
    pdf.set_creation_date(datetime.datetime.combine(sheet.made_on, datetime.time(), datetime.UTC))
    pdf.add_page()

    pdf.paragraph(sheet.title, TITLE_PT, bold=True)
    pdf.paragraph(sheet.byline, SMALL_PT)
    pdf.ln(2)
    notes, share = sheet.section(SectionId.NOTES), sheet.section(SectionId.SHARE)
    share_mm = pdf.share_mm(share) if share else 0.0
    # The notes, room to write more, and the link back go together on one page where they fit.
    notes_page_mm = (
        pdf.section_mm(notes) + ANSWER_LINE_GAP_MM * MIN_MORE_NOTE_LINES + share_mm if notes else 0
    )
    for section in sheet.sections:
        if section.id is SectionId.NOTICE:
            pdf.notice(section.heading, " ".join(block.text for block in section.blocks))
            continue
        if section.id is SectionId.SHARE:
            pdf.share(section)
            continue
        if section.id is SectionId.MAP:
            pdf.journey_map(section, sheet_model.map_pictures(pack, sheet.situation, dpi=MAP_DPI))
            continue
        if section.id is SectionId.NOTES:
            pdf.keep(notes_page_mm)
        pdf.heading(section.heading)
        _pdf_section(pdf, section, notes_page_mm if section.id is SectionId.QUESTIONS else 0)
        if section.id is SectionId.NOTES:  # the map takes the next page: this one is for writing
            pdf.fill_with_lines(share_mm)
    if pdf.replaced:
        pdf.ln(2)
        pdf.paragraph(WORDS.pdf_placeholder_note, SMALL_PT)
    return bytes(pdf.output())
