"""The content pack, loaded and validated once per server process and shared by every session."""

from __future__ import annotations

import functools
import gc
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger

from journey.loading import PackError, data_dir_from_env, load_pack
from journey.model import ContentPack
from ui import chrome

# Streamlit's own logger setup (as in its `hello` demo) gives the server log's format and level;
# propagating as well lets handlers on the root logger (pytest's caplog, a host's) see the problems.
LOG = get_logger(__name__)
LOG.propagate = True


@st.cache_resource(show_spinner=False)
def _load(data_dir: str) -> ContentPack:
    """Keyed on the folder, so packs never mix; a PackError is raised, so it is never cached."""
    loaded = load_pack(Path(data_dir))
    _freeze_heap()
    return loaded


def _freeze_heap() -> None:
    """Move everything alive now (Streamlit, the app's modules, the word catalog, the pack) out
    of the cyclic collector's reach, so a full collection walks only what sessions made since.

    With `runner.postScriptGC = false` Python's generational collector still runs full
    collections when allocations trigger them, each walking every tracked object. Measured in
    the server under the protocol-level load (50 sessions x 30 s, collector time in the
    collecting thread's CPU time): full collections 980 ms in all, the longest 195 ms, before;
    231 ms, the longest 61 ms, after; all generations 1.69 s -> 0.76 s. The gen-0 threshold is
    left alone (not measured): young collections came to under 1 ms a rerun in AppTest's runs.
    gc.freeze() itself is O(1); nothing frozen is freed, which suits what lives as long as the
    server. A second pack (another folder, a language) freezes what came since."""
    gc.freeze()


@functools.lru_cache(maxsize=8)
def _resolved(configured: Path) -> Path:
    """The folder's absolute path, looked up on disk once, not on every rerun of every page."""
    return configured.resolve()


def pack() -> ContentPack:
    """The pack; if it cannot be used, a calm page for the reader, the details in the server log."""
    data_dir = _resolved(data_dir_from_env())
    try:
        return _load(str(data_dir))
    except PackError as error:
        LOG.error("The content pack in %s cannot be used: %s", data_dir, error)
        for problem in error.problems:
            LOG.error("%s", problem)
    except OSError as error:
        LOG.error("The content pack in %s cannot be read: %s", data_dir, error)
    st.title(chrome.UNAVAILABLE_TITLE)
    st.info(chrome.UNAVAILABLE_BODY, icon=":material/update:")
    st.stop()
