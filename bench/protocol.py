"""A browser-free user: Streamlit's own websocket protocol, as the frontend speaks it.

A `Session` opens `/_stcore/stream` (subprotocol "streamlit", Origin the app's own address) and
sends `BackMsg.rerun_script` messages, each carrying what the browser would send: the query
string, the current page's script hash (or, on the first run, the page's URL name), the widget
states of the interaction, the fragment the widget sits in, the hashes of the messages it has
cached and the browser's context. It then reads `ForwardMsg`s until the run's `script_finished`.
Nothing is drawn; what a user would wait for beyond the server (the browser's rendering) is left
out on purpose, so the figures measure the server, not Chromium.

Two moves, the ones a reader makes on the map page:
- `choose_on_map(step)`: a click on a node of the app's components-v2 map. The frontend sends it
  as the trigger widget `$$STREAMLIT_INTERNAL_KEY_<element id>__events` whose
  `json_trigger_value` is a JSON list of `{"event": <trigger>, "value": <step id>}` (see
  `_make_trigger_id` in streamlit/components/v2/bidi_component/main.py and `setTriggerValue` in
  the frontend's BidiComponent). The element id and the fragment id are read from the delta that
  drew the map, as the browser reads them.
- `open_view(query)`: a URL-held view (Back or Forward to `?step=...&ph=...`): a rerun with the
  new query string, flagged `is_history_navigation` as the browser flags it.

Run as `python -m bench.protocol`, this module is the load client process that `bench/load.py`
starts: it reads a JSON plan on its first stdin line and commands on the next ones, and writes
one JSON event per stdout line (see `serve`). It times each move from the send to the
`script_finished` that ends it, and reports its own CPU seconds.
"""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
import traceback
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed

STREAM_PATH = "/_stcore/stream"
SUBPROTOCOL = "streamlit"
# The frontend's names for a components-v2 element's trigger widget (see the module docstring).
INTERNAL_KEY_PREFIX = "$$STREAMLIT_INTERNAL_KEY"
TRIGGER_EVENTS = "events"
EVENT_DELIM = "__"
# What the browser would say about itself in every rerun_script.
CONTEXT = {"timezone": "UTC", "timezone_offset": 0, "locale": "en-US", "color_scheme": "light"}
# Streamlit's default for global.maxCachedMessageAge, used until new_session says otherwise.
DEFAULT_MAX_CACHED_AGE = 2
MAX_FRAME_BYTES = 64 * 2**20
KINDS = ("map", "url")

Status = ForwardMsg.ScriptFinishedStatus
RUN_DONE = (Status.FINISHED_SUCCESSFULLY, Status.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class ProtocolError(RuntimeError):
    """The server said something a browser would show as an error, or did not answer in time."""


class ShownException(ProtocolError):
    """The run ended, but drew an exception element (the session stays usable)."""


@dataclass(frozen=True)
class Target:
    """One app as the client sees it: where it is and what a reader can do on its map page."""

    name: str
    url: str  # http://127.0.0.1:<port>
    page: str  # the page's URL name ("journey_map"); "" for the main page
    start_query: str  # the first run's query string, without "?"
    component: str  # the components-v2 name given to st.components.v2.component
    trigger: str  # the trigger the map sets on a choice
    steps: tuple[str, ...]  # what the map can choose
    # step -> the choice facts the page asks there, with their values, for URL-held views
    facts_at: dict[str, list[tuple[str, list[str]]]] = field(default_factory=dict)

    @property
    def stream_url(self) -> str:
        return "ws" + self.url.removeprefix("http") + STREAM_PATH

    def page_url(self, query: str) -> str:
        return f"{self.url}/{self.page}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Plan:
    sessions: int
    duration_s: float
    single_moves: int
    think_s: tuple[float, float] = (1.0, 3.0)
    map_share: float = 0.5  # the rest are URL-held views
    seed: int = 20261201
    timeout_s: float = 60.0
    open_concurrency: int = 4


def step_of(query: str) -> str | None:
    values = parse_qs(query).get("step")
    return values[0] if values else None


class MessageCache:
    """The browser's ForwardMsg cache, one per session: the cacheable messages it holds.

    The hashes go back to the server with every rerun, and the server then sends an unchanged
    element as a `ref_hash`. Entries age like the frontend's: a full run ages all, a fragment run
    only the fragment's own; unused for more than `max_age` runs, they are dropped.
    """

    def __init__(self) -> None:
        self.max_age = DEFAULT_MAX_CACHED_AGE
        self.runs = 0
        # hash -> (message, its fragment id, the last run that used it)
        self._entries: dict[str, tuple[ForwardMsg, str, int]] = {}

    def hashes(self) -> list[str]:
        return list(self._entries)

    def keep(self, message: ForwardMsg) -> None:
        if message.metadata.cacheable and message.hash and message.hash not in self._entries:
            self._entries[message.hash] = (message, message.delta.fragment_id, self.runs)

    def resolve(self, ref_hash: str) -> ForwardMsg:
        entry = self._entries.get(ref_hash)
        if entry is None:
            raise ProtocolError(f"cached ForwardMsg miss for ref_hash {ref_hash}")
        message, fragment, _ = entry
        self._entries[ref_hash] = (message, fragment, self.runs)
        return message

    def run_finished(self, fragment_id: str) -> None:
        self.runs += 1
        for key, (_, fragment, used) in list(self._entries.items()):
            if fragment_id and fragment != fragment_id:
                continue
            if self.runs - used > self.max_age:
                del self._entries[key]


class Session:
    """One browser tab's websocket session."""

    def __init__(self, target: Target, index: int, timeout_s: float) -> None:
        self.target = target
        self.index = index
        self.timeout_s = timeout_s
        self.query = target.start_query
        self.page_hash = ""
        self.map_id: str | None = None  # the map element's id, from the delta that drew it
        self.map_fragment = ""  # the fragment the map was drawn in ("" outside any)
        self.cache = MessageCache()
        self._ws: ClientConnection | None = None

    async def open(self) -> float:
        """Connect and do the first run on the target's page: ms from connecting to its end."""
        start = time.perf_counter()
        self._ws = await connect(
            self.target.stream_url,
            origin=self.target.url,
            subprotocols=[SUBPROTOCOL],
            proxy=None,
            max_size=MAX_FRAME_BYTES,
            max_queue=None,  # a browser buffers whatever comes; never hold the server back
            open_timeout=self.timeout_s,
        )
        if self._ws.subprotocol != SUBPROTOCOL:
            raise ProtocolError(f"server chose subprotocol {self._ws.subprotocol!r}")
        await self._rerun(page_name=self.target.page)
        return (time.perf_counter() - start) * 1000

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def choose_on_map(self, step: str) -> float:
        """ms from sending a map choice of `step` to the end of the run(s) it causes."""
        if self.map_id is None:
            raise ProtocolError("no map drawn in the last run")
        widget = WidgetState(
            id=f"{INTERNAL_KEY_PREFIX}_{self.map_id}{EVENT_DELIM}{TRIGGER_EVENTS}",
            json_trigger_value=json.dumps([{"event": self.target.trigger, "value": step}]),
        )
        ms = await self._rerun(widgets=[widget], fragment_id=self.map_fragment)
        self._check_step(step, "map choice")
        return ms

    async def open_view(self, query: str) -> float:
        """ms from sending a rerun with the URL-held view `query` (Back/Forward) to its end."""
        self.query = query
        ms = await self._rerun(history=True)
        self._check_step(step_of(query), "URL-held view")
        return ms

    def _check_step(self, step: str | None, move: str) -> None:
        """The app must now be at `step` (the URL it keeps says so): the move was understood."""
        if step_of(self.query) != step:
            raise ProtocolError(f"{move} of {step!r} not taken: the URL is now ?{self.query}")

    async def _rerun(
        self,
        *,
        page_name: str = "",
        widgets: list[WidgetState] | tuple[()] = (),
        fragment_id: str = "",
        history: bool = False,
    ) -> float:
        if self._ws is None:
            raise ProtocolError("session is not connected")
        message = BackMsg()
        state = message.rerun_script
        state.query_string = self.query
        state.page_script_hash = self.page_hash
        state.page_name = "" if self.page_hash else page_name
        state.fragment_id = fragment_id
        state.is_history_navigation = history
        state.widget_states.widgets.extend(widgets)
        state.cached_message_hashes.extend(self.cache.hashes())
        for name, value in CONTEXT.items():
            setattr(state.context_info, name, value)
        state.context_info.url = self.target.page_url(self.query)
        start = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        try:
            await asyncio.wait_for(self._read_run(fragment_id), self.timeout_s)
        except TimeoutError:
            raise ProtocolError(f"no script_finished within {self.timeout_s:.0f} s") from None
        return (time.perf_counter() - start) * 1000

    async def _read_run(self, fragment_id: str) -> None:
        """Read ForwardMsgs until the run ends; a run stopped early for a rerun goes on.

        A map choice on the app's page is a fragment run, which asks for a full run when the new
        step asks other facts (`FINISHED_EARLY_FOR_RERUN`, then the full run): both are waited for.
        """
        assert self._ws is not None
        shown: list[str] = []
        while True:
            message = ForwardMsg.FromString(await self._ws.recv(decode=False))
            kind = message.WhichOneof("type")
            if kind == "ref_hash":
                message, kind = self.cache.resolve(message.ref_hash), "delta"
            else:
                self.cache.keep(message)
            if kind == "delta":
                self._delta(message, shown)
            elif kind == "new_session":
                self.page_hash = message.new_session.page_script_hash or self.page_hash
                age = message.new_session.config.max_cached_message_age
                self.cache.max_age = age or self.cache.max_age
            elif kind == "navigation":
                self.page_hash = message.navigation.page_script_hash or self.page_hash
            elif kind == "page_info_changed":
                self.query = message.page_info_changed.query_string
            elif kind == "page_not_found":
                raise ProtocolError(f"page not found: {message.page_not_found.page_name!r}")
            elif kind == "session_event" and message.session_event.HasField(
                "script_compilation_exception"
            ):
                error = message.session_event.script_compilation_exception
                raise ProtocolError(f"script compilation error: {error.type}: {error.message}")
            elif kind == "script_finished":
                status = message.script_finished
                if status == Status.FINISHED_WITH_COMPILE_ERROR:
                    raise ProtocolError("script finished with a compile error")
                if status in RUN_DONE:
                    fragment_run = status == Status.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
                    self.cache.run_finished(fragment_id if fragment_run else "")
                    if shown:
                        raise ShownException("; ".join(shown))
                    return

    def _delta(self, message: ForwardMsg, shown: list[str]) -> None:
        delta = message.delta
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        which = element.WhichOneof("type")
        if which == "exception":
            shown.append(f"exception shown: {element.exception.type}: {element.exception.message}")
        elif which == "bidi_component" and _is_component(
            element.bidi_component.component_name, self.target.component
        ):
            self.map_id = element.bidi_component.id
            self.map_fragment = delta.fragment_id


def _is_component(registered: str, name: str) -> bool:
    """Streamlit may qualify a component's name with its module ("pkg.name")."""
    return registered == name or registered.endswith("." + name)


# ---------------------------------------------------------------------------- a reader's moves


@dataclass
class Tally:
    """What the sessions measured in one phase."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: {k: [] for k in KINDS})
    errors: list[str] = field(default_factory=list)
    moves_per_session: dict[int, int] = field(default_factory=dict)


class Reader:
    """A session and its seeded habits: how long it reads, which move it makes next."""

    def __init__(self, target: Target, plan: Plan, index: int) -> None:
        self.target = target
        self.plan = plan
        self.index = index
        self.session = Session(target, index, plan.timeout_s)
        self.rng = random.Random(plan.seed * 1000 + index)

    def _url_view(self) -> str:
        step = self.rng.choice(self.target.steps)
        params = {"step": step}
        for fact, values in self.target.facts_at.get(step, []):
            if self.rng.random() < 0.5:
                params[fact] = self.rng.choice(values)
        return urlencode(params)

    def _map_choice(self) -> str:
        current = step_of(self.session.query)
        return self.rng.choice([step for step in self.target.steps if step != current])

    async def move(self, tally: Tally) -> None:
        kind = "map" if self.rng.random() < self.plan.map_share else "url"
        try:
            if kind == "map":
                ms = await self.session.choose_on_map(self._map_choice())
            else:
                ms = await self.session.open_view(self._url_view())
            tally.latencies[kind].append(ms)
        except ShownException as error:
            tally.errors.append(f"session {self.index} {kind}: {error}")
        except (ProtocolError, ConnectionClosed, OSError) as error:
            tally.errors.append(f"session {self.index} {kind}: {type(error).__name__}: {error}")
            await self._reconnect(tally)
        tally.moves_per_session[self.index] = tally.moves_per_session.get(self.index, 0) + 1

    async def _reconnect(self, tally: Tally) -> None:
        """A failed session starts again as a reloaded tab would (a new session)."""
        await self.session.close()
        self.session = Session(self.target, self.index, self.plan.timeout_s)
        try:
            await self.session.open()
        except Exception as error:
            tally.errors.append(f"session {self.index} reconnect: {type(error).__name__}: {error}")

    async def think(self) -> None:
        """The reading pause before a move: simulated user time, not a wait for the server."""
        await asyncio.sleep(self.rng.uniform(*self.plan.think_s))

    async def moves(self, tally: Tally, count: int) -> None:
        for _ in range(count):
            await self.think()
            await self.move(tally)

    async def until(self, tally: Tally, deadline: float) -> None:
        while True:
            await self.think()
            if time.monotonic() >= deadline:
                return
            await self.move(tally)


# ---------------------------------------------------------------------------- the client process


def _emit(event: str, **data: Any) -> None:
    print(json.dumps({"event": event, **data}), flush=True)


async def _command(expected: str) -> None:
    line = await asyncio.to_thread(sys.stdin.readline)
    if line.strip() != expected:
        raise ProtocolError(f"expected command {expected!r} on stdin, got {line.strip()!r}")


async def _open(reader: Reader, errors: list[str]) -> float | None:
    try:
        return await reader.session.open()
    except Exception as error:
        errors.append(f"session {reader.index} open: {type(error).__name__}: {error}")
        return None


async def serve(target: Target, plan: Plan) -> None:
    """The client's side of the conversation with bench/load.py, one JSON line per event:

    open session 0 and make `single_moves` moves alone -> "single"; stdin "connect": open the
    other sessions -> "connected"; stdin "go": every session moves until `duration_s` is over ->
    "load" (with this process's CPU seconds in that time); stdin "close": close every session.
    """
    readers = [Reader(target, plan, index) for index in range(plan.sessions)]
    first = readers[0]
    errors: list[str] = []
    opened = await _open(first, errors)
    single = Tally(errors=errors)
    if opened is not None:
        await first.moves(single, plan.single_moves)
    _emit("single", first_open_ms=opened, **asdict(single))

    await _command("connect")
    gate = asyncio.Semaphore(plan.open_concurrency)
    open_errors: list[str] = []

    async def open_one(reader: Reader) -> float | None:
        async with gate:
            return await _open(reader, open_errors)

    opens = await asyncio.gather(*(open_one(reader) for reader in readers[1:]))
    _emit(
        "connected",
        open_ms=[ms for ms in opens if ms is not None],
        errors=open_errors,
    )

    await _command("go")
    tally = Tally()
    cpu_start, wall_start = time.process_time(), time.monotonic()
    deadline = wall_start + plan.duration_s
    await asyncio.gather(*(reader.until(tally, deadline) for reader in readers))
    _emit(
        "load",
        client_cpu_s=round(time.process_time() - cpu_start, 2),
        wall_s=round(time.monotonic() - wall_start, 2),
        **asdict(tally),
    )

    await _command("close")
    await asyncio.gather(*(reader.session.close() for reader in readers))


def main() -> int:
    plan_line = json.loads(sys.stdin.readline())
    target = Target(**{**plan_line["target"], "steps": tuple(plan_line["target"]["steps"])})
    plan = Plan(**{**plan_line["plan"], "think_s": tuple(plan_line["plan"]["think_s"])})
    try:
        asyncio.run(serve(target, plan))
    except Exception as error:
        _emit("failed", error=f"{type(error).__name__}: {error}", traceback=traceback.format_exc())
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
