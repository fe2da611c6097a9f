"""UI chrome that is not a word: icons, colours, symbols, page files, and the enum tables of the
screen words (the words themselves are in journey/words/, read as `WORDS.key`).

Every sentence about the disease or its treatment comes from the content pack (texts.csv and the
other tables).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from types import MappingProxyType
from typing import Final

from journey.model import LabelStatus, Relevance
from journey.navigation import Answer, LastTestsShowed
from journey.relevance import RELEVANCE_WORDS as RELEVANCE_WORDS  # one home, shared with the sheet
from journey.words import WORDS, enum_words

# An emoji favicon is drawn in the browser from a data: URL; a ":material/...:" page icon would be
# fetched from fonts.gstatic.com, a request to another host (design: privacy).
APP_ICON: Final = "🧭"

# Page files that other pages link to (app.py registers every page file with st.navigation).
PAGE_JOURNEY_MAP: Final = "pages/journey_map.py"
PAGE_OPTIONS: Final = "pages/treatment_options.py"
PAGE_WALKTHROUGH: Final = "pages/walkthrough.py"
PAGE_TESTS_TERMS: Final = "pages/tests_and_terms.py"

# Step details (journey map, walkthrough).
#: What the FDA label says about an option's use, said on its card (nothing for a non-drug).
LABEL_STATUS_WORDS: Final = enum_words(WORDS, "label_status_words", LabelStatus)


def map_announce(marker_words: str, title: str) -> str:
    """What a screen reader hears after a step is chosen on the map by keyboard."""
    return WORDS.map_announce.format(marker=marker_words, title=title)


# Where am I?
ANSWER_LABELS: Final = enum_words(WORDS, "answer_labels", Answer)
RESULT_LABELS: Final = enum_words(WORDS, "result_labels", LastTestsShowed)

# Treatment options.
# Icons (Material Symbols ship with Streamlit, so they draw even where no emoji font is installed)
# and plain-text symbols for tables, where icons cannot go. Always beside the word.
RELEVANCE_ICONS: Final = MappingProxyType(
    {
        Relevance.APPLIES: ":material/check_circle:",
        Relevance.MAY_APPLY: ":material/help:",
        Relevance.DOES_NOT_APPLY: ":material/block:",
    }
)
RELEVANCE_SYMBOLS: Final = MappingProxyType(
    {Relevance.APPLIES: "✓", Relevance.MAY_APPLY: "?", Relevance.DOES_NOT_APPLY: "✗"}
)
RELEVANCE_COLORS: Final = MappingProxyType(
    {Relevance.APPLIES: "green", Relevance.MAY_APPLY: "orange", Relevance.DOES_NOT_APPLY: "gray"}
)
#: The headings of the options page's groups, one per relevance (`{count}` options).
OPTION_GROUPS: Final = enum_words(WORDS, "option_group_headings", Relevance)


# ---------------------------------------------------------------- components-v2 elements' data

#: The field of a components-v2 element's data that holds its nested values, as one JSON string.
PAYLOAD: Final = "payload"

#: The first line of an element's script: its data with the nested values back in place.
READ_DATA_JS: Final = (
    "const data = { ...component.data, ...JSON.parse(component.data.payload || '{}') };"
)

_FLAT = (str, int, float, bool, type(None))


def element_data(values: Mapping[str, object]) -> dict[str, object]:
    """A components-v2 element's data: strings, numbers and booleans as they are, every nested
    value (a dict, a list) in one JSON string under `PAYLOAD`, which `READ_DATA_JS` unpacks.

    Streamlit looks at each top-level value of an element's data for a dataframe, and for any
    value that is not a plain string or number that look imports numpy, pandas and pyarrow:
    about 1.5 s at a server's first map (the cold start) and a lookup in every run after.
    """
    flat = {key: value for key, value in values.items() if isinstance(value, _FLAT)}
    nested = {key: value for key, value in values.items() if key not in flat}
    if nested:
        flat[PAYLOAD] = json.dumps(nested)
    return flat
