"""The dashboard's body (assessments.dashboard_page): what a person sees changes at once,
though their lists are kept in the shared cache between visits."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from assessments import services
from assessments.dashboard import build_lists, next_change
from assessments.models import Assessment
from careers.cache import bump_framework_version
from tests.conftest import FIXED_NOW
from tests.factories import AssessmentFactory, MembershipFactory, ReviewRequestFactory

URL = "/assessments/"
DAY = datetime.timedelta(days=1)


def _page(client) -> str:
    response = client.get(URL)
    assert response.status_code == 200
    return response.content.decode()


def _submitted_ago(assessment, ago: datetime.timedelta) -> None:
    # Before the first visit only: past the services, nothing renews the kept lists.
    Assessment.objects.filter(pk=assessment.pk).update(submitted_at=FIXED_NOW - ago)


def test_a_new_draft_shows_at_once(client_as, user, submitted, make_rung):
    client = client_as(user)
    assert "No drafts in progress." in _page(client)

    draft = services.start_assessment(owner=user, rung=make_rung(3))

    assert reverse("assessments:rate", args=[draft.public_id]) in _page(client)


def test_a_saved_rating_shows_in_the_drafts_progress_at_once(client_as, user, draft):
    client = client_as(user)
    assert "0 of 4 rated" in _page(client)
    skill_id = draft.rung.requirements.values_list("skill_id", flat=True).first()

    services.save_ratings(assessment=draft, ratings={skill_id: (3, "")})

    assert "1 of 4 rated" in _page(client)


def test_a_saved_rating_shows_even_when_the_clock_has_not_moved(now, client_as, user, draft):
    # Two app servers' clocks can disagree: the stamp does not rest on updated_at alone.
    client = client_as(user)
    _page(client)
    skill_id = draft.rung.requirements.values_list("skill_id", flat=True).first()

    services.save_ratings(assessment=draft, ratings={skill_id: (3, "")})

    assert "1 of 4 rated" in _page(client)


def test_a_submission_moves_from_drafts_to_submitted_at_once(client_as, user, draft, rung):
    client = client_as(user)
    assert "Nothing submitted yet" in _page(client)
    skill_ids = rung.requirements.values_list("skill_id", flat=True)
    ratings = {skill_id: (3, "") for skill_id in skill_ids}

    services.submit_assessment(assessment=draft, ratings=ratings)

    html = _page(client)
    assert "No drafts in progress." in html
    assert reverse("assessments:report", args=[draft.public_id]) in html


def test_a_framework_edit_shows_at_once(client_as, user, submitted):
    client = client_as(user)
    _page(client)

    submitted.rung.role.__class__.objects.filter(pk=submitted.rung.role_id).update(
        name="Renamed Role"
    )
    bump_framework_version()  # as every framework write does

    assert "Renamed Role" in _page(client)


def test_a_day_later_the_lists_say_so_without_any_write(client_as, user, submitted):
    _submitted_ago(submitted, 3 * DAY)
    with time_machine.travel(FIXED_NOW, tick=False) as clock:
        client = client_as(user)
        assert "Assessed 3 days ago" in _page(client)

        clock.move_to(FIXED_NOW + DAY)

        assert "Assessed 4 days ago" in _page(client)


def test_the_retake_nudge_appears_the_moment_90_days_have_passed(client_as, user, submitted):
    _submitted_ago(submitted, 90 * DAY - datetime.timedelta(minutes=1))
    with time_machine.travel(FIXED_NOW, tick=False) as clock:
        client = client_as(user)
        assert "It has been over 90 days" not in _page(client)

        clock.move_to(FIXED_NOW + datetime.timedelta(minutes=2))

        assert "It has been over 90 days" in _page(client)


def test_each_browser_gets_its_own_csrf_token_in_the_kept_lists(client_as, user, submitted):
    _submitted_ago(submitted, 100 * DAY)
    with time_machine.travel(FIXED_NOW, tick=False):
        _page(client_as(user))  # keeps the lists
        browser = Client(enforce_csrf_checks=True)
        browser.force_login(user)
        html = _page(browser)
        retake = reverse("assessments:retake", args=[submitted.public_id])
        form = re.search(rf'action="{retake}".*?</form>', html, re.DOTALL).group(0)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

        response = browser.post(retake, {"csrfmiddlewaretoken": token})

    assert response.status_code == 302


def test_a_persons_kept_lists_are_never_shown_to_another(
    client, client_as, user, other_user, submitted
):
    _page(client_as(user))
    client.logout()

    html = _page(client_as(other_user))

    assert "You have no assessments yet" in html
    assert str(submitted.public_id) not in html


def test_a_review_accepted_for_someone_shows_at_once(client_as, user, submitted):
    client = client_as(user)
    assert "Reviews you were asked for" not in _page(client)

    ReviewRequestFactory(reviewer=user, accepted_at=FIXED_NOW)

    assert "Reviews you were asked for" in _page(client)


def test_joining_a_team_shows_at_once(client_as, user, submitted):
    client = client_as(user)
    assert "You are in no team" in _page(client)

    membership = MembershipFactory(person=user)

    html = _page(client)
    assert "You are in no team" not in html
    assert membership.team.name in html


class TestNextChange:
    def test_nothing_on_drafts_alone_depends_on_the_clock(self, user, draft):
        assert next_change(build_lists(user, now=FIXED_NOW), FIXED_NOW) is None

    @pytest.mark.parametrize(
        ("ago", "left"),
        [
            (datetime.timedelta(hours=5), datetime.timedelta(hours=19)),
            (3 * DAY + datetime.timedelta(minutes=1), DAY - datetime.timedelta(minutes=1)),
        ],
    )
    def test_it_is_the_next_whole_day_since_a_submission(self, user, submitted, ago, left):
        _submitted_ago(submitted, ago)

        assert next_change(build_lists(user, now=FIXED_NOW), FIXED_NOW) == FIXED_NOW + left

    def test_on_a_whole_day_itself_it_is_now(self, user, submitted):
        _submitted_ago(submitted, 90 * DAY)

        assert next_change(build_lists(user, now=FIXED_NOW), FIXED_NOW) == FIXED_NOW

    def test_the_soonest_submission_decides(self, user, submitted, rung):
        _submitted_ago(submitted, 2 * DAY + datetime.timedelta(hours=20))
        other = AssessmentFactory(owner=user, rung=rung, status="submitted", readiness=50.0)
        _submitted_ago(other, datetime.timedelta(hours=1))

        soonest = next_change(build_lists(user, now=FIXED_NOW), FIXED_NOW)

        assert soonest == FIXED_NOW + datetime.timedelta(hours=4)
