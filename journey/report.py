"""Plain, JSON-ready descriptions of a situation and of the whole pack, for the CLI and exports."""

from __future__ import annotations

import dataclasses
import enum
from typing import Any

from journey.model import AGE_FACT_ID, ContentPack, FactKind, Option, Source
from journey.navigation import (
    facts_asked_at,
    is_child,
    next_steps,
    phase_after_state,
    questions_for_step,
    tests_for_step,
    verdicts,
)
from journey.relevance import is_newer_than_summary
from journey.situation import Situation
from journey.vocabulary import clinic_words

DISCLAIMER_TEXT_ID = "disclaimer"
CHILDHOOD_TEXT_ID = "childhood_pointer"


def _source_dict(source: Source) -> dict[str, str]:
    return {
        "id": source.id,
        "title": source.title,
        "publisher": source.publisher,
        "url": source.url,
        "version_date": source.version_date,
    }


def approvals_list(pack: ContentPack, option: Option) -> list[dict[str, Any]]:
    """An option's FDA approvals as the CLI's `approvals` list (possibly empty)."""
    return [
        {
            "date": approval.date,
            "for": approval.approved_for,
            "source": approval.source_ids[0],
            "newer_than_summary": is_newer_than_summary(approval.date, pack),
        }
        for approval in option.approvals
    ]


def state_report(pack: ContentPack, state_id: str, situation: Situation) -> dict[str, Any]:
    """All `show` prints for a state: the next phase, options with relevance, tests, questions."""
    state_step = pack.step(state_id)
    phase = phase_after_state(pack, state_id)
    situation = situation.with_step(state_step.id)
    cited: list[str] = list(state_step.source_ids) + list(phase.source_ids)

    options = []
    for verdict in verdicts(pack, situation):
        option = verdict.option
        cited += option.source_ids
        cited += [sid for approval in option.approvals for sid in approval.source_ids]
        options.append(
            {
                "id": option.id,
                "name": option.name,
                "category": option.category.value,
                "drugs": [pack.drug(drug_id).generic_name.lower() for drug_id in option.drug_ids],
                "applies": verdict.relevance.value,
                "reason": verdict.reason,
                "listed_for": option.listed_for,
                "listed_in_summary": option.listed_in_summary,
                "fda_only": option.is_fda_only,
                "label_status": option.label_status.value,
                "approvals": approvals_list(pack, option),
                "sources": list(option.source_ids),
            }
        )
    tests = [
        {
            "id": test.id,
            "name": test.name,
            "what_it_finds": test.what_it_finds,
            "sources": list(test.source_ids),
        }
        for test in tests_for_step(pack, state_step.id)
    ]
    questions = [
        {"id": question.id, "text": question.text, "step": question.step_id}
        for question in questions_for_step(pack, state_step.id)
    ]
    report: dict[str, Any] = {
        "state": state_step.id,
        "state_title": state_step.title,
        "state_summary": state_step.summary,
        "phase": phase.id,
        "phase_title": phase.title,
        # The glossary's names a care team may use for the state and for its phase.
        "state_clinic_words": [word.name for word in clinic_words(pack, state_step)],
        "phase_clinic_words": [word.name for word in clinic_words(pack, phase)],
        "disclaimer": pack.text(DISCLAIMER_TEXT_ID).body,
        "situation": {
            fact.id: situation.value_of(fact.id)
            for fact in facts_asked_at(pack, state_step.id)
            if fact.kind is FactKind.CHOICE
        }
        | {AGE_FACT_ID: situation.age},
        "options": options,
        "tests": tests,
        "questions": questions,
        "next_steps": [
            {"step": target.id, "title": target.title, "when": transition.label}
            for transition, target in next_steps(pack, state_step.id)
        ],
    }
    if is_child(pack, situation):
        report["childhood"] = pack.text(CHILDHOOD_TEXT_ID).body
    unique_ids = list(dict.fromkeys(cited + [t for test in tests for t in test["sources"]]))
    report["sources"] = [_source_dict(pack.source(source_id)) for source_id in unique_ids]
    return report


def _plain(value: Any) -> Any:
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple | list):
        return [_plain(item) for item in value]
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    return value


def pack_document(pack: ContentPack) -> dict[str, Any]:
    """The whole content pack as one JSON-ready document."""
    document: dict[str, Any] = {}
    for field in dataclasses.fields(pack):
        if field.name.startswith("_"):
            continue
        value = getattr(pack, field.name)
        if field.name == "english_terms":  # a translated pack's only
            if value:
                document[field.name] = dict(value)
            continue
        if isinstance(value, tuple):
            document[field.name] = [_plain(dataclasses.asdict(row)) for row in value]
        else:
            document[field.name] = _plain(dataclasses.asdict(value))
    return document
