"""The content pack, loaded and validated once per server process and shared by every session."""

from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st
from streamlit.logger import get_logger

from journey.loading import PackError, data_dir_from_env, load_pack
from journey.model import ContentPack
from journey.words import WORDS

# Streamlit's own logger setup (as in its `hello` demo) gives the server log's format and level;
# propagating as well lets handlers on the root logger (pytest's caplog, a host's) see the problems.
LOG = get_logger(__name__)
LOG.propagate = True


@st.cache_resource(show_spinner=False)
def _load(data_dir: str) -> ContentPack:
    """Keyed on the folder, so packs never mix; a PackError is raised, so it is never cached."""
    return load_pack(Path(data_dir))


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
    st.title(WORDS.unavailable_title)
    st.info(WORDS.unavailable_body, icon=":material/update:")
    st.stop()
