"""The floor: the smallest Streamlit app that does what the journey map does.

One page, one selectbox and one map with as many nodes and edges (and edge labels, and node
links) as the journey diagram, marked "you are here" the same way, drawn by the same mechanism as
the app's (Graphviz's SVG from `dot`, cached, in a components-v2 element that reports a clicked
node without a reload), so the ratios compare like with like. Without `dot` it falls back to
st.graphviz_chart, as the app does. The harness counts the journey diagram at run time and passes
the counts in BENCH_FLOOR_* environment variables; run on its own, the app counts them itself.

    streamlit run bench/floor_app.py
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import graphviz
import streamlit as st

HERE_PREFIX = "▶ YOU ARE HERE"  # the same words as journey.WORDS.here_prefix


@st.cache_resource
def _shape() -> tuple[int, int, int, int]:
    """(nodes, edges, labelled edges, linked nodes): from the environment, else counted."""
    names = ("BENCH_FLOOR_NODES", "BENCH_FLOOR_EDGES", "BENCH_FLOOR_LABELLED_EDGES")
    if all(name in os.environ for name in names):
        nodes, edges, labelled = (int(os.environ[name]) for name in names)
        return nodes, edges, labelled, int(os.environ.get("BENCH_FLOOR_LINKED", nodes))
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from bench.common import journey_shape

    shape = journey_shape()
    return shape.nodes, shape.edges, shape.labelled_edges, shape.linked_nodes


nodes, edges, labelled, linked = _shape()
ids = [f"n{index}" for index in range(linked)]

step = st.query_params.get("step")
if "step" not in st.session_state:
    st.session_state.step = step if step in ids else ids[0]
elif step in ids and step != st.session_state.step:
    st.session_state.step = step


def _sync() -> None:
    st.query_params["step"] = st.session_state.step


st.selectbox("Step", ids, key="step", on_change=_sync)

graph = graphviz.Digraph("floor")
for index in range(nodes):
    node_id = f"n{index}"
    label = f"Step {index}"
    if node_id == st.session_state.step:
        graph.node(node_id, f"{HERE_PREFIX}\\n{label}", URL=f"?step={node_id}", target="_self")
    elif index < linked:
        graph.node(node_id, label, URL=f"?step={node_id}", target="_self")
    else:
        graph.node(node_id, label)
for index in range(edges):
    source = index % nodes
    target = (index + 1 + index // nodes) % nodes
    if target == source:
        target = (target + 1) % nodes
    graph.edge(f"n{source}", f"n{target}", label="next" if index < labelled else None)
_JS = """
export default function ({ data, parentElement, setTriggerValue }) {
  let root = parentElement.querySelector(".journey-map");
  if (!root) {
    root = document.createElement("div");
    root.className = "journey-map";
    parentElement.appendChild(root);
  }
  if (root.drawnSvg !== data.svg) {
    root.innerHTML = data.svg;
    root.drawnSvg = data.svg;
  }
  root.querySelectorAll("g.node").forEach((node) => {
    const link = node.querySelector("a");
    const id = node.querySelector("title").textContent.trim();
    if (link) link.onclick = (event) => { event.preventDefault(); setTriggerValue("chosen", id); };
  });
}
"""
_MAP = st.components.v2.component(
    "floor_map", css=".journey-map svg { max-width: 100%; height: auto; }", js=_JS
)


@st.cache_data(max_entries=256, show_spinner=False)
def _svg(dot_source: str) -> str:
    drawn = graphviz.Source(dot_source).pipe(format="svg").decode("utf-8")
    return drawn[drawn.find("<svg") :]


def _chosen() -> None:
    chosen = (st.session_state.get("map") or {}).get("chosen")
    if chosen in ids:
        st.session_state.step = chosen
        _sync()


if shutil.which("dot"):
    _MAP(key="map", data={"svg": _svg(graph.source)}, on_chosen_change=_chosen)
else:
    st.graphviz_chart(graph)
