"""UI chrome: the app's own words (titles, labels, headings), never clinical content.

Every sentence about the disease or its treatment comes from the content pack (texts.csv and the
other tables). What is here names parts of the screen, so it can live in code.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Final

from journey.diagram import HERE_WORDS, THIS_STEP_WORDS
from journey.model import LabelStatus, Relevance
from journey.navigation import Answer, LastTestsShowed
from journey.relevance import NOT_IN_SUMMARY_WORDS as NOT_IN_SUMMARY_WORDS
from journey.relevance import RELEVANCE_WORDS as RELEVANCE_WORDS  # one home, shared with the sheet
from journey.words import enum_words, words

#: The English screen words (journey/words/en.toml); renderers will take a language's own.
WORDS = words()

APP_TITLE: Final = WORDS.app_title
# An emoji favicon is drawn in the browser from a data: URL; a ":material/...:" page icon would be
# fetched from fonts.gstatic.com, a request to another host (design: privacy).
APP_ICON: Final = "🧭"

# Page titles (the navigation menu and each page's heading).
TITLE_START: Final = WORDS.title_start
TITLE_JOURNEY_MAP: Final = WORDS.title_journey_map
TITLE_WHERE_AM_I: Final = WORDS.title_where_am_i
TITLE_OPTIONS: Final = WORDS.title_options
TITLE_TESTS_TERMS: Final = WORDS.title_tests_terms
TITLE_WALKTHROUGH: Final = WORDS.title_walkthrough
TITLE_SHEET: Final = WORDS.title_sheet
TITLE_ABOUT: Final = WORDS.title_about

# Page files that other pages link to (app.py registers every page file with st.navigation).
PAGE_JOURNEY_MAP: Final = "pages/journey_map.py"
PAGE_OPTIONS: Final = "pages/treatment_options.py"
PAGE_WALKTHROUGH: Final = "pages/walkthrough.py"

# When the content pack cannot be used: calm, and naming no internals.
UNAVAILABLE_TITLE: Final = WORDS.unavailable_title
UNAVAILABLE_BODY: Final = WORDS.unavailable_body

# The shared sidebar.
SIDEBAR_HEADING: Final = WORDS.sidebar_heading
SIDEBAR_INTRO: Final = WORDS.sidebar_intro
AGE_PLACEHOLDER: Final = WORDS.age_placeholder

# Start.
START_WHERE_HEADING: Final = WORDS.start_where_heading
ENTRY_DIAGNOSED: Final = WORDS.entry_diagnosed
ENTRY_REMISSION: Final = WORDS.entry_remission
ENTRY_CAME_BACK: Final = WORDS.entry_came_back
ENTRY_LEARNING: Final = WORDS.entry_learning
START_MAP_HEADING: Final = WORDS.start_map_heading
START_MAP_LINK: Final = WORDS.start_map_link

# Step details (journey map, walkthrough).
STEP_PICK_LABEL: Final = WORDS.step_pick_label
STEP_PICK_PLACEHOLDER: Final = WORDS.step_pick_placeholder
STEP_NONE_CHOSEN: Final = WORDS.step_none_chosen
WHAT_HAPPENS: Final = WORDS.what_happens
WHAT_IT_IS_LIKE: Final = WORDS.what_it_is_like
TESTS_HEADING: Final = WORDS.tests_heading
OPTIONS_HEADING: Final = WORDS.options_heading
OPTIONS_FOR_PHASE: Final = WORDS.options_for_phase
OPTIONS_LINK: Final = WORDS.options_link
ANSWER_LISTED: Final = WORDS.answer_listed
ANSWER_OTHERS: Final = WORDS.answer_others
QUESTIONS_ADD_HELP: Final = WORDS.questions_add_help
QUESTIONS_HEADING: Final = WORDS.questions_heading
BANDS_HEADING: Final = WORDS.bands_heading
TRIALS_HEADING: Final = WORDS.trials_heading
NEXT_HEADING: Final = WORDS.next_heading
NEXT_LINK: Final = WORDS.next_link
SOURCES_HEADING: Final = WORDS.sources_heading
REVIEWED_ON: Final = WORDS.reviewed_on
#: What the FDA label says about an option's use, said on its card (nothing for a non-drug).
LABEL_STATUS_WORDS: Final = enum_words(WORDS, "label_status_words", LabelStatus)
FDA_LABEL: Final = WORDS.fda_label
NOT_IN_SUMMARY_INTRO: Final = WORDS.not_in_summary_intro
NOT_IN_SUMMARY_MARK: Final = WORDS.not_in_summary_mark
TREATMENT_KINDS_HEADING: Final = WORDS.treatment_kinds_heading
#: What a screen reader hears after a step is chosen on the map by keyboard.
MAP_ANNOUNCE: Final = HERE_WORDS + ": {title}"
MAP_ANNOUNCE_WALK: Final = THIS_STEP_WORDS + ": {title}"
#: The map's own zoom buttons (the page's pinch zoom works as well) and the name of their group.
MAP_ZOOM_IN: Final = WORDS.map_zoom_in
MAP_ZOOM_OUT: Final = WORDS.map_zoom_out
MAP_ZOOM_GROUP: Final = WORDS.map_zoom_group
SOURCE_LINE: Final = WORDS.source_line
OUTLINE_HEADING: Final = WORDS.outline_heading

# Where am I?
WHERE_RESULT_HEADING: Final = WORDS.where_result_heading
WHERE_RESULT_STATE: Final = WORDS.where_result_state
WHERE_RESULT_LINK: Final = WORDS.where_result_link
WHERE_RESULT_NONE: Final = WORDS.where_result_none
WHERE_CRITERIA_HEADING: Final = WORDS.where_criteria_heading
WHERE_NOT_ANSWERED: Final = WORDS.where_not_answered
ANSWER_LABELS: Final = enum_words(WORDS, "answer_labels", Answer)
RESULT_LABELS: Final = enum_words(WORDS, "result_labels", LastTestsShowed)

# Treatment options.
PHASE_PICK_LABEL: Final = WORDS.phase_pick_label
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
OTHER_SITUATIONS: Final = RELEVANCE_WORDS[Relevance.DOES_NOT_APPLY] + " ({count})"
#: The headings of the options page's groups, one per relevance.
OPTION_GROUPS: Final = MappingProxyType(
    {
        Relevance.APPLIES: RELEVANCE_WORDS[Relevance.APPLIES] + " ({count})",
        Relevance.MAY_APPLY: RELEVANCE_WORDS[Relevance.MAY_APPLY]
        + ", on what each line says ({count})",
        Relevance.DOES_NOT_APPLY: OTHER_SITUATIONS,
    }
)
NO_OPTIONS: Final = WORDS.no_options
LISTED_FOR: Final = WORDS.listed_for
WHAT_IT_IS: Final = WORDS.what_it_is
HOW_GIVEN: Final = WORDS.how_given
WHAT_IT_MAY_DO: Final = WORDS.what_it_may_do
BURDENS: Final = WORDS.burdens
DRUGS: Final = WORDS.drugs
BRAND_NAMES: Final = WORDS.brand_names
WHY: Final = WORDS.why
COMPARE_HEADING: Final = WORDS.compare_heading
COMPARE_OPTION: Final = WORDS.compare_option
COMPARE_RELEVANCE: Final = WORDS.compare_relevance
DRUG_LIST_HEADING: Final = WORDS.drug_list_heading
DRUGS_IN_SUMMARY: Final = WORDS.drugs_in_summary
DRUGS_OTHER: Final = WORDS.drugs_other
DRUGS_OF_PHASE: Final = WORDS.drugs_of_phase
DRUGS_ALL: Final = WORDS.drugs_all
DRUG_NAME: Final = WORDS.drug_name
DRUG_BRANDS: Final = WORDS.drug_brands
DRUG_WHAT: Final = WORDS.drug_what
DRUG_LABEL: Final = WORDS.drug_label
DRUG_RISKS: Final = WORDS.drug_risks
NO_BRANDS: Final = WORDS.no_brands

# Tests and terms.
TESTS_SECTION: Final = WORDS.tests_section
TEST_WHAT_IT_FINDS: Final = WORDS.test_what_it_finds
GLOSSARY_SECTION: Final = WORDS.glossary_section
GLOSSARY_SEARCH: Final = WORDS.glossary_search
GLOSSARY_SEARCH_PLACEHOLDER: Final = WORDS.glossary_search_placeholder
GLOSSARY_COUNT: Final = WORDS.glossary_count
GLOSSARY_NONE: Final = WORDS.glossary_none
ALSO_CALLED: Final = WORDS.also_called

# Walkthrough.
WALK_BACK: Final = WORDS.walk_back
WALK_NEXT: Final = WORDS.walk_next
WALK_POSITION: Final = WORDS.walk_position
#: Where the walk is in the branch, and the button that offers it at the end of the usual way;
#: `when` is the label of the arrow into it ("ALL comes back"), `title` its first step's label.
WALK_BRANCH_POSITION: Final = WORDS.walk_branch_position
WALK_BRANCH_OFFER: Final = WORDS.walk_branch_offer
WALK_BRANCH_NO_LABEL: Final = WORDS.walk_branch_no_label
WALK_KEYS_HELP: Final = WORDS.walk_keys_help
#: What a screen reader hears after a move: where the walk is now, and its step's title.
WALK_ANNOUNCE: Final = WORDS.walk_announce

# Discussion sheet.
SHEET_CHOOSE_HEADING: Final = WORDS.sheet_choose_heading
SHEET_GENERAL_GROUP: Final = WORDS.sheet_general_group
SHEET_GROUP_LABEL: Final = WORDS.sheet_group_label
SHEET_OWN_HEADING: Final = WORDS.sheet_own_heading
SHEET_OWN_LABEL: Final = WORDS.sheet_own_label
SHEET_OWN_ADD: Final = WORDS.sheet_own_add
SHEET_OWN_FULL: Final = WORDS.sheet_own_full
SHEET_BASKET_HEADING: Final = WORDS.sheet_basket_heading
SHEET_BASKET_EMPTY: Final = WORDS.sheet_basket_empty
SHEET_OWN_MARK: Final = WORDS.sheet_own_mark
SHEET_MOVE_UP: Final = WORDS.sheet_move_up
SHEET_MOVE_DOWN: Final = WORDS.sheet_move_down
SHEET_REMOVE: Final = WORDS.sheet_remove
SHEET_NOTES_HEADING: Final = WORDS.sheet_notes_heading
SHEET_NOTES_LABEL: Final = WORDS.sheet_notes_label
SHEET_NOTES_HELP: Final = WORDS.sheet_notes_help
SHEET_SHARE_HEADING: Final = WORDS.sheet_share_heading
SHEET_SHARE_HELP: Final = WORDS.sheet_share_help
SHEET_DOWNLOAD_HEADING: Final = WORDS.sheet_download_heading
DOWNLOAD_PDF: Final = WORDS.download_pdf
DOWNLOAD_MARKDOWN: Final = WORDS.download_markdown
DOWNLOAD_MAP_FILES: Final = WORDS.download_map_files
DOWNLOAD_DOT: Final = WORDS.download_dot
DOWNLOAD_SVG: Final = WORDS.download_svg
DOWNLOAD_PNG: Final = WORDS.download_png
NO_DOT_PROGRAM: Final = WORDS.no_dot_program
DOWNLOAD_FAILED: Final = WORDS.download_failed
FILE_SHEET_PDF: Final = "all-discussion-sheet.pdf"
FILE_SHEET_MD: Final = "all-discussion-sheet.md"
FILE_MAP_DOT: Final = "all-journey-map.dot"
FILE_MAP_SVG: Final = "all-journey-map.svg"
FILE_MAP_PNG: Final = "all-journey-map.png"

# About.
ABOUT_SOURCES_HEADING: Final = WORDS.about_sources_heading
ABOUT_SUMMARY_HEADING: Final = WORDS.about_summary_heading
ABOUT_SUMMARY_LINE: Final = WORDS.about_summary_line
