"""The hours-per-week form on the report: it sets the weeks to ready of every report."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments import services
from assessments.forms import HOURS_PER_WEEK_ERROR
from assessments.models import Profile


def _url(assessment) -> str:
    return reverse("assessments:hours_per_week", args=[assessment.public_id])


def _report_url(assessment) -> str:
    return reverse("assessments:report", args=[assessment.public_id])


def test_the_url_names_the_assessment(submitted):
    assert _url(submitted) == f"/assessments/{submitted.public_id}/hours-per-week/"


def test_it_saves_the_hours_and_returns_to_the_plan(client_as, user, submitted):
    response = client_as(user).post(_url(submitted), {"hours_per_week": "8"})

    assert response.status_code == 302
    assert response.url == f"{_report_url(submitted)}#learning-plan"
    assert Profile.objects.get(user=user).hours_per_week == 8


def test_the_report_then_counts_weeks_at_the_new_pace(client_as, user, submitted):
    client = client_as(user)
    client.get(_report_url(submitted))  # warms the cache at 5 hours a week

    client.post(_url(submitted), {"hours_per_week": "8"})
    data = client.get(reverse("assessments:report_json", args=[submitted.public_id])).json()
    html = client.get(_report_url(submitted)).content.decode()

    # 4 generic steps of 10 hours: 40 / 8 = 5 weeks
    assert (data["hours_per_week"], data["weeks_to_ready"]["all"]) == (8, 5)
    assert "Time to ready at 8 hours a week" in html
    assert "Saved: 8 hours a week." in html


def test_it_updates_an_existing_profile(client_as, user, submitted):
    Profile.objects.create(user=user, hours_per_week=3)

    client_as(user).post(_url(submitted), {"hours_per_week": "80"})

    assert Profile.objects.get(user=user).hours_per_week == 80


@pytest.mark.parametrize("value", ["0", "81", "-3", "2.5", "lots", ""])
def test_bad_hours_are_refused_next_to_the_field(client_as, user, submitted, value):
    response = client_as(user).post(_url(submitted), {"hours_per_week": value})

    html = response.content.decode()
    assert response.status_code == 422
    assert (
        f'<p class="invalid-feedback d-block mb-0" id="hours-error">{HOURS_PER_WEEK_ERROR}</p>'
        in html
    )
    assert 'aria-invalid="true"' in html
    assert f'value="{value}"' in html
    assert not Profile.objects.filter(user=user).exists()


def test_a_refused_post_still_shows_the_whole_report(client_as, user, submitted):
    html = client_as(user).post(_url(submitted), {"hours_per_week": "0"}).content.decode()

    assert "Gap report:" in html
    assert ">Learning plan</h2>" in html
    assert 'name="csrfmiddlewaretoken"' in html


@pytest.mark.parametrize("method", ["get", "post"])
def test_other_users_get_404(client_as, other_user, submitted, method):
    response = getattr(client_as(other_user), method)(_url(submitted), {"hours_per_week": "8"})

    assert response.status_code == 404
    assert not Profile.objects.filter(user=other_user).exists()


def test_anonymous_visitors_are_sent_to_log_in(client, submitted):
    response = client.post(_url(submitted), {"hours_per_week": "8"})

    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_get_from_the_owner_is_405(client_as, user, submitted):
    assert client_as(user).get(_url(submitted)).status_code == 405


def test_the_service_refuses_hours_out_of_range(user):
    with pytest.raises(ValueError, match="from 1 to 80"):
        services.set_hours_per_week(user=user, hours=81)


@pytest.mark.parametrize("past", [1, 20])
def test_saving_costs_the_same_for_1_or_20_past_assessments(
    client_as, user, submitted, past, django_assert_num_queries
):
    for _ in range(past):
        services.submit_assessment(
            assessment=services.start_assessment(owner=user, rung=submitted.rung),
            ratings=dict.fromkeys(
                submitted.rung.requirements.values_list("skill_id", flat=True), (2, "")
            ),
        )
    client = client_as(user)

    # Expect 11 queries:
    # * session
    # * user
    # * the assessment with the owner's hours per week
    # * savepoint; savepoint of update_or_create; the profile; savepoint; INSERT the profile;
    #   release the three savepoints
    with django_assert_num_queries(11):
        response = client.post(_url(submitted), {"hours_per_week": "8"})
    assert response.status_code == 302


@pytest.mark.parametrize("skills", [10, 60])
def test_a_refused_post_costs_the_same_for_10_or_60_skills(
    client_as, user, make_rung, skills, django_assert_num_queries
):
    rung = make_rung(skills)
    assessment = services.start_assessment(owner=user, rung=rung)
    ids = rung.requirements.values_list("skill_id", flat=True)
    services.submit_assessment(assessment=assessment, ratings=dict.fromkeys(ids, (2, "")))
    client = client_as(user)

    # Expect 14 queries, those of a report's first visit (see test_views_report): the form
    # is refused before anything is written, and the page is rendered, never cached.
    # * session
    # * user
    # * the assessment with its rung and role and the owner's hours per week
    # * the snapshot
    # * learning steps of the skills with a gap
    # * the person's submitted assessments of this rung
    # * the person's ratings submitted in other assessments
    # * the reviewers' ratings
    # * the rung index, built once per framework version: every rung, every requirement
    # * the rungs shown (ladder, next rungs, candidate moves), with next rungs marked
    # * their requirements, with the skills' slugs and names
    # * the person's plan step states
    # * their goal for the rung
    # (The owner's review requests and share links cost none: the row counts none.)
    with django_assert_num_queries(14):
        response = client.post(_url(assessment), {"hours_per_week": "0"})
    assert response.status_code == 422
