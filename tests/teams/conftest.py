"""A team for the team tests: a manager, a sharing member, a member who does not share and
an outsider, and a rung of four skills the members have rated."""

from __future__ import annotations

import pytest

from assessments import services as assessment_services
from tests.factories import (
    AccountProfileFactory,
    AssessmentFactory,
    MembershipFactory,
    RequirementFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
    TeamFactory,
    UserFactory,
)


@pytest.fixture
def team(user):
    """`user` (alice) manages it."""
    team = TeamFactory(name="Platform")
    MembershipFactory(team=team, person=user, is_manager=True)
    return team


@pytest.fixture
def sharer(team):
    person = UserFactory(email="sam@example.org")
    AccountProfileFactory(user=person, name="Sam")
    MembershipFactory(team=team, person=person, shares=True)
    return person


@pytest.fixture
def quiet(team):
    """A member who does not share."""
    person = UserFactory(email="quinn@example.org")
    MembershipFactory(team=team, person=person, shares=False)
    return person


@pytest.fixture
def outsider(other_user):
    return other_user


@pytest.fixture
def make_rung(db):
    """`make_rung(10)`: a rung requiring 10 skills (level 3, importance 3) in 2 categories."""

    def _make(skills: int = 4, *, level: int = 3, importance: int = 3):
        rung = RungFactory()
        categories = [SkillCategoryFactory(), SkillCategoryFactory()]
        for n in range(skills):
            skill = SkillFactory(category=categories[n % 2])
            RequirementFactory(rung=rung, skill=skill, level=level, importance=importance)
        return rung

    return _make


@pytest.fixture
def rung(make_rung):
    return make_rung(4)


@pytest.fixture
def submit():
    """`submit(person, rung, level=3, note="", evidence="")`: a submitted assessment rating
    every skill of the rung at `level` (a dict skill id -> level for different levels)."""

    def _submit(person, rung, level=3, note: str = "", evidence: str = ""):
        skill_ids = list(rung.requirements.values_list("skill_id", flat=True))
        levels = level if isinstance(level, dict) else dict.fromkeys(skill_ids, level)
        assessment = AssessmentFactory(owner=person, rung=rung)
        ratings = {skill_id: (levels[skill_id], note, evidence) for skill_id in skill_ids}
        assessment_services.submit_assessment(assessment=assessment, ratings=ratings)
        return assessment

    return _submit
