"""The plans behind My plan and the weekly digest (DESIGN.md §17), for many people at once.

A person's plan is the learning plan of each of their latest submitted assessments (one per
rung), a step that two plans share counted once, each step with the state they gave it. The
loaders cost one query each however many people, rungs, skills and changes they read;
`plan_steps()` computes on what they return, with assessments' pure planning.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from assessments import planning
from assessments.models import DEFAULT_HOURS_PER_WEEK, Assessment, Profile, SubmittedRequirement
from assessments.report.gaps import score_rows
from assessments.report.inputs import Row
from assessments.report.plan import build_plan
from careers.models import LearningStep
from progress import tracking
from progress.models import StepChange


@dataclass(frozen=True)
class Latest:
    """A person's latest submitted assessment of one rung."""

    pk: int
    public_id: uuid.UUID
    rung_id: int
    rung_title: str
    role_name: str
    submitted_at: datetime.datetime


@dataclass(frozen=True)
class PlanStep:
    skill: str  # the skill's name
    step: planning.PlannedStep
    state: str  # one of tracking.STATES
    rungs: tuple[str, ...]  # the rungs whose plan holds it

    @property
    def is_open(self) -> bool:
        return self.state != tracking.DONE


def load_latest(owner_ids: Collection[int]) -> dict[int, list[Latest]]:
    """owner id -> their latest submitted assessment of each rung, by rung title. One query."""
    newest_first = Window(
        RowNumber(),
        partition_by=[F("owner_id"), F("rung_id")],
        order_by=[F("submitted_at").desc(), F("pk").desc()],
    )
    rows = (
        Assessment.objects.submitted()
        .filter(owner_id__in=owner_ids)
        .annotate(newest=newest_first)
        .filter(newest=1)
        .order_by("owner_id", "rung__title", "rung_id")
        .values_list(
            "owner_id",
            "pk",
            "public_id",
            "rung_id",
            "rung__title",
            "rung__role__name",
            "submitted_at",
        )
    )
    latest: dict[int, list[Latest]] = defaultdict(list)
    for owner_id, *row in rows:
        latest[owner_id].append(Latest(*row))
    return latest


def load_gap_rows(assessment_ids: Collection[int]) -> dict[int, list[Row]]:
    """assessment id -> its snapshot rows short of their level, in snapshot order. One query
    (none for no ids). A plan covers only gaps, and their order does not depend on the rest."""
    rows: dict[int, list[Row]] = defaultdict(list)
    if not assessment_ids:
        return rows
    for assessment_id, *row in (
        SubmittedRequirement.objects.filter(
            assessment_id__in=assessment_ids, rated_level__lt=F("required_level")
        )
        .order_by("pk")
        .values_list(
            "assessment_id",
            "skill_name",
            "skill_slug",
            "skill_id",
            "category_name",
            "required_level",
            "importance",
            "rated_level",
        )
    ):
        rows[assessment_id].append(Row(*row, note=""))
    return rows


def load_learning_steps(rows: Mapping[int, Sequence[Row]]) -> dict[int, list[planning.Step]]:
    """skill id -> its learning steps, for every skill in `rows`. One query (none for none)."""
    ids = {row.skill_id for group in rows.values() for row in group}
    ids.discard(None)
    steps: dict[int, list[planning.Step]] = defaultdict(list)
    if not ids:
        return steps
    for pk, skill_id, title, kind, url, hours, target in (
        LearningStep.objects.filter(skill_id__in=ids)
        .order_by()
        .values_list("pk", "skill_id", "title", "kind", "url", "hours", "target_level")
    ):
        key = planning.step_key(pk)
        steps[skill_id].append(planning.Step(title, kind, hours, target, url, key))
    return steps


def load_hours_per_week(owner_ids: Collection[int]) -> dict[int, int]:
    """owner id -> their hours per week, the default for anyone who never set it. One query."""
    chosen = dict(
        Profile.objects.filter(user_id__in=owner_ids).values_list("user_id", "hours_per_week")
    )
    return {owner: chosen.get(owner) or DEFAULT_HOURS_PER_WEEK for owner in owner_ids}


def load_states(owner_ids: Collection[int]) -> dict[int, dict[str, str]]:
    """owner id -> step key -> the latest state they gave it. One query."""
    states: dict[int, dict[str, str]] = defaultdict(dict)
    for owner_id, key, state in (
        StepChange.objects.filter(owner_id__in=owner_ids)
        .order_by("pk")
        .values_list("owner_id", "key", "state")
    ):
        states[owner_id][key] = state
    return states


def plan_steps(
    latest: Sequence[Latest],
    rows: Mapping[int, Sequence[Row]],
    steps: Mapping[int, Sequence[planning.Step]],
    states: Mapping[str, str],
    *,
    hours_per_week: int,
) -> dict[str, PlanStep]:
    """key -> step of one person's plans: each of `latest` in turn, its steps in plan order,
    a step in several plans once, where it first came. A practice step planned for two rungs
    keeps the longer one (the higher target level)."""
    planned: dict[str, tuple[str, planning.PlannedStep]] = {}
    rungs: dict[str, list[str]] = defaultdict(list)
    for assessment in latest:
        own = rows.get(assessment.pk, ())
        if not own:
            continue
        by_slug = {r.skill_slug: steps.get(r.skill_id, []) for r in own if r.skill_id}
        plan = build_plan(own, score_rows(own), by_slug, hours_per_week=hours_per_week)
        for skill, step in plan.steps:
            seen = planned.get(step.key)
            if seen is None or step.hours > seen[1].hours:
                planned[step.key] = (skill, step)
            rungs[step.key].append(assessment.rung_title)
    return {
        key: PlanStep(skill, step, tracking.state_of(states, key), tuple(rungs[key]))
        for key, (skill, step) in planned.items()
    }
