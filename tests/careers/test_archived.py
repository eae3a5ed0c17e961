"""Archiving a skill or a rung: gone from the catalogue and from new assessments, while past
reports and the people's ratings stay as they were."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from careers.models import Skill
from tests.factories import AssessmentFactory, RequirementFactory, RungFactory, SkillFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rung():
    """A rung requiring two skills: "Kept skill" and "Old skill"."""
    rung = RungFactory(title="Data Wrangler")
    RequirementFactory(rung=rung, skill=SkillFactory(name="Kept skill"))
    RequirementFactory(rung=rung, skill=SkillFactory(name="Old skill"))
    return rung


def _archive_skill(name: str) -> None:
    Skill.objects.filter(name=name).update(archived=True)


def test_an_archived_skill_leaves_the_ladder(client, rung):
    _archive_skill("Old skill")

    html = client.get(rung.role.get_absolute_url()).text

    assert "Kept skill" in html
    assert "Old skill" not in html


def test_an_archived_rung_leaves_the_ladder_and_the_catalogue(client, rung):
    kept = RungFactory(role=rung.role, title="Data Shepherd")
    RequirementFactory(rung=kept)
    rung.archived = True
    rung.save()

    ladder = client.get(rung.role.get_absolute_url()).text
    home = client.get(reverse("careers:home")).text

    assert "Data Shepherd" in ladder
    assert "Data Wrangler" not in ladder
    assert "Data Wrangler" not in home


def test_an_archived_rung_cannot_be_chosen_for_a_new_assessment(client_as, user, rung):
    rung.archived = True
    rung.save()
    client = client_as(user)

    page = client.get(reverse("assessments:new")).text
    response = client.post(reverse("assessments:new"), {"rung": rung.pk})

    assert "Data Wrangler" not in page
    assert response.status_code in (200, 400, 422)
    assert not Assessment.objects.exists()


def test_a_new_assessment_does_not_ask_for_an_archived_skill(client_as, user, rung):
    _archive_skill("Old skill")
    draft = services.start_assessment(owner=user, rung=rung)

    html = client_as(user).get(draft.get_absolute_url()).text

    assert "Kept skill" in html
    assert "Old skill" not in html


def test_a_draft_submits_without_rating_an_archived_skill(user, rung):
    _archive_skill("Old skill")
    draft = services.start_assessment(owner=user, rung=rung)
    kept = rung.requirements.get(skill__name="Kept skill").skill_id

    submitted = services.submit_assessment(assessment=draft, ratings={kept: (3, "")})

    assert submitted
    assert list(draft.snapshot.values_list("skill_name", flat=True)) == ["Kept skill"]


def test_a_past_report_keeps_an_archived_skill(client_as, user, rung):
    assessment = AssessmentFactory(owner=user, rung=rung)
    ratings = {r.skill_id: (2, "") for r in rung.requirements.all()}
    services.submit_assessment(assessment=assessment, ratings=ratings)
    before = client_as(user).get(assessment.get_report_url()).text

    _archive_skill("Old skill")
    after = client_as(user).get(assessment.get_report_url()).text

    assert "Old skill" in before
    assert "Old skill" in after
