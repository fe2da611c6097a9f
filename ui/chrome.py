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

APP_TITLE: Final = "ALL Treatment Journey Explorer"
# An emoji favicon is drawn in the browser from a data: URL; a ":material/...:" page icon would be
# fetched from fonts.gstatic.com, a request to another host (design: privacy).
APP_ICON: Final = "🧭"

# Page titles (the navigation menu and each page's heading).
TITLE_START: Final = "Start"
TITLE_JOURNEY_MAP: Final = "Journey map"
TITLE_WHERE_AM_I: Final = "Where am I?"
TITLE_OPTIONS: Final = "Treatment options"
TITLE_TESTS_TERMS: Final = "Tests and terms"
TITLE_WALKTHROUGH: Final = "Walkthrough"
TITLE_SHEET: Final = "Discussion sheet"
TITLE_ABOUT: Final = "About and sources"

# Page files that other pages link to (app.py registers every page file with st.navigation).
PAGE_JOURNEY_MAP: Final = "pages/journey_map.py"
PAGE_OPTIONS: Final = "pages/treatment_options.py"
PAGE_WALKTHROUGH: Final = "pages/walkthrough.py"

# When the content pack cannot be used: calm, and naming no internals.
UNAVAILABLE_TITLE: Final = "Content is being updated"
UNAVAILABLE_BODY: Final = (
    "The content of this explorer is being updated right now. Please try again later."
)

# The shared sidebar.
SIDEBAR_HEADING: Final = "Your situation"
SIDEBAR_INTRO: Final = (
    "All optional. Leave a question at “Not known yet” if you are not sure. "
    "Your answers change what every page lists, the share link and the sheet."
)
AGE_PLACEHOLDER: Final = "Leave blank if you prefer"

# Start.
START_WHERE_HEADING: Final = "Where are you?"
ENTRY_DIAGNOSED: Final = "I have just been diagnosed"
ENTRY_REMISSION: Final = "I am in remission"
ENTRY_CAME_BACK: Final = "It came back"
ENTRY_LEARNING: Final = "I am learning or teaching"
START_MAP_HEADING: Final = "The whole journey at a glance"
START_MAP_LINK: Final = "Open the journey map"

# Step details (journey map, walkthrough).
STEP_PICK_LABEL: Final = "Choose a step"
STEP_PICK_PLACEHOLDER: Final = "Choose a step to read about it"
STEP_NONE_CHOSEN: Final = "Choose a step in the list above, or select a box in the map."
WHAT_HAPPENS: Final = "What happens"
WHAT_IT_IS_LIKE: Final = "What it is like"
TESTS_HEADING: Final = "Tests at this step"
OPTIONS_HEADING: Final = "Options listed in the summary"
OPTIONS_FOR_PHASE: Final = "Options listed for: {phase}"
OPTIONS_LINK: Final = "See every option in detail"
ANSWER_LISTED: Final = "What the summary lists for {phase}, for a situation like yours:"
ANSWER_OTHERS: Final = "{count} more listed for other situations"
QUESTIONS_ADD_HELP: Final = "Tick a question to put it on your list for the discussion sheet."
QUESTIONS_HEADING: Final = "Questions you could ask"
BANDS_HEADING: Final = "Running alongside this step"
TRIALS_HEADING: Final = "Clinical trials"
NEXT_HEADING: Final = "Where this step can lead"
NEXT_LINK: Final = "{when}: {title}"
SOURCES_HEADING: Final = "Sources"
REVIEWED_ON: Final = "Checked against its sources on: {date}"
#: What the FDA label says about an option's use, said on its card (nothing for a non-drug).
LABEL_STATUS_WORDS: Final = MappingProxyType(
    {
        LabelStatus.APPROVED: "An FDA approval covers this use.",
        LabelStatus.OFF_LABEL: (
            "Used outside its FDA label (off-label) for this, as the summary describes."
        ),
        LabelStatus.NOT_A_DRUG: "",
    }
)
FDA_LABEL: Final = "FDA label"
NOT_IN_SUMMARY_INTRO: Final = (
    "The summary does not list these. Each has an FDA approval for a situation like the one"
    " it names. Your care team knows whether one fits you."
)
NOT_IN_SUMMARY_MARK: Final = "not in the summary"
TREATMENT_KINDS_HEADING: Final = "Kinds of treatment, explained"
#: What a screen reader hears after a step is chosen on the map by keyboard.
MAP_ANNOUNCE: Final = HERE_WORDS + ": {title}"
MAP_ANNOUNCE_WALK: Final = THIS_STEP_WORDS + ": {title}"
#: The map's own zoom buttons (the page's pinch zoom works as well) and the name of their group.
MAP_ZOOM_IN: Final = "Zoom in"
MAP_ZOOM_OUT: Final = "Zoom out"
MAP_ZOOM_GROUP: Final = "Size of the map"
SOURCE_LINE: Final = "[{title}]({url}), {publisher}. Version: {version}. Read on {accessed}."
OUTLINE_HEADING: Final = "Text outline of the map"

# Where am I?
WHERE_RESULT_HEADING: Final = "Where your answers point"
WHERE_RESULT_STATE: Final = "Your answers point to: **{title}**"
WHERE_RESULT_LINK: Final = "Read about “{title}” on the journey map"
WHERE_RESULT_NONE: Final = (
    "Your answers do not point to one place. Here is what the summary says about each of the three."
)
WHERE_CRITERIA_HEADING: Final = "How the summary describes “{title}”"
WHERE_NOT_ANSWERED: Final = "Answer a question above to see where it points."
ANSWER_LABELS: Final = MappingProxyType(
    {Answer.YES: "Yes", Answer.NO: "No", Answer.NOT_SURE: "I'm not sure"}
)
RESULT_LABELS: Final = MappingProxyType(
    {
        LastTestsShowed.LEUKEMIA_FOUND: "They still found leukemia",
        LastTestsShowed.NO_SIGNS: "They found no signs of leukemia",
        LastTestsShowed.NOT_SURE: "I'm not sure",
    }
)

# Treatment options.
PHASE_PICK_LABEL: Final = "Treatment phase"
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
NO_OPTIONS: Final = "The summary lists no options for this step."
LISTED_FOR: Final = "Listed for"
WHAT_IT_IS: Final = "What it is"
HOW_GIVEN: Final = "How it is given"
WHAT_IT_MAY_DO: Final = "What it may do"
BURDENS: Final = "Burdens and side effects"
DRUGS: Final = "Drugs"
BRAND_NAMES: Final = "brand names: {brands}"
WHY: Final = "Why"
COMPARE_HEADING: Final = "Compare the options side by side"
COMPARE_OPTION: Final = "Option"
COMPARE_RELEVANCE: Final = "For your situation"
DRUG_LIST_HEADING: Final = "Drugs and their brand names"
DRUGS_IN_SUMMARY: Final = "Named in the summary"
DRUGS_OTHER: Final = "Other drugs on NCI's list for ALL (not named in the summary)"
DRUGS_OF_PHASE: Final = "Drugs of the options for this phase ({count})"
DRUGS_ALL: Final = "Every drug named for ALL ({count})"
DRUG_NAME: Final = "Drug"
DRUG_BRANDS: Final = "Brand names"
DRUG_WHAT: Final = "What it is"
DRUG_LABEL: Final = "Who the US label is for"
DRUG_RISKS: Final = "Main risks on the label"
NO_BRANDS: Final = "–"

# Tests and terms.
TESTS_SECTION: Final = "Tests"
TEST_WHAT_IT_FINDS: Final = "What it finds"
GLOSSARY_SECTION: Final = "Glossary"
GLOSSARY_SEARCH: Final = "Search the glossary"
GLOSSARY_SEARCH_PLACEHOLDER: Final = "Type a word, for example “remission”"
GLOSSARY_COUNT: Final = "Showing {shown} of {total} terms."
GLOSSARY_NONE: Final = "No term matches “{text}”. Try a shorter word."
ALSO_CALLED: Final = "also called {name}"

# Walkthrough.
WALK_BACK: Final = "Back"
WALK_NEXT: Final = "Next"
WALK_POSITION: Final = "Step {n} of {total}"
#: Where the walk is in the branch, and the button that offers it at the end of the usual way;
#: `when` is the label of the arrow into it ("ALL comes back"), `title` its first step's label.
WALK_BRANCH_POSITION: Final = "If {when}: step {n} of {total}"
WALK_BRANCH_OFFER: Final = "If {when}: {title}"
WALK_BRANCH_NO_LABEL: Final = "the journey takes another way"
WALK_KEYS_HELP: Final = "The left and right arrow keys press Back and Next."
#: What a screen reader hears after a move: where the walk is now, and its step's title.
WALK_ANNOUNCE: Final = "{position}: {title}"

# Discussion sheet.
SHEET_CHOOSE_HEADING: Final = "Choose questions"
SHEET_GENERAL_GROUP: Final = "Questions for any step"
SHEET_GROUP_LABEL: Final = "Show the questions for"
SHEET_OWN_HEADING: Final = "Add your own question"
SHEET_OWN_LABEL: Final = "Your question"
SHEET_OWN_ADD: Final = "Add to my list"
SHEET_OWN_FULL: Final = "Your list holds the most questions it can ({count} of your own)."
SHEET_BASKET_HEADING: Final = "Your list of questions"
SHEET_BASKET_EMPTY: Final = "Your list is empty. Choose questions above or add your own."
SHEET_OWN_MARK: Final = "(your own question)"
SHEET_MOVE_UP: Final = "Move up"
SHEET_MOVE_DOWN: Final = "Move down"
SHEET_REMOVE: Final = "Remove"
SHEET_NOTES_HEADING: Final = "Notes"
SHEET_NOTES_LABEL: Final = "Your notes for the appointment"
SHEET_NOTES_HELP: Final = (
    "Notes stay in this browser tab and go only into the files you download. "
    "They are not saved and are not part of the link."
)
SHEET_SHARE_HEADING: Final = "Share this view"
SHEET_SHARE_HELP: Final = (
    "This link opens the same situation and chosen questions. "
    "It does not hold your notes or your own questions."
)
SHEET_DOWNLOAD_HEADING: Final = "Download"
DOWNLOAD_PDF: Final = "Discussion sheet: PDF to print"
DOWNLOAD_MARKDOWN: Final = "Discussion sheet: plain text"
DOWNLOAD_MAP_FILES: Final = "The journey map as a file"
DOWNLOAD_DOT: Final = "Journey map (DOT, for Graphviz)"
DOWNLOAD_SVG: Final = "Journey map (SVG picture)"
DOWNLOAD_PNG: Final = "Journey map (PNG picture)"
NO_DOT_PROGRAM: Final = (
    "Pictures of the map (SVG and PNG) cannot be made on this server right now. "
    "The DOT file above holds the same map."
)
DOWNLOAD_FAILED: Final = "This file could not be made just now. Please try again in a moment."
FILE_SHEET_PDF: Final = "all-discussion-sheet.pdf"
FILE_SHEET_MD: Final = "all-discussion-sheet.md"
FILE_MAP_DOT: Final = "all-journey-map.dot"
FILE_MAP_SVG: Final = "all-journey-map.svg"
FILE_MAP_PNG: Final = "all-journey-map.png"

# About.
ABOUT_SOURCES_HEADING: Final = "Sources"
ABOUT_SUMMARY_HEADING: Final = "The summary this explorer is built from"
ABOUT_SUMMARY_LINE: Final = "[{title}]({url}), version {version}. Content last reviewed on {date}."
