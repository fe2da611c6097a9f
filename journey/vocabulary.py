"""The clinic's words: the glossary names a care team may use at a step, and the glossary search.

The glossary is the one vocabulary table: a term, its other names (`also_called`) and the steps
where a care team may say them (`step_ids`). A step shows those names beside its own, so a reader
who hears "consolidation" or "MRD" in the clinic finds the step the summary calls otherwise.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from journey.model import ContentPack, GlossaryTerm, Step

_WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class ClinicWord:
    """One name a care team may use at a step, with the glossary entry that explains it."""

    name: str  # as it reads inside a line of text ("consolidation therapy", "MRD")
    term: GlossaryTerm
    english: str  # in a translated pack, the English term beside it ("" where none)


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.casefold()))


def _inline(name: str) -> str:
    """A name the pack writes as a sentence's start ("Maintenance"), as it reads inside a line;
    acronyms and names like "B-cell ALL" stay as written."""
    first = name.split(" ", 1)[0]
    if len(first) > 1 and first[0].isupper() and first[1:].isalpha() and first[1:].islower():
        return name[0].lower() + name[1:]
    return name


def clinic_words(pack: ContentPack, step: Step) -> tuple[ClinicWord, ...]:
    """The names of the glossary entries tied to `step`, in the glossary's order, each once; a
    name whose words are all in the step's own title ("post-remission therapy" at "Post-remission
    therapy") is left out, as the reader already sees it."""
    title_words = _words(step.title)
    found: dict[str, ClinicWord] = {}
    for term in pack.glossary:
        if step.id not in term.step_ids:
            continue
        for name in term.names:
            if not name.strip() or _words(name) <= title_words:
                continue
            english = pack.english_term("glossary", term.id) if name == term.term else ""
            found.setdefault(name.casefold(), ClinicWord(_inline(name), term, english))
    return tuple(found.values())


def words_line(words: tuple[ClinicWord, ...], *, with_english: bool = True) -> str:
    """The names in one line of plain text, the English term beside each where there is one."""
    return ", ".join(
        f"{word.name} ({word.english})" if with_english and word.english else word.name
        for word in words
    )


def matches_search(pack: ContentPack, term: GlossaryTerm, text: str) -> bool:
    """Whether a glossary entry answers a search: the text is part of its term, any of its other
    names, its definition or (in a translated pack) its English term; case does not matter."""
    needle = text.strip().casefold()
    haystack = (*term.names, term.definition, pack.english_term("glossary", term.id))
    return any(needle in part.casefold() for part in haystack)
