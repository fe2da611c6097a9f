"""Getting ready to decide: the reader's answers to the decision guide, as one frozen value.

The prompts are data (`decision_guide.csv`, parts in `journey.model.GuidePart`), written after
the steps of the Ottawa Personal Decision Guide and its Guide for Two. This module holds what the
reader marked, chose and typed, for one person or for two (the patient and one family member, side
by side), and the pure look-ups that the page and the sheet share. Nothing here is stored: the
answers live in the browser session and in the sheet the reader downloads.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from journey.model import ContentPack, GuideItem, GuidePart
from journey.navigation import phase_for_step
from journey.words import WORDS, enum_words

#: The longest text the reader may type for the decision in their words or another next step.
MAX_GUIDE_TEXT_CHARS = 300


class Person(enum.StrEnum):
    """Who answers: the patient, and on the sheet for two, one family member beside them."""

    PATIENT = "patient"
    FAMILY = "family"


PERSON_WORDS = enum_words(WORDS, "guide_person_words", Person)


@dataclass(frozen=True)
class PersonAnswers:
    """One person's answers; ids are `decision_guide.csv` ids, unknown ones are left out."""

    #: Each value marked as mattering, with its place (1 = matters most).
    places: tuple[tuple[str, int], ...] = ()
    involved: tuple[str, ...] = ()
    role: str | None = None
    #: Each SURE question answered: True for yes, False for no.
    sure: tuple[tuple[str, bool], ...] = ()
    next_steps: tuple[str, ...] = ()

    def place(self, value_id: str) -> int | None:
        return dict(self.places).get(value_id)

    def sure_answer(self, sure_id: str) -> bool | None:
        return dict(self.sure).get(sure_id)

    @property
    def is_blank(self) -> bool:
        return not (self.places or self.involved or self.role or self.sure or self.next_steps)


@dataclass(frozen=True)
class DecisionAnswers:
    """Everything the reader gave the guide; `family` is set on the sheet for two."""

    patient: PersonAnswers = field(default_factory=PersonAnswers)
    family: PersonAnswers | None = None
    own_words: str = ""  # the decision at hand, in the reader's words
    other_next_step: str = ""  # a next step in the reader's words

    @property
    def is_for_two(self) -> bool:
        return self.family is not None

    @property
    def people(self) -> tuple[tuple[Person, PersonAnswers], ...]:
        """(who, answers) for each person who answers, the patient first."""
        if self.family is None:
            return ((Person.PATIENT, self.patient),)
        return ((Person.PATIENT, self.patient), (Person.FAMILY, self.family))

    @property
    def is_blank(self) -> bool:
        return (
            all(answers.is_blank for _, answers in self.people)
            and not self.own_words.strip()
            and not self.other_next_step.strip()
        )


def _steps_of(pack: ContentPack, step_id: str | None) -> tuple[str, ...]:
    """The step and, for a state, the phase that follows it: whose prompts a reader there meets."""
    if step_id is None or not pack.has_step(step_id):
        return ()
    phase = phase_for_step(pack, step_id)
    return tuple(dict.fromkeys((step_id, *((phase.id,) if phase is not None else ()))))


def decision_at(pack: ContentPack, step_id: str | None) -> GuideItem | None:
    """The decision at hand at a step: its own, else its phase's, else the one for any step."""
    decisions = pack.guide_items(GuidePart.DECISION)
    for step in (*_steps_of(pack, step_id), None):
        found = next((item for item in decisions if item.step_id == step), None)
        if found is not None:
            return found
    return None


def items_at(pack: ContentPack, part: GuidePart, step_id: str | None) -> tuple[GuideItem, ...]:
    """The prompts of a part that a reader at a step meets: those for any step, then the step's
    and its phase's, each in its order."""
    steps = _steps_of(pack, step_id)
    items = pack.guide_items(part)
    return tuple(item for item in items if item.step_id is None) + tuple(
        item for step in steps for item in items if item.step_id == step
    )


def in_order(pack: ContentPack, answers: PersonAnswers) -> tuple[tuple[GuideItem, int], ...]:
    """The values a person marked, as (prompt, place), by place (ties in the guide's order)."""
    values = pack.guide_items(GuidePart.VALUE)
    rank = {item.id: index for index, item in enumerate(values)}
    marked = [(item, answers.place(item.id)) for item in values if answers.place(item.id)]
    return tuple(sorted(marked, key=lambda pair: (pair[1], rank[pair[0].id])))


def yes_count(pack: ContentPack, answers: PersonAnswers) -> int:
    """How many of the SURE questions a person answered yes."""
    return sum(answers.sure_answer(item.id) is True for item in pack.guide_items(GuidePart.SURE))


def family_words(item: GuideItem) -> str:
    """A prompt as the family member reads it: its family wording, else the same words."""
    return item.family_text or item.text
