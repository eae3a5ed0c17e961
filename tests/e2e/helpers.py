"""Plain helpers the browser tests share: the rungs they use and a person's history."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from assessments.models import Assessment
from assessments.rating_page import load_rating_steps
from assessments.services import (
    retake_assessment,
    save_ratings,
    start_assessment,
    submit_assessment,
)
from careers.models import Requirement, Rung
from careers.proficiency import BLOCKING_GAP

# The pages the accessibility checks and screenshots open, by the names `open_page` knows.
PAGES = (
    "home",
    "ladder",
    "signup",
    "check-email",
    "confirm-email",
    "login",
    "dashboard-empty",
    "dashboard",
    "new-assessment",
    "rating-form",
    "rating-review",
    "rating-settled",
    "report",
    "report-print",
    "report-full",
    "profile",
    "change-email",
    "admin-rung-editor",
)


def rungs_by_size() -> list[Rung]:
    """The shipped rungs that have requirements, fewest first: short rungs keep journeys quick."""
    return list(
        Rung.objects.annotate(size=Count("requirements"))
        .filter(size__gt=0)
        .order_by("size", "pk")
        .select_related("role")
    )


def smallest_rung() -> Rung:
    return rungs_by_size()[0]


def clamp(level: int) -> int:
    return min(5, max(0, level))


@dataclass(frozen=True)
class History:
    earlier: Assessment  # submitted first
    latest: Assessment  # a retake of `earlier`, submitted with higher ratings
    draft: Assessment  # another rung, about half rated


def build_history(owner) -> History:
    """A returning person's assessments, made through the services as the views make them.

    Two submissions of the smallest rung (so the report can compare them; the latest is
    better but still short, with blocking gaps and a learning plan) and a half-rated draft
    of the next smallest, so the dashboard shows every kind of row.
    """
    rung, other = rungs_by_size()[:2]
    requirements = list(Requirement.objects.filter(rung=rung).order_by("skill__name"))
    earlier = start_assessment(owner=owner, rung=rung)
    submit_assessment(
        assessment=earlier,
        ratings={r.skill_id: (clamp(r.level - 3 + i % 3), "") for i, r in enumerate(requirements)},
    )
    latest = retake_assessment(assessment=earlier)
    submit_assessment(
        assessment=latest,
        ratings={r.skill_id: (clamp(r.level - 2 + i % 3), "") for i, r in enumerate(requirements)},
    )
    draft = start_assessment(owner=owner, rung=other)
    other_requirements = list(Requirement.objects.filter(rung=other).order_by("skill__name"))
    half = other_requirements[: len(other_requirements) // 2]
    save_ratings(assessment=draft, ratings={r.skill_id: (clamp(r.level - 1), "") for r in half})
    return History(earlier=earlier, latest=latest, draft=draft)


def settled_draft(owner) -> Assessment:
    """A draft of the smallest rung with its first step rated, one skill far short: the
    readiness range's verdict is settled as not ready, with that skill blocking."""
    rung = smallest_rung()
    draft = start_assessment(owner=owner, rung=rung)
    step = load_rating_steps(draft, step=1)
    requirements = {r.skill_id: r for r in step.form.requirements}
    ratings = {skill: (requirements[skill].level, "") for skill in step.skills_of(1)}
    short = next(s for s in step.skills_of(1) if requirements[s].level >= BLOCKING_GAP)
    ratings[short] = (0, "")
    save_ratings(assessment=draft, ratings=ratings)
    return draft


def review_step(assessment: Assessment) -> int:
    return load_rating_steps(assessment).review_number
