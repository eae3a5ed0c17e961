"""Words for the report's numbers: level labels, step kinds, hours and rating moves.

The report's sections hand templates the pure results of `scoring` and `planning`; these
filters are the one place those numbers become the words people read.
"""

from __future__ import annotations

from django import template

from assessments import planning
from assessments.models import evidence_host as _evidence_host
from assessments.report.history import ARROWS
from assessments.report.plan import whole_hours
from careers.models import LearningStep
from careers.proficiency import level_label as _level_label

register = template.Library()

NOT_YET_RATED = "not yet rated"
KIND_LABELS = dict(LearningStep.Kind.choices)


@register.filter
def level_label(level: int | None) -> str:
    """'3 Proficient' for 3; 'not yet rated' for None (no rating of the skill exists)."""
    return NOT_YET_RATED if level is None else _level_label(level)


@register.filter
def step_kind(kind: str) -> str:
    """'Course' for 'course'."""
    return KIND_LABELS.get(kind, kind.title())


@register.filter
def hours(value: float) -> int | float:
    """20.0 -> 20."""
    return whole_hours(value)


@register.filter
def change_arrow(change: planning.RatingChange) -> str:
    return ARROWS.get(change.direction, "")


@register.filter
def change_words(change: planning.RatingChange) -> str:
    """'up 1', 'down 2' or 'newly rated': the words screen readers get beside the arrow."""
    if change.direction == "new":
        return "newly rated"
    return f"{change.direction} {abs(change.delta)}"


@register.filter
def evidence_host(url: str) -> str:
    """'github.com' for 'https://www.github.com/ada/notebooks': what an evidence link says."""
    return _evidence_host(url)
