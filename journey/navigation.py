"""Moves through the journey and what belongs to each step: pure look-ups over the content pack."""

from __future__ import annotations

import enum
from collections import deque
from dataclasses import dataclass

from journey.model import (
    Band,
    ContentPack,
    Fact,
    FactKind,
    MedicalTest,
    Option,
    Question,
    State,
    Step,
    StepKind,
    Topic,
    Transition,
    TrialLink,
    UnderstandingCheck,
)
from journey.relevance import Verdict, relevance
from journey.situation import Situation


def steps_in_order(pack: ContentPack) -> tuple[Step, ...]:
    """Every step by its `order`: lists, the outline, the walkthrough's branch (see walk_route)."""
    return tuple(sorted(pack.steps, key=lambda step: (step.order, step.id)))


def first_step(pack: ContentPack) -> Step:
    return steps_in_order(pack)[0]


def next_steps(pack: ContentPack, step_id: str) -> tuple[tuple[Transition, Step], ...]:
    """The arrows out of a step, each with the step it leads to."""
    return tuple(
        (transition, pack.step(transition.to_step))
        for transition in pack.transitions
        if transition.from_step == step_id
    )


def previous_steps(pack: ContentPack, step_id: str) -> tuple[tuple[Transition, Step], ...]:
    """The arrows into a step, each with the step it comes from."""
    return tuple(
        (transition, pack.step(transition.from_step))
        for transition in pack.transitions
        if transition.to_step == step_id
    )


def is_terminal(pack: ContentPack, step_id: str) -> bool:
    return not next_steps(pack, step_id)


def phase_after_state(pack: ContentPack, state_step_id: str) -> Step:
    """The treatment phase that a state step leads into (untreated -> induction, and so on)."""
    return next(step for _, step in next_steps(pack, state_step_id) if step.kind is StepKind.PHASE)


def phase_for_step(pack: ContentPack, step_id: str | None) -> Step | None:
    """The phase whose options a step shows: itself for a phase, the next phase for a state."""
    if step_id is None or not pack.has_step(step_id):
        return None
    step = pack.step(step_id)
    if step.kind is StepKind.PHASE:
        return step
    if step.kind is StepKind.STATE:
        return phase_after_state(pack, step.id)
    return None


def state_step_for(pack: ContentPack, step_id: str | None) -> Step | None:
    """The state step a person at this step is in, when the journey says so."""
    if step_id is None or not pack.has_step(step_id):
        return None
    step = pack.step(step_id)
    if step.kind is StepKind.STATE:
        return step
    if step.kind is StepKind.PHASE:
        before = [s for _, s in previous_steps(pack, step_id) if s.kind is StepKind.STATE]
        return before[0] if before else None
    return None


def facts_asked_at(pack: ContentPack, step_id: str | None) -> tuple[Fact, ...]:
    """The facts the pack asks at a step: those asked everywhere, and those of its state."""
    state = state_step_for(pack, step_id)
    return tuple(
        fact
        for fact in pack.facts
        if not fact.asked_at or (state is not None and state.id in fact.asked_at)
    )


def situation_at_step(pack: ContentPack, situation: Situation) -> Situation:
    """The situation as its step sees it: facts not asked there count as unknown."""
    asked = (
        fact.id for fact in facts_asked_at(pack, situation.step) if fact.kind is FactKind.CHOICE
    )
    return situation.only(asked)


def is_child(pack: ContentPack, situation: Situation) -> bool:
    """True when the age given is under the pack's adult age (the childhood summary applies)."""
    return situation.is_under(pack.info.adult_min_age)


def options_for_phase(pack: ContentPack, phase_id: str) -> tuple[Option, ...]:
    return tuple(
        sorted(
            (option for option in pack.options if option.phase_id == phase_id),
            key=lambda option: (option.order, option.id),
        )
    )


def verdicts(pack: ContentPack, situation: Situation) -> tuple[Verdict, ...]:
    """The relevance of every option of the situation's phase; none for a child or no phase."""
    phase = phase_for_step(pack, situation.step)
    if phase is None or is_child(pack, situation):
        return ()
    seen = situation_at_step(pack, situation)
    return tuple(relevance(option, seen, pack) for option in options_for_phase(pack, phase.id))


def tests_for_step(pack: ContentPack, step_id: str) -> tuple[MedicalTest, ...]:
    return tuple(
        sorted(
            (test for test in pack.tests if step_id in test.step_ids),
            key=lambda test: (pack.test_group(test.group_id).order, test.order, test.id),
        )
    )


def questions_for_step(pack: ContentPack, step_id: str | None) -> tuple[Question, ...]:
    """Questions tied to this step first, then those that fit any step."""
    own = [q for q in pack.questions if step_id is not None and q.step_id == step_id]
    general = [q for q in pack.questions if q.step_id is None]
    return tuple(sorted(own, key=lambda q: (q.order, q.id))) + tuple(
        sorted(general, key=lambda q: (q.order, q.id))
    )


def topics_for_step(pack: ContentPack, step_id: str | None) -> tuple[Topic, ...]:
    return tuple(
        sorted(
            (topic for topic in pack.topics if topic.step_id == step_id),
            key=lambda topic: (topic.order, topic.id),
        )
    )


def checks_for_step(pack: ContentPack, step_id: str) -> tuple[UnderstandingCheck, ...]:
    """The step's "check your understanding" questions, in order (the pack keeps them sorted)."""
    return tuple(check for check in pack.checks if check.step_id == step_id)


def bands_for_step(pack: ContentPack, step_id: str) -> tuple[Band, ...]:
    return tuple(band for band in pack.bands if step_id in band.step_ids)


def trial_links_for_step(pack: ContentPack, step_id: str | None) -> tuple[TrialLink, ...]:
    """Trial searches for the state a step belongs to (a phase uses the state before it)."""
    state = state_step_for(pack, step_id)
    if state is None:
        return ()
    return tuple(
        sorted(
            (link for link in pack.trial_links if link.step_id == state.id),
            key=lambda link: (link.order, link.id),
        )
    )


def is_end(pack: ContentPack, step_id: str) -> bool:
    """An end of the journey: a step with no way out, or an `after` step (follow-up is an end even
    though ALL can still come back from it). The same rule as the pack's validation."""
    return is_terminal(pack, step_id) or pack.step(step_id).kind is StepKind.AFTER


def usual_way(pack: ContentPack) -> tuple[Step, ...]:
    """The usual way through the journey: the fewest moves from the first step to an end, the way of
    a treatment that works the first time. Between ways as short, the lower `order` goes first.

    Derived from the transitions alone, so another pack needs no code: a detour (a relapse, an
    induction that does not work) is always longer than the way around it.
    """
    first = first_step(pack)
    came_from: dict[str, str | None] = {first.id: None}
    queue = deque([first.id])
    while queue:
        step_id = queue.popleft()
        if is_end(pack, step_id):
            way = []
            at: str | None = step_id
            while at is not None:
                way.append(pack.step(at))
                at = came_from[at]
            return tuple(reversed(way))
        targets = sorted((target for _, target in next_steps(pack, step_id)), key=_in_order)
        for target in targets:
            if target.id not in came_from:
                came_from[target.id] = step_id
                queue.append(target.id)
    return steps_in_order(pack)  # no end reachable: a pack the validation refuses


def _in_order(step: Step) -> tuple[int, str]:
    return step.order, step.id


@dataclass(frozen=True, slots=True)
class Walk:
    """The walkthrough's route: the usual way first, then every other step as one branch, offered
    at the end of the usual way under the label of the arrow that leads into it."""

    usual: tuple[Step, ...]
    branch: tuple[Step, ...]
    #: The label of an arrow from the usual way into the branch ("ALL comes back"); None if none.
    branch_when: str | None

    @property
    def steps(self) -> tuple[Step, ...]:
        return self.usual + self.branch


def walk_route(pack: ContentPack) -> Walk:
    """The usual way, then the steps off it in walkthrough order; the branch's label is that of
    the arrow into its first step from the latest step of the usual way that has one."""
    usual = usual_way(pack)
    on_way = {step.id for step in usual}
    branch = tuple(step for step in steps_in_order(pack) if step.id not in on_way)
    when = None
    if branch:
        when = next(
            (
                transition.label
                for step in reversed(usual)
                for transition, target in next_steps(pack, step.id)
                if target.id == branch[0].id
            ),
            None,
        )
    return Walk(usual, branch, when)


@dataclass(frozen=True, slots=True)
class WalkPlace:
    """Where the walkthrough is: its step, the step's number in its part of the route (the usual
    way or the branch), and the moves from there."""

    step: Step
    number: int  # 1-based, within its part
    total: int  # steps in its part
    in_branch: bool
    branch_when: str | None
    back: Step | None  # None at the first step
    forward: Step | None  # None at the end of the usual way and at the end of the branch
    branch: Step | None  # the branch's first step, offered at the end of the usual way only


def walk_place(pack: ContentPack, step_id: str | None) -> WalkPlace:
    """The walkthrough at a step; an unknown step or none is the first step of the usual way.

    Back goes one step back along the route (from the branch's first step to the end of the usual
    way); Next goes one step on, but not from the usual way's end into the branch: there the
    branch is offered instead, so "the usual way" is never silently left.
    """
    route = walk_route(pack)
    ordered = route.steps
    ids = [step.id for step in ordered]
    index = ids.index(step_id) if step_id in ids else 0
    in_branch = index >= len(route.usual)
    part = route.branch if in_branch else route.usual
    last_of_part = index == len(route.usual) - 1 or index == len(ordered) - 1
    return WalkPlace(
        step=ordered[index],
        number=index - (len(route.usual) if in_branch else 0) + 1,
        total=len(part),
        in_branch=in_branch,
        branch_when=route.branch_when,
        back=ordered[index - 1] if index > 0 else None,
        forward=None if last_of_part else ordered[index + 1],
        branch=route.branch[0] if route.branch and index == len(route.usual) - 1 else None,
    )


class Answer(enum.StrEnum):
    """Answers to the plain "where am I?" questions."""

    YES = "yes"
    NO = "no"
    NOT_SURE = "not_sure"


class LastTestsShowed(enum.StrEnum):
    """What the last blood and bone marrow tests showed, in the reader's words."""

    LEUKEMIA_FOUND = "leukemia_found"
    NO_SIGNS = "no_signs"
    NOT_SURE = "not_sure"


@dataclass(frozen=True, slots=True)
class WhereAnswer:
    """The state the answers point to (None when they do not point anywhere clearly)."""

    state: State | None


def state_from_answers(started: Answer, result: LastTestsShowed, came_back: Answer) -> WhereAnswer:
    """Map plain answers to the summary's states; never a diagnosis, only where to read."""
    if came_back is Answer.YES:
        return WhereAnswer(State.RECURRENT)
    if started is Answer.NO:
        return WhereAnswer(State.UNTREATED)
    if started is Answer.YES and result is LastTestsShowed.NO_SIGNS:
        return WhereAnswer(State.REMISSION)
    return WhereAnswer(None)
