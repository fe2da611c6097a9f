"""How an option listed in the summary relates to a situation: applies, may apply, or not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from journey.model import Condition, ConditionKind, ContentPack, Option, Relevance
from journey.situation import Situation
from journey.words import WORDS, enum_words

#: The text shown for an option with no conditions (every reader in its phase).
REASON_NO_CONDITIONS_TEXT_ID = "reason_no_conditions"

#: How each relevance is named to readers, the same in the app, the sheet and the CLI text (the
#: JSON keeps yes / maybe / no). Words that say what the summary does, never "you qualify".
RELEVANCE_WORDS: Mapping[Relevance, str] = enum_words(WORDS, "relevance_words", Relevance)
#: The same for an FDA-approved use the summary does not list.
FDA_ONLY_RELEVANCE_WORDS: Mapping[Relevance, str] = enum_words(
    WORDS, "fda_only_relevance_words", Relevance
)


def relevance_words(relevance: Relevance, *, fda_only: bool = False) -> str:
    """The words for a relevance; `fda_only` for a use the summary does not list."""
    return (FDA_ONLY_RELEVANCE_WORDS if fda_only else RELEVANCE_WORDS)[relevance]


#: How the app, the sheet and the CLI head the options the summary does not list.
#: Said beside an approval dated after the summary's version date.
#: Said of an approval: "FDA-approved {date}: {whom}".
#: The sheet's short form: only the dates.

#: Best first: an option takes the best verdict of its alternatives (its ways in).
_BEST_FIRST = (Relevance.APPLIES, Relevance.MAY_APPLY, Relevance.DOES_NOT_APPLY)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The relevance of one option and the plain reason, naming the facts it depends on."""

    option: Option
    relevance: Relevance
    reasons: tuple[str, ...]

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)


def condition_relevance(condition: Condition, situation: Situation) -> Relevance:
    """Whether a condition matches (applies), conflicts (does not apply) or is unknown."""
    if condition.kind is ConditionKind.CARE_TEAM:
        return Relevance.MAY_APPLY
    value = situation.value_of(condition.fact_id)
    if condition.kind is ConditionKind.AGE_RANGE:
        if value is None:
            return Relevance.MAY_APPLY
        too_young = condition.min_age is not None and value < condition.min_age
        too_old = condition.max_age is not None and value > condition.max_age
        return Relevance.DOES_NOT_APPLY if too_young or too_old else Relevance.APPLIES
    if value in condition.values:  # a listed `unknown` matches an unknown fact too
        return Relevance.APPLIES
    if not situation.is_known(condition.fact_id):
        return Relevance.MAY_APPLY
    return Relevance.DOES_NOT_APPLY


def _reason_for(condition: Condition, relevance: Relevance) -> str:
    if relevance is Relevance.APPLIES:
        return condition.applies_reason
    if relevance is Relevance.DOES_NOT_APPLY:
        return condition.conflict_reason
    return condition.unknown_reason


def _alternative_verdict(
    conditions: tuple[Condition, ...], situation: Situation
) -> tuple[Relevance, tuple[str, ...]]:
    """A known conflict wins, then anything unknown or for the team; only all-matching applies."""
    judged = [(condition, condition_relevance(condition, situation)) for condition in conditions]
    for outcome in (Relevance.DOES_NOT_APPLY, Relevance.MAY_APPLY):
        hits = tuple(_reason_for(c, r) for c, r in judged if r is outcome)
        if hits:
            return outcome, hits
    return Relevance.APPLIES, tuple(_reason_for(c, r) for c, r in judged)


def relevance(option: Option, situation: Situation, pack: ContentPack) -> Verdict:
    """The best verdict over the option's alternatives; no conditions means every reader."""
    if not option.alternatives:
        return Verdict(option, Relevance.APPLIES, (pack.text(REASON_NO_CONDITIONS_TEXT_ID).body,))
    outcomes = [
        _alternative_verdict(tuple(pack.condition(cid) for cid in group), situation)
        for group in option.alternatives
    ]
    best = min((outcome for outcome, _ in outcomes), key=_BEST_FIRST.index)
    # The reasons of every alternative that reached the best verdict, each once.
    reasons = dict.fromkeys(reason for outcome, rs in outcomes if outcome is best for reason in rs)
    return Verdict(option, best, tuple(reasons))


def approval_words(date: str, whom: str, *, newer_than_summary: bool) -> str:
    """One approval in words, the same in the app and the CLI: "FDA-approved DATE: WHOM"."""
    words = WORDS.approval_words.format(date=date, whom=whom)
    return f"{words} ({WORDS.newer_than_summary_words})" if newer_than_summary else words


def is_newer_than_summary(approval_date: str, pack: ContentPack) -> bool:
    """True when an approval came after the summary's version date (ISO dates compare as text)."""
    return approval_date > pack.info.summary_date


def in_summary_first(items: tuple[Verdict, ...]) -> tuple[tuple[Verdict, ...], tuple[Verdict, ...]]:
    """Split verdicts into the summary's own options (and care it does not name for this phase)
    and the FDA-approved uses it does not list, order kept."""
    listed = tuple(v for v in items if not v.option.is_fda_only)
    return listed, tuple(v for v in items if v.option.is_fda_only)
