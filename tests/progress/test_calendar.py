"""The calendar feed: a secret, revocable address of the person's goal and retake dates, as
iCalendar."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from accounts.models import Reminders
from accounts.reminders import RETAKE, turn_off
from accounts.tokens import token_digest
from progress import services
from progress.models import CalendarFeed
from tests.progress.conftest import goal_url, submit


def _feed_url(token: str) -> str:
    return reverse("progress:calendar", args=[token])


@pytest.fixture
def with_goal(client_as, user, planned, now):
    client_as(user).post(goal_url(planned), {"target_date": "2026-09-30"})
    return planned


def test_the_url_keeps_its_path():
    assert _feed_url("abc") == "/plan/calendar/abc.ics"


def test_the_feed_carries_the_goal_dates_and_parses_back(client, user, with_goal):
    token = services.renew_calendar_feed(owner=user)

    response = client.get(_feed_url(token))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    calendar = Calendar.from_ical(response.content)
    (event,) = calendar.walk("VEVENT")
    assert str(event["summary"]) == "Goal: ready for Mid Engineer"
    assert event.decoded("dtstart") == datetime.date(2026, 9, 30)
    assert event.decoded("dtend") == datetime.date(2026, 10, 1)


def test_a_feed_without_goals_is_an_empty_valid_calendar(client, user):
    token = services.renew_calendar_feed(owner=user)

    calendar = Calendar.from_ical(client.get(_feed_url(token)).content)

    assert calendar.walk("VEVENT") == []
    assert str(calendar["version"]) == "2.0"


def test_only_the_tokens_digest_is_stored(user):
    token = services.renew_calendar_feed(owner=user)

    feed = CalendarFeed.objects.get(owner=user)
    assert feed.token_digest == token_digest(token)
    assert token not in feed.token_digest


def test_an_unknown_token_is_404(client, db):
    assert client.get(_feed_url("not-a-token")).status_code == 404


def test_a_revoked_address_is_404_at_once(client, client_as, user):
    token = services.renew_calendar_feed(owner=user)

    client_as(user).post(reverse("progress:revoke_feed"))

    assert client.get(_feed_url(token)).status_code == 404


def test_a_new_address_ends_the_old_one(client, user):
    old = services.renew_calendar_feed(owner=user)

    new = services.renew_calendar_feed(owner=user)

    assert client.get(_feed_url(old)).status_code == 404
    assert client.get(_feed_url(new)).status_code == 200


def test_a_feed_holds_only_its_owners_goals(client, client_as, user, other_user, with_goal):
    token = services.renew_calendar_feed(owner=other_user)

    calendar = Calendar.from_ical(client.get(_feed_url(token)).content)

    assert calendar.walk("VEVENT") == []


def test_creating_shows_the_address_once_on_my_plan(client_as, user):
    client = client_as(user)

    response = client.post(reverse("progress:renew_feed"))
    first = client.get(reverse("progress:plan")).content.decode()
    second = client.get(reverse("progress:plan")).content.decode()

    assert response.status_code == 302
    assert 'id="feed-url" value="http' in first
    assert "/plan/calendar/" in first
    assert 'id="feed-url"' not in second
    assert "Revoke the address" in second


def test_creating_and_revoking_need_post(client_as, user):
    client = client_as(user)

    assert client.get(reverse("progress:renew_feed")).status_code == 405
    assert client.get(reverse("progress:revoke_feed")).status_code == 405


def _retake_events(client, user) -> list:
    token = services.renew_calendar_feed(owner=user)
    calendar = Calendar.from_ical(client.get(_feed_url(token)).content)
    return [event for event in calendar.walk("VEVENT") if str(event["uid"]).startswith("retake-")]


def test_without_a_retake_reminder_the_feed_has_no_retake_date(now, client, user, planned):
    assert _retake_events(client, user) == []


@pytest.mark.parametrize("days", [30, 60, 90])
def test_the_retake_date_follows_the_retake_reminder(now, client, user, planned, days):
    Reminders.objects.create(user=user, retake_after_days=days)

    (event,) = _retake_events(client, user)

    assert str(event["summary"]) == "Retake: Mid Engineer"
    assert event.decoded("dtstart") == now.date() + datetime.timedelta(days=days)
    assert str(event["url"]).endswith(f"/assessments/{planned.public_id}/report/")


def test_the_retake_date_counts_from_the_latest_submission_of_each_rung(
    now, client, user, planned, plan_rung
):
    Reminders.objects.create(user=user, retake_after_days=30)
    with time_machine.travel(now + datetime.timedelta(days=10), tick=False):
        later = submit(user, plan_rung)

    (event,) = _retake_events(client, user)

    assert event.decoded("dtstart") == now.date() + datetime.timedelta(days=40)
    assert str(event["url"]).endswith(f"/assessments/{later.public_id}/report/")


def test_turning_the_retake_reminder_off_takes_the_date_away(now, client, user, planned):
    Reminders.objects.create(user=user, retake_after_days=60)
    turn_off(user.pk, RETAKE)

    assert _retake_events(client, user) == []
