"""What the reader tells us, all optional, and its safe round trip through a URL query string."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from urllib.parse import urlencode, urlsplit, urlunsplit

from journey.model import (
    AGE_FACT_ID,
    MAX_AGE_YEARS,
    UNKNOWN,
    AliasTable,
    ContentPack,
)
from journey.words import ENGLISH, WORDS, current_language, words

#: Query-parameter names the engine owns; the facts' parameters are their ids, from the pack.
PARAM_STEP = "step"
PARAM_AGE = AGE_FACT_ID
PARAM_QUESTIONS = "q"
#: The walkthrough's step: a presenter's place, apart from the reader's own `step`.
PARAM_WALK = "walk"
#: The language of the screens and the content (`es`); absent, English (or the browser's).
PARAM_LANG = "lang"

MAX_QUESTIONS = 60
_AGE_PATTERN = re.compile(r"[0-9]{1,3}")
_ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")

#: Friendly notices, one per parameter: chrome, not clinical content.


@dataclass(frozen=True, slots=True)
class Situation:
    """The reader's situation: every fact defaults to unknown, nothing is personal data.

    `facts` holds only the known choice facts, as (fact id, value) pairs sorted by id, so two
    situations that say the same thing are equal whatever order they were told in.
    """

    step: str | None = None
    facts: tuple[tuple[str, str], ...] = ()
    age: int | None = None

    def __post_init__(self) -> None:
        known = tuple(sorted((f, v) for f, v in dict(self.facts).items() if v != UNKNOWN))
        object.__setattr__(self, "facts", known)
        if self.age is not None and not 0 <= self.age <= MAX_AGE_YEARS:
            raise ValueError(f"age must be a whole number from 0 to {MAX_AGE_YEARS}")

    @classmethod
    def of(cls, step: str | None = None, age: int | None = None, **facts: str) -> Situation:
        """A situation from keyword facts: `Situation.of(step="induction", ph="positive")`."""
        return cls(step=step, facts=tuple(facts.items()), age=age)

    def value_of(self, fact_id: str) -> str | int | None:
        """The reader's value for one fact: `unknown` when not given, the age (or None) for age."""
        if fact_id == AGE_FACT_ID:
            return self.age
        return dict(self.facts).get(fact_id, UNKNOWN)

    def is_known(self, fact_id: str) -> bool:
        value = self.value_of(fact_id)
        return value is not None and value != UNKNOWN

    def is_under(self, min_age: int) -> bool:
        """True when the age given is under `min_age` (the pack's adult age, say)."""
        return self.age is not None and self.age < min_age

    def with_step(self, step: str | None) -> Situation:
        return replace(self, step=step)

    def with_fact(self, fact_id: str, value: str | int | None) -> Situation:
        """The same situation with one fact changed (`unknown` or None clears it)."""
        if fact_id == AGE_FACT_ID:
            return replace(self, age=None if value is None else int(value))
        return replace(self, facts=(*dict(self.facts).items(), (fact_id, str(value))))

    def only(self, fact_ids: Iterable[str]) -> Situation:
        """The same situation keeping only the choice facts named (for facts not asked here)."""
        keep = frozenset(fact_ids)
        return replace(self, facts=tuple((f, v) for f, v in self.facts if f in keep))


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """What a link may say, taken from a pack: steps, questions, facts and their values."""

    step_ids: frozenset[str]
    question_ids: frozenset[str]
    fact_values: tuple[tuple[str, tuple[str, ...]], ...]  # choice fact id, its values (pack order)
    step_aliases: Mapping[str, str] = field(default_factory=dict)
    question_aliases: Mapping[str, str] = field(default_factory=dict)
    #: The languages a link may ask for (`lang`): those the pack and the word catalogs both have.
    languages: tuple[str, ...] = field(default_factory=lambda: (ENGLISH,))

    @classmethod
    def from_pack(cls, pack: ContentPack, languages: Sequence[str] = (ENGLISH,)) -> Vocabulary:
        def aliases(table: AliasTable) -> Mapping[str, str]:
            return MappingProxyType({a.id: a.target for a in pack.aliases if a.table is table})

        return cls(
            step_ids=frozenset(pack.step_ids),
            question_ids=frozenset(question.id for question in pack.questions),
            fact_values=tuple((fact.id, fact.value_ids) for fact in pack.choice_facts),
            step_aliases=aliases(AliasTable.STEPS),
            question_aliases=aliases(AliasTable.QUESTIONS),
            languages=tuple(languages),
        )

    @property
    def params(self) -> tuple[str, ...]:
        """Every query parameter a link of this pack may carry."""
        facts = (fact for fact, _ in self.fact_values)
        return (PARAM_STEP, *facts, PARAM_AGE, PARAM_QUESTIONS, PARAM_WALK, PARAM_LANG)

    def step_id(self, raw: str | None) -> str | None:
        """The step a link's value names today (an old id opens its new step); None if none."""
        if raw is None:
            return None
        raw = self.step_aliases.get(raw, raw)
        return raw if raw in self.step_ids else None


@dataclass(frozen=True, slots=True)
class ParsedView:
    """A validated view: the situation, chosen question ids, notices about what was dropped, and
    the walkthrough's step (None: its first), which is never the reader's `step`."""

    situation: Situation
    question_ids: tuple[str, ...] = ()
    notices: tuple[str, ...] = field(default=())
    walk: str | None = None


def _last(value: str | Sequence[str] | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        return value
    values = [item for item in value if isinstance(item, str)]
    return values[-1] if values else None


def parse_view(params: Mapping[str, str | Sequence[str]], vocabulary: Vocabulary) -> ParsedView:
    """Turn untrusted query parameters into a valid view; never raises on any input.

    Old published ids of steps and questions (aliases) open what they stand for today.
    """
    notices: list[str] = []
    facts: list[tuple[str, str]] = []
    age: int | None = None

    step = _step_param(params, PARAM_STEP, vocabulary, notices)
    walk = _step_param(params, PARAM_WALK, vocabulary, notices)

    for fact, allowed in vocabulary.fact_values:
        raw = _last(params.get(fact))
        if raw is None or raw == "":
            continue
        if raw in allowed:
            facts.append((fact, raw))
        else:
            notices.append(WORDS.notice_bad_value.format(name=fact))

    raw_age = _last(params.get(PARAM_AGE))
    if raw_age is not None and raw_age != "":
        if _AGE_PATTERN.fullmatch(raw_age) and int(raw_age) <= MAX_AGE_YEARS:
            age = int(raw_age)
        else:
            notices.append(WORDS.notice_bad_age)

    chosen: list[str] = []
    raw_questions = _last(params.get(PARAM_QUESTIONS))
    if raw_questions:
        dropped = 0
        for item in raw_questions.split(","):
            item = vocabulary.question_aliases.get(item, item)
            if item in vocabulary.question_ids and _ID_PATTERN.fullmatch(item):
                if item not in chosen and len(chosen) < MAX_QUESTIONS:
                    chosen.append(item)
            elif item:
                dropped += 1
        if dropped:
            notices.append(WORDS.notice_bad_questions.format(count=dropped))

    raw_language = _last(params.get(PARAM_LANG))
    if raw_language and raw_language not in vocabulary.languages:
        # Said in every language the explorer has: the link did not say which the reader reads.
        notices.append(
            " / ".join(words(language).notice_bad_language for language in vocabulary.languages)
        )
    known_params = vocabulary.params
    if any(key not in known_params for key in params):
        notices.append(WORDS.notice_unknown_param)

    situation = Situation(step, tuple(facts), age)
    return ParsedView(situation, tuple(chosen), tuple(notices), walk)


def _step_param(
    params: Mapping[str, str | Sequence[str]],
    name: str,
    vocabulary: Vocabulary,
    notices: list[str],
) -> str | None:
    """A parameter that names a step (`step`, `walk`); a value naming none gives a notice."""
    raw = _last(params.get(name))
    if raw is None or raw == "":
        return None
    step = vocabulary.step_id(raw)
    if step is None:
        notices.append(WORDS.notice_bad_value.format(name=name))
    return step


def view_params(
    situation: Situation, question_ids: Sequence[str] = (), walk: str | None = None
) -> dict[str, str]:
    """The query parameters for a view, leaving out every default so links stay short; made in
    a language other than English, a link carries it (`lang`), so it opens in that language."""
    params: dict[str, str] = {}
    if situation.step:
        params[PARAM_STEP] = situation.step
    for fact, value in situation.facts:
        params[fact] = value
    if situation.age is not None:
        params[PARAM_AGE] = str(situation.age)
    if question_ids:
        params[PARAM_QUESTIONS] = ",".join(question_ids)
    if walk:
        params[PARAM_WALK] = walk
    if (language := current_language()) != ENGLISH:
        params[PARAM_LANG] = language
    return params


def query_string(
    situation: Situation, question_ids: Sequence[str] = (), walk: str | None = None
) -> str:
    """`?step=...&ph=...` for links (node links, the share link); `?` for the default view."""
    params = view_params(situation, question_ids, walk)
    return "?" + urlencode(params) if params else "?"


def share_url(
    page_url: str,
    situation: Situation,
    question_ids: Sequence[str] = (),
    walk: str | None = None,
) -> str:
    """The web address that reopens a view: `page_url` (an address of the app) with its query
    and fragment replaced by the view's query string."""
    scheme, netloc, path, _, _ = urlsplit(page_url)
    query = query_string(situation, question_ids, walk).lstrip("?")
    return urlunsplit((scheme, netloc, path or "/", query, ""))
