"""bench/urls.py: the reference pages do the part of a real page they claim, and only for
the owner."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Rating
from tests.factories import (
    AssessmentFactory,
    RequirementFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
)

pytestmark = pytest.mark.urls("bench.urls")


@pytest.fixture
def rung(db):
    """Three skills of one category, none blocking: one step of three."""
    rung, category = RungFactory(), SkillCategoryFactory()
    for _ in range(3):
        RequirementFactory(rung=rung, skill=SkillFactory(category=category), importance=3)
    return rung


@pytest.fixture
def draft(user, rung):
    return AssessmentFactory(owner=user, rung=rung)


@pytest.fixture
def submitted(user, rung):
    assessment = AssessmentFactory(owner=user, rung=rung)
    ids = rung.requirements.values_list("skill_id", flat=True)
    services.submit_assessment(assessment=assessment, ratings={i: (2, "") for i in ids})
    return assessment


def _url(name: str, assessment=None) -> str:
    return reverse(f"bench-{name}", args=[assessment.public_id] if assessment else [])


def test_the_product_pages_are_served_alongside(client_as, user, submitted):
    response = client_as(user).get(submitted.get_report_url())

    assert response.status_code == 200
    assert "Readiness" in response.content.decode()


def test_signed_in_names_the_person(client_as, user):
    response = client_as(user).get(_url("signed-in"))

    assert response.content.decode() == f"signed in as {user.pk}"


def test_the_page_shell_is_the_site_frame_with_an_empty_body(client_as, user):
    html = client_as(user).get(_url("page-shell")).content.decode()

    assert 'id="main-nav"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert "<h1" not in html


def test_step_data_builds_the_first_step_without_html(client_as, user, draft):
    response = client_as(user).get(_url("step-data", draft))

    assert response.content.decode() == "step 1: 3 skills"


def test_save_only_stores_the_posted_levels(client_as, user, draft, rung):
    ids = list(rung.requirements.values_list("skill_id", flat=True))

    response = client_as(user).post(_url("save-only", draft), {f"skill-{i}": "4" for i in ids})

    assert response.status_code == 302
    assert {r.skill_id: r.level for r in Rating.objects.filter(assessment=draft)} == dict.fromkeys(
        ids, 4
    )


def test_report_body_is_the_cached_body_of_the_real_report(client_as, user, submitted):
    client = client_as(user)
    body = client.get(_url("report-body", submitted)).content.decode()

    page = client.get(submitted.get_report_url()).content.decode()

    assert "Readiness" in body
    assert "<nav" not in body
    assert body in page


@pytest.mark.parametrize("name", ["owned", "step-data", "report-body"])
def test_another_persons_assessment_answers_404(client_as, other_user, submitted, name):
    response = client_as(other_user).get(_url(name, submitted))

    assert response.status_code == 404


def test_save_only_refuses_another_persons_draft(client_as, other_user, draft, rung):
    skill_id = rung.requirements.values_list("skill_id", flat=True)[0]

    response = client_as(other_user).post(_url("save-only", draft), {f"skill-{skill_id}": "4"})

    assert response.status_code == 404
    assert not Rating.objects.filter(assessment=draft).exists()


def test_reference_pages_need_a_signed_in_person(client):
    response = client.get(_url("signed-in"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
