"""Where a person stands on a plan: hours done and left, the readiness a retake would
measure if the done steps' levels were confirmed, and whether a goal date is in reach.

Pure Python over plain data, like `assessments.scoring` and `assessments.planning`: no
Django. The steps are planning's `PlannedStep`s, the states a mapping from step key to one of
STATES (a missing key is TODO).
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from assessments import scoring
from assessments.planning import PlannedStep

TODO, DOING, DONE = "todo", "doing", "done"
STATES = (TODO, DOING, DONE)
STATE_LABELS = {TODO: "To do", DOING: "Doing", DONE: "Done"}

ON_TRACK = "On track: {hours} hour{s} left fit the {weeks} week{ws} to {date} at {pace} a week."
BEHIND = (
    "About {behind} week{bs} behind: {hours} hour{s} left need {needed} week{ns} at {pace} "
    "a week, and {date} is {weeks} week{ws} away."
)
OVERDUE = "Your goal date, {date}, has passed with {hours} hour{s} left. Set a new date."
REACHED = "Every step is done. Retake the assessment to confirm your new levels."


def _s(number: float) -> str:
    return "" if number == 1 else "s"


def _hours(value: float) -> int | float:
    return int(value) if float(value).is_integer() else round(value, 1)


@dataclass(frozen=True)
class GoalStatus:
    target_date: datetime.date
    hours_left: int | float
    weeks_left: float  # from today to the target date, to one decimal; 0 once it has passed
    on_track: bool  # the hours left fit the weeks left at the person's pace
    weeks_behind: int  # whole weeks short; 0 when on track
    overdue: bool  # the date has passed with hours left
    message: str


@dataclass(frozen=True)
class Progress:
    states: Mapping[str, str]  # every plan step's key -> its state
    step_count: int
    done_count: int
    hours_done: int | float
    hours_left: int | float
    measured_pct: int  # the assessment's readiness: it changes only with a new assessment
    projected_pct: int | None  # with the done steps' levels confirmed; None when none is done
    projected_ready: bool
    goal: GoalStatus | None


def state_of(states: Mapping[str, str], key: str) -> str:
    return states.get(key, TODO)


def latest_states(changes: Iterable[tuple[str, str]]) -> dict[str, str]:
    """key -> state from (key, state) changes in the order they were made: the last wins."""
    return dict(changes)


def track(
    steps: Sequence[PlannedStep],
    states: Mapping[str, str],
    requirements: Sequence[scoring.Requirement],
    ratings: Mapping[Hashable, int],
    *,
    hours_per_week: float,
    goal_date: datetime.date | None = None,
    today: datetime.date | None = None,
) -> Progress:
    """Progress on the plan `steps` (for the gaps of `requirements` rated `ratings`).

    The projection scores the same requirements with each done step's skill raised to the
    step's target level (never lowered): what a retake would show if those levels were
    confirmed. `goal_date` needs `today`. Raises ValueError for an unknown state.
    """
    for key, state in states.items():
        if state not in STATES:
            raise ValueError(f"Step {key!r} has an unknown state {state!r}.")
    done = [step for step in steps if state_of(states, step.key) == DONE]
    total = math.fsum(step.hours for step in steps)
    hours_done = math.fsum(step.hours for step in done)
    hours_left = total - hours_done
    measured = scoring.score(requirements, ratings)
    projected = project(requirements, ratings, done) if done else None
    return Progress(
        states={step.key: state_of(states, step.key) for step in steps},
        step_count=len(steps),
        done_count=len(done),
        hours_done=_hours(hours_done),
        hours_left=_hours(hours_left),
        measured_pct=measured.readiness_pct,
        projected_pct=projected.readiness_pct if projected else None,
        projected_ready=bool(projected and projected.ready),
        goal=goal_status(goal_date, today, hours_left, hours_per_week) if goal_date else None,
    )


def project(
    requirements: Sequence[scoring.Requirement],
    ratings: Mapping[Hashable, int],
    done: Iterable[PlannedStep],
) -> scoring.GapReport:
    """`requirements` scored with each done step's skill raised to its target level."""
    raised = dict(ratings)
    for step in done:
        raised[step.skill] = max(raised.get(step.skill, 0), step.target_level)
    return scoring.score(requirements, raised)


def goal_status(
    target_date: datetime.date,
    today: datetime.date | None,
    hours_left: float,
    hours_per_week: float,
) -> GoalStatus:
    """Whether `hours_left` fit the weeks from `today` to `target_date` at `hours_per_week`.

    Behind by the whole weeks the hours need beyond those left, at least 1 ("about 6 weeks
    behind"). A date that has passed with hours left is overdue; with none left the goal is
    reached and on track.
    """
    if today is None:
        raise ValueError("A goal needs today's date.")
    if not hours_per_week > 0:
        raise ValueError(f"Hours per week must be more than 0, not {hours_per_week!r}.")
    days_left = (target_date - today).days
    weeks_left = max(0.0, round(days_left / 7, 1))
    weeks_needed = hours_left / hours_per_week
    on_track = hours_left <= 0 or weeks_needed <= max(days_left, 0) / 7
    overdue = days_left < 0 and hours_left > 0
    behind = 0 if on_track else max(1, math.ceil(weeks_needed - max(days_left, 0) / 7))
    hours = _hours(hours_left)
    whole_weeks = math.floor(weeks_left)  # the sentence says "29 weeks away", not 29.3
    date = target_date.strftime("%-d %B %Y")
    words = {"hours": hours, "s": _s(hours), "date": date, "pace": f"{_hours(hours_per_week)} h"}
    if hours_left <= 0:
        message = REACHED
    elif overdue:
        message = OVERDUE.format(**words)
    elif on_track:
        message = ON_TRACK.format(**words, weeks=whole_weeks, ws=_s(whole_weeks))
    else:
        needed = math.ceil(weeks_needed)
        message = BEHIND.format(
            **words,
            behind=behind,
            bs=_s(behind),
            needed=needed,
            ns=_s(needed),
            weeks=whole_weeks,
            ws=_s(whole_weeks),
        )
    return GoalStatus(target_date, hours, weeks_left, on_track, behind, overdue, message)
