"""The report's outlook: what to learn, where to go next, and what changed since last time.

`build_outlook()` loads what these sections need in a fixed number of queries, however many
skills, rungs or past assessments there are, and turns the pure results of
`assessments.planning` and `assessments.charts` into plain rows for templates and exports.

Keys: the report itself is scored on the snapshot's skill slugs. Everything compared with
the live framework (next rungs, moves, the ladder) is keyed by the skill's *current* slug,
found through its id, so a renamed skill still matches the person's earlier ratings.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import dateformat, timezone

from assessments import charts, planning, scoring
from assessments.models import Assessment, SubmittedRequirement
from assessments.rung_outlook import (
    NOT_YET_RATED,
    Framework,
    LadderView,
    RungOutlook,
    build_ladder,
    lateral_moves,
    load_framework,
    next_rungs,
)
from careers.models import LearningStep
from careers.proficiency import level_label

CHANGES_OPEN = 12  # the change since last time folds away its smaller moves beyond this
ARROWS = {"up": "↑", "down": "↓", "new": "+"}
KIND_LABELS = dict(LearningStep.Kind.choices)
DATE_FORMAT = "j M Y"


@dataclass(frozen=True)
class Row:
    """A requirement and its rating, read from the snapshot or from the live framework."""

    skill: str
    skill_slug: str
    skill_id: int | None
    category: str
    required: int
    importance: int
    rated: int | None
    note: str


# ---------------------------------------------------------------- what the templates get


@dataclass(frozen=True)
class PlanStep:
    skill: str  # the skill's name
    title: str
    kind: str
    kind_label: str
    hours: int | float
    url: str
    target_label: str
    blocking: bool
    generic: bool


@dataclass(frozen=True)
class PlanSkill:
    """The steps for one gap, in the plan's order."""

    skill: str
    rated_label: str
    required_label: str
    blocking: bool
    hours: int | float
    steps: tuple[PlanStep, ...]


@dataclass(frozen=True)
class LearningPlanView:
    skills: tuple[PlanSkill, ...]
    total_hours: int | float
    blocking_hours: int | float
    hours_per_week: int
    weeks_blocking: int
    weeks_all: int

    @property
    def steps(self) -> tuple[PlanStep, ...]:
        return tuple(step for skill in self.skills for step in skill.steps)


@dataclass(frozen=True)
class WeeksToReady:
    blocking: int = 0
    all: int = 0


@dataclass(frozen=True)
class SkillChange:
    skill: str
    before_label: str
    after_label: str
    delta: int
    direction: str  # up | down | new
    arrow: str
    label: str  # "up 1", "down 2", "newly rated": the words screen readers get


@dataclass(frozen=True)
class ChangeSinceLast:
    """This assessment against the person's previous submitted one of the same rung."""

    previous_url: str
    previous_date: str
    previous_readiness_pct: int
    readiness_pct: int
    readiness_delta: int  # in whole percentage points, as the two figures are shown
    changes: tuple[SkillChange, ...]  # biggest move first; unchanged skills left out
    unchanged_count: int

    @property
    def direction(self) -> str:
        return "up" if self.readiness_delta > 0 else "down" if self.readiness_delta < 0 else "same"

    @property
    def arrow(self) -> str:
        return ARROWS.get(self.direction, "")

    @property
    def delta_label(self) -> str:
        """'up 13 points', 'down 1 point' or 'no change'."""
        points = abs(self.readiness_delta)
        if not points:
            return "no change"
        return f"{self.direction} {points} point{'' if points == 1 else 's'}"

    @property
    def changes_shown(self) -> tuple[SkillChange, ...]:
        """The biggest moves, always on the page (and on paper)."""
        return self.changes[:CHANGES_OPEN]

    @property
    def changes_more(self) -> tuple[SkillChange, ...]:
        """The rest, folded away under the biggest ones."""
        return self.changes[CHANGES_OPEN:]

    @property
    def raised_count(self) -> int:
        return sum(1 for change in self.changes if change.direction == "up")

    @property
    def lowered_count(self) -> int:
        return sum(1 for change in self.changes if change.direction == "down")


@dataclass(frozen=True)
class TrendEntry:
    date: str
    readiness_pct: int
    ready: bool
    is_current: bool
    url: str


@dataclass(frozen=True)
class TrendView:
    entries: tuple[TrendEntry, ...]  # oldest first
    chart: charts.TrendChart


@dataclass(frozen=True)
class CategoryChart:
    category: str
    chart_id: str
    chart: charts.BarChart


@dataclass(frozen=True)
class Outlook:
    learning_plan: LearningPlanView
    weeks_to_ready: WeeksToReady
    next_rungs: tuple[RungOutlook, ...]
    lateral_moves: tuple[RungOutlook, ...]
    ladder: LadderView
    change: ChangeSinceLast | None
    trend: TrendView
    skill_charts: tuple[CategoryChart, ...]


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class _Past:
    pk: int
    public_id: uuid.UUID
    submitted_at: datetime.datetime
    readiness: float
    ready: bool


@dataclass(frozen=True)
class _History:
    latest_ratings: dict[int, int]  # skill id -> the latest submitted rating elsewhere
    previous: _Past | None
    previous_ratings: dict[str, int]  # the previous assessment's ratings by snapshot slug
    trend: tuple[_Past, ...]  # submitted assessments of this rung, oldest first


def _load_history(assessment: Assessment) -> _History:
    """The person's submitted assessments of this rung, and every rating they submitted
    elsewhere: 2 queries, however many assessments there are."""
    trend = tuple(
        _Past(*row)
        for row in Assessment.objects.for_owner(assessment.owner_id)
        .submitted()
        .filter(rung_id=assessment.rung_id)
        .order_by("submitted_at", "pk")
        .values_list("pk", "public_id", "submitted_at", "readiness", "ready")
    )
    previous = _previous(assessment, trend)
    latest: dict[int, int] = {}
    previous_ratings: dict[str, int] = {}
    rows = (
        SubmittedRequirement.objects.for_owner(assessment.owner_id)
        .filter(assessment__status=Assessment.Status.SUBMITTED)
        .exclude(assessment_id=assessment.pk)
        .order_by("assessment__submitted_at", "assessment_id")
        .values_list("assessment_id", "skill_id", "skill_slug", "rated_level")
    )
    # Oldest first, so a later submission's rating of a skill overwrites an earlier one.
    for assessment_id, skill_id, slug, rated in rows:
        if skill_id is not None:
            latest[skill_id] = rated
        if previous is not None and assessment_id == previous.pk:
            previous_ratings[slug] = rated
    return _History(latest, previous, previous_ratings, trend)


def _previous(assessment: Assessment, trend: Sequence[_Past]) -> _Past | None:
    """The last submission of the rung before this one (before now, for a draft)."""
    if assessment.is_submitted:
        earlier = [past for past in trend if past.pk != assessment.pk]
        earlier = [past for past in earlier if past.submitted_at <= assessment.submitted_at]
    else:
        earlier = list(trend)
    return earlier[-1] if earlier else None


def _load_steps(rows: Sequence[Row], report: scoring.GapReport) -> dict[str, list[planning.Step]]:
    """The learning steps of every skill with a gap, keyed by snapshot slug: 1 query."""
    slug_by_id = {row.skill_id: row.skill_slug for row in rows if row.skill_id is not None}
    gap_slugs = {item.skill for item in report.gaps}
    ids = [skill_id for skill_id, slug in slug_by_id.items() if slug in gap_slugs]
    steps: dict[str, list[planning.Step]] = defaultdict(list)
    for skill_id, title, kind, url, hours, target in (
        LearningStep.objects.filter(skill_id__in=ids)
        .order_by()
        .values_list("skill_id", "title", "kind", "url", "hours", "target_level")
    ):
        steps[slug_by_id[skill_id]].append(planning.Step(title, kind, hours, target, url))
    return steps


# ---------------------------------------------------------------- building


def build_outlook(
    assessment: Assessment,
    rows: Sequence[Row],
    report: scoring.GapReport,
    *,
    hours_per_week: int,
    items_by_category: Sequence[tuple[str, Sequence[tuple[str, int, int]]]],
) -> Outlook:
    """Every section after the gap table, for `assessment` scored as `report` from `rows`.

    Queries: 5 (learning steps, rungs, requirements, the person's submitted assessments of
    this rung, their submitted ratings elsewhere); 4 when nothing has a gap.
    `items_by_category` feeds the required-vs-rated chart: (category, [(skill, required,
    rated), ...]) in display order.
    """
    plan = _learning_plan(rows, report, hours_per_week)
    framework = load_framework(assessment.rung_id)
    history = _load_history(assessment)
    ratings, fallback = _ratings(rows, framework, history)
    current = framework.requirements.get(assessment.rung_id, [])
    return Outlook(
        learning_plan=plan,
        weeks_to_ready=WeeksToReady(plan.weeks_blocking, plan.weeks_all),
        next_rungs=next_rungs(framework, current, ratings, fallback),
        lateral_moves=lateral_moves(framework, assessment.rung_id, ratings, fallback),
        ladder=build_ladder(
            framework, assessment.rung_id, _own_requirements(rows, framework), ratings, fallback
        ),
        change=_change_since_last(rows, report, history),
        trend=_trend(assessment, report, history),
        skill_charts=tuple(
            CategoryChart(category, f"skills-chart-{index}", charts.bar_chart(chart_rows))
            for index, (category, chart_rows) in enumerate(items_by_category, start=1)
        ),
    )


def _learning_plan(
    rows: Sequence[Row], report: scoring.GapReport, hours_per_week: int
) -> LearningPlanView:
    names = {row.skill_slug: row.skill for row in rows}
    plan = planning.plan_learning(
        report, _load_steps(rows, report), hours_per_week=hours_per_week, names=names
    )
    by_skill: dict[str, list[PlanStep]] = defaultdict(list)
    for step in plan.steps:
        by_skill[step.skill].append(
            PlanStep(
                skill=names[step.skill],
                title=step.title,
                kind=step.kind,
                kind_label=KIND_LABELS.get(step.kind, step.kind.title()),
                hours=_number(step.hours),
                url=step.url,
                target_label=level_label(step.target_level),
                blocking=step.blocking,
                generic=step.generic,
            )
        )
    items = {item.skill: item for item in report.items}
    skills = tuple(
        PlanSkill(
            skill=names[slug],
            rated_label=level_label(items[slug].rated),
            required_label=level_label(items[slug].required),
            blocking=items[slug].blocking,
            hours=_number(sum(step.hours for step in steps)),
            steps=tuple(steps),
        )
        for slug, steps in by_skill.items()
    )
    return LearningPlanView(
        skills=skills,
        total_hours=_number(plan.total_hours),
        blocking_hours=_number(plan.blocking_hours),
        hours_per_week=hours_per_week,
        weeks_blocking=plan.weeks_to_ready_blocking,
        weeks_all=plan.weeks_to_ready_all,
    )


def _ratings(
    rows: Sequence[Row], framework: Framework, history: _History
) -> tuple[dict[str, int], dict[str, int]]:
    """This assessment's ratings and the person's latest elsewhere, by current skill slug."""
    ratings = {
        framework.live_slug(row.skill_id, row.skill_slug): row.rated
        for row in rows
        if row.rated is not None
    }
    fallback = {
        framework.slug_by_skill_id[skill_id]: rated
        for skill_id, rated in history.latest_ratings.items()
        if skill_id in framework.slug_by_skill_id
    }
    return ratings, fallback


def _own_requirements(rows: Sequence[Row], framework: Framework) -> list[scoring.Requirement]:
    requirements, seen = [], set()
    for row in rows:
        key = framework.live_slug(row.skill_id, row.skill_slug)
        while key in seen:  # a deleted skill's old slug now used by another skill
            key += "~"
        seen.add(key)
        requirements.append(scoring.Requirement(key, row.required, row.importance))
    return requirements


def _change_since_last(
    rows: Sequence[Row], report: scoring.GapReport, history: _History
) -> ChangeSinceLast | None:
    previous = history.previous
    if previous is None:
        return None
    current = {row.skill_slug: row.rated for row in rows}
    names = {row.skill_slug: row.skill for row in rows}
    moved = planning.compare_ratings(history.previous_ratings, current)
    readiness_pct = report.readiness_pct
    previous_pct = scoring.round_percent(previous.readiness or 0.0)
    return ChangeSinceLast(
        previous_url=reverse("assessments:report", args=[previous.public_id]),
        previous_date=_date(previous.submitted_at),
        previous_readiness_pct=previous_pct,
        readiness_pct=readiness_pct,
        readiness_delta=readiness_pct - previous_pct,
        changes=tuple(
            SkillChange(
                skill=names[change.skill],
                before_label=NOT_YET_RATED if change.before is None else level_label(change.before),
                after_label=level_label(change.after),
                delta=change.delta,
                direction=change.direction,
                arrow=ARROWS[change.direction],
                label=_change_label(change),
            )
            for change in moved
            if change.direction != "same"
        ),
        unchanged_count=sum(1 for change in moved if change.direction == "same"),
    )


def _change_label(change: planning.RatingChange) -> str:
    if change.direction == "new":
        return "newly rated"
    return f"{change.direction} {abs(change.delta)}"


def _trend(assessment: Assessment, report: scoring.GapReport, history: _History) -> TrendView:
    """Readiness at each submission of this rung; a draft is added as the last point."""
    points = [
        (past.public_id, _date(past.submitted_at), past.readiness or 0.0, bool(past.ready))
        for past in history.trend
    ]
    if not assessment.is_submitted:
        points.append((assessment.public_id, "Draft", report.readiness, report.ready))
    entries = tuple(
        TrendEntry(
            date=date,
            readiness_pct=scoring.round_percent(readiness),
            ready=ready,
            is_current=public_id == assessment.public_id,
            url=reverse("assessments:report", args=[public_id]),
        )
        for public_id, date, readiness, ready in points
    )
    chart = charts.trend_chart(
        [
            (date, readiness, public_id == assessment.public_id)
            for public_id, date, readiness, _ in points
        ]
    )
    return TrendView(entries=entries, chart=chart)


def _date(when: datetime.datetime) -> str:
    return dateformat.format(timezone.localtime(when), DATE_FORMAT)


def _number(value: float) -> int | float:
    """20.0 -> 20: hours are whole numbers unless a step says otherwise."""
    return int(value) if float(value).is_integer() else value
