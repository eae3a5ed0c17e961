"""Fixtures the share-link tests share: a submitted assessment with notes, and its links.

A pytest plugin (see `pytest_plugins` in tests/conftest.py), so tests/reviews needs no
conftest of its own for them; the builders are plain functions, imported where used.
"""

from __future__ import annotations

import pytest

from assessments import services
from assessments.models import Assessment
from careers.models import Rung
from reviews.sharing import create_share_link
from tests.factories import (
    AssessmentFactory,
    RequirementFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
)

NOTE = "Led the feature store migration"


def make_rung(skills: int = 4) -> Rung:
    """A rung requiring `skills` skills over 3 categories, each at level 3, importance 3."""
    rung = RungFactory()
    categories = [SkillCategoryFactory() for _ in range(3)]
    for n in range(skills):
        skill = SkillFactory(category=categories[n % 3])
        RequirementFactory(rung=rung, skill=skill, level=3, importance=3)
    return rung


def submit_with_notes(owner, rung: Rung, note: str = NOTE) -> Assessment:
    """Submit an assessment of `rung`, every skill rated 2 with `note` and its skill's id."""
    assessment = AssessmentFactory(owner=owner, rung=rung)
    skill_ids = rung.requirements.values_list("skill_id", flat=True)
    ratings = {skill_id: (2, f"{note} #{skill_id}") for skill_id in skill_ids}
    services.submit_assessment(assessment=assessment, ratings=ratings)
    return assessment


@pytest.fixture
def noted(user) -> Assessment:
    """`user`'s submitted assessment of a 4-skill rung, with a note on every rating."""
    return submit_with_notes(user, make_rung(4))


@pytest.fixture
def share(noted):
    """`share(days=30, include_notes=False)`: a new link to `noted`, as (link, its URL path)."""

    def _share(days: int = 30, include_notes: bool = False):
        link, token = create_share_link(assessment=noted, days=days, include_notes=include_notes)
        return link, f"/shared/{token}/"

    return _share
