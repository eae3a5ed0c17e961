"""Builders shared by the assessment tests: a rung with N skills, a rating-form post, and
the worked example (one rung of four skills, rated as in WORKED_EXAMPLE)."""

from __future__ import annotations

import pytest

from assessments import services
from assessments.models import Assessment
from careers.models import Rung
from tests.factories import (
    AssessmentFactory,
    RequirementFactory,
    RoleFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
)

# (skill name, category, required level, importance, rating)
WORKED_EXAMPLE = [
    ("Python", "Programming", 4, 5, 2),  # gap 2, weighted 10, blocking
    ("SQL", "Data Engineering", 3, 2, 3),  # meets
    ("Docker", "Cloud & Infrastructure", 2, 1, 4),  # meets with a surplus of 2
    ("PyTorch", "ML Frameworks", 5, 4, 4),  # gap 1, weighted 4: close
]


@pytest.fixture
def make_rung(db):
    """`make_rung(10)`: a rung requiring 10 skills spread over 3 categories."""

    def _make(skills: int = 4, *, level: int = 3, importance: int = 3, **fields) -> Rung:
        rung = RungFactory(**fields)
        categories = [SkillCategoryFactory() for _ in range(3)]
        for n in range(skills):
            skill = SkillFactory(category=categories[n % 3])
            RequirementFactory(rung=rung, skill=skill, level=level, importance=importance)
        return rung

    return _make


@pytest.fixture
def rung(make_rung):
    return make_rung(4)


@pytest.fixture
def draft(user, rung):
    return AssessmentFactory(owner=user, rung=rung)


@pytest.fixture
def rating_data():
    """`rating_data(rung, level=3, action="save", **overrides)`: a full rating-form POST body."""

    def _data(rung: Rung, level: int | str | None = 3, action: str = "save", **overrides):
        data = {"action": action}
        for skill_id in rung.requirements.values_list("skill_id", flat=True):
            if level is not None:
                data[f"skill-{skill_id}"] = str(level)
            data[f"note-{skill_id}"] = ""
        data.update(overrides)
        return data

    return _data


@pytest.fixture
def submitted(user, rung):
    """A submitted assessment of `rung` by `user`, every skill rated 2."""
    assessment = AssessmentFactory(owner=user, rung=rung)
    ratings = {
        skill_id: (2, "") for skill_id in rung.requirements.values_list("skill_id", flat=True)
    }
    services.submit_assessment(assessment=assessment, ratings=ratings)
    return assessment


@pytest.fixture
def worked_example(db):
    """`worked_example(owner, rows=WORKED_EXAMPLE, submit=True, role=...)`: an assessment
    with its rung and role loaded."""

    def _make(
        owner, rows=WORKED_EXAMPLE, *, submit: bool = True, role: str = "AI/ML Engineer"
    ) -> Assessment:
        rung = RungFactory(title=f"Mid-Level {role}", role=RoleFactory(name=role))
        ratings = {}
        for name, category, level, importance, rating in rows:
            skill = SkillFactory(name=name, category=SkillCategoryFactory(name=category))
            RequirementFactory(rung=rung, skill=skill, level=level, importance=importance)
            ratings[skill.pk] = (rating, f"note on {name}")
        assessment = AssessmentFactory(owner=owner, rung=rung)
        if submit:
            services.submit_assessment(assessment=assessment, ratings=ratings)
        else:
            services.save_ratings(assessment=assessment, ratings=ratings)
        return Assessment.objects.with_rung().get(pk=assessment.pk)

    return _make
