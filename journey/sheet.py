"""The family discussion sheet: one format-free model of all that is on it, as Markdown and PDF.

`build_sheet` decides what is on the sheet; `sheet_markdown` and `sheet_pdf` only draw that model,
so the two formats never drift. The diagram exports (DOT always, SVG and PNG when Graphviz's `dot`
program is installed) live here too, because the sheet page offers them beside the sheet.

Text the reader typed (notes, own questions) is untrusted: it is cleaned and cut to the limits
below, escaped in Markdown so that it always shows literally, and never interpreted in the PDF.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import re
import shutil
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import graphviz

from journey.deciding import (
    MAX_GUIDE_TEXT_CHARS,
    PERSON_WORDS,
    DecisionAnswers,
    Person,
    PersonAnswers,
    decision_at,
    family_words,
    in_order,
    items_at,
    yes_count,
)
from journey.diagram import (
    band_scope,
    build_diagram,
    build_key_and_bands,
    build_print_journey,
    outline,
)
from journey.model import ContentPack, FactKind, GlossaryTerm, GuideItem, GuidePart, Relevance
from journey.navigation import (
    facts_asked_at,
    is_child,
    next_steps,
    phase_for_step,
    questions_for_step,
    verdicts,
)
from journey.relevance import (
    REASON_NO_CONDITIONS_TEXT_ID,
    RELEVANCE_WORDS,
    is_newer_than_summary,
    relevance_words,
)
from journey.report import CHILDHOOD_TEXT_ID, DISCLAIMER_TEXT_ID
from journey.situation import Situation, query_string
from journey.timeline import TIMELINE_TEXT_ID, timeline_rows
from journey.vocabulary import clinic_words, words_line
from journey.words import ENGLISH, WORDS, date_words

# ---------------------------------------------------------------- limits on what the reader types

MAX_NOTES_CHARS = 5000
MAX_QUESTION_CHARS = 300
MAX_OWN_QUESTIONS = 20

# ---------------------------------------------------------------- chrome: the sheet's own words


NEXT_STEPS_JOINER = "; "


#: What the link back holds (it is made from the view's query string: no notes, no own words).
#: The same, where the PDF prints the link as a code to scan as well.
#: Under a link the PDF had to print on more than one line.


#: How a bold lead joins the rest of an item, in both formats.

#: Shown in the PDF for a character its font has no glyph for (most emoji, CJK, ...).
PDF_PLACEHOLDER = "□"

#: Ruled lines left for writing: under each question (the PDF adds more where its page has
#: room), and for notes when there are none.
ANSWER_LINES = 4
BLANK_NOTE_LINES = 4

# ---------------------------------------------------------------- the model


class SectionId(enum.StrEnum):
    """The parts of the sheet, in the order they appear: what the reader brings to the appointment
    (their situation, their questions with room for the answers, their notes) first, then the
    way back to the explorer and the map, then what the summary lists and the reference parts."""

    NOTICE = "notice"
    SITUATION = "situation"
    WHERE = "where"
    QUESTIONS = "questions"
    NOTES = "notes"
    SHARE = "share"
    DECIDING = "deciding"  # getting ready to decide: only when the reader answered any of it
    MAP = "map"
    OPTIONS = "options"
    TIMELINE = "timeline"
    GLOSSARY = "glossary"
    SOURCES = "sources"


class BlockKind(enum.StrEnum):
    """What one piece of a section is; the renderers draw each kind one way."""

    TEXT = "text"  # a paragraph, after an optional bold `lead`; the notes keep their line breaks
    SUBHEADING = "subheading"
    ITEM = "item"  # a bullet: `lead` (and `tag`) in bold, then `text`
    QUESTION = "question"  # numbered `number`, then `lines` ruled lines for the answer
    WRITING_SPACE = "writing_space"  # `lines` empty ruled lines
    LINK = "link"  # `url` (a web address, or a query string when that is not known) after `text`


class SheetFormat(enum.StrEnum):
    MD = "md"
    PDF = "pdf"


class ImageFormat(enum.StrEnum):
    SVG = "svg"
    PNG = "png"


@dataclass(frozen=True)
class BasketItem:
    """One question in the basket: a pack question by id, or the reader's own words; exactly one."""

    question_id: str | None = None
    own_text: str | None = None

    def __post_init__(self) -> None:
        if (self.question_id is None) == (self.own_text is None):
            raise ValueError("a basket item holds exactly one of question_id and own_text")


@dataclass(frozen=True)
class SheetRequest:
    """What the reader asked for: the situation, the ordered basket, notes, the link back."""

    situation: Situation
    items: tuple[BasketItem, ...] = ()
    notes: str = ""
    share_url: str = ""
    made_on: datetime.date | None = None  # None: today
    #: What the reader gave "Getting ready to decide"; None or blank: the sheet has no such part.
    decision: DecisionAnswers | None = None


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str = ""
    lead: str = ""
    tag: str = ""
    number: int = 0
    lines: int = 0
    url: str = ""

    def words(self) -> str:
        return " ".join(part for part in (self.lead, self.tag, self.text) if part)


@dataclass(frozen=True, slots=True)
class Section:
    id: SectionId
    heading: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Sheet:
    """Everything on the sheet, with no format: both renderers draw exactly this."""

    title: str
    byline: str
    language: str
    made_on: datetime.date
    sections: tuple[Section, ...]
    #: Pack question ids in the basket that the pack does not have; they are left off the sheet.
    skipped_question_ids: tuple[str, ...] = ()
    #: The situation the sheet is about (a step the pack lacks is dropped): the map marks its step.
    situation: Situation = field(default_factory=Situation)

    def section(self, section_id: SectionId) -> Section | None:
        """One section by id; None when the sheet has none (a glossary with no terms used)."""
        return next((section for section in self.sections if section.id is section_id), None)

    def content_words(self) -> str:
        """The words of the sections, one block a line (what the glossary explains)."""
        return "\n".join(block.words() for section in self.sections for block in section.blocks)

    def words(self) -> str:
        """Every word on the sheet, one block a line."""
        lines = [self.title, self.byline]
        for section in self.sections:
            lines.append(section.heading)
            lines += [block.words() for block in section.blocks]
        return "\n".join(line for line in lines if line)


# ---------------------------------------------------------------- cleaning what the reader typed

_LINE_BREAKS = re.compile(r"\r\n|[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile(r"\s+")


def _printable(text: str) -> str:
    """NFC, no lone surrogates, no control characters but line breaks; tabs become spaces."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = unicodedata.normalize("NFC", _LINE_BREAKS.sub("\n", text)).replace("\t", " ")
    return "".join(ch for ch in text if ch == "\n" or unicodedata.category(ch) != "Cc")


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", _printable(text)).strip()


def _cut(text: str, limit: int, marker: str) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rstrip() + " " + marker.format(limit=limit)


def clean_notes(notes: str) -> str:
    """Notes as the sheet shows them: line breaks kept, blank runs shortened, cut at the limit."""
    lines = [line.rstrip() for line in _printable(notes).split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")
    return _cut(text, MAX_NOTES_CHARS, WORDS.notes_cut)


def clean_own_question(text: str) -> str:
    """An own question as the sheet shows it: one line, cut at the limit ("" when blank)."""
    return _cut(_one_line(text), MAX_QUESTION_CHARS, WORDS.question_cut)


# ---------------------------------------------------------------- building the sheet


class _Cited:
    """Source ids in the order the sheet first uses them."""

    def __init__(self) -> None:
        self.ids: dict[str, None] = {}

    def add(self, source_ids: Iterable[str]) -> None:
        self.ids.update(dict.fromkeys(source_ids))


def _situation_section(pack: ContentPack, situation: Situation, cited: _Cited) -> Section:
    blocks: list[Block] = []
    asked = facts_asked_at(pack, situation.step)  # a fact not asked at this step is left out
    for fact in sorted(asked, key=lambda fact: (fact.order, fact.id)):
        if fact.kind is FactKind.AGE:  # the age line is the reader's number, not a sourced fact
            template = WORDS.age_unknown if situation.age is None else WORDS.age_known
            text = template.format(label=fact.label, years=situation.age)
            blocks.append(Block(BlockKind.ITEM, text=_one_line(text)))
            continue
        value = situation.value_of(fact.id)
        row = next((row for row in fact.values if row.value == value), None)
        if row is not None:
            cited.add(row.source_ids)
            blocks.append(Block(BlockKind.ITEM, text=_one_line(row.sheet_text)))
    return Section(SectionId.SITUATION, WORDS.heading_situation, tuple(blocks))


def _where_section(pack: ContentPack, step_id: str | None, cited: _Cited) -> Section:
    if step_id is None:
        return Section(
            SectionId.WHERE, WORDS.heading_where, (Block(BlockKind.TEXT, WORDS.no_step),)
        )
    step = pack.step(step_id)
    cited.add(step.source_ids)
    blocks = [Block(BlockKind.TEXT, _one_line(step.summary), lead=_one_line(step.title))]
    moves = []
    for transition, target in next_steps(pack, step_id):
        cited.add(transition.source_ids)
        moves.append(
            WORDS.next_step.format(when=_one_line(transition.label), title=_one_line(target.title))
        )
    if moves:
        blocks.append(Block(BlockKind.TEXT, NEXT_STEPS_JOINER.join(moves), lead=WORDS.heading_next))
    return Section(SectionId.WHERE, WORDS.heading_where, tuple(blocks))


def _options_section(pack: ContentPack, situation: Situation, cited: _Cited) -> Section:
    if is_child(pack, situation):
        childhood = pack.text(CHILDHOOD_TEXT_ID)
        cited.add(childhood.source_ids)
        return Section(
            SectionId.OPTIONS,
            WORDS.heading_options,
            (Block(BlockKind.TEXT, _one_line(childhood.body)),),
        )
    phase = phase_for_step(pack, situation.step)
    if phase is None:
        text = WORDS.no_options_no_step if situation.step is None else WORDS.no_options_at_step
        return Section(SectionId.OPTIONS, WORDS.heading_options, (Block(BlockKind.TEXT, text),))
    judged = verdicts(pack, situation)
    if not judged:
        return Section(
            SectionId.OPTIONS,
            WORDS.heading_options,
            (Block(BlockKind.TEXT, WORDS.no_options_at_step),),
        )
    listed: list[Block] = []
    fda_only: list[Block] = []
    others: list[Block] = []
    for verdict in judged:
        option = verdict.option
        cited.add(option.source_ids)
        if option.condition_ids:
            for condition_id in option.condition_ids:
                cited.add(pack.condition(condition_id).source_ids)
        else:
            cited.add(pack.text(REASON_NO_CONDITIONS_TEXT_ID).source_ids)
        reason = _one_line(verdict.reason)
        if option.is_fda_only:
            reason = " ".join((reason, *_approval_dates(pack, option, cited)))
        block = Block(
            BlockKind.ITEM,
            lead=_one_line(option.name),
            tag=relevance_words(verdict.relevance, fda_only=option.is_fda_only),
            text=reason,
        )
        if verdict.relevance is Relevance.DOES_NOT_APPLY:
            others.append(block)
        else:
            (fda_only if option.is_fda_only else listed).append(block)
    blocks = [
        Block(BlockKind.TEXT, WORDS.sheet_options_for_phase.format(phase=_one_line(phase.title))),
        *listed,
    ]
    if fda_only:
        blocks += [Block(BlockKind.SUBHEADING, WORDS.not_in_summary_words), *fda_only]
    if others:
        blocks += [Block(BlockKind.SUBHEADING, RELEVANCE_WORDS[Relevance.DOES_NOT_APPLY]), *others]
    return Section(SectionId.OPTIONS, WORDS.heading_options, tuple(blocks))


def _approval_dates(pack: ContentPack, option, cited: _Cited) -> list[str]:
    """The dates of an option's FDA approvals in one short sentence (paper has little room;
    who each approval covers is on its card in the app), newer-than-the-summary marked."""
    dates = []
    for approval in option.approvals:
        cited.add(approval.source_ids)
        words = date_words(datetime.date.fromisoformat(approval.date))
        if is_newer_than_summary(approval.date, pack):
            words += f" ({WORDS.newer_than_summary_words})"
        dates.append(words)
    return [WORDS.approval_dates.format(dates="; ".join(dates))] if dates else []


def _questions_section(
    pack: ContentPack, situation: Situation, items: tuple[BasketItem, ...], cited: _Cited
) -> tuple[Section, tuple[str, ...]]:
    """The basket in the reader's order (or the step's questions if it is empty); unknown ids."""
    texts: list[str] = []
    skipped: list[str] = []
    seen: set[str] = set()
    own_count = 0
    own_left_out = 0
    for item in items:
        if item.question_id is not None:
            if not pack.has_question(item.question_id):
                skipped.append(item.question_id)
            elif item.question_id not in seen:
                seen.add(item.question_id)
                question = pack.question(item.question_id)
                cited.add(question.source_ids)
                texts.append(_one_line(question.text))
            continue
        text = clean_own_question(item.own_text or "")
        if not text:
            continue
        if own_count >= MAX_OWN_QUESTIONS:
            own_left_out += 1
            continue
        own_count += 1
        texts.append(text)

    blocks: list[Block] = []
    if not texts:  # an empty basket: the step's questions as a short list to choose from
        step_id = situation.step
        suggested = questions_for_step(pack, step_id)
        if suggested:
            intro = (
                WORDS.questions_suggested_any_step
                if step_id is None
                else WORDS.questions_suggested_at_step
            )
            blocks.append(Block(BlockKind.TEXT, intro))
        for question in suggested:
            cited.add(question.source_ids)
            blocks.append(Block(BlockKind.ITEM, text=_one_line(question.text)))
    blocks += [
        Block(BlockKind.QUESTION, text=text, number=number, lines=ANSWER_LINES)
        for number, text in enumerate(texts, start=1)
    ]
    if own_left_out:
        note = WORDS.own_questions_left_out.format(count=own_left_out, limit=MAX_OWN_QUESTIONS)
        blocks.append(Block(BlockKind.TEXT, note))
    return Section(SectionId.QUESTIONS, WORDS.heading_questions, tuple(blocks)), tuple(skipped)


def _notes_section(notes: str) -> Section:
    text = clean_notes(notes)
    block = (
        Block(BlockKind.TEXT, text)
        if text
        else Block(BlockKind.WRITING_SPACE, lines=BLANK_NOTE_LINES)
    )
    return Section(SectionId.NOTES, WORDS.heading_notes, (block,))


def _map_section(pack: ContentPack, situation: Situation, cited: _Cited) -> Section:
    """The map as its text outline: each step, its kind and where it leads, the bands beside.

    The PDF draws the map's picture instead where Graphviz's `dot` can make one."""
    blocks = [Block(BlockKind.TEXT, WORDS.map_outline_intro)]
    for entry in outline(pack, situation):
        cited.add(entry.step.source_ids)
        moves = []
        for transition, target in entry.leads_to:
            cited.add(transition.source_ids)
            moves.append(
                WORDS.next_step.format(
                    when=_one_line(transition.label), title=_one_line(target.title)
                )
            )
        blocks.append(
            Block(
                BlockKind.ITEM,
                lead=WORDS.map_step.format(
                    title=_one_line(entry.step.title), kind=entry.kind_words
                ),
                tag=WORDS.here_words if entry.is_here else "",
                text=NEXT_STEPS_JOINER.join(moves) or WORDS.end_of_map_words,
            )
        )
    if pack.bands:
        blocks.append(Block(BlockKind.SUBHEADING, WORDS.bands_title))
    for band in pack.bands:
        cited.add(band.source_ids)
        scope = band_scope(pack, band.step_ids)
        blocks.append(Block(BlockKind.ITEM, lead=_one_line(band.title), text=_one_line(scope)))
    return Section(SectionId.MAP, WORDS.heading_map, tuple(blocks))


def _timeline_section(pack: ContentPack, situation: Situation, cited: _Cited) -> list[Section]:
    """How long each part often takes, as the page's picture says it in words: each part and
    how long, the reader's step marked, with what varies for the marked parts (the page has it
    for every part; the sheet stays short). None for a pack with no timeline."""
    if not pack.timeline:
        return []
    intro = pack.text(TIMELINE_TEXT_ID)
    cited.add(intro.source_ids)
    blocks = [Block(BlockKind.TEXT, _one_line(intro.body))]
    for row in timeline_rows(pack, situation.step):
        cited.add(row.entry.source_ids)
        text = _one_line(row.how_long)
        if row.mark:
            text = WORDS.timeline_sheet_item.format(
                how_long=text, varies=_one_line(row.entry.what_varies)
            )
        blocks.append(
            Block(BlockKind.ITEM, lead=_one_line(row.name), tag=row.mark_words, text=text)
        )
    return [Section(SectionId.TIMELINE, _one_line(intro.title), tuple(blocks))]


def _name_pattern(name: str) -> re.Pattern[str] | None:
    """A whole-word pattern for a glossary name; case matters only for acronyms ("ALL", "CNS")."""
    name = _one_line(name)
    if not name:
        return None
    body = r"\s+".join(re.escape(part) for part in name.split(" "))
    is_acronym = name.upper() == name and any(ch.isalpha() for ch in name)
    return re.compile(r"(?<!\w)" + body + r"(?!\w)", flags=0 if is_acronym else re.IGNORECASE)


def _terms_used(pack: ContentPack, words: str) -> list[GlossaryTerm]:
    """Glossary entries whose term or other name appears in `words`.

    The longest name wins where names overlap, so "Philadelphia chromosome" brings its own entry
    and not also "chromosome"; a shorter term still counts where it stands on its own.
    """
    matches: list[tuple[int, int, GlossaryTerm]] = []
    for entry in pack.glossary:
        for name in entry.names:
            pattern = _name_pattern(name) if name else None
            if pattern is not None:
                matches += [(m.start(), m.end(), entry) for m in pattern.finditer(words)]
    taken: list[tuple[int, int]] = []
    used: dict[str, GlossaryTerm] = {}
    for start, end, entry in sorted(matches, key=lambda m: (m[0] - m[1], m[0])):
        if all(end <= s or start >= e for s, e in taken):
            taken.append((start, end))
            used.setdefault(entry.id, entry)
    return sorted(used.values(), key=lambda entry: (entry.term.casefold(), entry.id))


def _glossary_section(pack: ContentPack, words: str, cited: _Cited) -> Section | None:
    blocks = []
    for entry in _terms_used(pack, words):
        cited.add(entry.source_ids)
        lead = _one_line(entry.term)
        if english := pack.english_term("glossary", entry.id):  # the care team's word beside
            lead = f"{lead} ({WORDS.english_term.format(term=english)})"
        if entry.also_called:
            other = _one_line(", ".join(entry.also_called))
            lead = WORDS.sheet_also_called.format(term=lead, other=other)
        blocks.append(Block(BlockKind.ITEM, lead=lead, text=_one_line(entry.definition)))
    return Section(SectionId.GLOSSARY, WORDS.heading_glossary, tuple(blocks)) if blocks else None


def _glossary_with_clinic_words(
    pack: ContentPack, step_id: str | None, words: str, cited: _Cited
) -> Section | None:
    """The sheet's glossary, led by the names a care team may use for the reader's step, each then
    explained below it. (Not in "Where you are": its one more line would push the questions off
    page 1 of the PDF.)"""
    step = pack.step(step_id) if step_id is not None else None
    clinic = clinic_words(pack, step) if step is not None else ()
    line = _one_line(words_line(clinic, with_english=False))
    glossary = _glossary_section(pack, f"{words}\n{line}", cited)
    if step is None or not clinic or glossary is None:
        return glossary
    lead = WORDS.clinic_words_for_step.format(title=_one_line(step.title))
    first = Block(BlockKind.ITEM, text=line, lead=lead)
    return dataclasses.replace(glossary, blocks=(first, *glossary.blocks))


_DATE_IN_TEXT = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")


def version_words(version: str) -> str:
    """A source's version as the language in use can show it: the editors' own words
    ("web page (read 2026)") in English; in another, only the date in them ("2026"), or ""."""
    if WORDS.language == ENGLISH:
        return version
    found = _DATE_IN_TEXT.search(version)
    return found.group(0) if found else ""


def _sources_section(pack: ContentPack, cited: _Cited) -> Section:
    blocks = []
    for source_id in cited.ids:
        source = pack.source(source_id)
        details = WORDS.source_details.format(
            publisher=_one_line(source.publisher),
            version_date=_one_line(version_words(source.version_date) or source.accessed_on),
        )
        blocks.append(
            Block(BlockKind.ITEM, lead=_one_line(source.title), text=details, url=source.url)
        )
    return Section(SectionId.SOURCES, WORDS.heading_sources, tuple(blocks))


def _share_section(situation: Situation, share_url: str, question_ids: tuple[str, ...]) -> Section:
    """The link that reopens this view; without a known address, the query part of it."""
    url = _one_line(share_url)
    if url:
        link = Block(BlockKind.LINK, url=url)
    else:
        link = Block(
            BlockKind.LINK, WORDS.share_query_intro, url=query_string(situation, question_ids)
        )
    return Section(
        SectionId.SHARE, WORDS.heading_share, (link, Block(BlockKind.TEXT, WORDS.share_link_holds))
    )


# ---------------------------------------------------------------- getting ready to decide


def _guide_text(item: GuideItem, person: Person, cited: _Cited) -> str:
    cited.add(item.source_ids)
    return _one_line(family_words(item) if person is Person.FAMILY else item.text)


def _side_by_side(
    answers: DecisionAnswers, words_of: Callable[[Person, PersonAnswers], str]
) -> str:
    """Each person's answer in one line, and a note where the two differ."""
    said = [(person, words_of(person, person_answers)) for person, person_answers in answers.people]
    if not answers.is_for_two:
        return said[0][1]
    line = WORDS.guide_pair_join.join(
        WORDS.guide_person_answer.format(person=PERSON_WORDS[person], answer=words)
        for person, words in said
    )
    return WORDS.guide_differ.format(answers=line) if said[0][1] != said[1][1] else line


def _guide_line(prompt: str, answers: str) -> Block:
    return Block(BlockKind.ITEM, text=WORDS.guide_line.format(prompt=prompt, answers=answers))


def _values_blocks(pack: ContentPack, answers: DecisionAnswers, cited: _Cited) -> list[Block]:
    """The values marked, in each person's order; the others named in one line."""
    values = pack.guide_items(GuidePart.VALUE)
    blocks: list[Block] = [Block(BlockKind.SUBHEADING, WORDS.guide_values_heading)]
    if not answers.is_for_two:
        for item, place in in_order(pack, answers.patient):
            text = WORDS.guide_ranked.format(
                place=place, value=_guide_text(item, Person.PATIENT, cited)
            )
            blocks.append(Block(BlockKind.ITEM, text=text))
    else:
        for item in values:
            if any(person_answers.place(item.id) for _, person_answers in answers.people):

                def place_words(person: Person, person_answers: PersonAnswers, item=item) -> str:
                    place = person_answers.place(item.id)
                    return (
                        WORDS.guide_place.format(place=place) if place else WORDS.guide_not_marked
                    )

                blocks.append(
                    _guide_line(
                        _guide_text(item, Person.PATIENT, cited),
                        _side_by_side(answers, place_words),
                    )
                )
    unmarked = [
        _guide_text(item, Person.PATIENT, cited)
        for item in values
        if not any(person_answers.place(item.id) for _, person_answers in answers.people)
    ]
    if unmarked:
        blocks.append(Block(BlockKind.TEXT, WORDS.guide_unmarked.format(items="; ".join(unmarked))))
    return blocks


def _chosen_words(
    pack: ContentPack, part: GuidePart, person: Person, chosen: tuple[str, ...], cited: _Cited
) -> str:
    texts = [
        _guide_text(item, person, cited) for item in pack.guide_items(part) if item.id in chosen
    ]
    return "; ".join(texts) or WORDS.guide_not_marked


def _people_blocks(pack: ContentPack, answers: DecisionAnswers, cited: _Cited) -> list[Block]:
    """Who takes part and how to decide, for each person."""
    roles = {item.id: item for item in pack.guide_items(GuidePart.ROLE)}

    def role_words(person: Person, person_answers: PersonAnswers) -> str:
        role = roles.get(person_answers.role or "")
        return _guide_text(role, person, cited).rstrip(".") if role else WORDS.guide_not_answered

    blocks = [Block(BlockKind.SUBHEADING, WORDS.guide_people_heading)]
    for person, person_answers in answers.people:
        lead = (
            WORDS.guide_involved_of.format(person=PERSON_WORDS[person])
            if answers.is_for_two
            else WORDS.guide_involved_lead
        )
        text = _chosen_words(pack, GuidePart.INVOLVED, person, person_answers.involved, cited)
        blocks.append(Block(BlockKind.ITEM, lead=lead, text=text))
    blocks.append(
        Block(BlockKind.ITEM, lead=WORDS.guide_role_lead, text=_side_by_side(answers, role_words))
    )
    return blocks


def _sure_blocks(pack: ContentPack, answers: DecisionAnswers, cited: _Cited) -> list[Block]:
    """The four SURE questions with each person's yes or no, the count of yes, and what a no
    can lead to."""
    items = pack.guide_items(GuidePart.SURE)
    blocks = [Block(BlockKind.SUBHEADING, WORDS.guide_sure_heading)]
    for item in items:

        def answer_words(person: Person, person_answers: PersonAnswers, item=item) -> str:
            answer = person_answers.sure_answer(item.id)
            if answer is None:
                return WORDS.guide_not_answered
            return WORDS.guide_yes if answer else WORDS.guide_no

        blocks.append(
            _guide_line(
                _guide_text(item, Person.PATIENT, cited), _side_by_side(answers, answer_words)
            )
        )
    counts = [
        WORDS.guide_sure_count.format(
            person=PERSON_WORDS[person], yes=yes_count(pack, person_answers), total=len(items)
        )
        for person, person_answers in answers.people
    ]
    blocks.append(Block(BlockKind.TEXT, " ".join(counts)))
    if any(
        person_answers.sure_answer(item.id) is False
        for item in items
        for _, person_answers in answers.people
    ):
        for item in pack.guide_items(GuidePart.SURE_HELP):
            blocks.append(Block(BlockKind.TEXT, _guide_text(item, Person.PATIENT, cited)))
    return blocks


def _next_blocks(pack: ContentPack, answers: DecisionAnswers, cited: _Cited) -> list[Block]:
    blocks = [Block(BlockKind.SUBHEADING, WORDS.guide_next_heading)]
    for person, person_answers in answers.people:
        text = _chosen_words(pack, GuidePart.NEXT_STEP, person, person_answers.next_steps, cited)
        lead = PERSON_WORDS[person] if answers.is_for_two else ""
        blocks.append(Block(BlockKind.ITEM, lead=lead, text=text))
    other = _cut(_one_line(answers.other_next_step), MAX_GUIDE_TEXT_CHARS, WORDS.question_cut)
    if other:
        blocks.append(Block(BlockKind.ITEM, lead=WORDS.guide_own_words, text=other))
    return blocks


def _family_question_blocks(
    pack: ContentPack, step_id: str | None, items: tuple[BasketItem, ...], cited: _Cited
) -> list[Block]:
    """On the sheet for two: the family member's own questions at this step, then the chosen
    questions in the family member's words."""
    texts = [
        _guide_text(item, Person.FAMILY, cited)
        for item in items_at(pack, GuidePart.FAMILY_QUESTION, step_id)
    ]
    for basket_item in items:
        if basket_item.question_id is not None and pack.has_question(basket_item.question_id):
            question = pack.question(basket_item.question_id)
            if question.family_text:
                cited.add(question.source_ids)
                texts.append(_one_line(question.family_text))
    if not texts:
        return []
    return [
        Block(BlockKind.SUBHEADING, WORDS.guide_family_questions_heading),
        *(Block(BlockKind.ITEM, text=text) for text in dict.fromkeys(texts)),
    ]


def _deciding_sections(
    pack: ContentPack, situation: Situation, request: SheetRequest, cited: _Cited
) -> list[Section]:
    """ "Getting ready to decide", after the steps of the Ottawa Personal Decision Guide: the
    decision at hand, what matters most, who takes part and how, the SURE check, next steps, the
    practical matters to plan for and, for two, the family member's questions. Empty (no section)
    until the reader has answered any of it."""
    answers = request.decision
    if answers is None or answers.is_blank:
        return []
    step_id = situation.step
    blocks: list[Block] = []
    for item in pack.guide_items(GuidePart.ABOUT):
        if item.order == 1 or answers.is_for_two:  # the first says what it is; the rest: for two
            blocks.append(Block(BlockKind.TEXT, _guide_text(item, Person.PATIENT, cited)))
    blocks.append(Block(BlockKind.SUBHEADING, WORDS.guide_decision_heading))
    decision = decision_at(pack, step_id)
    if decision is not None:
        blocks.append(Block(BlockKind.TEXT, _guide_text(decision, Person.PATIENT, cited)))
    own = _cut(_one_line(answers.own_words), MAX_GUIDE_TEXT_CHARS, WORDS.question_cut)
    if own:
        blocks.append(Block(BlockKind.ITEM, lead=WORDS.guide_own_words, text=own))
    blocks += _values_blocks(pack, answers, cited)
    blocks += _people_blocks(pack, answers, cited)
    blocks += _sure_blocks(pack, answers, cited)
    blocks += _next_blocks(pack, answers, cited)
    burdens = items_at(pack, GuidePart.BURDEN, step_id)
    if burdens:
        blocks.append(Block(BlockKind.SUBHEADING, WORDS.guide_burdens_heading))
        blocks += [
            Block(BlockKind.ITEM, text=_guide_text(item, Person.PATIENT, cited)) for item in burdens
        ]
    if answers.is_for_two:
        blocks += _family_question_blocks(pack, step_id, request.items, cited)
    return [Section(SectionId.DECIDING, WORDS.heading_deciding, tuple(blocks))]


def build_sheet(pack: ContentPack, request: SheetRequest) -> Sheet:
    """Everything on the sheet for a request; never raises on what the reader typed."""
    situation = request.situation
    if situation.step is not None and not pack.has_step(situation.step):
        situation = situation.with_step(None)
    made_on = request.made_on or datetime.date.today()
    cited = _Cited()
    cited.add(pack.info.source_ids)

    disclaimer = pack.text(DISCLAIMER_TEXT_ID)
    cited.add(disclaimer.source_ids)
    notice = Section(
        SectionId.NOTICE, WORDS.notice_lead, (Block(BlockKind.TEXT, _one_line(disclaimer.body)),)
    )
    situation_section = _situation_section(pack, situation, cited)
    where = _where_section(pack, situation.step, cited)
    questions, skipped = _questions_section(pack, situation, request.items, cited)
    chosen_ids = tuple(
        dict.fromkeys(
            item.question_id
            for item in request.items
            if item.question_id is not None and pack.has_question(item.question_id)
        )
    )
    sections = [
        notice,
        situation_section,
        where,
        questions,
        _notes_section(request.notes),
        _share_section(situation, request.share_url, chosen_ids),
        *_deciding_sections(pack, situation, request, cited),
        _map_section(pack, situation, cited),
        _options_section(pack, situation, cited),
        *_timeline_section(pack, situation, cited),
    ]
    title = WORDS.sheet_title
    byline = WORDS.byline.format(
        pack_title=_one_line(pack.info.title),
        made_on=WORDS.made_on.format(date=date_words(made_on)),
    )
    # The map's labels stay out of the glossary: they name every step of the journey, and the
    # glossary explains the words of this reader's part of it (so does the timeline's list).
    so_far = Sheet(
        title, byline, pack.info.language, made_on,
        tuple(s for s in sections if s.id not in (SectionId.MAP, SectionId.TIMELINE)),
    )  # fmt: skip
    glossary = _glossary_with_clinic_words(pack, situation.step, so_far.content_words(), cited)
    if glossary is not None:
        sections.append(glossary)
    sections.append(_sources_section(pack, cited))
    return Sheet(title, byline, pack.info.language, made_on, tuple(sections), skipped, situation)


def _item_parts(block: Block) -> tuple[str, str]:
    """(bold part, plain part) of an item, the same in both formats."""
    if block.lead and block.tag:
        return WORDS.lead_with_tag.format(lead=block.lead, tag=block.tag), block.text
    if block.lead:
        return WORDS.lead_alone.format(lead=block.lead), block.text
    return "", block.text


_WEB_ADDRESS = re.compile(r"https?://[^\s<>\"'`\\]+")


def _is_web_address(url: str) -> bool:
    return _WEB_ADDRESS.fullmatch(url) is not None


# ---------------------------------------------------------------- Markdown

#: Characters that could start Markdown (or GitHub Markdown, or HTML) anywhere in a line.
_MD_SPECIAL = "\\`*_[](){}#|!~$"
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_LINE_START = re.compile(r"(?:^|(?<=[\r\n]))([ \t]*)(?:([-+=])|(\d+)\.)?")
_MD_INDENT = {" ": "&#32;", "\t": "&#9;"}
_MD_UNESCAPE = re.compile(r"\\([\\`*_\[\](){}#|!~$.+=-])|&(amp|lt|gt|#32|#9);")
_MD_UNENTITIES = {"amp": "&", "lt": "<", "gt": ">", "#32": " ", "#9": "\t"}
MD_RULE = "_" * 48


def escape_markdown(text: str) -> str:
    """Text that any Markdown renderer shows literally: never a tag, link, list or heading.

    Punctuation that means something in Markdown is backslash-escaped, `& < >` become entities, a
    line's leading spaces and tabs become entities (no code block), its leading `-`, `+`, `=`, `1.`
    are escaped (no list, no heading). `unescape_markdown` gives the text back exactly.
    """
    out = "".join(_MD_ENTITIES.get(ch) or ("\\" + ch if ch in _MD_SPECIAL else ch) for ch in text)

    def line_start(match: re.Match[str]) -> str:
        spaces, marker, number = match.group(1), match.group(2), match.group(3)
        escaped = "\\" + marker if marker else (number + "\\." if number else "")
        return "".join(_MD_INDENT[ch] for ch in spaces) + escaped

    return _MD_LINE_START.sub(line_start, out)


def unescape_markdown(text: str) -> str:
    """The inverse of `escape_markdown`."""
    return _MD_UNESCAPE.sub(lambda m: m.group(1) or _MD_UNENTITIES[m.group(2)], text)


def _md_text(text: str) -> str:
    """A paragraph: single line breaks become hard breaks, blank lines separate paragraphs."""
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        "\\\n".join(escape_markdown(line) for line in paragraph.split("\n"))
        for paragraph in paragraphs
    )


def _md_item(block: Block) -> str:
    bold, plain = _item_parts(block)
    parts = []
    if bold:
        parts.append(f"**{escape_markdown(bold)}**")
    if plain:
        parts.append(escape_markdown(plain))
    if block.url:
        parts.append(_md_link(block.url))
    return "- " + " ".join(parts)


def _md_link(url: str) -> str:
    if _is_web_address(url):
        return f"<{url}>"
    if re.fullmatch(r"\?[A-Za-z0-9_.,%&=+\-]*", url):
        return f"`{url}`"
    return escape_markdown(url)


def _md_block(block: Block) -> list[str]:
    if block.kind is BlockKind.TEXT and block.lead:
        lead = escape_markdown(WORDS.lead_alone.format(lead=block.lead))
        return [f"**{lead}** {_md_text(block.text)}"]
    if block.kind is BlockKind.TEXT:
        return [_md_text(block.text)]
    if block.kind is BlockKind.SUBHEADING:
        return [f"### {escape_markdown(block.text)}"]
    if block.kind is BlockKind.ITEM:
        return [_md_item(block)]
    if block.kind is BlockKind.QUESTION:
        marker = f"{block.number}. "
        indent = " " * len(marker)
        lines = [f"{marker}{escape_markdown(block.text)}", f"{indent}{WORDS.answer} {MD_RULE}"]
        lines += [f"{indent}{MD_RULE}"] * (block.lines - 1)
        return lines
    if block.kind is BlockKind.WRITING_SPACE:
        return [MD_RULE] * block.lines
    if block.kind is BlockKind.LINK:
        return [
            " ".join(part for part in (escape_markdown(block.text), _md_link(block.url)) if part)
        ]
    raise ValueError(f"unknown block kind {block.kind!r}")  # pragma: no cover


def _md_join(blocks: list[list[str]]) -> str:
    """Consecutive items form one list; every other block is its own paragraph."""
    out: list[str] = []
    previous_item = False
    for lines in blocks:
        is_item = lines[0].startswith("- ")
        if out:
            out.append("\n" if is_item and previous_item else "\n\n")
        out.append("\n\n".join(lines))
        previous_item = is_item
    return "".join(out)


def sheet_markdown(pack: ContentPack, request: SheetRequest) -> str:
    """The sheet as Markdown: every piece of pack or reader text escaped so it shows literally."""
    sheet = build_sheet(pack, request)
    parts = [f"# {escape_markdown(sheet.title)}", escape_markdown(sheet.byline)]
    for section in sheet.sections:
        if section.id is SectionId.NOTICE:
            lead = escape_markdown(WORDS.lead_alone.format(lead=section.heading))
            text = escape_markdown(" ".join(block.text for block in section.blocks))
            parts.append(f"> **{lead}** {text}")
            continue
        parts.append(f"## {escape_markdown(section.heading)}")
        parts.append(_md_join([_md_block(block) for block in section.blocks]))
    return "\n\n".join(parts) + "\n"


# ---------------------------------------------------------------- PDF


class FontMissingError(RuntimeError):
    """The DejaVu Sans files that matplotlib ships were not found."""


def sheet_pdf(pack: ContentPack, request: SheetRequest) -> bytes:
    """The sheet as a PDF for print (journey.sheet_pdf; fpdf is imported only when one is made)."""
    from journey.sheet_pdf import render_pdf

    return render_pdf(pack, request)


def write_sheet(pack: ContentPack, request: SheetRequest, fmt: str, path: Path) -> None:
    """Write the sheet as `md` or `pdf` to `path`; OSError when it cannot be written.

    The sheet is made before the file is opened, so a failure never leaves half a file.
    """
    kind = SheetFormat(fmt)
    if kind is SheetFormat.MD:
        data = sheet_markdown(pack, request).encode("utf-8")
    else:
        data = sheet_pdf(pack, request)
    Path(path).write_bytes(data)


# ---------------------------------------------------------------- the diagram, for download


def has_dot() -> bool:
    """Whether Graphviz's `dot` program is installed (needed for SVG and PNG, not for DOT)."""
    return shutil.which("dot") is not None


def diagram_dot(pack: ContentPack, situation: Situation) -> str:
    """The journey diagram as DOT source, "you are here" marked; needs no `dot` program."""
    return build_diagram(pack, situation, with_links=False).source


@dataclass(frozen=True, slots=True)
class MapPictures:
    """The map for paper, as two PNGs: the journey on its own, then its key and bands."""

    journey: bytes
    key: bytes


def map_pictures(pack: ContentPack, situation: Situation, *, dpi: int) -> MapPictures | None:
    """The printed map at `dpi`: the journey (its words larger than on screen) and, apart, the
    key and the bands, so each prints as large as a page allows; None without `dot`."""
    if not has_dot():
        return None
    graphs = (build_print_journey(pack, situation), build_key_and_bands(pack))
    for graph in graphs:
        graph.graph_attr["dpi"] = str(dpi)
    try:
        journey, key = (graph.pipe(format=ImageFormat.PNG.value) for graph in graphs)
    except graphviz.ExecutableNotFound:
        return None
    return MapPictures(journey, key)


def diagram_image(
    pack: ContentPack, situation: Situation, fmt: str, *, dpi: int | None = None
) -> bytes | None:
    """The diagram drawn as `svg` or `png` by Graphviz (a PNG at `dpi` dots per inch, Graphviz's
    96 when None); None when the `dot` program is missing."""
    kind = ImageFormat(fmt)
    if not has_dot():
        return None
    graph = build_diagram(pack, situation, with_links=False)
    if dpi is not None:
        graph.graph_attr["dpi"] = str(dpi)
    try:
        return graph.pipe(format=kind.value)
    except graphviz.ExecutableNotFound:
        return None
