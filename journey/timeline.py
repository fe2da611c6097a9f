"""The phase timeline: how long each part of the journey often takes, as bars and as words.

Pure Python: the rows (each part with the reader's step marked), the same rows as text (the
picture's text alternative, the sheet's lines) and the picture itself, an SVG of one horizontal
bar per part on a scale of years. The solid part of a bar is the usual length's short end; the
lighter, dashed part is how much longer it may take ("it varies"); an arrow says a part goes on.
The words say the same, so the picture never carries a fact alone, and colour never marks the
reader's step alone (the words "You are here" do).
"""

from __future__ import annotations

import enum
import html
import math
from collections.abc import Mapping
from dataclasses import dataclass

from journey.model import ContentPack, TimelineEntry
from journey.navigation import next_steps
from journey.words import WORDS, current_language

WEEKS_A_YEAR = 52
#: The text (texts.csv) that heads the timeline: its title and what the ranges are and are not.
TIMELINE_TEXT_ID = "timeline_intro"

# The picture's own colours, on its own light card, so it reads the same in a light or dark theme.
CARD_COLOR = "#ffffff"
CARD_BORDER = "#767676"
TEXT_COLOR = "#1a1a1a"
MUTED_TEXT = "#4a4a4a"  # 8.9:1 on white
BAR_COLOR = "#1f5f99"  # 6.6:1 on white
LIGHT_BAR_COLOR = "#c7dcf0"  # drawn with a dashed BAR_COLOR outline, so it is seen without colour
GRID_COLOR = "#d0d0d0"
HERE_FILL = "#fff1a8"  # as the map's "you are here" node
HERE_BORDER = "#000000"
FONT = "Helvetica, Arial, sans-serif"

# Geometry, in the picture's own units: 360 wide reads at about its size on a 390 px phone.
WIDTH = 360
PAD = 10
LABEL_SIZE = 12
SMALL_SIZE = 10.5
LINE = 15
BAR_HEIGHT = 12
ROW_GAP = 8
ARROW = 9
#: The width of a bold glyph, on average, in em: DejaVu Sans Bold's (where Helvetica is missing,
#: as on many Linux desks), wider than Helvetica's, so a wrapped line fits with either font.
BOLD_GLYPH_EM = 0.66

#: The picture's ids are prefixed so that they never clash with the page's.
ID_PREFIX = "phase-timeline"


class TimelineMark(enum.StrEnum):
    """How a part relates to the reader's step."""

    HERE = "here"  # the part belongs to the reader's step
    NEXT = "next"  # the reader's step comes before it: the nearest parts ahead


@dataclass(frozen=True, slots=True)
class TimelineRow:
    entry: TimelineEntry
    #: The part's name as shown: its label, and the step it is part of where that is another name.
    name: str
    mark: TimelineMark | None

    @property
    def mark_words(self) -> str:
        if self.mark is TimelineMark.HERE:
            return WORDS.here_words
        if self.mark is TimelineMark.NEXT:
            return WORDS.timeline_next_words
        return ""

    @property
    def how_long(self) -> str:
        return self.entry.range_words


def timeline_marks(pack: ContentPack, step_id: str | None) -> Mapping[str, TimelineMark]:
    """Which parts to mark for a reader at `step_id`: the step's own parts ("you are here");
    for a step with none (a state, a step before treatment), the nearest parts ahead along the
    journey's arrows ("comes next for you"). Nothing for no step, or one the pack lacks."""
    if not step_id or not pack.has_step(step_id) or not pack.timeline:
        return {}
    own = [entry.id for entry in pack.timeline if entry.step_id == step_id]
    if own:
        return dict.fromkeys(own, TimelineMark.HERE)
    seen, level = {step_id}, [step_id]
    while level:
        ahead = []
        for current in level:
            for _, target in next_steps(pack, current):
                if target.id not in seen:
                    seen.add(target.id)
                    ahead.append(target.id)
        parts = [entry.id for entry in pack.timeline if entry.step_id in ahead]
        if parts:
            return dict.fromkeys(parts, TimelineMark.NEXT)
        level = ahead
    return {}


def _name(pack: ContentPack, entry: TimelineEntry) -> str:
    if not entry.step_id or not pack.has_step(entry.step_id):
        return entry.label
    title = pack.step(entry.step_id).title
    if title.strip().casefold() == entry.label.strip().casefold():
        return entry.label
    return WORDS.timeline_part_of.format(label=entry.label, step=title)


def timeline_rows(pack: ContentPack, step_id: str | None) -> tuple[TimelineRow, ...]:
    """Every part in order, named, the reader's step marked."""
    marks = timeline_marks(pack, step_id)
    return tuple(
        TimelineRow(entry, _name(pack, entry), marks.get(entry.id)) for entry in pack.timeline
    )


def timeline_sources(pack: ContentPack) -> tuple[str, ...]:
    """The sources of every part, each once, in order."""
    return tuple(dict.fromkeys(sid for entry in pack.timeline for sid in entry.source_ids))


def row_words(row: TimelineRow) -> str:
    """One part as one line of text: its mark, its name, how long and what varies."""
    line = WORDS.timeline_line.format(
        name=row.name, how_long=row.how_long, varies=row.entry.what_varies
    )
    return f"{WORDS.timeline_marked.format(mark=row.mark_words)} {line}" if row.mark else line


def text_rows(rows: tuple[TimelineRow, ...]) -> list[dict[str, str]]:
    """The picture's text alternative as table rows (part, how long, what varies)."""
    return [
        {
            WORDS.timeline_col_part: (
                WORDS.timeline_marked.format(mark=row.mark_words) + " " + row.name
                if row.mark
                else row.name
            ),
            WORDS.timeline_col_how_long: row.how_long,
            WORDS.timeline_col_varies: row.entry.what_varies,
        }
        for row in rows
    ]


# ---------------------------------------------------------------- the picture


def _scale_years(rows: tuple[TimelineRow, ...]) -> int:
    """Whole years the axis runs to: the latest end of a drawn part, rounded up, and a year more
    when a part goes on past its end, so that its arrow has room to say so."""
    drawn = [row.entry for row in rows if row.entry.is_drawn]
    ends = [entry.start_week + (entry.longest_weeks or entry.shortest_weeks) for entry in drawn]
    years = math.ceil(max(ends, default=WEEKS_A_YEAR) / WEEKS_A_YEAR)
    return max(1, years + any(entry.is_open_ended for entry in drawn))


def _wrap(text: str, size: float, width: float) -> list[str]:
    """Words on lines that fit `width` (an estimate from `BOLD_GLYPH_EM`)."""
    per_line = max(8, int(width / (size * BOLD_GLYPH_EM)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(
    x: float,
    y: float,
    content: str,
    *,
    size: float,
    weight: str = "normal",
    color: str = TEXT_COLOR,
    anchor: str = "start",
    style: str = "normal",
) -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-weight="{weight}" '
        f'font-style="{style}" fill="{color}" text-anchor="{anchor}">{html.escape(content)}</text>'
    )


def timeline_svg(pack: ContentPack, step_id: str | None) -> str:
    """The timeline picture for a reader at `step_id` (an inline SVG; memoised per pack, step and
    language, since the page redraws it on every rerun)."""
    key = (id(pack), step_id, current_language())
    cached = _MEMO.get(key)
    if cached is not None and cached[0] is pack:
        return cached[1]
    svg = _draw(timeline_rows(pack, step_id))
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.pop(next(iter(_MEMO)))
    _MEMO[key] = (pack, svg)
    return svg


_MEMO: dict[tuple[int, str | None, str], tuple[ContentPack, str]] = {}
_MEMO_SIZE = 64


def _draw(rows: tuple[TimelineRow, ...]) -> str:
    years = _scale_years(rows)
    left, right = PAD + 2, WIDTH - PAD - ARROW - 2
    span = right - left

    def x_at(week: float) -> float:
        return left + span * min(week, years * WEEKS_A_YEAR) / (years * WEEKS_A_YEAR)

    parts: list[str] = []
    y = PAD + LINE
    parts.append(_text(PAD, y, WORDS.timeline_picture_title, size=LABEL_SIZE + 1, weight="bold"))
    y += ROW_GAP
    grid_top = y
    body: list[str] = []
    for row in rows:
        entry = row.entry
        label_lines = _wrap(f"{row.name}: {row.how_long}", LABEL_SIZE, WIDTH - 2 * PAD)
        mark_lines = [WORDS.timeline_marked.format(mark=row.mark_words)] if row.mark else []
        height = LINE * (len(mark_lines) + len(label_lines)) + BAR_HEIGHT + ROW_GAP
        if row.mark:
            body.append(
                f'<rect x="{PAD - 4}" y="{y + 2:.1f}" width="{WIDTH - 2 * PAD + 8}" '
                f'height="{height - 2:.1f}" rx="4" fill="{HERE_FILL}" stroke="{HERE_BORDER}" '
                f'stroke-width="2"/>'
            )
        for line in mark_lines:
            y += LINE
            body.append(_text(PAD, y, "▶ " + line.upper(), size=SMALL_SIZE, weight="bold"))
        for line in label_lines:
            y += LINE
            body.append(_text(PAD, y, line, size=LABEL_SIZE, weight="bold"))
        bar_y = y + 5
        if entry.is_drawn:
            start = x_at(entry.start_week)
            solid_end = x_at(entry.start_week + entry.shortest_weeks)
            body.append(
                f'<rect x="{start:.1f}" y="{bar_y:.1f}" width="{max(solid_end - start, 3):.1f}" '
                f'height="{BAR_HEIGHT}" fill="{BAR_COLOR}"/>'
            )
            if entry.longest_weeks is not None and entry.longest_weeks > entry.shortest_weeks:
                light_end = x_at(entry.start_week + entry.longest_weeks)
                body.append(_light(solid_end, bar_y, max(light_end - solid_end, 3)))
            elif entry.longest_weeks is None:
                body.append(_light(solid_end, bar_y, right - solid_end))
                tip = right + ARROW
                mid = bar_y + BAR_HEIGHT / 2
                body.append(
                    f'<polygon points="{right:.1f},{bar_y - 2:.1f} {tip:.1f},{mid:.1f} '
                    f'{right:.1f},{bar_y + BAR_HEIGHT + 2:.1f}" fill="{BAR_COLOR}"/>'
                )
        else:
            body.append(
                _text(
                    PAD,
                    bar_y + BAR_HEIGHT - 2,
                    WORDS.timeline_not_drawn,
                    size=SMALL_SIZE,
                    color=MUTED_TEXT,
                    style="italic",
                )
            )
        y = bar_y + BAR_HEIGHT + ROW_GAP
    grid_bottom = y
    grid = []
    for year in range(years + 1):
        x = x_at(year * WEEKS_A_YEAR)
        grid.append(
            f'<line x1="{x:.1f}" y1="{grid_top:.1f}" x2="{x:.1f}" y2="{grid_bottom:.1f}" '
            f'stroke="{GRID_COLOR}" stroke-width="1"/>'
        )
        grid.append(_text(x, grid_bottom + LINE, str(year), size=SMALL_SIZE, anchor="middle"))
    parts += grid + body
    y = grid_bottom + 2 * LINE
    parts.append(_text(WIDTH / 2, y, WORDS.timeline_axis, size=SMALL_SIZE, anchor="middle"))
    y += LINE
    parts += _key(y)
    y += 3 * LINE + ROW_GAP
    height = y
    title = html.escape(WORDS.timeline_picture_title)
    desc = html.escape(" ".join(row_words(row) for row in rows))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" role="img" aria-labelledby="{ID_PREFIX}-title {ID_PREFIX}-desc" '
        f'font-family="{FONT}" style="max-width: 560px; display: block">'
        f'<title id="{ID_PREFIX}-title">{title}</title>'
        f'<desc id="{ID_PREFIX}-desc">{desc}</desc>'
        f'<rect x="0.5" y="0.5" width="{WIDTH - 1}" height="{height - 1:.0f}" rx="6" '
        f'fill="{CARD_COLOR}" stroke="{CARD_BORDER}"/>' + "".join(parts) + "</svg>"
    )


def _light(x: float, y: float, width: float) -> str:
    return (
        f'<rect x="{x:.1f}" y="{y + 1:.1f}" width="{width:.1f}" height="{BAR_HEIGHT - 2}" '
        f'fill="{LIGHT_BAR_COLOR}" stroke="{BAR_COLOR}" stroke-width="1.2" '
        f'stroke-dasharray="3 2"/>'
    )


def _key(y: float) -> list[str]:
    """What the solid part, the lighter part and the arrow mean."""
    x, swatch = PAD, 22
    solid = (
        f'<rect x="{x}" y="{y + 2:.1f}" width="{swatch}" height="{BAR_HEIGHT - 2}" '
        f'fill="{BAR_COLOR}"/>'
    )
    light = _light(x, y + LINE + 1, swatch)
    arrow_y = y + 2 * LINE + 2
    arrow = (
        f'<polygon points="{x + 8},{arrow_y:.1f} {x + 8 + ARROW},{arrow_y + 5:.1f} '
        f'{x + 8},{arrow_y + 10:.1f}" fill="{BAR_COLOR}"/>'
    )
    tx = x + swatch + 6
    return [
        solid,
        _text(tx, y + BAR_HEIGHT, WORDS.timeline_key_solid, size=SMALL_SIZE),
        light,
        _text(tx, y + LINE + BAR_HEIGHT, WORDS.timeline_key_light, size=SMALL_SIZE),
        arrow,
        _text(tx, y + 2 * LINE + BAR_HEIGHT, WORDS.timeline_key_arrow, size=SMALL_SIZE),
    ]
