"""Rerun: the server-side time of one script run after each page's most common interaction.

Both apps run in this process through streamlit.testing.v1.AppTest, which executes the script the
way the server does (same ScriptRunner) minus the websocket. For each page, every sample pairs one
app rerun with one floor rerun (a new step in the floor's selectbox), the order alternating sample
by sample, so drift on a noisy machine hits both sides alike. A page's ratio is its median over the
floor's median taken in the same stretch; `rerun_vs_floor` is the worst page's.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.common import (
    APP_SCRIPT,
    FLOOR_SCRIPT,
    REPO_ROOT,
    DiagramShape,
    floor_step_ids,
    median,
    progress,
    ratio,
    summary,
)

TIMEOUT_S = 60
WARMUP = 3

Interaction = Callable[[AppTest, int], None]


@dataclass
class PageCase:
    """A page, the URL it opens at, and the change that triggers each rerun (sample i)."""

    name: str
    script: str
    interaction: str
    act: Interaction
    query: dict[str, str] = field(default_factory=dict)
    #: the key of the widget `act` changes: a widget inside a fragment reruns only that fragment
    widget: str = ""


def app_pages() -> list[str]:
    """The page files of the app's one navigation list (ui/frame.pages()), in menu order."""
    from ui.frame import pages

    return [path for path, _, _ in pages()]


def page_cases() -> list[PageCase]:
    """Each page of app.py with its most common interaction; widget keys come from ui/ itself.

    A page with no interaction of its own here gets the shared sidebar's Philadelphia control,
    which every page shows.
    """
    from journey.loading import data_dir_from_env, load_pack
    from journey.navigation import steps_in_order
    from ui import chrome, view_state

    pack = load_pack(data_dir_from_env())
    steps = [step.id for step in steps_in_order(pack)]
    questions = [question.id for question in pack.questions]
    ph_key = view_state.fact_key("ph")
    ph_values = ("positive", "negative")

    def toggle_ph(at: AppTest, i: int) -> None:
        at.radio(key=ph_key).set_value(ph_values[i % 2])

    def choose_step(at: AppTest, i: int) -> None:
        at.selectbox(key=view_state.STEP_KEY).set_value(steps[i % len(steps)])

    def where_answer(at: AppTest, i: int) -> None:
        at.radio(key=view_state.WHERE_STARTED_KEY).set_value(list(chrome.ANSWER_LABELS)[i % 2])

    def glossary(at: AppTest, i: int) -> None:
        at.text_input(key=view_state.GLOSSARY_KEY).input(("remission", "blast", "marrow")[i % 3])

    def walk(at: AppTest, i: int) -> None:
        forward = at.button(key=view_state.WALK_NEXT_KEY)
        (forward if not forward.disabled else at.button(key=view_state.WALK_BACK_KEY)).click()

    def basket(at: AppTest, i: int) -> None:
        # a question of the reader's step: its group is the one open when the page opens
        box = at.checkbox(key=view_state.QUESTION_KEY_PREFIX + step_questions[0])
        box.uncheck() if box.value else box.check()

    at_a_step = {"step": steps[min(3, len(steps) - 1)]}
    step_questions = [
        question.id for question in pack.questions if question.step_id == at_a_step["step"]
    ] or questions
    own: dict[str, tuple[str, Interaction, dict[str, str], str]] = {
        "journey_map": ("step selectbox", choose_step, {}, view_state.STEP_KEY),
        "where_am_i": ("first question", where_answer, {}, view_state.WHERE_STARTED_KEY),
        "treatment_options": ("sidebar Philadelphia control", toggle_ph, at_a_step, ph_key),
        "tests_and_terms": ("glossary search", glossary, {}, view_state.GLOSSARY_KEY),
        # Back when Next is at the end: both sit in the same fragment
        "walkthrough": ("Next", walk, {"walk": steps[0]}, view_state.WALK_NEXT_KEY),
        "discussion_sheet": (
            "basket checkbox",
            basket,
            at_a_step,
            view_state.QUESTION_KEY_PREFIX + step_questions[0],
        ),
    }
    default = ("sidebar Philadelphia control", toggle_ph, {}, ph_key)
    cases = []
    for script in app_pages():
        name = Path(script).stem
        interaction, act, query, widget = own.get(name, default)
        cases.append(PageCase(name, script, interaction, act, query, widget))
    return cases


def open_app(case: PageCase) -> AppTest:
    at = AppTest.from_file(str(REPO_ROOT / APP_SCRIPT), default_timeout=TIMEOUT_S)
    for key, value in case.query.items():
        at.query_params[key] = value
    at.run()
    if case.script != app_pages()[0]:
        at.switch_page(case.script).run()
    _check(at, case.name)
    return at


@contextlib.contextmanager
def as_a_server() -> Iterator[None]:
    """Reruns as a running server makes them: Streamlit's old `pages/` mode off.

    With a `pages/` folder beside app.py, Streamlit starts in its old multipage mode and runs a
    page file on its own; the first `st.navigation` of the process ends that mode for good
    (`PagesManager.uses_pages_directory = False`), so a server pays `ui/frame.ensure()`'s rerun
    once, at its first run (the cold start measures it). AppTest resets the flag before every
    run, so without this every timed rerun would run the page file alone first and then again
    inside app.py: a start no browser pays after the server's first run.
    """
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def after_first_navigation(self, *args, **kwargs) -> None:
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = after_first_navigation
    try:
        yield
    finally:
        PagesManager.__init__ = original


class ServerReruns:
    """Reruns scoped as a server scopes them: a change to a widget drawn inside a fragment reruns
    that fragment alone (the browser sends the fragment's id with the rerun), any other change
    the whole app. AppTest itself always reruns the whole app.

    While active, every AppTest run records, from the messages the run sent, the fragment each
    widget was drawn in (`Delta.fragment_id`, as the browser reads it); `scope(key)` makes the
    next run a rerun of the fragment of the widget with `key`, if it has one, and says which.
    A fragment's run may still ask for the whole app (`st.rerun(scope="app")`, the journey map
    does when the new step asks other facts); that run follows in the same timed `at.run()`, as
    in a server. After a fragment's run AppTest's element tree holds only what that run drew, the
    browser's page the rest; the session keeps every other widget's value, as a server's does.
    """

    def __init__(self) -> None:
        self.fragment_of: dict[str, str] = {}  # widget key -> fragment id
        self._next: str | None = None
        self._pages: dict | None = None  # the pages the last whole run registered

    def scope(self, key: str) -> str | None:
        self._next = self.fragment_of.get(key)
        return self._next

    def _record(self, messages) -> None:
        for message in messages:
            if not message.HasField("delta") or not message.delta.HasField("new_element"):
                continue
            element = message.delta.new_element
            kind = element.WhichOneof("type")
            widget_id = getattr(getattr(element, kind, None), "id", "") if kind else ""
            if not isinstance(widget_id, str) or not widget_id.startswith("$$ID-"):
                continue
            key = widget_id.split("-", 2)[-1]  # "$$ID-<hash>-<key>"
            if message.delta.fragment_id:
                self.fragment_of[key] = message.delta.fragment_id
            else:
                self.fragment_of.pop(key, None)

    @contextlib.contextmanager
    def active(self) -> Iterator[ServerReruns]:
        import dataclasses

        from streamlit.runtime.scriptrunner import RerunData, ScriptRunner
        from streamlit.testing.v1.local_script_runner import LocalScriptRunner

        original_init = ScriptRunner.__init__
        original_run = LocalScriptRunner.run
        original_request = LocalScriptRunner.request_rerun
        reruns = self

        def init(runner, *args, **kwargs):
            # AppTest's runner starts with a whole-app rerun pending, which would absorb the
            # fragment's: it starts with the fragment's instead
            if reruns._next is not None:
                kwargs["initial_rerun_data"] = RerunData(fragment_id_queue=[reruns._next])
                # and with the pages the last whole run registered, which a server's session
                # keeps (AppTest makes a new PagesManager each run; a fragment calls no
                # st.navigation, and its page links need the pages)
                if reruns._pages is not None:
                    kwargs["pages_manager"]._set_pages(dict(reruns._pages))
            original_init(runner, *args, **kwargs)

        def run(runner, *args, **kwargs):
            tree = original_run(runner, *args, **kwargs)
            reruns._record(runner.forward_msgs())
            pages = runner._pages_manager._pages
            if pages is not None:
                reruns._pages = dict(pages)
            return tree

        def request_rerun(runner, rerun_data):
            fragment, reruns._next = reruns._next, None
            if fragment is not None:
                rerun_data = dataclasses.replace(rerun_data, fragment_id_queue=[fragment])
            return original_request(runner, rerun_data)

        ScriptRunner.__init__ = init
        LocalScriptRunner.run = run
        LocalScriptRunner.request_rerun = request_rerun
        try:
            yield self
        finally:
            ScriptRunner.__init__ = original_init
            LocalScriptRunner.run = original_run
            LocalScriptRunner.request_rerun = original_request


def _open_floor(shape: DiagramShape) -> AppTest:
    os.environ.update(shape.floor_env())
    at = AppTest.from_file(str(REPO_ROOT / FLOOR_SCRIPT), default_timeout=TIMEOUT_S).run()
    _check(at, "floor")
    return at


def _check(at: AppTest, name: str) -> None:
    if at.exception:
        raise RuntimeError(f"{name}: the script raised: {at.exception[0].message}")


def _count(at: AppTest) -> dict[str, int]:
    """How much a page draws: elements (leaves of the tree) and, of them, widgets."""
    from streamlit.testing.v1.element_tree import Widget

    counts = {"elements": 0, "widgets": 0}

    def walk(node) -> None:
        children = getattr(node, "children", None)
        if children:
            for child in children.values():
                walk(child)
        else:
            counts["elements"] += 1
            counts["widgets"] += isinstance(node, Widget)

    walk(at._tree)
    return counts


def _timed_run(at: AppTest) -> float:
    start = time.perf_counter()
    at.run()
    return (time.perf_counter() - start) * 1000


def measure(shape: DiagramShape, samples: int) -> dict:
    """Median rerun per page beside the floor; the worst page's ratio is rerun_vs_floor.

    A page whose interaction sits in a fragment is timed as a server runs it (the fragment
    alone, `ServerReruns`); the whole app's rerun after the same interaction is measured beside
    it (`whole_app`), for what a fact change or a menu choice on that page costs."""
    floor_ids = floor_step_ids(shape)
    floor = _open_floor(shape)

    def floor_rerun(i: int) -> float:
        floor.selectbox(key="step").set_value(floor_ids[(i + 1) % len(floor_ids)])
        return _timed_run(floor)

    def pairs(case: PageCase, app: AppTest, reruns: ServerReruns, scoped: bool):
        app_ms: list[float] = []
        floor_ms: list[float] = []
        fragment = None
        for i in range(-WARMUP, samples):
            pair = []
            for side in ("app", "floor") if i % 2 == 0 else ("floor", "app"):
                if side == "app":
                    case.act(app, i)
                    fragment = reruns.scope(case.widget) if scoped else None
                    pair.append(("app", _timed_run(app)))
                    _check(app, case.name)
                else:
                    pair.append(("floor", floor_rerun(i)))
            if i >= 0:
                app_ms += [ms for side, ms in pair if side == "app"]
                floor_ms += [ms for side, ms in pair if side == "floor"]
        return app_ms, floor_ms, fragment

    pages: dict[str, dict] = {}
    for case in page_cases():
        if not (REPO_ROOT / case.script).is_file():
            pages[case.name] = {"skipped": f"{case.script} does not exist"}
            progress(f"rerun: {case.name}: skipped, {case.script} does not exist")
            continue
        try:
            with ServerReruns().active() as reruns:
                # the first run as a server's first: the page alone, then framed
                app = open_app(case)
                gc.collect()
                with as_a_server():
                    app_ms, floor_ms, fragment = pairs(case, app, reruns, scoped=True)
                    counts = _count(app)
                    whole = pairs(case, app, reruns, scoped=False) if fragment else None
        except Exception as error:  # a broken page is a finding, not a reason to stop the run
            pages[case.name] = {"error": f"{type(error).__name__}: {error}"}
            progress(f"rerun: {case.name}: ERROR {error}")
            continue
        page_ratio = ratio(median(app_ms), median(floor_ms))
        pages[case.name] = {
            "interaction": case.interaction,
            "scope": "fragment" if fragment else "app",
            **counts,
            "app": summary(app_ms),
            "floor": summary(floor_ms),
            "ratio": round(page_ratio, 3),
        }
        scope = "its fragment" if fragment else "whole app"
        progress(
            f"rerun: {case.name:18} app {median(app_ms):7.1f} ms  floor {median(floor_ms):6.1f} ms"
            f"  ratio {page_ratio:5.2f}  ({case.interaction}, {scope}; {counts['elements']}"
            f" elements, {counts['widgets']} widgets drawn)"
        )
        if whole is not None:
            whole_ratio = ratio(median(whole[0]), median(whole[1]))
            pages[case.name]["whole_app"] = {
                "app": summary(whole[0]),
                "floor": summary(whole[1]),
                "ratio": round(whole_ratio, 3),
            }
            progress(
                f"rerun: {'':18} the whole app after it: app {median(whole[0]):7.1f} ms"
                f"  floor {median(whole[1]):6.1f} ms  ratio {whole_ratio:5.2f}"
            )
    measured = {name: page for name, page in pages.items() if "ratio" in page}
    worst = max(measured, key=lambda name: measured[name]["ratio"]) if measured else None
    return {
        "samples_per_page": samples,
        "floor_elements": _count(floor),
        "pages": pages,
        "worst_page": worst,
        "rerun_vs_floor": measured[worst]["ratio"] if worst else None,
    }
