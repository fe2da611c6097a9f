"""The journey map as a graphviz.Digraph, and the same graph as an ordered text outline.

Pure: builds DOT from the model and needs no `dot` program (Streamlit draws DOT in the browser).
"""

from __future__ import annotations

import contextlib
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import graphviz

from journey.model import ContentPack, Step, StepKind, Transition
from journey.navigation import next_steps, steps_in_order
from journey.situation import Situation, query_string
from journey.vocabulary import clinic_words, words_line
from journey.words import WORDS, enum_words

# Styling: every text colour is TEXT_COLOR on one of the fills below, or on the white page.
TEXT_COLOR = "#1a1a1a"
PAGE_COLOR = "#ffffff"
EDGE_COLOR = "#3d3d3d"
BORDER_COLOR = "#3d4f66"
HERE_BORDER_COLOR = "#000000"
HERE_FILL = "#fff1a8"
FONT = "Helvetica,Arial,sans-serif"

KIND_STYLE: dict[StepKind, dict[str, str]] = {
    StepKind.BEFORE: {"shape": "box", "style": "filled", "fillcolor": "#e4ecf7"},
    StepKind.STATE: {"shape": "ellipse", "style": "filled", "fillcolor": "#fde8cf"},
    StepKind.PHASE: {"shape": "box", "style": "rounded,filled", "fillcolor": "#dff0df"},
    StepKind.AFTER: {"shape": "box", "style": "rounded,filled,dashed", "fillcolor": "#ede3f4"},
}
BAND_WRAP_CHARS = 28
# A step's name longer than this is drawn on two lines, so the map stays narrow enough to read.
NODE_WRAP_CHARS = 12
BAND_STYLE = {"shape": "note", "style": "filled", "fillcolor": "#f2f2f2"}

#: Every (text, background) pair the diagram uses; a test checks each for contrast >= 4.5:1.
COLOR_PAIRS: tuple[tuple[str, str], ...] = (
    (TEXT_COLOR, PAGE_COLOR),
    (TEXT_COLOR, HERE_FILL),
    (TEXT_COLOR, BAND_STYLE["fillcolor"]),
    (EDGE_COLOR, PAGE_COLOR),
    *((TEXT_COLOR, style["fillcolor"]) for style in KIND_STYLE.values()),
)

# Chrome: words of the diagram's own, not clinical content.
KIND_WORDS: Mapping[StepKind, str] = enum_words(WORDS, "kind_words", StepKind)
# The walkthrough's step: a class or a family is shown it, it is not where the reader is.
ID_PREFIX_LEGEND = "legend_"
ID_PREFIX_BAND = "band_"
# Ids of the bands and the key when drawn as pictures of their own (Graphviz prefixes its ids).
ID_BANDS = "map_bands"
ID_LEGEND = "map_legend"


@dataclass(frozen=True, slots=True)
class Marker:
    """The words that mark a map's chosen step: drawn in its node, said in the outline, the key."""

    # Each reads the catalog when used, so the marker speaks the language in use.
    _prefix: Callable[[], str]
    _words: Callable[[], str]
    _legend_words: Callable[[], str]

    @property
    def prefix(self) -> str:
        return self._prefix()

    @property
    def words(self) -> str:
        return self._words()

    @property
    def legend_words(self) -> str:
        return self._legend_words()


#: The reader's own step (the journey map, Start, the sheet).
YOU_ARE_HERE = Marker(
    lambda: WORDS.here_prefix, lambda: WORDS.here_words, lambda: WORDS.here_legend_words
)
#: The walkthrough's step, which never moves the reader's own.
THIS_STEP = Marker(
    lambda: WORDS.this_step_prefix,
    lambda: WORDS.this_step_words,
    lambda: WORDS.this_step_legend_words,
)


def _node_label(step: Step, marker: Marker | None, english: str = "") -> str:
    """The step's title, wrapped; a translated pack adds the English title below it, so the care
    team can read along; the marker's words first on the chosen step."""
    lines = textwrap.wrap(
        step.title, NODE_WRAP_CHARS, break_long_words=False, break_on_hyphens=False
    )
    if english:
        lines += textwrap.wrap(
            WORDS.english_term_short.format(term=english),
            NODE_WRAP_CHARS,
            break_long_words=False,
            break_on_hyphens=False,
        )
    name = "\\n".join(lines) or step.title
    return f"{marker.prefix}\\n{name}" if marker else name


def _clinic_words_sentence(pack: ContentPack, step: Step) -> str:
    """ "Words your care team may use for this step: consolidation therapy, ..." or ""."""
    words = clinic_words(pack, step)
    return f"{WORDS.clinic_words_lead}: {words_line(words)}." if words else ""


def _step_tooltip(pack: ContentPack, step: Step) -> str:
    """What a node says on hover and to a screen reader: its kind, its summary, the clinic's words
    for it."""
    return " ".join(
        part
        for part in (f"{KIND_WORDS[step.kind]}: {step.summary}", _clinic_words_sentence(pack, step))
        if part
    )


def band_scope(pack: ContentPack, step_ids: tuple[str, ...]) -> str:
    """The steps a band runs along, in words: "at every step" or their titles in order."""
    if set(step_ids) >= set(pack.step_ids):
        return WORDS.every_step_words
    labels = [step.title for step in steps_in_order(pack) if step.id in step_ids]
    return ", ".join(labels)


def _new_graph(
    name: str, tooltip: str, *, node_pt: str = "13", edge_pt: str = "11", **graph_attr: str
) -> graphviz.Digraph:
    return graphviz.Digraph(
        name,
        graph_attr={
            "rankdir": "TB",
            "bgcolor": PAGE_COLOR,
            "fontname": FONT,
            "fontcolor": TEXT_COLOR,
            "nodesep": "0.35",
            "ranksep": "0.45",
            "tooltip": tooltip,
            **graph_attr,
        },
        node_attr={
            "fontname": FONT,
            "fontsize": node_pt,
            "fontcolor": TEXT_COLOR,
            "color": BORDER_COLOR,
            "penwidth": "1.2",
            "margin": "0.18,0.08",
        },
        edge_attr={
            "fontname": FONT,
            "fontsize": edge_pt,
            "fontcolor": TEXT_COLOR,
            "color": EDGE_COLOR,
        },
    )


def _add_steps(
    graph: graphviz.Digraph,
    pack: ContentPack,
    situation: Situation,
    *,
    with_links: bool,
    question_ids: Sequence[str],
    walk: str | None,
    marker: Marker,
) -> None:
    marked = situation.step if walk is None else walk
    for step in steps_in_order(pack):
        is_here = step.id == marked
        attrs = dict(KIND_STYLE[step.kind])
        if is_here:
            attrs.update(
                fillcolor=HERE_FILL,
                color=HERE_BORDER_COLOR,
                penwidth="3",
                peripheries="2",
                style=attrs["style"] + ",bold",
                fontsize=str(int(graph.node_attr["fontsize"]) + 1),  # a point above the others
            )
        if with_links:
            link = (
                query_string(situation.with_step(step.id), question_ids)
                if walk is None
                else query_string(situation, question_ids, walk=step.id)
            )
            attrs.update(URL=link, target="_self")
        graph.node(
            step.id,
            _node_label(step, marker if is_here else None, pack.english_term("steps", step.id)),
            tooltip=_step_tooltip(pack, step),
            id=f"step_{step.id}",
            **attrs,
        )
    for transition in pack.transitions:
        graph.edge(
            transition.from_step,
            transition.to_step,
            label=transition.label,
            tooltip=transition.label,
        )


@contextlib.contextmanager
def _side_box(
    graph: graphviz.Digraph, name: str, title: str, **cluster_attr: str
) -> Iterator[graphviz.Digraph]:
    """A dashed, titled cluster beside the journey (the bands, the key)."""
    with graph.subgraph(name=name) as box:
        box.attr(
            label=title, style="dashed", color=BORDER_COLOR, fontcolor=TEXT_COLOR, **cluster_attr
        )
        yield box


def _add_bands(graph: graphviz.Digraph, pack: ContentPack, **cluster_attr: str) -> None:
    with _side_box(graph, "cluster_bands", WORDS.bands_title, **cluster_attr) as bands:
        previous_band = None
        for band in pack.bands:
            node_id = f"{ID_PREFIX_BAND}{band.id}"
            scope = textwrap.wrap(f"({band_scope(pack, band.step_ids)})", BAND_WRAP_CHARS)
            label = "\\n".join([band.label, *scope])
            bands.node(node_id, label, tooltip=band.summary, **BAND_STYLE)
            if previous_band:
                # Invisible edges stack the bands in a column beside the journey (not a row).
                bands.edge(previous_band, node_id, style="invis")
            previous_band = node_id


def _add_legend(graph: graphviz.Digraph, marker: Marker, **cluster_attr: str) -> None:
    with _side_box(graph, "cluster_legend", WORDS.legend_title, **cluster_attr) as legend:
        previous = None
        for kind, words in KIND_WORDS.items():
            node_id = f"{ID_PREFIX_LEGEND}{kind.value}"
            legend.node(node_id, words, tooltip=words, **KIND_STYLE[kind])
            if previous:
                legend.edge(previous, node_id, style="invis")
            previous = node_id
        here = dict(KIND_STYLE[StepKind.PHASE])
        here.update(fillcolor=HERE_FILL, color=HERE_BORDER_COLOR, penwidth="3", peripheries="2")
        here["style"] += ",bold"
        legend.node(
            f"{ID_PREFIX_LEGEND}here",
            f"{marker.prefix}\\n({marker.legend_words})",
            tooltip=marker.words,
            **here,
        )
        legend.edge(previous, f"{ID_PREFIX_LEGEND}here", style="invis")


def build_diagram(
    pack: ContentPack,
    situation: Situation,
    *,
    with_legend: bool = True,
    with_links: bool = True,
    question_ids: Sequence[str] = (),
    walk: str | None = None,
    marker: Marker = YOU_ARE_HERE,
) -> graphviz.Digraph:
    """Every step and transition, bands beside them, a legend, and `marker` on the step.

    Node links carry the whole view (`?step=...&ph=...&q=...`), so opening a node in a new tab
    (the in-page map chooses it without loading the link) opens the same view. Downloads leave
    the links out (`with_links=False`): in a file they would lead nowhere.

    A walkthrough's map passes its step as `walk`: that step is marked instead of the reader's,
    and node links move the walk (`&walk=...`) and keep the reader's own `step`.
    """
    graph = _new_graph("journey", WORDS.diagram_alt)
    _add_steps(
        graph,
        pack,
        situation,
        with_links=with_links,
        question_ids=question_ids,
        walk=walk,
        marker=marker,
    )
    if pack.bands:
        _add_bands(graph, pack)
    if with_legend:
        _add_legend(graph, marker)
    return graph


def build_journey(
    pack: ContentPack,
    situation: Situation,
    *,
    question_ids: Sequence[str] = (),
    walk: str | None = None,
    marker: Marker = YOU_ARE_HERE,
) -> graphviz.Digraph:
    """Only the steps and transitions of `build_diagram` (linked), for a page that lays out the
    journey, the bands and the key itself: on a phone the journey gets the whole width."""
    graph = _new_graph("journey", WORDS.diagram_alt)
    _add_steps(
        graph,
        pack,
        situation,
        with_links=True,
        question_ids=question_ids,
        walk=walk,
        marker=marker,
    )
    return graph


#: Text sizes of the printed journey (node, arrow), larger than on screen: printed on its own
#: page, a Letter page's width shrinks the drawing to about two thirds, so its words print at
#: about 10 and 9 points (with the bands and key beside it, the whole map printed at 7 and 6).
PRINT_NODE_PT = "16"
PRINT_EDGE_PT = "14"


def build_print_journey(pack: ContentPack, situation: Situation) -> graphviz.Digraph:
    """The journey of `build_diagram` for paper: no links, larger words, the bands and the key
    left to `build_key_and_bands` (drawn on their own, each picture can be printed larger)."""
    graph = _new_graph("journey", WORDS.diagram_alt, node_pt=PRINT_NODE_PT, edge_pt=PRINT_EDGE_PT)
    _add_steps(
        graph, pack, situation, with_links=False, question_ids=(), walk=None, marker=YOU_ARE_HERE
    )
    return graph


def build_key_and_bands(pack: ContentPack, marker: Marker = YOU_ARE_HERE) -> graphviz.Digraph:
    """The key and the bands of `build_diagram` side by side, without the journey (for paper)."""
    graph = _new_graph("key", WORDS.legend_title, node_pt=PRINT_NODE_PT)
    _add_legend(graph, marker)
    if pack.bands:
        _add_bands(graph, pack)
    return graph


def build_bands(pack: ContentPack) -> graphviz.Digraph | None:
    """Only the bands of `build_diagram`, in their titled box; None for a pack without bands.

    Graphviz's own ids of this picture start with `ID_BANDS`, so they are not those of the
    journey drawn beside it in the same page.
    """
    if not pack.bands:
        return None
    graph = _new_graph("bands", WORDS.bands_title, id=ID_BANDS)
    _add_bands(graph, pack, id=f"{ID_BANDS}_box")
    return graph


def build_legend(marker: Marker = YOU_ARE_HERE) -> graphviz.Digraph:
    """Only the key of `build_diagram`, in its titled box (its ids start with `ID_LEGEND`)."""
    graph = _new_graph("legend", WORDS.legend_title, id=ID_LEGEND)
    _add_legend(graph, marker, id=f"{ID_LEGEND}_box")
    return graph


@dataclass(frozen=True, slots=True)
class OutlineEntry:
    """One step of the text outline, with the arrows out of it."""

    position: int
    step: Step
    kind_words: str
    is_here: bool
    leads_to: tuple[tuple[Transition, Step], ...]  # (the arrow, the step it leads to)


def outline(
    pack: ContentPack, situation: Situation, *, walk: str | None = None
) -> tuple[OutlineEntry, ...]:
    """The diagram as ordered steps and transitions, for screen readers and print; the step
    marked is the walk's when given (as in `build_diagram`), else the situation's."""
    marked = situation.step if walk is None else walk
    return tuple(
        OutlineEntry(
            position=index,
            step=step,
            kind_words=KIND_WORDS[step.kind],
            is_here=step.id == marked,
            leads_to=next_steps(pack, step.id),
        )
        for index, step in enumerate(steps_in_order(pack), start=1)
    )


def outline_markdown(
    pack: ContentPack,
    situation: Situation,
    *,
    walk: str | None = None,
    marker: Marker = YOU_ARE_HERE,
) -> str:
    """The outline as a Markdown numbered list (steps) with nested bullets (arrows)."""
    lines: list[str] = []
    for entry in outline(pack, situation, walk=walk):
        here = f" — **{marker.words}**" if entry.is_here else ""
        english = pack.english_term("steps", entry.step.id)
        beside = f" ({WORDS.english_term.format(term=english)})" if english else ""
        head = f"{entry.position}. {entry.step.title}{beside} ({entry.kind_words}){here}"
        # The clinic's words go on the step's own item, on a line of their own (a hard break):
        # the item's bullets are the map's arrows, one for each.
        clinic = _clinic_words_sentence(pack, entry.step)
        lines.append(f"{head}\\\n    {clinic}" if clinic else head)
        if entry.leads_to:
            for transition, target in entry.leads_to:
                lines.append(f"    - {transition.label} → {target.title}")
        else:
            lines.append(f"    - {WORDS.end_of_map_words}")
    for band in pack.bands:
        lines.append(f"- {WORDS.bands_title}: {band.title} ({band_scope(pack, band.step_ids)})")
    return "\n".join(lines)
