"""Shape a Report for download: CSV rows (formula-injection safe) and the DESIGN §6 JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assessments import sections as registry
from assessments.planning import PlannedStep
from assessments.report.build import Report
from assessments.report.plan import whole_hours

CSV_HEADER = (
    "skill",
    "category",
    "required",
    "rated",
    "gap",
    "surplus",
    "weighted_gap",
    "importance",
    "status",
    "blocking",
    "evidence",
)
# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with a single quote."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def report_csv_rows(report: Report) -> Iterator[list[object]]:
    """The header, then one row per requirement in priority order. Registered sections add
    their columns after CSV_HEADER (the second opinions: a rating and a comment column per
    review, and the reviewed rating)."""
    columns = [
        (section, report.sections[section.name])
        for section in registry.with_hook("csv_columns")
        if section.name in report.sections
    ]
    extra = [heading for section, data in columns for heading in section.csv_columns(data)]
    yield [neutralise_cell(cell) for cell in [*CSV_HEADER, *extra]]
    for item in report.gaps.items:
        row = [
            item.skill,
            item.category,
            item.scored.required,
            item.scored.rated,
            item.scored.gap,
            item.scored.surplus,
            item.scored.weighted_gap,
            item.scored.importance,
            item.scored.status,
            "yes" if item.scored.blocking else "no",
            item.evidence,
        ]
        for section, data in columns:
            row += section.csv_cells(data, item.skill, item.scored.rated)
        yield [neutralise_cell(cell) for cell in row]


def report_filename(report: Report, extension: str) -> str:
    """'skillgap-mid-level-ai-ml-engineer-2026-11-30.csv'; drafts say 'draft' instead of a date."""
    when = report.submitted_at.date().isoformat() if report.submitted_at else "draft"
    return f"skillgap-{report.rung_slug}-{when}.{extension}"


def report_json(report: Report) -> dict[str, Any]:
    """The full report (from build_report) in DESIGN.md §6's shape."""
    plan = report.plan
    return {
        "assessment": str(report.public_id),
        "role": report.role_slug,
        "rung": report.rung_title,
        "status": report.status,
        "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
        "readiness": report.gaps.readiness,
        "ready": report.gaps.ready,
        "items": [
            {
                "skill": item.skill,
                "category": item.category,
                "required": item.scored.required,
                "rated": item.scored.rated,
                "gap": item.scored.gap,
                "surplus": item.scored.surplus,
                "weighted_gap": item.scored.weighted_gap,
                "importance": item.scored.importance,
                "status": item.scored.status,
                "blocking": item.scored.blocking,
                "evidence": item.evidence,
            }
            for item in report.gaps.items
        ],
        "learning_plan": [_plan_item(report, skill, step) for skill, step in plan.steps],
        "hours_per_week": report.hours_per_week,
        "weeks_to_ready": {
            "blocking": plan.weeks_blocking,
            "all": plan.weeks_all,
        },
        "next_rungs": [
            {
                "rung": rung.title,
                "role": rung.role_slug,
                "readiness": rung.readiness,
                "ready": rung.ready,
                "top_gaps": [gap.skill for gap in rung.top_gaps],
            }
            for rung in report.progression.next_rungs
        ],
        **_sections_json(report),
    }


def _plan_item(report: Report, skill: str, step: PlannedStep) -> dict[str, Any]:
    item = {
        "skill": skill,
        "key": step.key,
        "title": step.title,
        "kind": step.kind,
        "hours": whole_hours(step.hours),
        "url": step.url,
        "target_level": step.target_level,
        "generic": step.generic,
    }
    for section in registry.with_hook("plan_item_json"):
        if section.name in report.sections:
            item.update(section.plan_item_json(report.sections[section.name], step))
    return item


def _sections_json(report: Report) -> dict[str, Any]:
    """The keys each registered section adds (the second opinions' `reviews`, ...)."""
    parts: dict[str, Any] = {}
    for section in registry.with_hook("json"):
        if section.name in report.sections:
            parts.update(section.json(report.sections[section.name]))
    return parts
