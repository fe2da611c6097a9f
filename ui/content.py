"""The content pack, loaded and validated once per server process and shared by every session."""

from __future__ import annotations

import functools
import gc
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger

from journey.loading import PackError, data_dir_from_env, load_pack, pack_languages
from journey.model import ContentPack
from journey.words import ENGLISH, WORDS, current_language
from journey.words import languages as catalog_languages

# Streamlit's own logger setup (as in its `hello` demo) gives the server log's format and level;
# propagating as well lets handlers on the root logger (pytest's caplog, a host's) see the problems.
LOG = get_logger(__name__)
LOG.propagate = True


@st.cache_resource(show_spinner=False)
def _load(data_dir: str, language: str) -> ContentPack:
    """Keyed on the folder and the language, so packs never mix; a PackError is raised, so it is
    never cached."""
    loaded = load_pack(Path(data_dir), lang="" if language == ENGLISH else language)
    _freeze_heap()
    return loaded


def _freeze_heap() -> None:
    """Move everything alive now (Streamlit, the app's modules, the word catalog, the pack) out
    of the cyclic collector's reach, so a full collection walks only what sessions made since.

    With `runner.postScriptGC = false` Python's generational collector still runs full
    collections when allocations trigger them, each walking every tracked object. Measured in
    the server under the protocol-level load (50 sessions x 30 s, collector time in the
    collecting thread's CPU time): full collections 980 ms in all, the longest 195 ms, before;
    231 ms, the longest 61 ms, after; all generations 1.69 s -> 0.76 s. Young collections came
    to under 1 ms a rerun in AppTest's runs, so the gen-0 threshold is left alone. Nothing
    frozen is freed, which suits what lives as long as the server; a second pack (another
    folder, another language) freezes what came since."""
    gc.freeze()


@functools.lru_cache(maxsize=8)
def _resolved(configured: Path) -> Path:
    """The folder's absolute path, looked up on disk once, not on every rerun of every page."""
    return configured.resolve()


@functools.lru_cache(maxsize=8)
def _languages(data_dir: Path) -> tuple[str, ...]:
    translated = set(pack_languages(data_dir)) & set(catalog_languages())
    return (ENGLISH, *sorted(translated - {ENGLISH}))


def languages() -> tuple[str, ...]:
    """The languages a reader can choose: English, and each the pack and the screen words have."""
    return _languages(_resolved(data_dir_from_env()))


# The packs `_load` has returned, by folder and language: st.cache_resource hashes its arguments
# and takes its locks on every call, about 0.3 ms, twice in each run (app.py and the page).
_LOADED: dict[tuple[str, str], ContentPack] = {}


def pack(language: str | None = None) -> ContentPack:
    """The pack in the language in use (or `language`); if it cannot be used, a calm page for
    the reader, the details in the server log."""
    data_dir = _resolved(data_dir_from_env())
    language = language or current_language()
    if language not in _languages(data_dir):
        language = ENGLISH
    key = (str(data_dir), language)
    loaded = _LOADED.get(key)
    if loaded is not None:
        return loaded
    try:
        loaded = _load(*key)
        _LOADED[key] = loaded
        return loaded
    except PackError as error:
        if language != ENGLISH:  # a broken translation: the English text, never a blank page
            LOG.error("The %s translation in %s cannot be used: %s", language, data_dir, error)
            for problem in error.problems:
                LOG.error("%s", problem)
            return pack(ENGLISH)
        LOG.error("The content pack in %s cannot be used: %s", data_dir, error)
        for problem in error.problems:
            LOG.error("%s", problem)
    except OSError as error:
        LOG.error("The content pack in %s cannot be read: %s", data_dir, error)
    st.title(WORDS.unavailable_title)
    st.info(WORDS.unavailable_body, icon=":material/update:")
    st.stop()
