"""Builders shared by the assessment tests: a rung with N skills, and a rating-form post."""

from __future__ import annotations

import pytest

from assessments import services
from careers.models import Rung
from tests.factories import (
    AssessmentFactory,
    RequirementFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
)


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
