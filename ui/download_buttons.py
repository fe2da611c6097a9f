"""Download buttons that make their file in the run a press sets off, with the newest notes in it.

A text area sends its text when it loses the focus, and pressing a button is what takes the focus
from it: the browser sends the notes first, then the press. So a press is kept as this element's
state (`{"file": id, "press": number}`, see view_state.new_download_press), and the run that finds a
press not answered yet already has the newest notes: it makes that one file, once, and hands it to
the element in its data. The element's script turns it into a file the browser saves; the file
never travels as a request, not even to the app's own server, and no file is left on the server.

Real `<button>`s in one row, styled like Streamlit's secondary buttons from the theme's own
variables (light and dark). While a file is made, its button says so (`aria-busy`) and the row
takes no other press: one press, one file. When a newer run replaced the one that answered a press
before its file reached the page (a run's unsent output is dropped), the page sees the press
answered without a file and presses once more by itself.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

import streamlit as st

from journey.words import WORDS
from ui import view_state
from ui.chrome import READ_DATA_JS, element_data

#: The component's name: one element per row of buttons, each under its own key.
COMPONENT_NAME: Final = "download_buttons"
#: How long a pressed button waits for its file before it takes presses again.
BUSY_MS: Final = 60_000
#: The smallest height of a button, in CSS pixels (WCAG 2.5.5: targets of at least 44 by 44).
MIN_TARGET_PX: Final = 44

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class DownloadFile:
    """One file a row offers: its id in the row, its button's label, its name and type, and how it
    is made (only when its button is pressed; None when it cannot be made here)."""

    file_id: str
    label: str
    file_name: str
    mime: str
    make: Callable[[], bytes | str | None]


_CSS = f"""
.download-row {{ display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }}
.download-row button {{ font: inherit; font-size: var(--st-base-font-size, 1rem); line-height: 1.6;
  min-height: {MIN_TARGET_PX}px; min-width: {MIN_TARGET_PX}px; margin: 0; padding: 0.25rem 0.75rem;
  color: var(--st-text-color); background: var(--st-background-color);
  border: 1px solid var(--st-border-color); border-radius: var(--st-button-radius);
  cursor: pointer; user-select: none; }}
.download-row button:hover {{ border-color: var(--st-primary-color); }}
.download-row button:active {{ border-color: var(--st-primary-color);
  background: var(--st-secondary-background-color); }}
.download-row button:focus-visible {{ outline: 2px solid var(--st-primary-color);
  outline-offset: 2px; border-color: var(--st-primary-color); }}
.download-row button[aria-busy=true] {{ cursor: progress; border-style: dashed; }}
.download-status {{ margin: 0.5rem 0 0; color: var(--st-text-color); }}
.download-status:empty {{ margin: 0; }}
"""

# Trusted code written here; `data` carries our own labels, file names and types, and the file
# this run made (base64), never markup: labels are set as text. Presses and deliveries are kept
# per element key for the page's life, so a rerun, a new theme or a section closed and opened
# again never saves a file twice, and a new press always counts past every answered one.
_JS = """
const RECORDS = new Map();

const bytesOf = (base64) => {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i += 1) bytes[i] = text.charCodeAt(i);
  return bytes;
};

// The browser saves the file from memory: an object URL, never a request to any host.
const save = (file) => {
  const url = URL.createObjectURL(new Blob([bytesOf(file.base64)], { type: file.mime }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.name;
  link.hidden = true;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
};

export default function (component) {
  const { parentElement, setStateValue } = component;
  __READ_DATA__
  let record = RECORDS.get(data.key);
  if (!record) {
    record = { counter: 0, delivered: 0, pending: null };
    RECORDS.set(data.key, record);
  }
  let row = parentElement.querySelector(".download-row");
  let status = parentElement.querySelector(".download-status");
  if (!row) {
    row = document.createElement("div");
    row.className = "download-row";
    status = document.createElement("p");
    status.className = "download-status";
    status.setAttribute("role", "status");
    parentElement.append(row, status);
  }

  const isBusy = () => record.pending !== null
    && performance.now() - record.pending.at < data.busy_ms;
  const showBusy = () => {
    for (const button of row.querySelectorAll("button")) {
      const busy = isBusy() && record.pending.file === button.dataset.file;
      if (busy) button.setAttribute("aria-busy", "true");
      else button.removeAttribute("aria-busy");
    }
  };
  const press = (fileId, again) => {
    record.counter = Math.max(record.counter, data.answered) + 1;
    record.pending = { file: fileId, press: record.counter, at: performance.now(), again };
    status.textContent = "";
    showBusy();
    setTimeout(showBusy, data.busy_ms + 50); // no file by then: the button takes presses again
    setStateValue("pressed", { file: fileId, press: record.counter });
  };

  // One button per file, kept from run to run (so the focus stays), in the order of `data`.
  const kept = new Map([...row.querySelectorAll("button")].map((b) => [b.dataset.file, b]));
  const buttons = data.buttons.map(({ id, label }) => {
    const button = kept.get(id) || document.createElement("button");
    button.type = "button";
    button.dataset.file = id;
    button.textContent = label;
    button.onclick = () => {
      if (!isBusy()) press(id, false);
    };
    return button;
  });
  for (const [id, button] of kept) if (!data.buttons.some((b) => b.id === id)) button.remove();
  buttons.forEach((button, index) => {
    if (row.children[index] !== button) row.insertBefore(button, row.children[index] || null);
  });

  const file = data.file;
  const pending = record.pending;
  if (file && file.press > record.delivered) {
    record.delivered = file.press;
    if (pending && pending.press <= file.press) record.pending = null;
    if (file.failed) status.textContent = data.failed;
    else save(file);
  } else if (pending && data.answered >= pending.press) {
    // A run answered the press, but a newer run replaced it before its file reached the page.
    record.pending = null;
    if (!pending.again) press(pending.file, true);
  }
  showBusy();
}
"""

_ELEMENT = st.components.v2.component(
    COMPONENT_NAME, css=_CSS, js=_JS.replace("__READ_DATA__", READ_DATA_JS)
)


def _answer(file: DownloadFile, number: int) -> dict[str, object]:
    """What the element needs to save the pressed file: its bytes in base64, name and type."""
    try:
        made = file.make()
    except Exception as error:  # a file that cannot be made must not take the page with it
        # Only the kind of error: its message may quote what the reader typed.
        _LOGGER.error("The %s file could not be made: %s", file.file_id, type(error).__name__)
        made = None
    if made is None:
        return {"press": number, "failed": True}
    body = made.encode("utf-8") if isinstance(made, str) else made
    return {
        "press": number,
        "name": file.file_name,
        "mime": file.mime,
        "base64": base64.b64encode(body).decode("ascii"),
    }


def download_buttons(key: str, files: Sequence[DownloadFile]) -> None:
    """A row of buttons, one per file; a press makes its file in the run it sets off, and only
    that run sends it (a later rerun sends no bytes again)."""
    by_id = {file.file_id: file for file in files}
    press = view_state.new_download_press(key, by_id)
    _ELEMENT(
        key=key,
        data=element_data(
            {
                "key": key,
                "buttons": [{"id": file.file_id, "label": file.label} for file in files],
                "answered": view_state.answered_press(key),
                "file": _answer(by_id[press.file_id], press.number) if press else None,
                "failed": WORDS.download_failed,
                "busy_ms": BUSY_MS,
            }
        ),
    )
