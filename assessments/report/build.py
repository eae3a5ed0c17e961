"""Build a report: load its inputs, score them, then compute each section."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assessments import sections as registry
from assessments.models import Assessment
from assessments.report.gaps import Gaps, build_gaps, score_rows
from assessments.report.history import History, build_history
from assessments.report.inputs import Inputs, load_inputs
from assessments.report.plan import Plan, build_plan
from assessments.report.progression import Progression, build_progression
from assessments.scoring import GapReport

DRAFT_LABEL = "Draft — not submitted"
SUBMITTED_LABEL = "Submitted"


@dataclass(frozen=True)
class Report:
    """Everything a gap report shows, for one assessment: who and what it is about, then one
    field per section of its own, and the registered sections' data by name in `sections`
    (assessments.sections). A gaps-only report (see build_gap_report) has only the gaps and
    the sections marked `gaps_only`."""

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
    plan: Plan | None = None
    progression: Progression | None = None
    history: History | None = None
    sections: Mapping[str, Any] = field(default_factory=dict)

    @property
    def status_label(self) -> str:
        return DRAFT_LABEL if self.is_draft else SUBMITTED_LABEL

    @property
    def slots(self) -> dict[str, list[registry.Part]]:
        """Slot name -> the registered sections' parts drawn there, for the report body."""
        slots: dict[str, list[registry.Part]] = {}
        for section in registry.with_hook("template"):
            if self.sections.get(section.name) is not None:
                part = registry.Part(section.name, section.template, self.sections[section.name])
                slots.setdefault(section.slot, []).append(part)
        return slots

    @property
    def plan_columns(self) -> list[registry.Part]:
        """The registered sections' columns in the learning plan (heading in `name`)."""
        return [
            registry.Part(
                section.plan_step_heading, section.plan_step_template, self.sections[section.name]
            )
            for section in registry.with_hook("plan_step_template")
            if self.sections.get(section.name) is not None
        ]


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
    plan = build_plan(inputs.rows, scored, inputs.steps, hours_per_week=inputs.hours_per_week)
    return Report(
        **_identity(assessment, inputs.hours_per_week),
        gaps=build_gaps(inputs.rows, scored, rung_title=assessment.rung.title),
        plan=plan,
        progression=build_progression(inputs, rung_id=assessment.rung_id),
        history=build_history(
            inputs, scored, public_id=assessment.public_id, is_draft=not assessment.is_submitted
        ),
        sections=_build_sections(assessment, inputs, scored, plan),
    )


def build_gap_report(assessment: Assessment, *, hours_per_week: int | None = None) -> Report:
    """Only the gaps (without charts) and the gaps-only sections (the second opinions) of
    `assessment`: for the CSV export and the read-only rating page. Queries: 3 (the rows, the
    hours and the reviews of a submitted assessment; the requirements, ratings and hours of a
    draft); one fewer when `hours_per_week` is given."""
    inputs = load_inputs(assessment, hours_per_week=hours_per_week, gaps_only=True)
    scored = score_rows(inputs.rows)
    return Report(
        **_identity(assessment, inputs.hours_per_week),
        gaps=build_gaps(inputs.rows, scored, rung_title=assessment.rung.title, with_charts=False),
        sections=_build_sections(assessment, inputs, scored, None),
    )


def _build_sections(
    assessment: Assessment, inputs: Inputs, scored: GapReport, plan: Plan | None
) -> dict[str, Any]:
    """Each registered section's data, for those whose inputs were loaded."""
    built = {}
    for section in registry.with_hook("build"):
        if plan is None and not section.gaps_only:
            continue  # a full-report section, in a gaps-only report
        context = registry.SectionContext(
            assessment=assessment,
            rows=inputs.rows,
            scored=scored,
            plan=plan,
            hours_per_week=inputs.hours_per_week,
            loaded=inputs.sections.get(section.name),
        )
        built[section.name] = section.build(context)
    return built


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
