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
from assessments.models import Assessment
from progress import reminders, services
from tests.factories import LearningStepFactory, SubmittedRequirementFactory, UserFactory

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


def _digest_lines(message) -> list[str]:
    """The first line of each step in a digest's text."""
    return [line[2:] for line in message.body.splitlines() if line.startswith("- ")]


def _practise(row) -> str:
    return f"practise:{row.skill_id}"


def test_the_digest_names_the_next_three_open_plan_steps_in_plan_order(now):
    person = _person()

    assert reminders.run_round(period=WEEK) == 1

    (digest,) = mail.outbox
    assert digest.to == [person.email]
    assert digest.subject == "[SkillGap] Your next steps this week"
    first = person.assessments.get().snapshot.get(rated_level=1)
    lines = _digest_lines(digest)
    assert len(lines) == 3
    # Importance 3 and the widest gap come first, as on the report's plan.
    assert lines[0] == f"Work on “{first.skill_name}” until you reach Proficient"
    assert "4 open steps and 50 hours left: about 10 weeks at 5 h a week." in digest.body


def test_the_digest_leaves_out_done_steps_and_says_which_are_in_progress(now):
    person = _person()
    first, second, *_ = person.assessments.get().snapshot.order_by("-importance", "rated_level")
    services.set_step_state(owner=person, key=_practise(first), state="done")
    services.set_step_state(owner=person, key=_practise(second), state="doing")

    reminders.run_round(period=WEEK)

    (digest,) = mail.outbox
    lines = _digest_lines(digest)
    assert len(lines) == 3
    assert all(first.skill_name not in line for line in lines)
    assert second.skill_name in lines[0]
    assert "· in progress ·" in digest.body.split("- ", 2)[1]
    assert "3 open steps and 30 hours left" in digest.body


def test_the_digest_lists_a_learning_step_with_its_link(now):
    person = _person(gaps=1)
    row = person.assessments.get().snapshot.get()
    LearningStepFactory(
        skill_id=row.skill_id,
        title="A course",
        kind="course",
        hours=12,
        target_level=2,
        url="https://learn.example.org/course",
    )

    reminders.run_round(period=WEEK)

    (digest,) = mail.outbox
    assert _digest_lines(digest)[0] == "A course"
    assert "· Course · 12 h · for " in digest.body
    assert "https://learn.example.org/course" in digest.body


def test_the_plan_of_the_latest_submitted_rung_comes_first(now):
    person = _person(gaps=1)
    later = SubmittedRequirementFactory(
        assessment__owner=person,
        assessment__submitted_at=SUBMITTED + datetime.timedelta(days=7),
        rated_level=2,
        importance=2,
    )

    reminders.run_round(period=WEEK)

    (digest,) = mail.outbox
    lines = _digest_lines(digest)
    assert later.skill_name in lines[0]  # a smaller gap, but of the newer plan
    assert f"for {later.assessment.rung.title}" in digest.body


def test_a_person_whose_every_step_is_done_gets_no_digest(now):
    person = _person(gaps=2)
    for row in person.assessments.get().snapshot.all():
        services.set_step_state(owner=person, key=_practise(row), state="done")

    assert reminders.run_round(period=WEEK) == 0


def test_the_digest_has_an_html_part_with_the_same_steps_and_links(now, settings):
    settings.SITE_URL = "https://skillgap.example.org"
    _person()

    reminders.run_round(period=WEEK)

    (digest,) = mail.outbox
    ((html, kind),) = digest.alternatives
    assert kind == "text/html"
    for line in _digest_lines(digest):
        assert f"<strong>{line}</strong>" in html
    assert 'href="https://skillgap.example.org/plan/"' in html
    assert digest.extra_headers["List-Unsubscribe"].strip("<>") in html


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


def test_a_person_with_no_plan_gets_no_digest(now):
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
    # One batch:
    # * the people
    # * their latest submitted assessment of each rung
    # * their claims
    # * for the digests: the snapshot rows with a gap, the learning steps of those skills,
    #   the hours per week, the step states
    # * the claims written, in a savepoint (1 + 2); the outbox adds its one INSERT of the
    #   mails, which go to locmem here
    # One more read of people finds the end.
    assert _round_queries(3) == _round_queries(30) == 11


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
    from progress import tasks

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
