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
    """The role a state step plays in the plain "where am I?" triage (its step id is data)."""

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


class FactKind(enum.StrEnum):
    """How a situation fact is asked: a choice of the pack's values, or an age in years."""

    CHOICE = "choice"
    AGE = "age"


class ConditionKind(enum.StrEnum):
    """The kinds of rule an option can be listed under; the facts they name are data."""

    FACT_IS = "fact_is"  # a choice fact has one of the listed values
    AGE_RANGE = "age_range"  # the age is inside min_age..max_age
    CARE_TEAM = "care_team"  # something only the care team can judge: never more than "may apply"


class LabelStatus(enum.StrEnum):
    """What an FDA label says about an option's use here; values are the CLI's `label_status`."""

    APPROVED = "approved"
    OFF_LABEL = "off_label"
    NOT_A_DRUG = "not_a_drug"


class StepPart(enum.StrEnum):
    """The part of a step's page a "check your understanding" explanation points back to."""

    SUMMARY = "summary"  # the lines at the top of the step
    WHAT_HAPPENS = "what_happens"  # "What happens", with the step's lists
    TESTS = "tests"  # "Tests at this step"


class AliasTable(enum.StrEnum):
    """Tables whose published ids old links and printed sheets may still carry."""

    STEPS = "steps"
    OPTIONS = "options"
    QUESTIONS = "questions"


class GuidePart(enum.StrEnum):
    """The parts of getting ready to decide, after the steps of the Ottawa Personal Decision
    Guide; the prompts of each part are data (decision_guide.csv)."""

    ABOUT = "about"  # what this part of the sheet is and where its steps come from
    DECISION = "decision"  # the decision at hand at a step (or, with no step, in general)
    VALUE = "value"  # a "what matters most to me" prompt, to mark and put in order
    INVOLVED = "involved"  # someone the reader may want to take part in the decision
    ROLE = "role"  # a way to take the decision: on my own, shared, left to the team
    SURE = "sure"  # one of the four yes/no questions of the SURE check
    SURE_HELP = "sure_help"  # what a "no" to any of them can lead to
    NEXT_STEP = "next_step"  # a next step to mark
    BURDEN = "burden"  # a practical matter to plan for (travel, a place to stay, costs, work)
    FAMILY_QUESTION = "family_question"  # a question a family member could ask, in their words


UNKNOWN = "unknown"

MAX_AGE_YEARS = 120
#: The youngest age a person can have and still be asked about; younger means the childhood summary.
MIN_ASKABLE_AGE_YEARS = 0

#: Query parameters and CLI flags the engine owns; no fact of a pack may take one of these ids.
RESERVED_FACT_IDS: tuple[str, ...] = (
    "step",
    "age",
    "q",
    "lang",
    "walk",
    "state",
    "format",
    "data",
    "questions",
    "output",
)
#: The id of the one fact of kind age: its query parameter and flag are always `age`.
AGE_FACT_ID = "age"

#: A step has at most this many "check your understanding" questions, and each question offers
#: from the first to the second number of choices (one of them right): short enough to teach.
MAX_CHECKS_PER_STEP = 3
CHOICES_PER_CHECK = (2, 3)

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
    "about_spanish_summary",
    "about_interpreter",
    "about_changes",
    "about_audit",
    "options_intro",
    "other_situations_intro",
    "tests_intro",
    "glossary_intro",
    "timeline_intro",
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
    summary_date: str
    adult_min_age: int


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
    kind: ConditionKind
    fact_id: str | None
    values: tuple[str, ...]
    min_age: int | None
    max_age: int | None
    applies_reason: str
    conflict_reason: str
    unknown_reason: str


@dataclass(frozen=True, slots=True)
class Approval(Sourced):
    """One FDA approval that covers an option's use, with its date and for whom, in plain words."""

    id: str
    option_id: str
    date: str
    approved_for: str


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
    listed_in_summary: bool
    label_status: LabelStatus
    drug_ids: tuple[str, ...]
    #: Ways in: every condition of one alternative must hold; any one alternative is enough.
    alternatives: tuple[tuple[str, ...], ...]
    approvals: tuple[Approval, ...]

    @property
    def is_fda_only(self) -> bool:
        """An FDA-approved use the summary does not list: shown apart, and said so."""
        return not self.listed_in_summary and self.label_status is LabelStatus.APPROVED

    @property
    def condition_ids(self) -> tuple[str, ...]:
        """Every condition the option names, in order, each once."""
        return tuple(dict.fromkeys(cid for group in self.alternatives for cid in group))


@dataclass(frozen=True, slots=True)
class FactValue(Sourced):
    id: str
    fact_id: str
    value: str
    label: str
    sheet_text: str


@dataclass(frozen=True, slots=True)
class Fact(Sourced):
    id: str
    kind: FactKind
    order: int
    label: str
    question: str
    help: str
    #: Ids of the state steps where the fact is asked; empty means everywhere.
    asked_at: tuple[str, ...]
    values: tuple[FactValue, ...]

    @property
    def value_ids(self) -> tuple[str, ...]:
        return tuple(value.value for value in self.values)


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
    #: Other names of the same thing (a care team's word, the summary's word), each searchable.
    also_called: tuple[str, ...]
    definition: str
    #: The steps where a care team may say this term or one of its other names.
    step_ids: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The term, then each of its other names."""
        return (self.term, *self.also_called)


@dataclass(frozen=True, slots=True)
class Question(Sourced):
    id: str
    step_id: str | None
    order: int
    text: str
    #: The same question in a family member's words ("" when it has none).
    family_text: str = ""


@dataclass(frozen=True, slots=True)
class GuideItem(Sourced):
    """One prompt of getting ready to decide: its part, the step it belongs to (None: any)."""

    id: str
    part: GuidePart
    step_id: str | None
    order: int
    text: str
    #: The same prompt in a family member's words, for the sheet for two ("": the same words).
    family_text: str


@dataclass(frozen=True, slots=True)
class Text(Sourced):
    id: str
    title: str
    body: str


@dataclass(frozen=True, slots=True)
class Alias:
    """An old published id kept working: it opens `target` in the same table."""

    id: str
    table: AliasTable
    target: str


@dataclass(frozen=True, slots=True)
class TrialLink(Sourced):
    id: str
    step_id: str
    order: int
    label: str
    url: str


# ---------------------------------------------------------------- what changed, and the self-audit


class AuditFramework(enum.StrEnum):
    """The published checklists the explorer audits itself against, each part apart."""

    IPDAS_QUALIFYING = "ipdas_qualifying"
    IPDAS_CERTIFICATION = "ipdas_certification"
    PEMAT_P_UNDERSTANDABILITY = "pemat_p_understandability"
    PEMAT_P_ACTIONABILITY = "pemat_p_actionability"
    PEMAT_AV_UNDERSTANDABILITY = "pemat_av_understandability"
    PEMAT_AV_ACTIONABILITY = "pemat_av_actionability"


class AuditStatus(enum.StrEnum):
    """How far the explorer meets one criterion."""

    MEETS = "meets"
    PARTLY = "partly"
    DOES_NOT_MEET = "does_not_meet"
    NOT_APPLICABLE = "not_applicable"


@dataclass(frozen=True, slots=True)
class Change(Sourced):
    """A content change a reader holding a sheet made before `date` needs to know about."""

    id: str
    date: str
    step_id: str | None
    what_changed: str
    older_sheet: str


@dataclass(frozen=True, slots=True)
class AuditItem(Sourced):
    """One criterion of a checklist, in our words, and where the explorer meets it or why not."""

    id: str
    framework: AuditFramework
    order: int
    item: str
    criterion: str
    status: AuditStatus
    how: str


@dataclass(frozen=True, slots=True)
class CheckChoice(Sourced):
    """One answer offered to a check's question; exactly one of a check's choices is right."""

    id: str
    check_id: str
    order: int
    text: str
    correct: bool


@dataclass(frozen=True, slots=True)
class UnderstandingCheck(Sourced):
    """A short question on what a step says, its choices, and why the right one is right: for
    the reader to test their own understanding (not scored, not kept)."""

    id: str
    step_id: str
    order: int
    question: str
    explanation: str
    part: StepPart
    choices: tuple[CheckChoice, ...]

    @property
    def answer(self) -> CheckChoice:
        """The right choice (the pack's checks make sure there is exactly one)."""
        return next(choice for choice in self.choices if choice.correct)


@dataclass(frozen=True, slots=True)
class TimelineEntry(Sourced):
    """How long one part of the journey often takes: words for the reader, weeks for the picture.

    Weeks count from the first day of treatment. Blank weeks: the part is listed in words only
    (it varies too much to draw); a blank `longest_weeks` alone: it goes on past the picture."""

    id: str
    step_id: str | None
    order: int
    label: str
    range_words: str
    start_week: int | None
    shortest_weeks: int | None
    longest_weeks: int | None
    what_varies: str

    @property
    def is_drawn(self) -> bool:
        return self.start_week is not None and self.shortest_weeks is not None

    @property
    def is_open_ended(self) -> bool:
        return self.is_drawn and self.longest_weeks is None


_INDEXED = (
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
)


@dataclass(frozen=True)
class ContentPack:
    """The whole validated content pack, immutable, with look-ups by id.

    The look-up index is built from the pack's own rows and never shared: `dataclasses.replace`
    builds a fresh one, so the one cached pack every session reads can never be changed.
    """

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
    aliases: tuple[Alias, ...] = ()
    timeline: tuple[TimelineEntry, ...] = ()
    changes: tuple[Change, ...] = ()
    audit: tuple[AuditItem, ...] = ()
    checks: tuple[UnderstandingCheck, ...] = ()
    #: The prompts of getting ready to decide, in file order (see `guide_items`).
    decision_guide: tuple[GuideItem, ...] = ()
    #: In a translated pack, the English name of each key term ("steps:induction" -> "Induction
    #: therapy"), shown beside the translation so a reader can match what the care team says.
    english_terms: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    _index: Mapping[str, Mapping[str, object]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {
            name: MappingProxyType({row.id: row for row in getattr(self, name)})
            for name in _INDEXED
        }
        for alias in self.aliases:
            index[f"alias_{alias.table}"] = MappingProxyType(
                {a.id: a.target for a in self.aliases if a.table is alias.table}
            )
        object.__setattr__(self, "_index", MappingProxyType(index))

    def english_term(self, table: str, row_id: str) -> str:
        """The English of a term of a translated pack ("" in English, or where it is the same)."""
        return self.english_terms.get(f"{table}:{row_id}", "")

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

    def fact(self, fact_id: str) -> Fact:
        return self._index["facts"][fact_id]

    def has_fact(self, fact_id: str) -> bool:
        return fact_id in self._index["facts"]

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

    def guide_items(self, part: GuidePart) -> tuple[GuideItem, ...]:
        """The prompts of one part of getting ready to decide, in their order."""
        return tuple(
            sorted(
                (item for item in self.decision_guide if item.part is part),
                key=lambda item: (item.order, item.id),
            )
        )

    def current_id(self, table: AliasTable, published_id: str) -> str:
        """The id a published (possibly old) id stands for today; unknown ids come back as given."""
        return self._index.get(f"alias_{table}", {}).get(published_id, published_id)

    @property
    def step_ids(self) -> tuple[str, ...]:
        return tuple(step.id for step in self.steps)

    @property
    def state_steps(self) -> tuple[Step, ...]:
        """The steps of kind state, in journey order: the ids `show --state` takes."""
        return tuple(
            sorted(
                (step for step in self.steps if step.kind is StepKind.STATE),
                key=lambda step: (step.order, step.id),
            )
        )

    @property
    def choice_facts(self) -> tuple[Fact, ...]:
        return tuple(fact for fact in self.facts if fact.kind is FactKind.CHOICE)

    def state_step(self, state: State) -> Step:
        """The state step that plays one of the triage roles."""
        return next(step for step in self.steps if step.state is state)
