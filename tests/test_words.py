"""The screen-word catalog: it loads, every key the code uses exists, none is dead, and the
check lists what another language lacks or adds."""

from __future__ import annotations

import ast
import enum
import io
from pathlib import Path

import pytest

import journey.cli
from journey.cli import main
from journey.words import (
    ENGLISH,
    WORDS_DIR,
    UnknownWordError,
    Words,
    catalog_path,
    enum_words,
    languages,
    load_words,
    missing_words,
    words,
)
from tests.packs import MIN_PACK, ROOT

#: Where code reads screen words: `WORDS.key` (or `words.key`, `words(language).key`) and
#: `enum_words(..., "key", ...)`.
CODE_DIRS = ("journey", "ui", "pages")
WORDS_NAMES = {"WORDS", "words"}
#: What a catalog says of itself, not a key: `WORDS.language`.
WORDS_OWN_ATTRIBUTES = {"language"}


def _keys_used_in_code() -> dict[str, str]:
    """Each catalog key the code reads, with the first file:line that reads it."""
    used: dict[str, str] = {}
    files = [ROOT / "app.py", *(p for d in CODE_DIRS for p in sorted((ROOT / d).rglob("*.py")))]
    for path in files:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            where = f"{path.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in WORDS_NAMES
                and not node.attr.startswith("_")
                and node.attr not in WORDS_OWN_ATTRIBUTES
            ) or (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name)
                and node.value.func.id in WORDS_NAMES
            ):
                used.setdefault(node.attr, where)
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "enum_words"
                and len(node.args) > 1
                and isinstance(node.args[1], ast.Constant)
            ):
                used.setdefault(node.args[1].value, where)
    return used


def test_the_english_catalog_loads_once_and_is_read_only():
    english = words()
    assert english is words(ENGLISH)
    assert english.language == ENGLISH
    assert english.app_title == "ALL Treatment Journey Explorer"
    with pytest.raises(TypeError):
        english.entries["app_title"] = "x"  # type: ignore[index]
    assert languages()[0] == ENGLISH


def test_an_unknown_key_names_the_key_and_the_language():
    with pytest.raises(UnknownWordError, match=r"'no_such_word'.*'en'.*en\.toml"):
        _ = words().no_such_word


def test_every_key_the_code_reads_is_in_the_english_catalog():
    entries = words().entries
    unknown = {key: where for key, where in _keys_used_in_code().items() if key not in entries}
    assert unknown == {}


def test_every_english_key_is_read_somewhere_in_the_code():
    used = _keys_used_in_code()
    assert sorted(set(words().entries) - set(used)) == []


class _Colour(enum.StrEnum):
    RED = "red"
    BLUE = "blue"


def test_a_table_gives_each_member_of_its_enum_its_words():
    catalog = Words("xx", {"colours": {"red": "Red", "blue": "Blue"}})
    assert enum_words(catalog, "colours", _Colour) == {_Colour.RED: "Red", _Colour.BLUE: "Blue"}


def test_a_table_lacking_a_member_fails_naming_the_key_and_the_member():
    catalog = Words("xx", {"colours": {"red": "Red"}})
    with pytest.raises(UnknownWordError, match=r"xx\.toml: colours has no words for blue"):
        enum_words(catalog, "colours", _Colour)


def _write(folder: Path, language: str, text: str) -> Path:
    path = catalog_path(language, folder)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def two_languages(tmp_path: Path) -> Path:
    _write(
        tmp_path,
        "en",
        'title = "Start"\ncount = "{shown} of {total}"\nonly_en = "Here"\n'
        'labels = { yes = "Yes", no = "No" }\n',
    )
    _write(
        tmp_path,
        "xx",
        'title = "Inicio"\ncount = "{shown} de {todos}"\nonly_xx = "Aquí"\n'
        'labels = { yes = "Sí" }\n',
    )
    return tmp_path


def test_the_check_lists_missing_extra_and_placeholder_problems_with_file_and_key(
    two_languages: Path,
):
    path = catalog_path("xx", two_languages)
    problems = missing_words(two_languages)
    assert problems == sorted(
        [
            f"{path}: only_en: missing (English: 'Here')",
            f"{path}: labels.no: missing (English: 'No')",
            f"{path}: only_xx: not in English, so never shown",
            f"{path}: count: placeholders ['shown', 'todos'] differ from English"
            " ['shown', 'total']",
        ]
    )


def test_the_real_catalogs_have_no_problems():
    assert languages(WORDS_DIR)[0] == ENGLISH
    assert missing_words() == []


def test_python_m_journey_check_fails_on_a_word_problem(two_languages, monkeypatch):
    monkeypatch.setattr(journey.cli, "missing_words", lambda: missing_words(two_languages))
    out, err = io.StringIO(), io.StringIO()
    code = main(["check", "--data", str(MIN_PACK)], out=out, err=err)
    assert code == 1
    assert f"{catalog_path('xx', two_languages)}: only_en: missing" in err.getvalue()
    assert "4 problem(s) found in the word catalogs" in err.getvalue()
    assert out.getvalue() == ""


def test_a_catalog_file_loads_as_frozen_words(two_languages: Path):
    loaded = load_words(catalog_path("xx", two_languages), "xx")
    assert loaded.labels == {"yes": "Sí"}
    with pytest.raises(TypeError):
        loaded.labels["no"] = "No"  # type: ignore[index]
