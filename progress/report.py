"""The progress section of a report: each plan step's state, hours done and left, the
projected readiness and the goal. `load_progress()` makes its two queries; `build_progress()`
computes on plain data (progress.tracking)."""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from assessments import scoring, sections
from assessments.models import Assessment
from assessments.planning import PlannedStep
from progress import tracking
from progress.models import Goal, StepChange


@dataclass(frozen=True)
class Loaded:
    states: dict[str, str]  # the owner's latest state of every step they ever set
    goal_date: datetime.date | None  # the owner's goal for the assessed rung


@dataclass(frozen=True)
class ReportProgress:
    """What the report shows of the owner's progress, and what recomputes it after a change."""

    progress: tracking.Progress
    steps: tuple[PlannedStep, ...]
    requirements: tuple[scoring.Requirement, ...]
    ratings: Mapping[str, int]
    hours_per_week: int
    goal_date: datetime.date | None
    today: datetime.date

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        return tuple(tracking.STATE_LABELS.items())

    def state(self, key: str) -> str:
        return tracking.state_of(self.progress.states, key)

    def with_state(self, key: str, state: str) -> ReportProgress:
        """The same report after `key` was set to `state`."""
        progress = tracking.track(
            self.steps,
            {**self.progress.states, key: state},
            self.requirements,
            self.ratings,
            hours_per_week=self.hours_per_week,
            goal_date=self.goal_date,
            today=self.today,
        )
        return dataclasses.replace(self, progress=progress)

    def summary(self) -> dict[str, Any]:
        """The figures the page updates in place after a change (static/js/plan-states.js)."""
        progress = self.progress
        return {
            "hours_done": progress.hours_done,
            "hours_left": progress.hours_left,
            "done_count": progress.done_count,
            "step_count": progress.step_count,
            "measured_pct": progress.measured_pct,
            "projected_pct": progress.projected_pct,
            "goal": progress.goal.message if progress.goal else None,
        }


def load_progress(assessment: Assessment, *, frozen: bool = False) -> Loaded | None:
    """The owner's step states and their goal for the rung: 2 queries. None for a report
    shown to someone else (`frozen`): progress is the owner's alone."""
    if frozen:
        return None
    changes = (
        StepChange.objects.for_owner(assessment.owner_id).order_by("pk").values_list("key", "state")
    )
    goal = (
        Goal.objects.filter(owner_id=assessment.owner_id, rung_id=assessment.rung_id)
        .values_list("target_date", flat=True)
        .first()
    )
    return Loaded(tracking.latest_states(changes), goal)


def build_progress(context: sections.SectionContext) -> ReportProgress | None:
    loaded: Loaded | None = context.loaded
    if loaded is None or context.plan is None:
        return None
    steps = tuple(step for _, step in context.plan.steps)
    requirements = tuple(
        scoring.Requirement(row.skill_slug, row.required, row.importance) for row in context.rows
    )
    ratings = {row.skill_slug: row.rated or 0 for row in context.rows}
    today = timezone.localdate()
    progress = tracking.track(
        steps,
        loaded.states,
        requirements,
        ratings,
        hours_per_week=context.hours_per_week,
        goal_date=loaded.goal_date,
        today=today,
    )
    return ReportProgress(
        progress, steps, requirements, ratings, context.hours_per_week, loaded.goal_date, today
    )
