"""The reminders round (DESIGN §17): the weekly digest and the retake reminder, once per
person and period, only to confirmed addresses, in batches with no query per person."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import MailClaim, Reminders
from accounts.reminders import read_unsubscribe_token
from assessments import reminders
from assessments.models import Assessment
from tests.factories import SubmittedRequirementFactory, UserFactory

pytestmark = pytest.mark.django_db

WEEK = "2026-W25"  # 15-21 June 2026; FIXED_NOW is Monday 15 June
SUBMITTED = datetime.datetime(2026, 5, 1, 9, 0, tzinfo=datetime.UTC)


def _person(email="alice@example.org", *, digest=True, retake=0, verified=True, gaps=4):
    person = UserFactory(email=email, verified=verified)
    Reminders.objects.create(user=person, weekly_digest=digest, retake_after_days=retake)
    first = SubmittedRequirementFactory(
        assessment__owner=person, assessment__submitted_at=SUBMITTED, rated_level=1
    )
    for n in range(gaps - 1):
        SubmittedRequirementFactory(assessment=first.assessment, importance=2 + (n == 0))
    return person


def test_the_digest_names_the_three_most_important_largest_gaps(now):
    person = _person()

    assert reminders.run_round(period=WEEK) == 1

    (digest,) = mail.outbox
    assert digest.to == [person.email]
    assert digest.subject == "[SkillGap] Your next steps this week"
    lines = [line for line in digest.body.splitlines() if line.startswith("- ")]
    assert len(lines) == 3
    assert "from level 1 to 3" in lines[0]  # importance 3 and the widest gap come first


def test_every_reminder_carries_one_click_unsubscribe_headers_and_link(now, settings):
    settings.SITE_URL = "https://skillgap.example.org"
    person = _person(retake=30)

    reminders.run_round(period=WEEK)

    for message in mail.outbox:
        link = message.extra_headers["List-Unsubscribe"].strip("<>")
        assert link.startswith("https://skillgap.example.org/accounts/unsubscribe/")
        assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert link in message.body
        token = link.rstrip("/").rsplit("/", 1)[1]
        assert read_unsubscribe_token(token)[0] == person.pk


def test_a_second_round_for_the_same_week_sends_nothing(now):
    _person(retake=30)

    first = reminders.run_round(period=WEEK)
    second = reminders.run_round(period=WEEK)

    assert (first, second) == (2, 0)
    assert len(mail.outbox) == 2
    assert set(MailClaim.objects.values_list("kind", "period")) == {
        ("digest", WEEK),
        (f"retake:{Assessment.objects.get().rung_id}", "2026-W22"),  # due 31 May
    }


def test_the_next_week_brings_the_next_digest_but_not_another_retake_reminder(now):
    _person(retake=30)
    reminders.run_round(period=WEEK)

    assert reminders.run_round(period="2026-W26") == 1
    assert mail.outbox[-1].subject.endswith("Your next steps this week")


def test_the_retake_reminder_waits_for_its_day(now):
    _person(digest=False, retake=90)  # due 30 July

    assert reminders.run_round(period=WEEK) == 0
    assert reminders.run_round(period="2026-W31") == 1
    (reminder,) = mail.outbox
    assert reminder.subject.startswith('[SkillGap] Time to retake "')
    assert "/report/" in reminder.body


def test_the_retake_reminder_is_per_rung(now):
    person = _person(digest=False, retake=30)
    SubmittedRequirementFactory(assessment__owner=person, assessment__submitted_at=SUBMITTED)

    assert reminders.run_round(period=WEEK) == 2


def test_nothing_goes_to_an_unconfirmed_address_or_an_inactive_account(now):
    _person("new@example.org", verified=False)
    closed = _person("closed@example.org")
    closed.is_active = False
    closed.save()

    assert reminders.run_round(period=WEEK) == 0


def test_nothing_goes_to_a_deleted_account(now):
    _person().delete()

    assert reminders.run_round(period=WEEK) == 0


def test_reminders_are_off_by_default(now):
    person = _person()
    Reminders.objects.filter(user=person).delete()

    assert reminders.run_round(period=WEEK) == 0


def test_a_person_with_no_gap_left_gets_no_digest(now):
    person = UserFactory()
    Reminders.objects.create(user=person, weekly_digest=True)

    assert reminders.run_round(period=WEEK) == 0


def test_a_round_reads_people_in_batches(now):
    for n in range(5):
        _person(f"p{n}@example.org", gaps=1)

    assert reminders.run_round(period=WEEK, batch_size=2) == 5


def _round_queries(count: int) -> int:
    for n in range(count):
        _person(f"p{count}-{n}@example.org", retake=30, gaps=2)
    with CaptureQueriesContext(connection) as queries:
        reminders.run_round(period=WEEK)
    Reminders.objects.all().delete()
    return len(queries)


def test_a_round_costs_the_same_queries_for_3_or_30_people(now):
    # One batch: the people (1), their latest assessments (1), their claims (1), the
    # digest steps (1), the claims and mails written (2), and the savepoint around them;
    # one more read of people finds the end.
    assert _round_queries(3) == _round_queries(30) <= 10


def test_the_command_runs_one_round_for_a_given_week(now):
    _person()

    call_command("send_reminders", "--period", WEEK)
    call_command("send_reminders", "--period", WEEK)

    assert len(mail.outbox) == 1


def test_the_command_takes_this_week_by_default(now):
    _person()

    call_command("send_reminders")

    assert MailClaim.objects.get().period == WEEK


@pytest.mark.parametrize("period", ["2026-25", "2026-W54", "2021-W53", "W25"])
def test_the_command_refuses_a_period_that_is_no_iso_week(period):
    with pytest.raises(CommandError):
        call_command("send_reminders", "--period", period)


def test_the_beat_task_names_the_period_and_the_worker_task_uses_it(now, settings):
    from assessments import tasks

    settings.CELERY_BROKER_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    _person()
    from skillgap.celery import app

    app.conf.task_always_eager = True
    try:
        assert tasks.plan_reminders() == WEEK
    finally:
        app.conf.task_always_eager = False
    assert MailClaim.objects.get().period == WEEK
