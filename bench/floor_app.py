"""The floor: the smallest Streamlit app that does what the journey map does.

One page, one selectbox and one st.graphviz_chart with as many nodes and edges (and edge labels,
and node links) as the journey diagram, marked "you are here" the same way. The harness counts the
journey diagram at run time and passes the counts in BENCH_FLOOR_* environment variables; run on
its own, the app counts them itself.

    streamlit run bench/floor_app.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import graphviz
import streamlit as st

HERE_PREFIX = "▶ YOU ARE HERE"  # the same words as journey.diagram.HERE_PREFIX


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
st.graphviz_chart(graph)
