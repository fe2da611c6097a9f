"""The in-page map's SVG store: one `dot` run for a situation's steps, split right, kept bounded;
the bands and the key drawn once and shared by every step."""

from __future__ import annotations

import shutil

import pytest

from journey.loading import data_dir_from_env, load_pack
from journey.situation import Situation
from tests.conftest import running_in_ci
from ui import journey_map

PACK = load_pack(data_dir_from_env())


@pytest.fixture(autouse=True)
def needs_dot() -> None:
    if shutil.which("dot") is None and not running_in_ci():
        pytest.skip("Graphviz `dot` is not installed here (in CI it is, and this test runs)")


def sources(situation: Situation) -> list[str]:
    """The journey's DOT source for each step of the situation."""
    return [journey_map._dot_source(PACK, situation.with_step(step.id), ()) for step in PACK.steps]


def counted_draws(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The size of each batch `_draw` is given from now on (each is one `dot` run)."""
    drawn: list[int] = []
    real_draw = journey_map._draw
    monkeypatch.setattr(
        journey_map, "_draw", lambda batch: drawn.append(len(batch)) or real_draw(batch)
    )
    return drawn


def test_one_dot_run_for_many_maps_gives_each_map_its_own_svg() -> None:
    maps = sources(Situation.of(ph="positive"))
    together = journey_map._draw(maps)
    alone = [journey_map._draw([source])[0] for source in maps]
    # The same picture: the same drawn lines, though Graphviz may order the clusters otherwise.
    assert [sorted(svg.splitlines()) for svg in together] == [
        sorted(svg.splitlines()) for svg in alone
    ]
    for step, svg in zip(PACK.steps, together, strict=True):
        assert svg.startswith("<svg") and svg.endswith("</svg>")
        assert svg.count("<svg") == 1
        assert f'id="step_{step.id}"' in svg


def test_warming_a_situation_draws_every_step_so_a_choice_runs_no_dot(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = journey_map._SvgStore(size=64)
    maps = sources(Situation.of(lineage="t"))
    thread = store.warm(lambda: maps, situation_key="t-lineage")
    assert thread is not None
    thread.join(timeout=60)
    assert store.warm(lambda: maps, situation_key="t-lineage") is None  # once per situation
    expected = journey_map._draw(maps)
    drawn = counted_draws(monkeypatch)
    assert [store.get(source) for source in maps] == expected
    assert drawn == []  # every map was kept from the warm: no choice ran `dot`


def test_the_store_keeps_only_the_newest_maps() -> None:
    store = journey_map._SvgStore(size=3)
    maps = sources(Situation())[:5]
    for source in maps:
        assert store.get(source) is not None
    assert list(store._svgs) == maps[-3:]


def test_a_map_dot_cannot_draw_is_none_and_the_warm_is_forgotten() -> None:
    store = journey_map._SvgStore(size=8)
    broken = "digraph { this is not dot"
    assert store.get(broken) is None
    thread = store.warm(lambda: [broken], situation_key="broken")
    assert thread is not None
    thread.join(timeout=60)
    assert "broken" not in store._warmed  # tried again next time, never stored as drawn


def test_the_journey_bands_and_key_not_yet_kept_are_drawn_in_one_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    store = journey_map._SvgStore(size=16)
    journey = sources(Situation.of(ph="negative"))[:2]
    bands, legend = journey_map._side_sources(PACK, with_legend=True)
    assert store.get(journey[0]) is not None
    drawn = counted_draws(monkeypatch)
    svgs = store.get_many([journey[0], journey[1], bands, legend])
    assert drawn == [3]  # the first journey was kept; the other three in one `dot` run
    assert svgs is not None and len(svgs) == 4
    assert 'id="step_signs"' in svgs[1]
    assert "cluster_bands" in svgs[2] and "step_" not in svgs[2]
    assert "cluster_legend" in svgs[3] and "step_" not in svgs[3]
    assert store.get_many([bands, legend]) == svgs[2:] and drawn == [3]


def test_the_bands_and_key_are_built_once_per_pack_and_hold_no_step() -> None:
    """Nothing in them depends on the chosen step or the facts: every map of a pack shares them."""
    bands, legend = journey_map._side_sources(PACK, with_legend=True)
    again = journey_map._side_sources(PACK, with_legend=True)
    assert again[0] is bands and again[1] is legend  # kept, not built again
    assert "cluster_bands" in bands and "cluster_legend" in legend
    assert "step_" not in bands + legend and "URL=" not in bands + legend
    assert journey_map._side_sources(PACK, with_legend=False) == (bands, "")
