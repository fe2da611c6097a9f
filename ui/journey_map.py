"""The journey map drawn in the page: a click, or Enter or Space on a focused step, chooses it
without reloading the page, so the session (and everything typed in it) is kept.

The map is three of Graphviz's own SVGs, made on the server from the pure diagram and cached
per DOT source: the journey, the bands and the key. A small component (no iframe, no outside
script) puts them in the page, side by side on a wide screen and the journey first at the full
width of a narrow one (a phone), the bands and the key below it; a large map (the walkthrough's)
takes the whole width on a wide screen too. It has its own zoom buttons and reports the chosen
step. Node links stay in the SVG for open-in-new-tab. Without `dot` on the
server the map falls back to `st.graphviz_chart` of the whole picture, and a step is chosen from
the list or the outline instead.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence

import graphviz
import streamlit as st

from journey.diagram import (
    BORDER_COLOR,
    HERE_BORDER_COLOR,
    HERE_FILL,
    KIND_STYLE,
    PAGE_COLOR,
    THIS_STEP,
    YOU_ARE_HERE,
    Marker,
    build_bands,
    build_diagram,
    build_journey,
    build_legend,
)
from journey.model import ContentPack
from journey.sheet import has_dot
from journey.situation import Situation
from journey.words import WORDS, current_language, use_language
from ui.chrome import READ_DATA_JS, element_data

#: The component's name (tests find its element by it).
COMPONENT_NAME = "journey_map"
#: The component's one trigger: the id of the step a reader chose (lasts one rerun).
CHOSEN = "chosen"
#: The class of the map's outermost element (the walkthrough's keys leave the map's keys alone).
FRAME_CLASS = "journey-map-frame"
#: Where the map's box is narrower than this (a phone), the journey takes the whole width.
NARROW_PX = 640
#: The smallest text of a step's label there, in CSS pixels, before any zoom.
MIN_LABEL_PX = 12
#: A large map (the walkthrough's, shown to a room) grows past its drawing's own size, to at most
#: this many times it, in a box wider than NARROW_PX; the bands and the key go below it.
LARGE_GROWTH = 1.5

# One size rule for all three pictures: a picture's box is as wide as its drawing in points
# (--map-w, set by the script), and boxes shrink in proportion, so all share one scale, as
# the single picture did. In a narrow box the journey is as wide as the box allows, but never
# so small that a label is under MIN_LABEL_PX (--map-readable: pixels per point); then the
# journey's own box scrolls sideways, and the bands and the key follow at that scale. Side by
# side the pictures touch, on one page colour, as the single picture was (a dark theme shows it).
_CSS = f"""
.{FRAME_CLASS} {{ container: journey-map / inline-size; }}
.journey-map {{ display: flex; align-items: flex-start; }}
.journey-map svg {{ display: block; width: 100%; height: auto; }}
.journey-map-journey {{ flex: 0 1 calc(var(--map-w) * 1pt); min-width: 0; overflow-x: auto; }}
.journey-map-side {{ flex: 0 1 calc(var(--map-side-w) * 1pt); min-width: 0;
  display: flex; flex-direction: column; gap: 0.5rem; background: {PAGE_COLOR}; }}
.journey-map-side > div {{ width: calc(100% * var(--map-w) / var(--map-side-w)); }}
@container journey-map (max-width: {NARROW_PX}px) {{
  .journey-map {{ flex-direction: column; gap: 1rem; }}
  .journey-map-journey {{ flex: none; width: 100%; }}
  .journey-map-journey svg {{ width: max(min(100%, calc(var(--map-w) * 1pt)),
    calc(var(--map-w) * var(--map-readable) * 1px)); }}
  .journey-map-side {{ flex: none; width: 100%; flex-flow: row wrap; gap: 1rem; }}
  .journey-map-side > div {{ width: calc(var(--map-w) * var(--map-readable) * 1px);
    max-width: 100%; }}
}}
.journey-map a:focus-visible polygon, .journey-map a:focus-visible ellipse,
.journey-map a:focus-visible path {{ stroke: var(--st-primary-color); stroke-width: 4px; }}
.journey-map a {{ cursor: pointer; }}
.journey-map [hidden] {{ display: none; }}
.journey-map-zoom {{ display: flex; gap: 0.5rem; margin-bottom: 0.5rem; }}
.journey-map-zoom button {{ font: inherit; font-size: 0.875rem; min-height: 2rem;
  padding: 0.25rem 0.75rem; color: var(--st-text-color); background: var(--st-background-color);
  border: 1px solid var(--st-border-color); border-radius: var(--st-button-radius);
  cursor: pointer; }}
.journey-map-zoom button:focus-visible {{ outline: 2px solid var(--st-primary-color);
  outline-offset: 2px; }}
.journey-map-zoom button[aria-disabled=true] {{ opacity: 0.55; cursor: default; }}
@container journey-map (min-width: {NARROW_PX + 1}px) {{
  .journey-map-large .journey-map {{ flex-direction: column; gap: 1rem; }}
  .journey-map-large .journey-map-journey {{ flex: none; width: 100%; }}
  .journey-map-large .journey-map-journey svg {{
    width: min(100%, calc(var(--map-w) * {LARGE_GROWTH}pt)); }}
  .journey-map-large .journey-map-side {{ flex: none; width: 100%; flex-flow: row wrap;
    gap: 1rem; }}
  .journey-map-large .journey-map-side > div {{ width: calc(var(--map-w) * 1pt);
    max-width: 100%; }}
}}
.journey-map-live {{ position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }}
"""

# Trusted code written here; `data` carries only our own SVGs (labels escaped by Graphviz), the
# chosen step id and words from the catalog. Focus, the announcement and the zoom outlive a
# rerun because the component keeps its elements and only swaps an SVG when it changed.
_JS = """
const ZOOM_STEP = 1.25;
const ZOOM_MAX = 3; // pixels per point: labels of about 40 px

export default function (component) {
  const { parentElement, setTriggerValue } = component;
  __READ_DATA__
  let root = parentElement.querySelector(".journey-map");
  if (!root) {
    const frame = document.createElement("div");
    frame.className = data.frame_class;
    const zoom = document.createElement("div");
    zoom.className = "journey-map-zoom";
    zoom.setAttribute("role", "group");
    for (const factor of [ZOOM_STEP, 1 / ZOOM_STEP]) {
      const button = document.createElement("button");
      button.type = "button";
      button.dataset.factor = factor;
      zoom.appendChild(button);
    }
    root = document.createElement("div");
    root.className = "journey-map";
    root.setAttribute("role", "figure");
    root.innerHTML = '<div class="journey-map-journey"></div><div class="journey-map-side">'
      + '<div class="journey-map-bands"></div><div class="journey-map-legend"></div></div>';
    const live = document.createElement("div");
    live.className = "journey-map-live";
    live.setAttribute("aria-live", "polite");
    frame.append(zoom, root, live);
    parentElement.appendChild(frame);
  }
  root.setAttribute("aria-label", data.label);
  const mapFrame = parentElement.querySelector("." + data.frame_class);
  mapFrame.classList.toggle("journey-map-large", data.large);
  const live = parentElement.querySelector(".journey-map-live");
  const journey = root.querySelector(".journey-map-journey");
  const side = root.querySelector(".journey-map-side");
  const [zoomIn, zoomOut] = parentElement.querySelectorAll(".journey-map-zoom button");
  parentElement.querySelector(".journey-map-zoom").setAttribute("aria-label", data.zoom_label);
  zoomIn.textContent = data.zoom_in;
  zoomOut.textContent = data.zoom_out;

  // Each picture's box knows its drawing's width in points and the scale at which its smallest
  // label is MIN_LABEL_PX; the CSS does the layout from these.
  const draw = (box, svg) => {
    box.hidden = !svg;
    if (box.drawnSvg === svg) return;
    box.innerHTML = svg;
    box.drawnSvg = svg;
    const drawn = box.querySelector("svg");
    if (!drawn) return;
    const sizes = [...drawn.querySelectorAll("g.node text")]
      .map((text) => parseFloat(text.getAttribute("font-size")))
      .filter((size) => size > 0);
    box.style.setProperty("--map-w", drawn.viewBox.baseVal.width);
    box.style.setProperty("--map-readable", data.min_label_px / Math.min(...sizes));
  };
  draw(journey, data.svg);
  draw(root.querySelector(".journey-map-bands"), data.bands);
  draw(root.querySelector(".journey-map-legend"), data.legend);
  const sides = [...side.children].filter((box) => !box.hidden);
  side.hidden = sides.length === 0;
  side.style.setProperty(
    "--map-side-w",
    Math.max(0, ...sides.map((box) => parseFloat(box.style.getPropertyValue("--map-w")))),
  );

  // The zoom (pixels per point of the journey, none for the layout's own size) is the reader's:
  // it stays through a rerun and a new step's picture.
  const picture = journey.querySelector("svg");
  const scaleOf = () => picture.getBoundingClientRect().width / picture.viewBox.baseVal.width;
  const applyZoom = () => {
    picture.style.width = root.zoom ? root.zoom * picture.viewBox.baseVal.width + "px" : "";
  };
  const limits = () => {
    const kept = root.zoom;
    root.zoom = null;
    applyZoom();
    const layout = scaleOf();
    root.zoom = kept;
    applyZoom();
    const fit = journey.clientWidth / picture.viewBox.baseVal.width;
    return { layout, least: Math.min(layout, fit), most: Math.max(layout, ZOOM_MAX) };
  };
  const showLimits = () => {
    const { least, most } = limits();
    const scale = scaleOf();
    zoomIn.setAttribute("aria-disabled", String(scale >= most * 0.99));
    zoomOut.setAttribute("aria-disabled", String(scale <= least * 1.01));
  };
  const zoomBy = (factor) => {
    const { layout, least, most } = limits();
    const before = picture.getBoundingClientRect().width;
    const centre = (journey.scrollLeft + journey.clientWidth / 2) / before;
    const scale = Math.min(most, Math.max(least, scaleOf() * factor));
    // Back at the layout's own size, the journey follows the layout again (a turned phone).
    root.zoom = Math.abs(scale / layout - 1) < 0.01 ? null : scale;
    applyZoom();
    journey.scrollLeft = centre * picture.getBoundingClientRect().width - journey.clientWidth / 2;
    showLimits();
  };
  if (picture) {
    applyZoom();
    showLimits();
    zoomIn.onclick = () => zoomBy(ZOOM_STEP);
    zoomOut.onclick = () => zoomBy(1 / ZOOM_STEP);
  }

  // The chosen node shows the marker at the choice, before the server's run: the marker's words
  // first in the node, the marked colours, aria-current. The run then draws the map anew (always,
  // even when its SVG is the one drawn before), which confirms it or puts it right.
  const mark = (stepId) => {
    const { prefix, fill, border, fills, plain_border: plainBorder } = data.mark;
    journey.querySelectorAll("g.node[id^=step_]").forEach((node) => {
      const id = node.id.replace(/^step_/, "");
      const link = node.querySelector("a");
      const texts = [...node.querySelectorAll("text")];
      const shapes = [...node.querySelectorAll("polygon, ellipse, path")];
      if (!link || !texts.length || !shapes.length) return;
      const marked = texts[0].textContent.trim() === prefix;
      const gap = texts.length > 1
        ? parseFloat(texts[1].getAttribute("y")) - parseFloat(texts[0].getAttribute("y"))
        : parseFloat(texts[0].getAttribute("font-size")) + 1;
      const shift = (list, by) => list.forEach((text) => {
        text.setAttribute("y", parseFloat(text.getAttribute("y")) + by);
      });
      if (id === stepId && !marked) {
        const words = texts[0].cloneNode(false);
        words.textContent = prefix;
        words.setAttribute("y", parseFloat(texts[0].getAttribute("y")) - gap / 2);
        shift(texts, gap / 2);
        texts[0].before(words);
        shapes[0].setAttribute("fill", fill);
        shapes[0].setAttribute("stroke", border);
        shapes[0].setAttribute("stroke-width", "3");
        link.setAttribute("aria-current", data.current);
      } else if (id !== stepId && marked) {
        texts[0].remove();
        shift(texts.slice(1), -gap / 2);
        shapes.slice(1).filter((shape) => shape.getAttribute("fill") === "none")
          .forEach((shape) => shape.remove());
        if (fills[id]) shapes[0].setAttribute("fill", fills[id]);
        shapes[0].setAttribute("stroke", plainBorder);
        shapes[0].setAttribute("stroke-width", "1.2");
        link.removeAttribute("aria-current");
      }
    });
    journey.drawnSvg = null;
  };
  const choose = (stepId, byKey) => {
    root.dataset.keyboard = byKey ? stepId : "";
    root.dataset.pointer = byKey ? "" : stepId;
    mark(stepId);
    setTriggerValue("chosen", stepId);
  };
  // A journey wider than its box (a phone) scrolls sideways to the chosen step, else the first.
  if (journey.scrollWidth > journey.clientWidth) {
    const nodes = [...journey.querySelectorAll("g.node[id^=step_]")];
    const target = nodes.find((n) => n.id === "step_" + data.chosen) || nodes[0];
    if (target) {
      const box = target.getBoundingClientRect();
      const frame = journey.getBoundingClientRect();
      journey.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
    }
  }
  if (data.chosen && root.dataset.pointer === data.chosen && data.scroll_to) {
    root.dataset.pointer = "";
    // after this run has drawn the chosen step's details
    setTimeout(() => {
      const heading = document.getElementById(data.scroll_to);
      if (heading) heading.scrollIntoView({ block: "start" });
    }, 150);
  }
  journey.querySelectorAll("g.node").forEach((node) => {
    const stepId = (node.id || "").replace(/^step_/, "");
    const link = node.querySelector("a");
    if (!link || !stepId) return;
    link.setAttribute("role", "link");
    // In the tab order everywhere (Safari leaves links out by default), so a keyboard reaches
    // every part of the journey's box when it scrolls sideways.
    link.setAttribute("tabindex", "0");
    if (stepId === data.chosen) link.setAttribute("aria-current", data.current);
    else link.removeAttribute("aria-current");
    link.onclick = (event) => {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      choose(stepId, false);
    };
    link.onkeydown = (event) => {
      if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        choose(stepId, true);
      }
    };
    if (stepId === data.chosen && root.dataset.keyboard === stepId) {
      link.focus();
      live.textContent = data.announce;
      root.dataset.keyboard = "";
    }
  });
}
"""

_MAP = st.components.v2.component(
    COMPONENT_NAME, css=_CSS, js=_JS.replace("__READ_DATA__", READ_DATA_JS)
)


class _SvgStore:
    """Graphviz's SVG per DOT source, for the whole process, the newest `size` kept.

    A map shows one situation; a reader who chooses a step on it goes on to choose other steps
    of it. So at a first choice (`warm`), every step's map of the same situation is drawn in the
    background and in one `dot` run (about 50 ms for 10 steps here, against 25 ms for each one
    alone), and a later choice finds its map ready. Plain Python (no Streamlit calls) so that the
    background thread may use it.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._svgs: OrderedDict[str, str] = OrderedDict()
        self._warmed: OrderedDict[Hashable, None] = OrderedDict()  # situations drawn or pending
        self._lock = threading.Lock()

    def get(self, source: str) -> str | None:
        svgs = self.get_many([source])
        return svgs[0] if svgs else None

    def get_many(self, sources: Sequence[str]) -> list[str] | None:
        """The SVG of each source; those not kept are drawn in one `dot` run. None if it fails."""
        with self._lock:
            kept = {source: self._svgs.get(source) for source in sources}
            for source, svg in kept.items():
                if svg is not None:
                    self._svgs.move_to_end(source)
        missing = [source for source, svg in kept.items() if svg is None]
        if missing:
            drawn = _draw(missing)
            if not drawn:
                return None
            new = dict(zip(missing, drawn, strict=True))
            self._keep(new)
            kept.update(new)
        return [kept[source] for source in sources]

    def warm(
        self, sources: Callable[[], Sequence[str]], situation_key: Hashable
    ) -> threading.Thread | None:
        """Draw `sources()` in a background thread (returned), once per `situation_key`."""
        with self._lock:
            if situation_key in self._warmed:
                self._warmed.move_to_end(situation_key)
                return None
            self._warmed[situation_key] = None
            while len(self._warmed) > self.size:
                self._warmed.popitem(last=False)
        thread = threading.Thread(
            target=self._warm, args=(sources, situation_key), name="map-warm", daemon=True
        )
        thread.start()
        return thread

    def _warm(self, sources: Callable[[], Sequence[str]], situation_key: Hashable) -> None:
        try:
            wanted = sources()
            with self._lock:
                missing = [source for source in wanted if source not in self._svgs]
            drawn = _draw(missing) if missing else []
        except Exception:  # a background nicety: the map draws each source itself when asked
            drawn = None
        if drawn:
            self._keep(dict(zip(missing, drawn, strict=True)))
        else:
            with self._lock:
                self._warmed.pop(situation_key, None)

    def _keep(self, drawn: dict[str, str]) -> None:
        with self._lock:
            self._svgs.update(drawn)
            for source in drawn:
                self._svgs.move_to_end(source)
            while len(self._svgs) > self.size:
                self._svgs.popitem(last=False)


_GRAPH_PAGE_ID = re.compile(r'(id=|href=)"(#?(?:a_)?)page\d+,\d+_')


def _draw(sources: Sequence[str]) -> list[str] | None:
    """Graphviz's SVG of each DOT source, from `<svg` on, in one `dot` run; None if it fails."""
    try:
        drawn = graphviz.pipe_string("dot", "svg", "\n".join(sources), encoding="utf-8")
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError):
        return None
    # In a run of several graphs Graphviz prefixes its own ids of the second graph on ("page0,1_")
    # and may draw the clusters in another order: the same picture, and the same ids once the
    # prefix goes (ours, `step_...`, have none).
    svgs = [
        _GRAPH_PAGE_ID.sub(r'\1"\2', part[part.find("<svg") :] + "</svg>")
        for part in drawn.split("</svg>")[:-1]
    ]
    if len(svgs) != len(sources) or any(not svg.startswith("<svg") for svg in svgs):
        return None
    return svgs


_SVGS = _SvgStore(size=512)

_SOURCES: OrderedDict[Hashable, tuple[ContentPack, str]] = OrderedDict()
_SOURCES_LOCK = threading.Lock()


def _kept_source(key: Hashable, pack: ContentPack, build: Callable[[], str]) -> str:
    """`build()`'s DOT source, kept for the process under `key` (with `pack`, whose id it holds)
    and the language in use (the map's own words are in it)."""
    key = (current_language(), key)
    with _SOURCES_LOCK:
        kept = _SOURCES.get(key)
        if kept is not None and kept[0] is pack:
            _SOURCES.move_to_end(key)
            return kept[1]
    source = build()
    with _SOURCES_LOCK:
        _SOURCES[key] = (pack, source)
        while len(_SOURCES) > _SVGS.size:
            _SOURCES.popitem(last=False)
    return source


def _dot_source(
    pack: ContentPack,
    situation: Situation,
    question_ids: tuple[str, ...],
    walk: str | None = None,
    marker: Marker = YOU_ARE_HERE,
) -> str:
    """The DOT source of the journey of one map (building it costs about 2 ms)."""
    return _kept_source(
        (id(pack), situation, question_ids, walk, marker),
        pack,
        lambda: (
            build_journey(
                pack, situation, question_ids=question_ids, walk=walk, marker=marker
            ).source
        ),
    )


def _bands_source(pack: ContentPack) -> str:
    graph = build_bands(pack)
    return graph.source if graph is not None else ""


def _side_sources(
    pack: ContentPack, with_legend: bool, marker: Marker = YOU_ARE_HERE
) -> tuple[str, str]:
    """The DOT sources of the bands and of the key ("" for none): the same for every step."""
    bands = _kept_source((id(pack), "bands"), pack, lambda: _bands_source(pack))
    legend = _kept_source((id(pack), "legend", marker), pack, lambda: build_legend(marker).source)
    return bands, legend if with_legend else ""


def _journey_source(
    pack: ContentPack,
    situation: Situation,
    questions: tuple[str, ...],
    step_id: str | None,
    walk: bool,
    marker: Marker,
) -> str:
    """The DOT source of the map with `step_id` marked: the reader's step, or the walk's."""
    if walk:
        return _dot_source(pack, situation, questions, step_id, marker)
    return _dot_source(pack, situation.with_step(step_id), questions, None, marker)


def warm_every_step(
    pack: ContentPack,
    situation: Situation,
    question_ids: Sequence[str] = (),
    *,
    walk: bool = False,
    marker: Marker | None = None,
) -> threading.Thread | None:
    """Draw, in a background thread and one `dot` run, the map of `situation` with each step
    marked (the walk's step when `walk`), once per situation; the thread, if one started. The
    marker is "you are here", or "this step" on a walk, unless `marker` says otherwise.

    Called at a reader's choice of a step on the page (a node of the map, the step list, the
    walkthrough's Back and Next): a reader who chooses one step goes on to choose others in the
    same situation, and each would otherwise wait for its own `dot` run (about 25 ms). Never at a
    view opened from a link (most of a busy server's runs), which would draw maps nobody asks
    for. A walkthrough's maps differ only by the walk's step; the reader's is kept.
    """
    if not has_dot():
        return None
    marker = marker or (THIS_STEP if walk else YOU_ARE_HERE)
    questions = tuple(question_ids)
    others = situation if walk else situation.with_step(None)
    language = current_language()  # the background thread has no session to ask

    def every_source() -> list[str]:
        with use_language(language):
            return [
                _journey_source(pack, situation, questions, step.id, walk, marker)
                for step in pack.steps
            ]

    return _SVGS.warm(
        every_source, situation_key=(language, id(pack), others, questions, not walk, marker)
    )


def _mark_at_choice(pack: ContentPack, marker: Marker) -> dict[str, object]:
    """What the component needs to mark a chosen node before the server's run: the marker's
    words and colours (journey.diagram's), each step's own fill and the plain border."""
    return {
        "prefix": marker.prefix,
        "fill": HERE_FILL,
        "border": HERE_BORDER_COLOR,
        "fills": {step.id: KIND_STYLE[step.kind]["fillcolor"] for step in pack.steps},
        "plain_border": BORDER_COLOR,
    }


def journey_map(
    pack: ContentPack,
    situation: Situation,
    *,
    key: str,
    on_choose: Callable[[str], None],
    marker_current: str,
    announce: str,
    with_legend: bool = True,
    question_ids: Sequence[str] = (),
    scroll_to: str = "",
    walk: str | None = None,
    marker: Marker = YOU_ARE_HERE,
    large: bool = False,
) -> None:
    """Draw the map with the situation's step marked; `on_choose(step_id)` runs on a choice.

    After a pointer choice the element with id `scroll_to` (the step's heading) scrolls into view;
    after a keyboard choice the focus stays on the node instead.

    `marker_current` is the node's `aria-current` value ("location" for "you are here", "step"
    in the walkthrough); `announce` is what a screen reader hears after a keyboard choice.
    A walkthrough's map passes its step as `walk` (marked with `marker`, chosen by node links
    instead of the reader's step); `large` lets the journey grow past its drawing's size.
    """
    questions = tuple(question_ids)

    def source(step_id: str | None) -> str:
        return _journey_source(pack, situation, questions, step_id, walk is not None, marker)

    chosen_step = situation.step if walk is None else walk
    # One `dot` run for what is not drawn yet: at first the journey, the bands and the key.
    sources = [source(chosen_step), *_side_sources(pack, with_legend, marker)]
    svgs = _SVGS.get_many([part for part in sources if part]) if has_dot() else None
    if svgs is None:
        graph = build_diagram(
            pack,
            situation,
            with_legend=with_legend,
            question_ids=question_ids,
            walk=walk,
            marker=marker,
        )
        st.graphviz_chart(graph, alt=WORDS.diagram_alt)
        return
    drawn = iter(svgs)
    journey_svg, bands_svg, legend_svg = (next(drawn) if part else "" for part in sources)

    def chosen() -> None:
        state = st.session_state.get(key)
        step_id = state.get(CHOSEN) if isinstance(state, dict) else None
        if isinstance(step_id, str) and pack.has_step(step_id):
            # A reader who chooses on the map goes on choosing in the same situation: have every
            # step's journey ready. Only then: a view opened from a link (most of a busy server's
            # runs) would pay a dot run for maps nobody asks for.
            warm_every_step(pack, situation, questions, walk=walk is not None, marker=marker)
            on_choose(step_id)

    _MAP(
        key=key,
        data=element_data(
            {
                "svg": journey_svg,
                "bands": bands_svg,
                "legend": legend_svg,
                "chosen": chosen_step or "",
                "large": large,
                "frame_class": FRAME_CLASS,
                "current": marker_current,
                "announce": announce,
                "label": WORDS.diagram_alt,
                "scroll_to": scroll_to,
                "min_label_px": MIN_LABEL_PX,
                "zoom_in": WORDS.map_zoom_in,
                "zoom_out": WORDS.map_zoom_out,
                "zoom_label": WORDS.map_zoom_group,
                "mark": _mark_at_choice(pack, marker),
            }
        ),
        on_chosen_change=chosen,
    )
