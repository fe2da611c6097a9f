"""The in-page map's SVG store: one `dot` run for a situation's steps, split right, kept bounded."""

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


def sources(situation: Situation, with_legend: bool = True) -> list[str]:
    return [
        journey_map._dot_source(PACK, situation.with_step(step.id), with_legend, ())
        for step in PACK.steps
    ]


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
    maps = sources(Situation.of(lineage="t"), with_legend=False)
    thread = store.warm(lambda: maps, situation_key="t-lineage")
    assert thread is not None
    thread.join(timeout=60)
    assert store.warm(lambda: maps, situation_key="t-lineage") is None  # once per situation
    expected = journey_map._draw(maps)
    drawn: list[int] = []
    real_draw = journey_map._draw
    monkeypatch.setattr(
        journey_map, "_draw", lambda batch: drawn.append(len(batch)) or real_draw(batch)
    )
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
