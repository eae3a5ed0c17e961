from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Assessment
from tests.conftest import FIXED_NOW
from tests.factories import (
    AssessmentFactory,
    MembershipFactory,
    RatingFactory,
    ReviewRequestFactory,
)

URL = "/assessments/"


def test_the_url_is_part_of_the_contract():
    assert reverse("assessments:dashboard") == URL


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(URL)

    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={URL}"


def test_a_newcomer_sees_how_to_start(client_as, user):
    response = client_as(user).get(URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "You have no assessments yet" in html
    assert f'href="{reverse("assessments:new")}"' in html


def test_drafts_show_their_progress_and_a_resume_link(client_as, user, draft):
    RatingFactory(assessment=draft, skill=draft.rung.requirements.first().skill, level=2)

    html = client_as(user).get(URL).content.decode()

    assert "Drafts to finish" in html
    assert "1 of 4 rated" in html
    assert reverse("assessments:rate", args=[draft.public_id]) in html
    assert draft.rung.title in html
    assert "Last saved" in html


def test_submitted_assessments_show_date_rung_readiness_and_verdict(client_as, user, submitted):
    html = client_as(user).get(URL).content.decode()

    assert "Submitted assessments" in html
    assert submitted.submitted_at.strftime("%-d %b %Y") in html
    assert submitted.rung.title in html
    assert "67%" in html
    assert "Not ready yet" in html
    assert reverse("assessments:report", args=[submitted.public_id]) in html
    assert reverse("assessments:report_csv", args=[submitted.public_id]) in html


def test_readiness_is_the_value_frozen_at_submission(client_as, user, submitted):
    Assessment.objects.filter(pk=submitted.pk).update(readiness=91.0, ready=True)

    html = client_as(user).get(URL).content.decode()

    assert "91%" in html
    assert ">Ready<" in html


def test_the_latest_readiness_per_role_is_shown(client_as, user, submitted):
    newer = services.retake_assessment(assessment=submitted)
    services.submit_assessment(assessment=newer)
    Assessment.objects.filter(pk=newer.pk).update(readiness=88.0)

    html = client_as(user).get(URL).content.decode()

    latest = html[html.index("Latest readiness by role") : html.index("Drafts to finish")]
    assert latest.count('class="card latest-card"') == 1
    assert reverse("assessments:report", args=[newer.public_id]) in latest
    assert "88%" in latest


def test_other_peoples_assessments_are_not_listed(client_as, user, other_user, make_rung):
    theirs = AssessmentFactory(owner=other_user, rung=make_rung(2))

    html = client_as(user).get(URL).content.decode()

    assert str(theirs.public_id) not in html
    assert "You have no assessments yet" in html


@pytest.mark.parametrize("past", [1, 20])
def test_it_costs_the_same_for_1_or_20_past_assessments(
    client_as, user, make_rung, past, django_assert_num_queries
):
    for _ in range(past):
        rung = make_rung(3)
        AssessmentFactory(owner=user, rung=rung, status="submitted", readiness=50.0, ready=False)
        AssessmentFactory(owner=user, rung=rung)
    client = client_as(user)

    # Expect 4 queries on a first visit:
    # * session
    # * user
    # * the summary: how many assessments, their latest change, whether the person reviews
    #   for others or is in a team (neither here, so neither is loaded)
    # * the person's assessments with their rung and role, and drafts' progress counts
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200

    # Expect 3 on the next: the lists are kept, as nothing changed.
    with django_assert_num_queries(3):
        client.get(URL)


def test_a_reviewer_in_a_team_costs_a_query_for_each(
    client_as, user, make_rung, django_assert_num_queries
):
    AssessmentFactory(owner=user, rung=make_rung(3))
    ReviewRequestFactory(reviewer=user, accepted_at=FIXED_NOW)
    MembershipFactory(person=user)
    client = client_as(user)
    client.get(URL)

    # Expect 5 queries:
    # * session, user
    # * the summary (the lists are kept)
    # * the reviews the person accepted for others
    # * the person's teams
    with django_assert_num_queries(5):
        html = client.get(URL).content.decode()
    assert "Reviews you were asked for" in html
    assert "My teams" in html


def _submitted_days_ago(assessment, days: int, now: datetime.datetime) -> None:
    when = now - datetime.timedelta(days=days)
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=when)


def test_each_role_says_how_long_ago_it_was_assessed(client_as, user, submitted, now):
    _submitted_days_ago(submitted, 3, now)

    html = client_as(user).get(URL).content.decode()

    assert "Assessed 3 days ago" in html


def test_a_fresh_assessment_has_no_retake_nudge(client_as, user, submitted, now):
    _submitted_days_ago(submitted, 89, now)

    html = client_as(user).get(URL).content.decode()

    assert "It has been over 90 days" not in html


def test_after_90_days_it_suggests_a_retake(client_as, user, submitted, now):
    _submitted_days_ago(submitted, 91, now)

    html = client_as(user).get(URL).content.decode()

    assert "Assessed 2 months ago" in html
    assert "It has been over 90 days. Retake it to see how far you have come." in html
    assert reverse("assessments:retake", args=[submitted.public_id]) in html
    assert f'Retake<span class="visually-hidden"> {submitted.rung.title}</span>' in html


def test_the_nudge_follows_the_latest_assessment_of_the_role(client_as, user, submitted, now):
    _submitted_days_ago(submitted, 200, now)
    newer = services.retake_assessment(assessment=submitted)
    services.submit_assessment(assessment=newer)

    html = client_as(user).get(URL).content.decode()

    assert "It has been over 90 days" not in html
    assert "Assessed today" in html


def test_the_body_renders_in_jinja2_and_the_frame_in_django(client_as, user, templates_rendered):
    AssessmentFactory(owner=user)

    client_as(user).get(reverse("assessments:dashboard"))

    # The parts of the apps above (reviews given, plan, teams) are Jinja2 includes of the body.
    assert sorted(templates_rendered["jinja2"]) == [
        "assessments/dashboard_body.html",
        "assessments/dashboard_lists.html",
    ]
    assert {"assessments/dashboard.html", "base.html"} <= set(templates_rendered["django"])
    frame = {
        "assessments/dashboard.html",
        "base.html",
        "includes/nav.html",
        "includes/messages.html",
    }
    assert set(templates_rendered["django"]) <= frame
