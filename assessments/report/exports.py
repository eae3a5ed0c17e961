"""Shape a Report for download: CSV rows (formula-injection safe) and the DESIGN §6 JSON."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from assessments.report.build import Report
from assessments.report.plan import whole_hours
from assessments.report.second_opinions import SecondOpinions, SkillOpinions

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
    """The header, then one row per requirement in priority order.

    With reviews, each review adds a rating and a comment column ("reviewer 1: Sam",
    "reviewer 1 comment"), and a last column holds the reviewed rating (the median where
    reviewed, else the self-rating) that the second opinions section scores.
    """
    opinions = report.second_opinions
    reviewers = opinions.reviewers if opinions else ()
    extra = [
        heading
        for number, name in enumerate(reviewers, start=1)
        for heading in (f"reviewer {number}: {name}", f"reviewer {number} comment")
    ]
    yield [neutralise_cell(cell) for cell in [*CSV_HEADER, *extra]] + (
        ["reviewed"] if reviewers else []
    )
    by_skill = {skill.skill: skill for skill in opinions.skills} if opinions else {}
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
        if reviewers:
            row += _review_cells(by_skill.get(item.skill), item.scored.rated, len(reviewers))
        yield [neutralise_cell(cell) for cell in row]


def _review_cells(skill: SkillOpinions | None, rated: int, count: int) -> list[object]:
    """Each reviewer's rating and comment ("" where not rated), then the reviewed rating."""
    if skill is None:
        return ["", ""] * count + [rated]
    cells: list[object] = []
    for opinion in skill.opinions:
        cells += [opinion.level, opinion.comment] if opinion else ["", ""]
    return [*cells, skill.median]


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
        "learning_plan": [
            {
                "skill": skill,
                "title": step.title,
                "kind": step.kind,
                "hours": whole_hours(step.hours),
                "url": step.url,
                "target_level": step.target_level,
                "generic": step.generic,
            }
            for skill, step in plan.steps
        ],
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
        "reviews": _reviews_json(report.second_opinions),
    }


def _reviews_json(opinions: SecondOpinions | None) -> list[dict[str, Any]]:
    """DESIGN.md §10's `reviews`: one entry per submitted review the owner has not hidden."""
    if opinions is None:
        return []
    return [
        {
            "reviewer": review.reviewer,
            "submitted_at": review.submitted_at.isoformat(),
            "readiness": review.readiness,
            "ready": review.ready,
            "items": [
                {
                    "skill": item.skill,
                    "self": item.self_level,
                    "reviewer": item.reviewer_level,
                    "delta": item.delta,
                }
                for item in review.items
            ],
        }
        for review in opinions.reviews
    ]
