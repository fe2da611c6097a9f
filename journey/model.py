"""The journey model: closed sets as enums, rows as frozen dataclasses, the pack as one object."""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


class StepKind(enum.StrEnum):
    """What a node of the journey is."""

    BEFORE = "before"
    STATE = "state"
    PHASE = "phase"
    AFTER = "after"


class State(enum.StrEnum):
    """The three states of ALL that the summary uses instead of stages."""

    UNTREATED = "untreated"
    REMISSION = "remission"
    RECURRENT = "recurrent"


class Category(enum.StrEnum):
    """The kind of treatment an option belongs to."""

    CHEMOTHERAPY = "chemotherapy"
    CNS_PROPHYLAXIS = "cns_prophylaxis"
    RADIATION = "radiation"
    TRANSPLANT = "transplant"
    TARGETED = "targeted"
    IMMUNOTHERAPY = "immunotherapy"
    SUPPORTIVE = "supportive"
    PALLIATIVE = "palliative"
    CLINICAL_TRIAL = "clinical_trial"


class Relevance(enum.StrEnum):
    """How an option relates to a situation; values are the CLI's `applies` field."""

    APPLIES = "yes"
    MAY_APPLY = "maybe"
    DOES_NOT_APPLY = "no"


class FactId(enum.StrEnum):
    """The few facts that change which options the summary lists."""

    PH = "ph"
    LINEAGE = "lineage"
    KMT2A = "kmt2a"
    CNS = "cns"
    AGE = "age"


UNKNOWN = "unknown"

#: Allowed values of each categorical fact; `unknown` is the default of every one.
FACT_VALUES: Mapping[FactId, tuple[str, ...]] = MappingProxyType(
    {
        FactId.PH: ("positive", "negative", UNKNOWN),
        FactId.LINEAGE: ("b", "t", UNKNOWN),
        FactId.KMT2A: ("yes", "no", UNKNOWN),
        FactId.CNS: ("yes", "no", UNKNOWN),
    }
)

MIN_AGE_YEARS = 18
MAX_AGE_YEARS = 120
#: The youngest age a person can have and still be asked about; younger means the childhood summary.
MIN_ASKABLE_AGE_YEARS = 0

#: Text ids the app and the sheet need from texts.csv.
REQUIRED_TEXT_IDS: tuple[str, ...] = (
    "disclaimer",
    "care_team_decides",
    "childhood_pointer",
    "reason_no_conditions",
    "reason_other_phase",
    "start_what_this_is",
    "start_what_this_is_not",
    "where_am_i_intro",
    "where_am_i_only_team",
    "where_q_started",
    "where_q_tests",
    "where_q_back",
    "trials_intro",
    "walkthrough_intro",
    "sheet_intro",
    "about_purpose",
    "about_how_written",
    "about_review",
    "about_update_policy",
    "about_privacy",
    "about_accessibility",
    "about_no_sponsor",
    "about_contact",
    "options_intro",
    "other_situations_intro",
    "tests_intro",
    "glossary_intro",
)


@dataclass(frozen=True, slots=True)
class Sourced:
    """Fields every row of reader-facing text carries."""

    source_ids: tuple[str, ...]
    reviewed_on: str


@dataclass(frozen=True, slots=True)
class PackInfo(Sourced):
    id: str
    title: str
    language: str
    summary_title: str
    summary_version: str
    summary_url: str


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    publisher: str
    url: str
    version_date: str
    accessed_on: str
    note: str


@dataclass(frozen=True, slots=True)
class Step(Sourced):
    id: str
    kind: StepKind
    state: State | None
    order: int
    label: str
    title: str
    summary: str
    what_happens: str
    what_it_is_like: str


@dataclass(frozen=True, slots=True)
class Transition(Sourced):
    id: str
    from_step: str
    to_step: str
    label: str


@dataclass(frozen=True, slots=True)
class Band(Sourced):
    id: str
    label: str
    title: str
    summary: str
    step_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TopicItem(Sourced):
    id: str
    topic_id: str
    order: int
    text: str


@dataclass(frozen=True, slots=True)
class Topic(Sourced):
    id: str
    step_id: str | None
    order: int
    title: str
    intro: str
    items: tuple[TopicItem, ...]


@dataclass(frozen=True, slots=True)
class Treatment(Sourced):
    id: str
    name: str
    category: Category
    what_it_is: str
    how_given: str
    what_it_may_do: str
    burdens: str
    what_it_is_like: str


@dataclass(frozen=True, slots=True)
class Drug(Sourced):
    id: str
    generic_name: str
    treatment_id: str
    what_it_is: str
    label_status: str
    main_risks: str
    in_pdq_summary: bool
    brands: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Condition(Sourced):
    """A fact value (or age range) under which an option is listed."""

    id: str
    fact_id: FactId
    value: str | None
    min_age: int | None
    max_age: int | None
    applies_reason: str
    conflict_reason: str
    unknown_reason: str


@dataclass(frozen=True, slots=True)
class Option(Sourced):
    id: str
    phase_id: str
    order: int
    name: str
    category: Category
    treatment_id: str
    listed_for: str
    what_it_is: str
    how_given: str
    what_it_may_do: str
    burdens: str
    what_it_is_like: str
    drug_ids: tuple[str, ...]
    condition_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FactValue(Sourced):
    id: str
    fact_id: FactId
    value: str
    label: str
    sheet_text: str


@dataclass(frozen=True, slots=True)
class Fact(Sourced):
    id: FactId
    order: int
    label: str
    question: str
    help: str
    values: tuple[FactValue, ...]


@dataclass(frozen=True, slots=True)
class TestGroup(Sourced):
    id: str
    order: int
    title: str
    intro: str


@dataclass(frozen=True, slots=True)
class MedicalTest(Sourced):
    """A test or procedure (named so that pytest does not collect it)."""

    id: str
    group_id: str
    order: int
    name: str
    what_it_is: str
    what_it_finds: str
    what_it_is_like: str
    step_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GlossaryTerm(Sourced):
    id: str
    term: str
    also_called: str
    definition: str


@dataclass(frozen=True, slots=True)
class Question(Sourced):
    id: str
    step_id: str | None
    order: int
    text: str


@dataclass(frozen=True, slots=True)
class Text(Sourced):
    id: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class TrialLink(Sourced):
    id: str
    step_id: str
    order: int
    label: str
    url: str


def _by_id(rows) -> Mapping[str, object]:
    return MappingProxyType({row.id: row for row in rows})


@dataclass(frozen=True)
class ContentPack:
    """The whole validated content pack, immutable, with look-ups by id."""

    info: PackInfo
    sources: tuple[Source, ...]
    steps: tuple[Step, ...]
    transitions: tuple[Transition, ...]
    bands: tuple[Band, ...]
    topics: tuple[Topic, ...]
    treatments: tuple[Treatment, ...]
    drugs: tuple[Drug, ...]
    options: tuple[Option, ...]
    conditions: tuple[Condition, ...]
    facts: tuple[Fact, ...]
    test_groups: tuple[TestGroup, ...]
    tests: tuple[MedicalTest, ...]
    glossary: tuple[GlossaryTerm, ...]
    questions: tuple[Question, ...]
    texts: tuple[Text, ...]
    trial_links: tuple[TrialLink, ...]
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in (
            "sources",
            "steps",
            "bands",
            "topics",
            "treatments",
            "drugs",
            "options",
            "conditions",
            "facts",
            "test_groups",
            "tests",
            "glossary",
            "questions",
            "texts",
        ):
            self._index[name] = _by_id(getattr(self, name))

    def source(self, source_id: str) -> Source:
        return self._index["sources"][source_id]

    def step(self, step_id: str) -> Step:
        return self._index["steps"][step_id]

    def has_step(self, step_id: str) -> bool:
        return step_id in self._index["steps"]

    def treatment(self, treatment_id: str) -> Treatment:
        return self._index["treatments"][treatment_id]

    def drug(self, drug_id: str) -> Drug:
        return self._index["drugs"][drug_id]

    def option(self, option_id: str) -> Option:
        return self._index["options"][option_id]

    def condition(self, condition_id: str) -> Condition:
        return self._index["conditions"][condition_id]

    def fact(self, fact_id: FactId) -> Fact:
        return self._index["facts"][fact_id]

    def test(self, test_id: str) -> MedicalTest:
        return self._index["tests"][test_id]

    def test_group(self, group_id: str) -> TestGroup:
        return self._index["test_groups"][group_id]

    def question(self, question_id: str) -> Question:
        return self._index["questions"][question_id]

    def has_question(self, question_id: str) -> bool:
        return question_id in self._index["questions"]

    def text(self, text_id: str) -> Text:
        return self._index["texts"][text_id]

    def glossary_term(self, term_id: str) -> GlossaryTerm:
        return self._index["glossary"][term_id]

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)

    def state_step(self, state: State) -> Step:
        """The step of kind `state` for one of the three states."""
        return next(step for step in self.steps if step.state is state)
