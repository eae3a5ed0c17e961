"""My plan, `/plan/` (DESIGN.md §17): every open step of the person's latest submitted
assessment of each rung, grouped by skill, with states and hours, and the hours left over
time. Loaded in a fixed number of queries however many assessments, skills and changes."""

from __future__ import annotations

import datetime
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from assessments import planning
from assessments.models import DEFAULT_HOURS_PER_WEEK, Assessment, Profile, SubmittedRequirement
from assessments.report.gaps import score_rows
from assessments.report.inputs import Row
from assessments.report.plan import build_plan, whole_hours
from careers.models import LearningStep
from progress import chart, tracking
from progress.models import CalendarFeed, StepChange


@dataclass(frozen=True)
class OpenStep:
    step: planning.PlannedStep
    state: str
    rungs: tuple[str, ...]  # the rungs whose plan holds it


@dataclass(frozen=True)
class SkillGroup:
    skill: str
    steps: tuple[OpenStep, ...]  # open steps (to do or doing), in plan order
    hours_left: int | float
    done_count: int


@dataclass(frozen=True)
class PlanRung:
    title: str
    role: str
    report_url: str
    submitted_at: datetime.datetime


@dataclass(frozen=True)
class PlanPage:
    rungs: tuple[PlanRung, ...]  # the assessments the plan comes from, by rung title
    skills: tuple[SkillGroup, ...]  # skills with an open step, most hours left first
    step_count: int
    done_count: int
    hours_done: int | float
    hours_left: int | float
    hours_per_week: int
    weeks_left: int  # at hours_per_week
    chart: chart.HoursChart | None  # None without any plan
    has_feed: bool

    @property
    def choices(self) -> tuple[tuple[str, str], ...]:
        return tuple(tracking.STATE_LABELS.items())

    def steps_by_key(self) -> dict[str, planning.PlannedStep]:
        """Every step on the page (the open ones), by key."""
        return {o.step.key: o.step for group in self.skills for o in group.steps}


@dataclass(frozen=True)
class _Latest:
    pk: int
    public_id: object
    rung_title: str
    role_name: str
    submitted_at: datetime.datetime


def build_plan_page(owner, *, today: datetime.date) -> PlanPage:
    """The page for `owner`. Queries: 6 however many assessments, skills and changes.

    1. the person's latest submitted assessment of each rung;
    2. their snapshot rows;
    3. the person's hours per week;
    4. the learning steps of the skills with a gap;
    5. every step change the person made, oldest first;
    6. whether they have a calendar feed.
    """
    latest = _load_latest(owner)
    rows = _load_rows([a.pk for a in latest])
    hours_per_week = _hours_per_week(owner)
    steps = _load_steps(rows)
    changes = list(
        StepChange.objects.for_owner(owner).order_by("pk").values_list("key", "state", "changed_at")
    )
    has_feed = CalendarFeed.objects.filter(owner=owner).exists()
    planned = _plan_steps(latest, rows, steps, hours_per_week)
    states = tracking.latest_states((key, state) for key, state, _ in changes)
    return _page(latest, planned, states, changes, hours_per_week, has_feed, today)


def _load_latest(owner) -> list[_Latest]:
    newest_first = Window(
        RowNumber(),
        partition_by=[F("rung_id")],
        order_by=[F("submitted_at").desc(), F("pk").desc()],
    )
    rows = (
        Assessment.objects.for_owner(owner)
        .submitted()
        .annotate(newest=newest_first)
        .filter(newest=1)
        .order_by("rung__title")
        .values_list("pk", "public_id", "rung__title", "rung__role__name", "submitted_at")
    )
    return [_Latest(*row) for row in rows]


def _load_rows(assessment_ids: Sequence[int]) -> dict[int, list[Row]]:
    rows: dict[int, list[Row]] = defaultdict(list)
    if not assessment_ids:
        return rows
    for values in (
        SubmittedRequirement.objects.filter(assessment_id__in=assessment_ids)
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
        assessment_id, *row = values
        rows[assessment_id].append(Row(*row, note=""))
    return rows


def _hours_per_week(owner) -> int:
    hours = Profile.objects.filter(user=owner).values_list("hours_per_week", flat=True).first()
    return hours or DEFAULT_HOURS_PER_WEEK


def _load_steps(rows: dict[int, list[Row]]) -> dict[int, list[planning.Step]]:
    """skill id -> its learning steps, for every skill with a gap in any of the plans."""
    ids = {row.skill_id for group in rows.values() for row in group if row.has_gap}
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


def _plan_steps(
    latest: Sequence[_Latest],
    rows: dict[int, list[Row]],
    steps: dict[int, list[planning.Step]],
    hours_per_week: int,
) -> dict[str, tuple[str, planning.PlannedStep, list[str]]]:
    """key -> (skill name, step, rung titles): each plan's steps, a step in several plans once.
    A practice step planned for two rungs keeps the longer one (the higher target level)."""
    planned: dict[str, tuple[str, planning.PlannedStep, list[str]]] = {}
    for assessment in latest:
        own = rows[assessment.pk]
        by_slug = {r.skill_slug: steps.get(r.skill_id, []) for r in own if r.skill_id}
        plan = build_plan(own, score_rows(own), by_slug, hours_per_week=hours_per_week)
        for skill, step in plan.steps:
            seen = planned.get(step.key)
            if seen is None or step.hours > seen[1].hours:
                rungs = seen[2] if seen else []
                planned[step.key] = (skill, step, rungs)
            planned[step.key][2].append(assessment.rung_title)
    return planned


def _page(latest, planned, states, changes, hours_per_week, has_feed, today) -> PlanPage:
    groups: dict[str, list[OpenStep]] = defaultdict(list)
    done_by_skill: dict[str, int] = defaultdict(int)
    for skill, step, rungs in planned.values():
        state = tracking.state_of(states, step.key)
        if state == tracking.DONE:
            done_by_skill[skill] += 1
        else:
            groups[skill].append(OpenStep(step, state, tuple(rungs)))
    skills = tuple(
        sorted(
            (
                SkillGroup(
                    skill=skill,
                    steps=tuple(open_steps),
                    hours_left=whole_hours(math.fsum(s.step.hours for s in open_steps)),
                    done_count=done_by_skill[skill],
                )
                for skill, open_steps in groups.items()
            ),
            key=lambda group: (-group.hours_left, group.skill.casefold()),
        )
    )
    total = math.fsum(step.hours for _, step, _ in planned.values())
    left = math.fsum(s.step.hours for group in skills for s in group.steps)
    start = min((a.submitted_at for a in latest), default=None)
    hours = {key: step.hours for key, (_, step, _) in planned.items()}
    return PlanPage(
        rungs=tuple(
            PlanRung(a.rung_title, a.role_name, _report_url(a.public_id), a.submitted_at)
            for a in latest
        ),
        skills=skills,
        step_count=len(planned),
        done_count=sum(done_by_skill.values()),
        hours_done=whole_hours(total - left),
        hours_left=whole_hours(left),
        hours_per_week=hours_per_week,
        weeks_left=planning.weeks_for(left, hours_per_week),
        chart=chart.hours_chart(_history(start, hours, changes, today)) if planned else None,
        has_feed=has_feed,
    )


def _report_url(public_id) -> str:
    return reverse("assessments:report", args=[public_id])


def _history(
    start: datetime.datetime | None,
    hours: dict[str, float],
    changes: Sequence[tuple[str, str, datetime.datetime]],
    today: datetime.date,
) -> list[tuple[datetime.date, float]]:
    """(day, hours left at its end) from the first plan's day to today, one point a day that
    changed anything, replaying the person's changes of the steps on today's plan."""
    done: set[str] = set()
    total = math.fsum(hours.values())
    first = timezone.localdate(start) if start else today
    points: dict[datetime.date, float] = {first: total}
    for key, state, changed_at in changes:
        if key not in hours:
            continue
        (done.add if state == tracking.DONE else done.discard)(key)
        day = max(first, timezone.localdate(changed_at))
        points[day] = total - math.fsum(hours[k] for k in done)
    points.setdefault(today, total - math.fsum(hours[k] for k in done))
    return sorted(points.items())
