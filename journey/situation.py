"""What the reader tells us, all optional, and its safe round trip through a URL query string."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from journey.model import FACT_VALUES, MAX_AGE_YEARS, MIN_AGE_YEARS, UNKNOWN, FactId

#: Query-parameter names, the single registry of them.
PARAM_STEP = "step"
PARAM_AGE = "age"
PARAM_QUESTIONS = "q"
FACT_PARAMS: tuple[str, ...] = tuple(fact.value for fact in FACT_VALUES)
ALL_PARAMS: tuple[str, ...] = (PARAM_STEP, *FACT_PARAMS, PARAM_AGE, PARAM_QUESTIONS)

MAX_QUESTIONS = 60
_AGE_PATTERN = re.compile(r"[0-9]{1,3}")
_ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")

#: Friendly notices, one per parameter: chrome, not clinical content.
NOTICE_BAD_VALUE = "Part of the link (“{name}”) was not understood, so it was left out."
NOTICE_BAD_AGE = "The age in the link was not a whole number from 0 to 120, so it was left out."
NOTICE_BAD_QUESTIONS = "{count} chosen question(s) in the link were not found and were left out."
NOTICE_UNKNOWN_PARAM = "The link had parts this explorer does not use; they were ignored."


@dataclass(frozen=True, slots=True)
class Situation:
    """The reader's situation: every fact defaults to unknown, nothing is personal data."""

    step: str | None = None
    ph: str = UNKNOWN
    lineage: str = UNKNOWN
    kmt2a: str = UNKNOWN
    cns: str = UNKNOWN
    age: int | None = None

    def __post_init__(self) -> None:
        for fact, allowed in FACT_VALUES.items():
            if getattr(self, fact.value) not in allowed:
                raise ValueError(f"{fact.value} must be one of {', '.join(allowed)}")
        if self.age is not None and not 0 <= self.age <= MAX_AGE_YEARS:
            raise ValueError(f"age must be a whole number from 0 to {MAX_AGE_YEARS}")

    def value_of(self, fact: FactId) -> str | int | None:
        """The reader's value for one fact (`unknown` or None when not given)."""
        return getattr(self, fact.value)

    def is_known(self, fact: FactId) -> bool:
        value = self.value_of(fact)
        return value is not None and value != UNKNOWN

    @property
    def is_child(self) -> bool:
        """True when the age given is under the adult summary's range."""
        return self.age is not None and self.age < MIN_AGE_YEARS

    def with_step(self, step: str | None) -> Situation:
        return replace(self, step=step)


@dataclass(frozen=True, slots=True)
class ParsedView:
    """A validated view: the situation, chosen question ids, and notices about what was dropped."""

    situation: Situation
    question_ids: tuple[str, ...] = ()
    notices: tuple[str, ...] = field(default=())


def _last(value: str | Sequence[str] | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    values = [item for item in value if isinstance(item, str)]
    return values[-1] if values else None


def parse_view(
    params: Mapping[str, str | Sequence[str]],
    step_ids: Iterable[str],
    question_ids: Iterable[str] = (),
) -> ParsedView:
    """Turn untrusted query parameters into a valid view; never raises on any input."""
    known_steps = frozenset(step_ids)
    known_questions = frozenset(question_ids)
    notices: list[str] = []
    values: dict[str, object] = {}

    raw_step = _last(params.get(PARAM_STEP))
    if raw_step is not None and raw_step != "":
        if raw_step in known_steps:
            values["step"] = raw_step
        else:
            notices.append(NOTICE_BAD_VALUE.format(name=PARAM_STEP))

    for fact, allowed in FACT_VALUES.items():
        raw = _last(params.get(fact.value))
        if raw is None or raw == "":
            continue
        if raw in allowed:
            values[fact.value] = raw
        else:
            notices.append(NOTICE_BAD_VALUE.format(name=fact.value))

    raw_age = _last(params.get(PARAM_AGE))
    if raw_age is not None and raw_age != "":
        if _AGE_PATTERN.fullmatch(raw_age) and int(raw_age) <= MAX_AGE_YEARS:
            values["age"] = int(raw_age)
        else:
            notices.append(NOTICE_BAD_AGE)

    chosen: list[str] = []
    raw_questions = _last(params.get(PARAM_QUESTIONS))
    if raw_questions:
        dropped = 0
        for item in raw_questions.split(","):
            if item in known_questions and _ID_PATTERN.fullmatch(item):
                if item not in chosen and len(chosen) < MAX_QUESTIONS:
                    chosen.append(item)
            elif item:
                dropped += 1
        if dropped:
            notices.append(NOTICE_BAD_QUESTIONS.format(count=dropped))

    if any(key not in ALL_PARAMS for key in params):
        notices.append(NOTICE_UNKNOWN_PARAM)

    return ParsedView(Situation(**values), tuple(chosen), tuple(notices))


def view_params(situation: Situation, question_ids: Sequence[str] = ()) -> dict[str, str]:
    """The query parameters for a view, leaving out every default so links stay short."""
    params: dict[str, str] = {}
    if situation.step:
        params[PARAM_STEP] = situation.step
    for fact in FACT_VALUES:
        value = situation.value_of(fact)
        if value != UNKNOWN:
            params[fact.value] = str(value)
    if situation.age is not None:
        params[PARAM_AGE] = str(situation.age)
    if question_ids:
        params[PARAM_QUESTIONS] = ",".join(question_ids)
    return params


def query_string(situation: Situation, question_ids: Sequence[str] = ()) -> str:
    """`?step=...&ph=...` for links (node links, the share link); `?` for the default view."""
    params = view_params(situation, question_ids)
    return "?" + urlencode(params) if params else "?"
