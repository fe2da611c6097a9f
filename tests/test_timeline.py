"""The phase timeline: its rows and marks, its text alternative, its picture, checks, the sheet."""

from __future__ import annotations

import csv
import shutil
import xml.etree.ElementTree as ET

import pytest

from journey.loading import check_pack, load_pack
from journey.sheet import SectionId, SheetRequest, build_sheet, sheet_markdown
from journey.situation import Situation
from journey.timeline import (
    BOLD_GLYPH_EM,
    TimelineMark,
    row_words,
    text_rows,
    timeline_marks,
    timeline_rows,
    timeline_sources,
    timeline_svg,
)
from journey.words import WORDS, use_language
from tests.packs import MIN_PACK, REAL_PACK

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def real():
    return load_pack(REAL_PACK)


@pytest.fixture(scope="module")
def spanish():
    return load_pack(REAL_PACK, lang="es")


@pytest.fixture(scope="module")
def mini():
    return load_pack(MIN_PACK)


# ---------------------------------------------------------------- content


def test_the_real_timeline_has_each_phase_with_ranges_sources_and_what_varies(real):
    by_step = {}
    for entry in real.timeline:
        by_step.setdefault(entry.step_id, []).append(entry.id)
        assert entry.range_words and entry.what_varies and entry.source_ids
    # induction, post-remission with its two parts, recurrent treatment, follow-up, the whole
    assert by_step["induction"] == ["induction"]
    assert by_step["post_remission"] == ["consolidation", "maintenance"]
    assert "recurrent_treatment" in by_step and "follow_up" in by_step
    assert by_step[None] == ["all_treatment"]
    assert [e.order for e in real.timeline] == sorted(e.order for e in real.timeline)


def test_the_real_ranges_are_honest_ranges_not_one_date(real):
    """Every drawn part has a range (solid short end, lighter long end, or open-ended), the
    whole of treatment runs 2 to 3 years, and the parts of post-remission end inside it."""
    drawn = [e for e in real.timeline if e.is_drawn]
    assert all(e.is_open_ended or e.longest_weeks > e.shortest_weeks for e in drawn)
    whole = next(e for e in real.timeline if e.id == "all_treatment")
    assert (whole.shortest_weeks, whole.longest_weeks) == (104, 156)
    maintenance = next(e for e in real.timeline if e.id == "maintenance")
    assert maintenance.start_week + maintenance.longest_weeks <= whole.longest_weeks
    follow_up = next(e for e in real.timeline if e.id == "follow_up")
    assert follow_up.is_open_ended
    recurrent = next(e for e in real.timeline if e.id == "recurrent_treatment")
    assert not recurrent.is_drawn  # it varies too much to draw: words only


def test_every_timeline_source_is_in_the_pack(real):
    for source_id in timeline_sources(real):
        assert real.source(source_id).url.startswith("https://")


# ---------------------------------------------------------------- marks


@pytest.mark.parametrize(
    ("step", "marked", "mark"),
    [
        ("induction", {"induction"}, TimelineMark.HERE),
        ("post_remission", {"consolidation", "maintenance"}, TimelineMark.HERE),
        ("follow_up", {"follow_up"}, TimelineMark.HERE),
        ("recurrent_treatment", {"recurrent_treatment"}, TimelineMark.HERE),
        # a state or a step before treatment: the nearest parts ahead on the journey's arrows
        ("untreated", {"induction"}, TimelineMark.NEXT),
        ("signs", {"induction"}, TimelineMark.NEXT),
        ("remission", {"consolidation", "maintenance"}, TimelineMark.NEXT),
        ("recurrent", {"recurrent_treatment"}, TimelineMark.NEXT),
    ],
)
def test_the_readers_step_is_marked(real, step, marked, mark):
    marks = timeline_marks(real, step)
    assert set(marks) == marked
    assert set(marks.values()) == {mark}


@pytest.mark.parametrize("step", [None, "", "no_such_step"])
def test_no_step_marks_nothing(real, step):
    assert timeline_marks(real, step) == {}
    assert all(row.mark is None for row in timeline_rows(real, step))


def test_a_part_of_a_step_is_named_with_its_step(real):
    rows = {row.entry.id: row for row in timeline_rows(real, None)}
    assert rows["maintenance"].name == "Maintenance (part of Post-remission therapy)"
    assert rows["induction"].name == "Induction therapy"  # its step's own name: said once
    assert rows["all_treatment"].name == "All of treatment"


# ---------------------------------------------------------------- the text alternative


def test_the_text_alternative_has_every_part_its_range_and_what_varies(real):
    table = text_rows(timeline_rows(real, "remission"))
    assert len(table) == len(real.timeline)
    for row, entry in zip(table, real.timeline, strict=True):
        assert entry.label in row[WORDS.timeline_col_part]
        assert row[WORDS.timeline_col_how_long] == entry.range_words
        assert row[WORDS.timeline_col_varies] == entry.what_varies
    marked = [row[WORDS.timeline_col_part] for row in table if "Comes next for you" in str(row)]
    assert marked == [
        "Comes next for you: Consolidation and intensification (part of Post-remission therapy)",
        "Comes next for you: Maintenance (part of Post-remission therapy)",
    ]


def test_a_line_of_the_text_says_the_mark_in_words(real):
    row = timeline_rows(real, "induction")[1]
    assert row_words(row).startswith("You are here: Induction therapy: About 1 month. ")


# ---------------------------------------------------------------- the picture


def _parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def _texts(root: ET.Element) -> list[str]:
    return [el.text or "" for el in root.iter(f"{SVG}text")]


def test_the_picture_is_an_image_named_and_described_by_every_range(real):
    root = _parse(timeline_svg(real, "maintenance_is_not_a_step"))
    assert root.get("role") == "img"
    labelled = root.get("aria-labelledby").split()
    ids = {el.get("id"): el for el in root.iter() if el.get("id")}
    assert [ids[i].tag for i in labelled] == [f"{SVG}title", f"{SVG}desc"]
    desc = ids[labelled[1]].text
    for entry in real.timeline:
        assert entry.range_words in desc and entry.what_varies in desc
    assert "width" in root.attrib and root.get("viewBox").startswith("0 0 360 ")


def test_the_picture_draws_solid_and_lighter_parts_an_arrow_and_words_only_rows(real):
    root = _parse(timeline_svg(real, None))
    rects = list(root.iter(f"{SVG}rect"))
    dashed = [r for r in rects if r.get("stroke-dasharray")]
    drawn = [e for e in real.timeline if e.is_drawn]
    # one dashed (lighter) part per drawn row, and one in the key
    assert len(dashed) == len(drawn) + 1
    assert any(WORDS.timeline_not_drawn == t for t in _texts(root))
    assert len(list(root.iter(f"{SVG}polygon"))) == 2  # the open end's arrow, and the key's
    years = [t for t in _texts(root) if t.isdigit()]
    assert years == [str(n) for n in range(len(years))] and len(years) >= 4


def test_the_picture_marks_the_readers_step_in_words_not_colour_only(real):
    plain = _texts(_parse(timeline_svg(real, None)))
    here = _texts(_parse(timeline_svg(real, "post_remission")))
    assert not any("YOU ARE HERE" in t for t in plain)
    assert sum("YOU ARE HERE" in t for t in here) == 2
    assert sum("COMES NEXT FOR YOU" in t for t in _texts(_parse(timeline_svg(real, "signs")))) == 1


def test_the_picture_is_made_once_per_pack_step_and_language(real, spanish):
    first = timeline_svg(real, "induction")
    assert timeline_svg(real, "induction") is first
    assert timeline_svg(real, "follow_up") is not first
    with use_language("es"):
        in_spanish = timeline_svg(spanish, "induction")
    assert "USTED ESTÁ AQUÍ" in in_spanish and "Años desde el inicio" in in_spanish
    assert "YOU ARE HERE" not in in_spanish


def test_a_long_label_wraps_inside_the_picture(real):
    root = _parse(timeline_svg(real, "remission"))
    width = float(root.get("viewBox").split()[2])
    for el in root.iter(f"{SVG}text"):
        if el.get("text-anchor") == "start" and el.get("font-weight") == "bold":
            # every bold line fits the card, at the wider fallback font's glyph width
            size = float(el.get("font-size"))
            assert float(el.get("x")) + BOLD_GLYPH_EM * size * len(el.text) <= width


# ---------------------------------------------------------------- checks


def _with_timeline(tmp_path, edit):
    target = tmp_path / "pack"
    shutil.copytree(MIN_PACK, target)
    path = target / "timeline.csv"
    with path.open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    edit(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return [str(p) for p in check_pack(target, with_pandera=False)]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"shortest_weeks": ""}, "timeline.csv:2: shortest_weeks: start_week and shortest_weeks"),
        ({"start_week": ""}, "timeline.csv:2: start_week: start_week and shortest_weeks"),
        ({"longest_weeks": "3"}, "timeline.csv:2: longest_weeks: is shorter than shortest_weeks"),
        ({"start_week": "-1"}, "timeline.csv:2: start_week: must be 0 or more"),
        ({"shortest_weeks": "0", "longest_weeks": ""}, "shortest_weeks: must be 1 or more"),
        ({"step_id": "nowhere"}, "timeline.csv:2: step_id: “nowhere” is not an id in steps"),
        ({"source_ids": ""}, "timeline.csv:2: source_ids"),
    ],
)
def test_a_broken_timeline_row_is_named_by_file_row_and_column(tmp_path, change, message):
    problems = _with_timeline(tmp_path, lambda rows: rows[0].update(change))
    assert any(message in p for p in problems), problems


def test_weeks_without_a_start_are_a_problem(tmp_path):
    def edit(rows):
        words_only = next(r for r in rows if not r["start_week"])
        words_only["longest_weeks"] = "9"

    assert any(
        "longest_weeks: given without shortest_weeks" in p for p in _with_timeline(tmp_path, edit)
    )


def test_the_minimal_timeline_is_fine(tmp_path):
    assert _with_timeline(tmp_path, lambda rows: None) == []


# ---------------------------------------------------------------- the sheet


def test_the_sheet_says_every_range_with_the_readers_step_marked(real):
    sheet = build_sheet(real, SheetRequest(Situation(step="post_remission")))
    section = sheet.section(SectionId.TIMELINE)
    assert section is not None and section.heading == real.text("timeline_intro").title
    items = [b for b in section.blocks if b.lead]
    assert [b.lead for b in items] == [row.name for row in timeline_rows(real, None)]
    assert [b.tag for b in items if b.tag] == ["You are here", "You are here"]
    for block, entry in zip(items, real.timeline, strict=True):
        assert block.text.startswith(entry.range_words)
        # what varies: for the reader's own parts (the page has it for every part)
        assert (entry.what_varies in block.text) == (entry.step_id == "post_remission")
    cited = sheet.section(SectionId.SOURCES).blocks
    for source_id in timeline_sources(real):
        assert any(real.source(source_id).title in b.words() for b in cited)


def test_the_markdown_sheet_has_the_timeline_after_the_map_and_options(real):
    words = sheet_markdown(real, SheetRequest(Situation(step="remission")))
    head = "## " + real.text("timeline_intro").title
    assert words.index("## The journey map") < words.index(head)
    assert words.index("## " + WORDS.heading_options) < words.index(head)
    assert "**Maintenance \\(part of Post-remission therapy\\) — Comes next for you.**" in words
    assert "Often about 2 years." in words


def test_the_spanish_sheet_says_the_timeline_in_spanish(spanish):
    with use_language("es"):
        sheet = build_sheet(spanish, SheetRequest(Situation(step="induction")))
    section = sheet.section(SectionId.TIMELINE)
    assert section.heading == "Cuánto suele durar cada parte"
    marked = [b for b in section.blocks if b.tag]
    assert [(b.lead, b.tag) for b in marked] == [("Terapia de inducción", "Usted está aquí")]


def test_a_pack_without_a_timeline_has_no_timeline_section(mini):
    import dataclasses

    bare = dataclasses.replace(mini, timeline=())
    assert build_sheet(bare, SheetRequest(Situation())).section(SectionId.TIMELINE) is None
    assert build_sheet(mini, SheetRequest(Situation())).section(SectionId.TIMELINE) is not None
