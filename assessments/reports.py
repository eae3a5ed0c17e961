"""The read side: load a report's inputs in a fixed number of queries and score them.

`build_report()` returns a plain `Report` for templates and exports: every number, label and
ordering is computed here, so templates only display. To add a section to the report, add a
field with a default to `Report` and fill it in `build_report()`.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from assessments import scoring
from assessments.models import DEFAULT_HOURS_PER_WEEK, Assessment, Profile
from assessments.proficiency import level_label
from careers.models import Requirement

DRAFT_LABEL = "Draft — not submitted"
NOT_READY_VERDICT = "Not ready yet"
READY_VERDICT = "Ready for {rung}"
NOT_RATED_LABEL = "Not rated"


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
class WeeksToReady:
    blocking: float = 0
    all: float = 0


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
    learning_plan: tuple[Any, ...] = ()
    weeks_to_ready: WeeksToReady = field(default_factory=WeeksToReady)
    next_rungs: tuple[Any, ...] = ()

    @property
    def status_label(self) -> str:
        return DRAFT_LABEL if self.is_draft else "Submitted"


@dataclass(frozen=True)
class _Row:
    """A requirement and its rating, read from the snapshot or from the live framework."""

    skill: str
    skill_slug: str
    skill_id: int | None
    category: str
    required: int
    importance: int
    rated: int | None
    note: str


def build_report(assessment: Assessment) -> Report:
    """Score `assessment` and return its Report.

    A submitted assessment is scored from its submission snapshot only, so framework edits
    never change it. A draft is scored provisionally from its current ratings against the
    rung's live requirements; unrated skills count as 0.

    Queries: 2 for a submitted assessment (snapshot, profile), 3 for a draft (requirements,
    ratings, profile); `assessment` must come with its rung and role loaded.
    """
    rows = _snapshot_rows(assessment) if assessment.is_submitted else _draft_rows(assessment)
    scored = scoring.score(
        [scoring.Requirement(row.skill_slug, row.required, row.importance) for row in rows],
        {row.skill_slug: row.rated for row in rows},
    )
    by_slug = {row.skill_slug: row for row in rows}
    items = tuple(_item(scored, gap_item, by_slug[gap_item.skill]) for gap_item in scored.items)
    item_by_slug = {item.skill_slug: item for item in items}
    rung = assessment.rung
    return Report(
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
        hours_per_week=_hours_per_week(assessment.owner_id),
        scored=scored,
    )


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
        return "Readiness is at least 80% and no gap is blocking."
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


@dataclass(frozen=True)
class Dashboard:
    drafts: tuple[DraftRow, ...]  # most recently saved first
    submitted: tuple[SubmittedRow, ...]  # most recently submitted first
    latest_by_role: tuple[SubmittedRow, ...]  # each role's latest submission, by role name

    @property
    def is_empty(self) -> bool:
        return not self.drafts and not self.submitted


def build_dashboard(owner) -> Dashboard:
    """The person's drafts and submitted assessments, in 2 queries however many there are.

    Readiness comes from the value frozen at submission: lists never rescore a report.
    """
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
    submitted = tuple(_submitted_row(a) for a in mine.submitted().order_by("-submitted_at"))
    latest: dict[str, SubmittedRow] = {}
    for row in submitted:
        latest.setdefault(row.role_slug, row)
    return Dashboard(
        drafts=drafts,
        submitted=submitted,
        latest_by_role=tuple(sorted(latest.values(), key=lambda row: row.role_name)),
    )


def _submitted_row(assessment: Assessment) -> SubmittedRow:
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
    )
