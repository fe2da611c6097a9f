"""The journey map drawn in the page: a click, or Enter or Space on a focused step, chooses it
without reloading the page, so the session (and everything typed in it) is kept.

The map is Graphviz's own SVG, made on the server from the pure diagram and cached per DOT
source; a small component (no iframe, no outside script) puts it in the page and reports the
chosen step. Node links stay in the SVG for open-in-new-tab. Without `dot` on the server the map
falls back to `st.graphviz_chart`, and a step is chosen from the list or the outline instead.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence

import graphviz
import streamlit as st

from journey.diagram import DIAGRAM_ALT, build_diagram
from journey.model import ContentPack
from journey.sheet import has_dot
from journey.situation import Situation

#: The component's one trigger: the id of the step a reader chose (lasts one rerun).
CHOSEN = "chosen"

_CSS = """
.journey-map { overflow-x: auto; }
.journey-map svg { max-width: 100%; height: auto; }
/* On a phone the map keeps its drawn size (labels stay readable) and scrolls sideways, the
   journey first, the bands and the key beside it. */
@media (max-width: 640px) { .journey-map svg { max-width: none; } }
.journey-map a:focus-visible polygon, .journey-map a:focus-visible ellipse,
.journey-map a:focus-visible path { stroke: var(--st-primary-color); stroke-width: 4px; }
.journey-map a { cursor: pointer; }
.journey-map-live { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
"""

# Trusted code written here; `data` carries only our own SVG (labels escaped by Graphviz), the
# chosen step id and words from the catalog. Focus and the announcement outlive a rerun because
# the component keeps its elements and only swaps the SVG when it changed.
_JS = """
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  let root = parentElement.querySelector(".journey-map");
  if (!root) {
    root = document.createElement("div");
    root.className = "journey-map";
    root.setAttribute("role", "figure");
    root.setAttribute("aria-label", data.label);
    const live = document.createElement("div");
    live.className = "journey-map-live";
    live.setAttribute("aria-live", "polite");
    parentElement.appendChild(root);
    parentElement.appendChild(live);
  }
  const live = parentElement.querySelector(".journey-map-live");
  if (root.drawnSvg !== data.svg) {
    root.innerHTML = data.svg;
    root.drawnSvg = data.svg;
  }
  const choose = (stepId, byKey) => {
    root.dataset.keyboard = byKey ? stepId : "";
    root.dataset.pointer = byKey ? "" : stepId;
    setTriggerValue("chosen", stepId);
  };
  // A map wider than its box (a phone) scrolls sideways to the chosen step, else the first one.
  if (root.scrollWidth > root.clientWidth) {
    const nodes = [...root.querySelectorAll("g.node[id^=step_]")];
    const target = nodes.find((n) => n.id === "step_" + data.chosen) || nodes[0];
    if (target) {
      const box = target.getBoundingClientRect();
      const frame = root.getBoundingClientRect();
      root.scrollLeft += box.left + box.width / 2 - (frame.left + frame.width / 2);
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
  root.querySelectorAll("g.node").forEach((node) => {
    const stepId = (node.id || "").replace(/^step_/, "");
    const link = node.querySelector("a");
    if (!link || !stepId) return;
    link.setAttribute("role", "link");
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

_MAP = st.components.v2.component("journey_map", css=_CSS, js=_JS)


class _SvgStore:
    """Graphviz's SVG per DOT source, for the whole process, the newest `size` kept.

    A map shows one situation; its reader goes on to choose other steps of it. So when a source
    is drawn, the sources of every other step of the same situation are drawn too, in the
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
        with self._lock:
            svg = self._svgs.get(source)
            if svg is not None:
                self._svgs.move_to_end(source)
                return svg
        drawn = _draw([source])
        if drawn:
            self._keep(dict(zip([source], drawn, strict=True)))
            return drawn[0]
        return None

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


def _dot_source(
    pack: ContentPack, situation: Situation, with_legend: bool, question_ids: tuple[str, ...]
) -> str:
    """The DOT source of one map, kept for the process (building it costs about 2 ms)."""
    key = (id(pack), situation, with_legend, question_ids)
    with _SOURCES_LOCK:
        kept = _SOURCES.get(key)
        if kept is not None and kept[0] is pack:
            _SOURCES.move_to_end(key)
            return kept[1]
    source = build_diagram(
        pack, situation, with_legend=with_legend, question_ids=question_ids
    ).source
    with _SOURCES_LOCK:
        _SOURCES[key] = (pack, source)
        while len(_SOURCES) > _SVGS.size:
            _SOURCES.popitem(last=False)
    return source


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
) -> None:
    """Draw the map with the situation's step marked; `on_choose(step_id)` runs on a choice.

    After a pointer choice the element with id `scroll_to` (the step's heading) scrolls into view;
    after a keyboard choice the focus stays on the node instead.

    `marker_current` is the node's `aria-current` value ("location" for "you are here", "step"
    in the walkthrough); `announce` is what a screen reader hears after a keyboard choice.
    """

    def source(step_id: str | None) -> str:
        return _dot_source(pack, situation.with_step(step_id), with_legend, tuple(question_ids))

    svg = _SVGS.get(source(situation.step)) if has_dot() else None
    if svg is None:
        graph = build_diagram(pack, situation, with_legend=with_legend, question_ids=question_ids)
        st.graphviz_chart(graph, alt=DIAGRAM_ALT)
        return

    def chosen() -> None:
        state = st.session_state.get(key)
        step_id = state.get(CHOSEN) if isinstance(state, dict) else None
        if isinstance(step_id, str) and pack.has_step(step_id):
            on_choose(step_id)

    _MAP(
        key=key,
        data={
            "svg": svg,
            "chosen": situation.step or "",
            "current": marker_current,
            "announce": announce,
            "label": DIAGRAM_ALT,
            "scroll_to": scroll_to,
        },
        on_chosen_change=chosen,
    )
    # The reader's next choice is another step of this situation: have its map ready.
    _SVGS.warm(
        lambda: [source(step.id) for step in pack.steps],
        situation_key=(id(pack), situation.with_step(None), with_legend, tuple(question_ids)),
    )
