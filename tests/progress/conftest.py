from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from careers.models import Rung
from tests.factories import (
    AssessmentFactory,
    LearningStepFactory,
    RequirementFactory,
    RungFactory,
    SkillFactory,
)


def submit(owner, rung: Rung, level: int = 1) -> Assessment:
    assessment = AssessmentFactory(owner=owner, rung=rung)
    ids = rung.requirements.values_list("skill_id", flat=True)
    services.submit_assessment(assessment=assessment, ratings={i: (level, "") for i in ids})
    return Assessment.objects.get(pk=assessment.pk)


def report_url(assessment) -> str:
    return reverse("assessments:report", args=[assessment.public_id])


def json_url(assessment) -> str:
    return reverse("assessments:report_json", args=[assessment.public_id])


def state_url(assessment) -> str:
    return reverse("progress:step_state", args=[assessment.public_id])


def goal_url(assessment) -> str:
    return reverse("progress:goal", args=[assessment.public_id])


@pytest.fixture
def skills(db):
    """Python (two steps: to 2 in 10 h, to 3 in 20 h), SQL (no steps: practice) and Git."""
    python, sql, git = (
        SkillFactory(name="Python"),
        SkillFactory(name="SQL"),
        SkillFactory(name="Git"),
    )
    LearningStepFactory(skill=python, title="Py basics", hours=10, target_level=2)
    LearningStepFactory(skill=python, title="Py project", hours=20, target_level=3)
    LearningStepFactory(skill=git, title="Git book", hours=6, target_level=3)
    return python, sql, git


@pytest.fixture
def plan_rung(skills):
    """Everything required at 3, importance 4 for Python (blocking at a rating of 1)."""
    python, sql, git = skills
    rung = RungFactory(title="Mid Engineer")
    RequirementFactory(rung=rung, skill=python, level=3, importance=4)
    RequirementFactory(rung=rung, skill=sql, level=3, importance=3)
    RequirementFactory(rung=rung, skill=git, level=3, importance=2)
    return rung


@pytest.fixture
def planned(user, plan_rung):
    """`user`'s submitted assessment, every skill rated 1: readiness 9/27 = 33%. Its plan,
    56 hours: Py basics 10 and Py project 20 (Python), practice 20 (SQL, 2 levels), Git book 6."""
    return submit(user, plan_rung)


def keys(client, assessment) -> dict[str, str]:
    """title -> key of each plan step, from the report's JSON."""
    data = client.get(json_url(assessment)).json()
    return {item["title"]: item["key"] for item in data["learning_plan"]}
