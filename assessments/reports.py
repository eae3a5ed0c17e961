"""The read side: load a report's inputs in a fixed number of queries and score them.

`build_report()` returns a plain `Report` for templates and exports: every number, label and
ordering is computed here, so templates only display. To add a section to the report, add a
field with a default to `Report` and fill it in `build_report()`.
"""

from __future__ import annotations

import dataclasses
import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.timesince import timesince

from assessments import scoring
from assessments.models import DEFAULT_HOURS_PER_WEEK, Assessment, Profile
from assessments.report_sections import (
    ChangeSinceLast,
    LearningPlanView,
    Outlook,
    PlanStep,
    TrendView,
    WeeksToReady,
    build_outlook,
)
from assessments.report_sections import Row as _Row
from assessments.rung_outlook import LadderView, RungOutlook
from careers.models import Requirement
from careers.proficiency import level_label

DRAFT_LABEL = "Draft — not submitted"
NOT_READY_VERDICT = "Not ready yet"
READY_VERDICT = "Ready for {rung}"
NOT_RATED_LABEL = "Not rated"
RETAKE_AFTER = datetime.timedelta(days=90)


@dataclass(frozen=True)
class ReportItem:
    """One requirement, scored, with everything the gap table shows."""

    skill: str  # the skill's name
    skill_slug: str
    skill_id: int | None  # None once the skill was deleted from the framework
    category: str
    required: int
    required_label: str  # "3 Proficient"
    rated: int
    rated_label: str  # "2 Foundational", or "Not rated" on a draft
    is_rated: bool
    gap: int
    surplus: int
    weighted_gap: int
    importance: int
    status: str  # scoring.MEETS | CLOSE | GAP
    status_label: str
    blocking: bool
    share_of_weighted_gap: int  # whole percent of the report's total weighted gap
    note: str


@dataclass(frozen=True)
class Report:
    """Everything a gap report shows, for one assessment."""

    public_id: uuid.UUID
    role_name: str
    role_slug: str
    rung_title: str
    rung_slug: str
    status: str
    submitted_at: datetime.datetime | None
    is_draft: bool
    readiness: float
    readiness_pct: int
    ready: bool
    verdict: str
    verdict_detail: str
    items: tuple[ReportItem, ...]  # priority order
    blocking: tuple[ReportItem, ...]  # priority order
    strengths: tuple[ReportItem, ...]  # by surplus
    items_by_category: tuple[ReportItem, ...]  # category, then skill name
    unrated_count: int
    total_weighted_gap: int
    hours_per_week: int
    scored: scoring.GapReport
    # The outlook: empty on a gap-only report (see build_gap_report).
    learning_plan: tuple[PlanStep, ...] = ()  # flat, in plan order, for exports
    plan: LearningPlanView | None = None  # the same steps grouped by skill, with the totals
    weeks_to_ready: WeeksToReady = field(default_factory=WeeksToReady)
    next_rungs: tuple[RungOutlook, ...] = ()  # by readiness, best first
    lateral_moves: tuple[RungOutlook, ...] = ()
    ladder: LadderView | None = None
    change: ChangeSinceLast | None = None
    trend: TrendView | None = None
    skill_charts: tuple[Any, ...] = ()  # report_sections.CategoryChart, one per category

    @property
    def status_label(self) -> str:
        return DRAFT_LABEL if self.is_draft else "Submitted"


def build_report(assessment: Assessment, *, hours_per_week: int | None = None) -> Report:
    """Score `assessment` and return its full Report: the gaps and the outlook (learning
    plan, next rungs, moves across roles, ladder, change since last time, trend, charts).

    A submitted assessment's gaps come from its submission snapshot only, so framework edits
    never change them; the outlook uses the live framework and the person's other submitted
    assessments. A draft is scored provisionally from its current ratings against the
    rung's live requirements; unrated skills count as 0.

    Queries: 7 for a submitted assessment (snapshot, profile, learning steps, rungs,
    requirements, this rung's submissions, ratings submitted elsewhere), one fewer when
    `hours_per_week` is given and one fewer when nothing has a gap; a draft reads the
    requirements and its ratings instead of the snapshot (one more). However many skills,
    rungs or past assessments there are. `assessment` must come with its rung and role.
    """
    rows, report = _score(assessment, hours_per_week)
    chart_rows = [
        (category, [(i.skill, i.required, i.rated) for i in group])
        for category, group in _by_category(report.items)
    ]
    outlook: Outlook = build_outlook(
        assessment,
        rows,
        report.scored,
        hours_per_week=report.hours_per_week,
        items_by_category=chart_rows,
    )
    return dataclasses.replace(
        report,
        learning_plan=outlook.learning_plan.steps,
        plan=outlook.learning_plan,
        weeks_to_ready=outlook.weeks_to_ready,
        next_rungs=outlook.next_rungs,
        lateral_moves=outlook.lateral_moves,
        ladder=outlook.ladder,
        change=outlook.change,
        trend=outlook.trend,
        skill_charts=outlook.skill_charts,
    )


def build_gap_report(assessment: Assessment, *, hours_per_week: int | None = None) -> Report:
    """Only the scored gaps of `assessment` (no outlook): for the CSV export and the read-only
    rating page. Queries: 2 for a submitted assessment, 3 for a draft; one fewer when
    `hours_per_week` is given."""
    return _score(assessment, hours_per_week)[1]


def _score(assessment: Assessment, hours_per_week: int | None) -> tuple[list[_Row], Report]:
    rows = _snapshot_rows(assessment) if assessment.is_submitted else _draft_rows(assessment)
    scored = scoring.score(
        [scoring.Requirement(row.skill_slug, row.required, row.importance) for row in rows],
        {row.skill_slug: row.rated for row in rows},
    )
    by_slug = {row.skill_slug: row for row in rows}
    items = tuple(_item(scored, gap_item, by_slug[gap_item.skill]) for gap_item in scored.items)
    item_by_slug = {item.skill_slug: item for item in items}
    rung = assessment.rung
    report = Report(
        public_id=assessment.public_id,
        role_name=rung.role.name,
        role_slug=rung.role.slug,
        rung_title=rung.title,
        rung_slug=rung.slug,
        status=assessment.status,
        submitted_at=assessment.submitted_at,
        is_draft=not assessment.is_submitted,
        readiness=scored.readiness,
        readiness_pct=scored.readiness_pct,
        ready=scored.ready,
        verdict=READY_VERDICT.format(rung=rung.title) if scored.ready else NOT_READY_VERDICT,
        verdict_detail=_verdict_detail(scored),
        items=items,
        blocking=tuple(item_by_slug[g.skill] for g in scored.blocking),
        strengths=tuple(item_by_slug[g.skill] for g in scored.strengths),
        items_by_category=tuple(sorted(items, key=lambda i: (i.category, i.skill))),
        unrated_count=sum(1 for row in rows if row.rated is None),
        total_weighted_gap=scored.total_weighted_gap,
        hours_per_week=hours_per_week or _hours_per_week(assessment.owner_id),
        scored=scored,
    )
    return rows, report


def _by_category(items: tuple[ReportItem, ...]) -> list[tuple[str, list[ReportItem]]]:
    """Items grouped by category name (alphabetical), priority order kept within each."""
    groups: dict[str, list[ReportItem]] = {}
    for item in items:
        groups.setdefault(item.category, []).append(item)
    return sorted(groups.items())


def _snapshot_rows(assessment: Assessment) -> list[_Row]:
    return [
        _Row(
            skill=s.skill_name,
            skill_slug=s.skill_slug,
            skill_id=s.skill_id,
            category=s.category_name,
            required=s.required_level,
            importance=s.importance,
            rated=s.rated_level,
            note=s.note,
        )
        for s in assessment.snapshot.all()
    ]


def _draft_rows(assessment: Assessment) -> list[_Row]:
    requirements = (
        Requirement.objects.filter(rung_id=assessment.rung_id)
        .select_related("skill__category")
        .order_by()
    )
    ratings = {r.skill_id: r for r in assessment.ratings.all()}
    rows = []
    for requirement in requirements:
        skill, rating = requirement.skill, ratings.get(requirement.skill_id)
        rows.append(
            _Row(
                skill=skill.name,
                skill_slug=skill.slug,
                skill_id=skill.pk,
                category=skill.category.name,
                required=requirement.level,
                importance=requirement.importance,
                rated=rating.level if rating else None,
                note=rating.note if rating else "",
            )
        )
    return rows


def _item(scored: scoring.GapReport, gap_item: scoring.GapItem, row: _Row) -> ReportItem:
    return ReportItem(
        skill=row.skill,
        skill_slug=row.skill_slug,
        skill_id=row.skill_id,
        category=row.category,
        required=gap_item.required,
        required_label=level_label(gap_item.required),
        rated=gap_item.rated,
        rated_label=NOT_RATED_LABEL if row.rated is None else level_label(gap_item.rated),
        is_rated=row.rated is not None,
        gap=gap_item.gap,
        surplus=gap_item.surplus,
        weighted_gap=gap_item.weighted_gap,
        importance=gap_item.importance,
        status=gap_item.status,
        status_label=scoring.STATUS_LABELS[gap_item.status],
        blocking=gap_item.blocking,
        share_of_weighted_gap=scoring.round_percent(scored.share_of_weighted_gap(gap_item)),
        note=row.note,
    )


def _verdict_detail(scored: scoring.GapReport) -> str:
    blocking = len(scored.blocking)
    if scored.ready:
        return f"Readiness is at least {scoring.READY_THRESHOLD:.0f}% and no gap is blocking."
    if blocking:
        plural = "gap blocks" if blocking == 1 else "gaps block"
        return f"{blocking} blocking {plural} readiness: close those first."
    return f"Readiness must reach {scoring.READY_THRESHOLD:.0f}%."


def _hours_per_week(owner_id: int) -> int:
    hours = Profile.objects.filter(user_id=owner_id).values_list("hours_per_week", flat=True)
    return hours.first() or DEFAULT_HOURS_PER_WEEK


@dataclass(frozen=True)
class DraftRow:
    assessment: Assessment
    rung_title: str
    role_name: str
    rated_count: int
    required_count: int
    updated_at: datetime.datetime


@dataclass(frozen=True)
class SubmittedRow:
    assessment: Assessment
    rung_title: str
    role_name: str
    role_slug: str
    submitted_at: datetime.datetime
    readiness_pct: int
    ready: bool
    verdict: str
    assessed_ago: str  # "3 days ago"
    due_for_retake: bool  # submitted more than RETAKE_AFTER ago


@dataclass(frozen=True)
class Dashboard:
    drafts: tuple[DraftRow, ...]  # most recently saved first
    submitted: tuple[SubmittedRow, ...]  # most recently submitted first
    latest_by_role: tuple[SubmittedRow, ...]  # each role's latest submission, by role name

    @property
    def is_empty(self) -> bool:
        return not self.drafts and not self.submitted


def build_dashboard(owner, *, now: datetime.datetime | None = None) -> Dashboard:
    """The person's drafts and submitted assessments, in 2 queries however many there are.

    Readiness comes from the value frozen at submission: lists never rescore a report. Each
    submission says how long ago it was (at `now`, default the current time) and whether it
    is over RETAKE_AFTER old, so the dashboard can suggest a retake.
    """
    now = now or timezone.now()
    mine = Assessment.objects.for_owner(owner).with_rung()
    drafts = tuple(
        DraftRow(
            assessment=a,
            rung_title=a.rung.title,
            role_name=a.rung.role.name,
            rated_count=a.rated_count,
            required_count=a.required_count,
            updated_at=a.updated_at,
        )
        for a in mine.drafts().with_progress().order_by("-updated_at")
    )
    submitted = tuple(_submitted_row(a, now) for a in mine.submitted().order_by("-submitted_at"))
    latest: dict[str, SubmittedRow] = {}
    for row in submitted:
        latest.setdefault(row.role_slug, row)
    return Dashboard(
        drafts=drafts,
        submitted=submitted,
        latest_by_role=tuple(sorted(latest.values(), key=lambda row: row.role_name)),
    )


def _submitted_row(assessment: Assessment, now: datetime.datetime) -> SubmittedRow:
    ready = bool(assessment.ready)
    return SubmittedRow(
        assessment=assessment,
        rung_title=assessment.rung.title,
        role_name=assessment.rung.role.name,
        role_slug=assessment.rung.role.slug,
        submitted_at=assessment.submitted_at,
        readiness_pct=scoring.round_percent(assessment.readiness or 0.0),
        ready=ready,
        verdict="Ready" if ready else NOT_READY_VERDICT,
        assessed_ago=assessed_ago(assessment.submitted_at, now) if assessment.submitted_at else "",
        due_for_retake=bool(
            assessment.submitted_at and now - assessment.submitted_at > RETAKE_AFTER
        ),
    )


def assessed_ago(when: datetime.datetime, now: datetime.datetime) -> str:
    """'today', '3 days ago', '4 months ago': the largest unit only, since exactness does
    not matter for a nudge."""
    if now - when < datetime.timedelta(days=1):
        return "today"
    return f"{timesince(when, now, depth=1)} ago".replace("\xa0", " ")
