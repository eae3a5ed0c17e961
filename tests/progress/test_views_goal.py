"""POST /assessments/<uuid>/goal/: a goal date for the rung, and whether the hours left fit."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from progress.forms import DATE_FORMAT_ERROR, DATE_PAST_ERROR, DATE_REQUIRED_ERROR
from progress.models import Goal
from tests.progress.conftest import goal_url, json_url, keys, report_url, state_url

TODAY = datetime.datetime(2027, 1, 4, 9, 0, tzinfo=datetime.UTC)  # a Monday


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


def test_the_url_keeps_its_path(planned):
    assert goal_url(planned) == f"/assessments/{planned.public_id}/goal/"


def test_a_report_without_a_goal_has_a_null_goal(client_as, user, planned, today):
    assert client_as(user).get(json_url(planned)).json()["goal"] is None


def test_a_future_date_sets_the_goal_for_the_rung(client_as, user, planned, today):
    response = client_as(user).post(goal_url(planned), {"target_date": "2027-06-28"})

    assert response.status_code == 302
    assert response.url == f"{report_url(planned)}#progress"
    goal = Goal.objects.get(owner=user)
    assert (goal.rung, goal.target_date) == (planned.rung, datetime.date(2027, 6, 28))


def test_a_goal_set_on_the_full_report_returns_to_the_full_report(client_as, user, planned, today):
    response = client_as(user).post(
        goal_url(planned), {"target_date": "2027-06-28", "return_to": "full"}
    )

    full = reverse("assessments:report_full", args=[planned.public_id])
    assert response.url == f"{full}#progress"


def test_hours_that_fit_the_weeks_left_are_on_track(client_as, user, planned, today):
    client = client_as(user)
    client.get(report_url(planned))  # warms the cached body

    # 56 hours at 5 a week need 12 weeks; 25 weeks are left.
    client.post(goal_url(planned), {"target_date": "2027-06-28"})
    data = client.get(json_url(planned)).json()
    html = client.get(report_url(planned)).content.decode()

    assert data["goal"] == {
        "target_date": "2027-06-28",
        "hours_left": 56,
        "weeks_left": 25.0,
        "on_track": True,
    }
    assert "On track: 56 hours left fit the 25 weeks to 28 June 2027" in html


def test_hours_that_do_not_fit_say_how_many_weeks_behind(client_as, user, planned, today):
    client = client_as(user)

    # 56 hours at 5 a week need 11.2 weeks; 5 weeks are left: about 7 weeks behind.
    client.post(goal_url(planned), {"target_date": "2027-02-08"})
    data = client.get(json_url(planned)).json()
    html = client.get(report_url(planned)).content.decode()

    assert data["goal"]["on_track"] is False
    assert data["goal"]["weeks_left"] == 5.0
    assert "About 7 weeks behind" in html


def test_done_steps_bring_a_goal_back_on_track(client_as, user, planned, today):
    client = client_as(user)
    client.post(goal_url(planned), {"target_date": "2027-03-01"})  # 8 weeks: 40 hours fit
    step_keys = keys(client, planned)

    client.post(state_url(planned), {"step": step_keys["Py project"], "state": "done"})

    assert client.get(json_url(planned)).json()["goal"]["on_track"] is True


def test_an_overdue_goal_says_so_plainly(client_as, user, planned, today):
    client = client_as(user)
    client.post(goal_url(planned), {"target_date": "2027-01-11"})

    with time_machine.travel(datetime.datetime(2027, 1, 13, 9, 0, tzinfo=datetime.UTC)):
        html = client.get(report_url(planned)).content.decode()
        data = client.get(json_url(planned)).json()

    assert "Your goal date, 11 January 2027, has passed with 56 hours left." in html
    assert data["goal"]["on_track"] is False
    assert data["goal"]["weeks_left"] == 0


def test_a_goal_can_be_changed(client_as, user, planned, today):
    client = client_as(user)
    client.post(goal_url(planned), {"target_date": "2027-06-28"})

    client.post(goal_url(planned), {"target_date": "2027-09-27"})

    assert Goal.objects.get(owner=user).target_date == datetime.date(2027, 9, 27)


def test_a_goal_can_be_cleared(client_as, user, planned, today):
    client = client_as(user)
    client.post(goal_url(planned), {"target_date": "2027-06-28"})
    client.get(report_url(planned))

    response = client.post(goal_url(planned), {"action": "clear"})

    assert response.status_code == 302
    assert not Goal.objects.exists()
    assert client.get(json_url(planned)).json()["goal"] is None


@pytest.mark.parametrize(
    ("typed", "error"),
    [
        ("2027-01-04", DATE_PAST_ERROR),  # today
        ("2026-12-31", DATE_PAST_ERROR),
        ("28/06/2027", DATE_FORMAT_ERROR),
        ("2027-02-30", DATE_FORMAT_ERROR),
        ("soon", DATE_FORMAT_ERROR),
        ("", DATE_REQUIRED_ERROR),
    ],
)
def test_a_bad_date_is_refused_next_to_the_field_keeping_what_was_typed(
    client_as, user, planned, today, typed, error
):
    client = client_as(user)
    client.get(report_url(planned))  # a cached body must not hide the refusal

    response = client.post(goal_url(planned), {"target_date": typed})

    html = response.content.decode()
    assert response.status_code == 422
    assert f'<div class="invalid-feedback" id="target-date-error">{error}</div>' in html
    assert f'value="{typed}"' in html
    assert not Goal.objects.exists()


def test_another_persons_assessment_is_404(client_as, other_user, planned, today):
    response = client_as(other_user).post(goal_url(planned), {"target_date": "2027-06-28"})

    assert response.status_code == 404
    assert not Goal.objects.exists()
