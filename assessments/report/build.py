"""Build a report: load its inputs, score them, then compute each section."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from assessments.models import Assessment
from assessments.report.gaps import Gaps, build_gaps, score_rows
from assessments.report.history import History, build_history
from assessments.report.inputs import Inputs, load_inputs
from assessments.report.plan import Plan, build_plan
from assessments.report.progression import Progression, build_progression
from assessments.report.second_opinions import SecondOpinions, build_second_opinions
from assessments.scoring import GapReport

DRAFT_LABEL = "Draft — not submitted"
SUBMITTED_LABEL = "Submitted"


@dataclass(frozen=True)
class Report:
    """Everything a gap report shows, for one assessment: who and what it is about, then one
    field per section. A gaps-only report (see build_gap_report) has only the gaps and the
    second opinions."""

    public_id: uuid.UUID
    role_name: str
    role_slug: str
    rung_title: str
    rung_slug: str
    status: str
    submitted_at: datetime.datetime | None
    is_draft: bool
    hours_per_week: int
    gaps: Gaps
    second_opinions: SecondOpinions | None = None
    plan: Plan | None = None
    progression: Progression | None = None
    history: History | None = None

    @property
    def status_label(self) -> str:
        return DRAFT_LABEL if self.is_draft else SUBMITTED_LABEL


def build_report(
    assessment: Assessment, *, hours_per_week: int | None = None, frozen: bool = False
) -> Report:
    """Score `assessment` and return its full Report: gaps, learning plan, progression (next
    rungs, moves across roles, ladder) and history (change since last time, trend).

    A submitted assessment's gaps come from its submission snapshot only, so framework edits
    never change them; the other sections use the live framework and the person's other
    submitted assessments. A draft is scored provisionally from its current ratings against
    the rung's live requirements; unrated skills count as 0.

    `frozen` leaves out whatever the person submitted after this assessment, for a report
    shown to someone else (`inputs.load_inputs()`).

    Queries: those of `inputs.load_inputs()` (8 for a submitted assessment), and no others.
    `assessment` must come with its rung and role.
    """
    inputs = load_inputs(assessment, hours_per_week=hours_per_week, frozen=frozen)
    scored = score_rows(inputs.rows)
    return Report(
        **_identity(assessment, inputs.hours_per_week),
        gaps=build_gaps(inputs.rows, scored, rung_title=assessment.rung.title),
        second_opinions=_second_opinions(inputs, scored, assessment),
        plan=build_plan(inputs.rows, scored, inputs.steps, hours_per_week=inputs.hours_per_week),
        progression=build_progression(inputs, rung_id=assessment.rung_id),
        history=build_history(
            inputs, scored, public_id=assessment.public_id, is_draft=not assessment.is_submitted
        ),
    )


def build_gap_report(assessment: Assessment, *, hours_per_week: int | None = None) -> Report:
    """Only the gaps (without charts) and the second opinions of `assessment`: for the CSV
    export and the read-only rating page. Queries: 3 (the rows, the hours and the reviews
    of a submitted assessment; the requirements, ratings and hours of a draft); one fewer
    when `hours_per_week` is given."""
    inputs = load_inputs(assessment, hours_per_week=hours_per_week, gaps_only=True)
    scored = score_rows(inputs.rows)
    return Report(
        **_identity(assessment, inputs.hours_per_week),
        gaps=build_gaps(inputs.rows, scored, rung_title=assessment.rung.title, with_charts=False),
        second_opinions=_second_opinions(inputs, scored, assessment),
    )


def _second_opinions(inputs: Inputs, scored: GapReport, assessment: Assessment) -> SecondOpinions:
    return build_second_opinions(
        inputs.rows, scored, inputs.reviews, rung_title=assessment.rung.title
    )


def _identity(assessment: Assessment, hours_per_week: int) -> dict[str, Any]:
    rung = assessment.rung
    return {
        "public_id": assessment.public_id,
        "role_name": rung.role.name,
        "role_slug": rung.role.slug,
        "rung_title": rung.title,
        "rung_slug": rung.slug,
        "status": assessment.status,
        "submitted_at": assessment.submitted_at,
        "is_draft": not assessment.is_submitted,
        "hours_per_week": hours_per_week,
    }
