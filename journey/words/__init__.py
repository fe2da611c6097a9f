"""The one catalog of screen words, one TOML file per language, looked up by key.

Why TOML with named keys, read by the standard library's `tomllib`: a key names a place on the
screen, so editing an English text never orphans its translation (gettext's msgid-as-key does),
and one small file is parsed once per language with no compile step (a .po file read with Babel
needs a compile step or a slower parse at start). `missing_words` is the check that gettext's tools
would give: every language has the keys of English, no more, with the same `{placeholders}`.
"""

from __future__ import annotations

import contextlib
import datetime
import enum
import functools
import string
import tomllib
from collections.abc import Callable, Iterator, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

WORDS_DIR = Path(__file__).resolve().parent
ENGLISH = "en"

_Enum = TypeVar("_Enum", bound=enum.Enum)


class UnknownWordError(AttributeError):
    """A key that the catalog of a language does not have."""


@dataclass(frozen=True, slots=True)
class Words:
    """One language's screen words: `words.app_title`; a table is a read-only mapping."""

    language: str
    entries: Mapping[str, Any]

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):  # copy, pickle and friends probe for dunder attributes
            raise AttributeError(key)
        try:
            return self.entries[key]
        except KeyError:
            raise UnknownWordError(
                f"no screen word {key!r} in the {self.language!r} catalog"
                f" ({catalog_path(self.language)})"
            ) from None


def catalog_path(language: str, words_dir: Path = WORDS_DIR) -> Path:
    return words_dir / f"{language}.toml"


def languages(words_dir: Path = WORDS_DIR) -> tuple[str, ...]:
    """The languages that have a catalog, English first."""
    found = sorted(path.stem for path in words_dir.glob("*.toml"))
    return tuple(sorted(found, key=lambda language: language != ENGLISH))


def _frozen(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({key: _frozen(item) for key, item in value.items()})
    if isinstance(value, list):
        return tuple(_frozen(item) for item in value)
    return value


def load_words(path: Path, language: str) -> Words:
    with path.open("rb") as file:
        return Words(language, _frozen(tomllib.load(file)))


def words(language: str = ENGLISH) -> Words:
    """The catalog of a language, parsed once per process."""
    return _cached_words(language)


@functools.cache
def _cached_words(language: str) -> Words:
    return load_words(catalog_path(language), language)


# ---------------------------------------------------------------- the language in use

#: The language a block of code renders in (`use_language`); unset, the registered source's.
_LANGUAGE: ContextVar[str | None] = ContextVar("journey_language", default=None)
_language_source: Callable[[], str | None] | None = None


def set_language_source(source: Callable[[], str | None] | None) -> None:
    """Where the language comes from when no `use_language` block is open (the app: the reader's
    session). The source returns None outside a session (a background thread, a test)."""
    global _language_source
    _language_source = source


def current_language() -> str:
    """The language in use: the innermost `use_language`, else the source's, else English."""
    language = _LANGUAGE.get()
    if language is None and _language_source is not None:
        language = _language_source()
    return language or ENGLISH


def set_language(language: str) -> None:
    """Render in `language` from here on in this thread (the app, at the start of a script run:
    each word then costs one context-variable read, not a look into the session)."""
    _LANGUAGE.set(language)


@contextlib.contextmanager
def use_language(language: str) -> Iterator[None]:
    """Render in `language` inside the block (the CLI, a background drawing, a test)."""
    token = _LANGUAGE.set(language)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


class ActiveWords:
    """The screen words of the language in use, looked up at each use: `WORDS.app_title`."""

    __slots__ = ()

    @property
    def language(self) -> str:
        return current_language()

    def __getattr__(self, key: str) -> Any:
        if key.startswith("__"):
            raise AttributeError(key)
        return getattr(_cached_words(current_language()), key)


#: The one name code reads screen words by.
WORDS = ActiveWords()


def date_words(day: datetime.date) -> str:
    """A day in words in the language in use, its parts in that language's order: "2 December
    2026", "2 de diciembre de 2026"."""
    return WORDS.date_format.format(
        day=day.day, month=WORDS.month_names[day.month - 1], year=day.year
    )


class _EnumWords(Mapping):
    """An enum's words in the language in use, looked up at each use."""

    def __init__(self, key: str, kind: type[enum.Enum]) -> None:
        self._key, self._kind = key, kind

    def __getitem__(self, member: enum.Enum) -> str:
        if not isinstance(member, self._kind):
            raise KeyError(member)
        return getattr(WORDS, self._key)[member.value]

    def __iter__(self) -> Iterator[enum.Enum]:
        return iter(self._kind)

    def __len__(self) -> int:
        return len(self._kind)


def enum_words(catalog: Words | ActiveWords, key: str, kind: type[_Enum]) -> Mapping[_Enum, str]:
    """A table of the catalog as a mapping from each member of `kind` (keyed by its value); from
    `WORDS`, in the language in use at each lookup (every language's table is checked here)."""
    catalogs = (
        [_cached_words(language) for language in languages()]
        if isinstance(catalog, ActiveWords)
        else [catalog]
    )
    for each in catalogs:
        table = getattr(each, key)
        lacking = [member.value for member in kind if member.value not in table]
        if lacking:
            raise UnknownWordError(
                f"{catalog_path(each.language)}: {key} has no words for {', '.join(lacking)}"
            )
    if isinstance(catalog, ActiveWords):
        return _EnumWords(key, kind)
    return MappingProxyType({member: table[member.value] for member in kind})


def _flat(entries: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in entries.items():
        if isinstance(value, Mapping):
            flat |= _flat(value, f"{prefix}{key}.")
        else:
            flat[f"{prefix}{key}"] = value
    return flat


def _placeholders(value: Any) -> set[str]:
    texts = value if isinstance(value, tuple) else (value,)
    return {
        name
        for text in texts
        if isinstance(text, str)
        for _, name, _, _ in string.Formatter().parse(text)
        if name is not None
    }


def missing_words(words_dir: Path = WORDS_DIR) -> list[str]:
    """Every difference of another language from English: `FILE: key: message`."""
    english = _flat(load_words(catalog_path(ENGLISH, words_dir), ENGLISH).entries)
    problems: list[str] = []
    for language in languages(words_dir):
        if language == ENGLISH:
            continue
        path = catalog_path(language, words_dir)
        other = _flat(load_words(path, language).entries)
        for key in english.keys() - other.keys():
            problems.append(f"{path}: {key}: missing (English: {english[key]!r})")
        for key in other.keys() - english.keys():
            problems.append(f"{path}: {key}: not in English, so never shown")
        for key in english.keys() & other.keys():
            ours, theirs = _placeholders(english[key]), _placeholders(other[key])
            if ours != theirs:
                problems.append(
                    f"{path}: {key}: placeholders {sorted(theirs)} differ from English"
                    f" {sorted(ours)}"
                )
    return sorted(problems)
