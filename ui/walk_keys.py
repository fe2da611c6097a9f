"""The walkthrough's keyboard and focus: Left and Right press Back and Next, and after a move the
step's heading is at the top of the screen and the focus on a button, never on the page itself.

A presenter moves with the arrow keys (many presentation clickers send them), except while typing
in a field or choosing in a list, or on the map, whose own keys choose a step. After a press of
Back, Next or the branch (by pointer, key or arrow), the new step opens at its top; the focus stays
with the button pressed (its copy above the step), or goes on to the next one that is not disabled
at an end (a disabled button drops the focus to the page), and a screen reader hears where the
walk is. A small component (no iframe, no outside script) that draws only that announcement.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

import streamlit as st

from journey.navigation import WalkPlace
from ui.chrome import READ_DATA_JS, element_data
from ui.journey_map import FRAME_CLASS
from ui.view_state import WalkMove

#: The component's name (tests find its element by it).
COMPONENT_NAME: Final = "walk_keyboard"
#: The keys that press a move's button (its copy above the step).
ARROWS: Final = {"ArrowLeft": WalkMove.BACK, "ArrowRight": WalkMove.FORWARD}
#: Where the focus goes after a move: the first of these buttons (above the step) not disabled.
FOCUS_AFTER: Final = {
    WalkMove.BACK: (WalkMove.BACK, WalkMove.FORWARD),
    WalkMove.FORWARD: (WalkMove.FORWARD, WalkMove.BRANCH, WalkMove.BACK),
    WalkMove.BRANCH: (WalkMove.FORWARD, WalkMove.BACK),
}

_CSS = """
.walk-keys-live { position: absolute; width: 1px; height: 1px; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; }
"""

# Trusted code written here; `data` carries only widget keys, a step id, an element id and words
# from the catalog and the pack. Handlers are set anew on every run (with that run's data) and
# taken off when the walkthrough goes; what a press started outlives the run it sets off.
_JS = """
// Arrow keys are theirs here: typing, lists, radio groups, sliders and the like (and the map).
const KEEPS_ARROWS = "input, textarea, select, [contenteditable]:not([contenteditable=false]), "
  + "[role=textbox], [role=combobox], [role=listbox], [role=radiogroup], [role=slider], "
  + "[role=spinbutton], [role=menu], [role=menubar], [role=tablist], [role=grid], [role=tree]";
const SETTLE_MS = 5000; // how long a move may take to be drawn before the focus is set anyway
const PENDING_MS = 15000; // a move this long after the last press was not set off by it

export default function (component) {
  const { parentElement } = component;
  __READ_DATA__
  let live = parentElement.querySelector(".walk-keys-live");
  if (!live) {
    live = document.createElement("div");
    live.className = "walk-keys-live";
    live.setAttribute("aria-live", "polite");
    parentElement.appendChild(live);
  }
  const state = parentElement.walkKeys || (parentElement.walkKeys = {});
  const button = (key) => document.querySelector(`.st-key-${key} button`);
  const top = (move) => button(data.buttons[move][0]);

  // The move a click is on (either copy of a button), if any.
  const moveOf = (path) => Object.keys(data.buttons).find((move) =>
    path.some((node) => node instanceof Element
      && data.buttons[move].some((key) => node.classList.contains(`st-key-${key}`))));
  const gone = () => {
    if (parentElement.isConnected) return false;
    state.off();
    return true;
  };
  const onClick = (event) => {
    if (gone()) return;
    const move = moveOf(event.composedPath());
    // Any other click (the map, a link, a field) is not a move: its rerun settles nothing.
    state.press = move ? { move, at: performance.now() } : null;
  };
  const onKey = (event) => {
    // Enter or Space on the map chooses a step there, and the map keeps the focus: not a move.
    // (On a move's button they also click it, and that click, which comes after, counts.)
    if ((event.key === "Enter" || event.key === " ") && !moveOf(event.composedPath())) {
      state.press = null;
    }
    const move = data.arrows[event.key];
    if (!move || event.defaultPrevented || event.repeat || gone()) return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const keeps = `${KEEPS_ARROWS}, .${data.map_class}`;
    if (event.composedPath().some((n) => n instanceof Element && n.matches(keeps))) return;
    const target = top(move);
    if (!target || target.disabled) return;
    event.preventDefault();
    target.click();
  };
  if (state.off) state.off();
  document.addEventListener("click", onClick, true);
  document.addEventListener("keydown", onKey);
  state.off = () => {
    document.removeEventListener("click", onClick, true);
    document.removeEventListener("keydown", onKey);
  };

  // This run's buttons and heading are drawn: each button as enabled as the run says, and the
  // heading naming the step (they may come a moment after this element's new data).
  const drawn = () => {
    const heading = document.getElementById(data.heading);
    return heading && heading.textContent.includes(data.title)
      && Object.entries(data.shown).every(([move, shown]) => {
        const target = top(move);
        if (shown === "absent") return !target;
        return target && target.disabled === (shown === "disabled");
      });
  };
  const settle = (move) => {
    const started = performance.now();
    const order = data.focus_after[move];
    const attempt = () => {
      if (state.walk !== data.walk) return; // a newer move took over: its own settle speaks
      if (!drawn() && performance.now() - started < SETTLE_MS) {
        setTimeout(attempt, 30);
        return;
      }
      const heading = document.getElementById(data.heading);
      if (heading) heading.scrollIntoView({ block: "start" });
      const target = order.map(top).find((b) => b && !b.disabled);
      if (target) target.focus({ preventScroll: true });
      else if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
      live.textContent = data.announce;
    };
    attempt();
  };
  // Settle whenever the walk has moved since this element last ran, after a recent press. The
  // press is not used up: a second press can land before the first one's data reaches this
  // element (then the first move's data settles with the second press, and the second move's
  // data, when it comes, settles again and speaks last).
  const press = state.press;
  const moved = state.walk !== undefined && state.walk !== data.walk;
  state.walk = data.walk;
  if (moved && press && performance.now() - press.at < PENDING_MS) settle(press.move);
  return () => {
    if (!parentElement.isConnected && state.off) state.off();
  };
}
"""

_KEYS = st.components.v2.component(
    COMPONENT_NAME, css=_CSS, js=_JS.replace("__READ_DATA__", READ_DATA_JS)
)


def walk_keyboard(
    *,
    key: str,
    place: WalkPlace,
    buttons: Mapping[WalkMove, Sequence[str]],
    heading_id: str,
    announce: str,
) -> None:
    """The keyboard and focus of the walkthrough at `place`.

    `buttons` gives, for each move, the widget keys of its button above the step, then below it;
    `heading_id` is the id of the step's heading; `announce`, what a screen reader hears after a
    move.
    """
    _KEYS(
        key=key,
        data=element_data(
            {
                "walk": place.step.id,
                "title": place.step.title,
                "heading": heading_id,
                "announce": announce,
                "buttons": {move.value: list(buttons[move]) for move in WalkMove},
                "arrows": {name: move.value for name, move in ARROWS.items()},
                "map_class": FRAME_CLASS,
                "focus_after": {
                    move.value: [m.value for m in order] for move, order in FOCUS_AFTER.items()
                },
                # how this run draws each button: Back and Next always, the branch where offered
                "shown": {
                    WalkMove.BACK.value: "enabled" if place.back else "disabled",
                    WalkMove.FORWARD.value: "enabled" if place.forward else "disabled",
                    WalkMove.BRANCH.value: "enabled" if place.branch else "absent",
                },
            }
        ),
    )
