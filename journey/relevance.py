"""How an option listed in the summary relates to a situation: applies, may apply, or not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from journey.model import Condition, ContentPack, FactId, Option, Relevance
from journey.situation import Situation

#: The text shown for an option with no conditions (every reader in its phase).
REASON_NO_CONDITIONS_TEXT_ID = "reason_no_conditions"

#: How each relevance is named to readers, the same in the app, the sheet and the CLI.
RELEVANCE_WORDS: Mapping[Relevance, str] = MappingProxyType(
    {
        Relevance.APPLIES: "Applies",
        Relevance.MAY_APPLY: "May apply",
        Relevance.DOES_NOT_APPLY: "Does not apply",
    }
)


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
    if not situation.is_known(condition.fact_id):
        return Relevance.MAY_APPLY
    value = situation.value_of(condition.fact_id)
    if condition.fact_id is FactId.AGE:
        too_young = condition.min_age is not None and value < condition.min_age
        too_old = condition.max_age is not None and value > condition.max_age
        return Relevance.DOES_NOT_APPLY if too_young or too_old else Relevance.APPLIES
    return Relevance.APPLIES if value == condition.value else Relevance.DOES_NOT_APPLY


def _reason_for(condition: Condition, relevance: Relevance) -> str:
    if relevance is Relevance.APPLIES:
        return condition.applies_reason
    if relevance is Relevance.DOES_NOT_APPLY:
        return condition.conflict_reason
    return condition.unknown_reason


def relevance(option: Option, situation: Situation, pack: ContentPack) -> Verdict:
    """A known conflict wins, then any unknown fact; only all-matching facts give applies."""
    if not option.condition_ids:
        return Verdict(option, Relevance.APPLIES, (pack.text(REASON_NO_CONDITIONS_TEXT_ID).body,))
    judged = [
        (condition, condition_relevance(condition, situation))
        for condition in (pack.condition(cid) for cid in option.condition_ids)
    ]
    for outcome in (Relevance.DOES_NOT_APPLY, Relevance.MAY_APPLY):
        hits = tuple(_reason_for(c, r) for c, r in judged if r is outcome)
        if hits:
            return Verdict(option, outcome, hits)
    return Verdict(option, Relevance.APPLIES, tuple(_reason_for(c, r) for c, r in judged))
