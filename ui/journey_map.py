"""The journey map drawn in the page: a click, or Enter or Space on a focused step, chooses it
without reloading the page, so the session (and everything typed in it) is kept.

The map is Graphviz's own SVG, made on the server from the pure diagram and cached per DOT
source; a small component (no iframe, no outside script) puts it in the page and reports the
chosen step. Node links stay in the SVG for open-in-new-tab. Without `dot` on the server the map
falls back to `st.graphviz_chart`, and a step is chosen from the list or the outline instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

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


@st.cache_data(max_entries=256, show_spinner=False)
def _svg(dot_source: str) -> str | None:
    """Graphviz's SVG for one DOT source, from `<svg` on; None when `dot` cannot draw it."""
    try:
        drawn = graphviz.Source(dot_source).pipe(format="svg").decode("utf-8")
    except (graphviz.ExecutableNotFound, graphviz.CalledProcessError):
        return None
    start = drawn.find("<svg")
    return drawn[start:] if start >= 0 else None


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
    graph = build_diagram(pack, situation, with_legend=with_legend, question_ids=question_ids)
    svg = _svg(graph.source) if has_dot() else None
    if svg is None:
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
