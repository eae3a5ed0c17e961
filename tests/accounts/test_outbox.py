"""Mail that is never lost: every mail is an outbox row first, sent after the commit, and
a mail server that is down delays it (DESIGN §17)."""

from __future__ import annotations

import datetime
import time

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from post_office.models import STATUS, Email

from accounts import outbox
from tests.factories import UserFactory
from tests.reauth_support import delete_own_account

pytestmark = pytest.mark.django_db


def _reset(address: str = "alice@example.org"):
    return Client().post(reverse("account_reset_password"), {"email": address})


def test_a_mail_is_stored_before_it_is_sent_and_sent_after_the_commit(mail_outbox_db):
    UserFactory(email="alice@example.org")

    with mail_outbox_db() as hooks:
        _reset()
        assert Email.objects.get().status == STATUS.queued
        assert mail.outbox == []

    assert len(hooks) == 1
    assert Email.objects.get().status == STATUS.sent
    (sent,) = mail.outbox
    assert sent.to == ["alice@example.org"]


def test_an_action_rolled_back_leaves_no_mail(mail_outbox_db):
    UserFactory(email="alice@example.org")

    def failing_action():
        with transaction.atomic():
            mail.send_mail("Hello", "Body", None, ["alice@example.org"])
            raise RuntimeError("the action failed")

    with mail_outbox_db(), pytest.raises(RuntimeError):
        failing_action()

    assert Email.objects.count() == 0
    assert mail.outbox == []


def test_mail_survives_a_mail_server_that_is_down_and_is_sent_when_it_returns(
    smtp_server, mail_outbox_db, now
):
    UserFactory(email="alice@example.org")
    smtp_server.stop()

    with mail_outbox_db():
        response = _reset()

    assert response.status_code == 302
    assert Email.objects.get().status == STATUS.requeued
    assert outbox.sweep() == 0  # not due yet: the next try is a minute away

    smtp_server.start()
    with time_machine.travel(now + datetime.timedelta(seconds=61), tick=False):
        assert outbox.sweep() == 1

    (received,) = smtp_server.messages
    assert received["To"] == "alice@example.org"
    assert "/accounts/password/reset/key/" in received.get_payload()
    assert Email.objects.get().status == STATUS.sent
    assert outbox.sweep() == 0  # and never twice


def test_the_wait_between_tries_doubles_up_to_an_hour():
    assert [outbox.retry_delay(n) for n in (1, 2, 3, 7, 20)] == [60, 120, 240, 3600, 3600]


def test_a_mail_leased_by_one_sender_is_not_sent_by_another(mail_outbox_db, now):
    mail.send_mail("Hello", "Body", None, ["alice@example.org"])
    email = Email.objects.get()
    Email.objects.filter(pk=email.pk).update(scheduled_time=now + outbox.LEASE)

    assert outbox.deliver(email.pk) is None
    assert mail.outbox == []


def test_a_lease_that_runs_out_lets_the_sweep_send_the_mail(mail_outbox_db, now):
    """A worker killed mid-send holds its lease only for LEASE."""
    mail.send_mail("Hello", "Body", None, ["alice@example.org"])
    Email.objects.update(scheduled_time=now + outbox.LEASE)

    with time_machine.travel(now + outbox.LEASE, tick=False):
        assert outbox.sweep() == 1

    assert len(mail.outbox) == 1


def test_a_mail_that_keeps_failing_is_kept_as_failed_after_the_last_attempt(
    smtp_server, mail_outbox_db, now
):
    smtp_server.stop()
    mail.send_mail("Hello", "Body", None, ["alice@example.org"])
    Email.objects.update(number_of_retries=outbox.MAX_ATTEMPTS - 1)

    assert outbox.deliver(Email.objects.get().pk) is None

    email = Email.objects.get()
    assert email.status == STATUS.failed
    assert email.logs.count() == 1


def test_without_a_broker_the_hand_over_sends_in_the_process(mail_outbox_db, settings):
    settings.CELERY_BROKER_URL = ""
    mail.send_mail("Hello", "Body", None, ["alice@example.org"])

    outbox.hand_over(list(Email.objects.values_list("pk", flat=True)))

    assert len(mail.outbox) == 1


def test_a_broker_that_is_down_never_fails_the_request(mail_outbox_db, settings, caplog):
    """Nothing listens on the broker's port: publishing fails, the mail waits for the sweep."""
    from tests.smtp_support import free_port

    settings.CELERY_BROKER_URL = f"redis://127.0.0.1:{free_port()}/0"
    from skillgap.celery import app

    app.conf.broker_url = settings.CELERY_BROKER_URL
    UserFactory(email="alice@example.org")
    try:
        with mail_outbox_db():
            started = time.monotonic()
            response = _reset()
            # (the commit hooks run at the end of this block)
        took = time.monotonic() - started
    finally:
        app.conf.broker_url = None

    assert response.status_code == 302
    assert took < 4  # the publish gives up at once (kombu's retries took six seconds)
    assert Email.objects.get().status == STATUS.queued
    assert "The task broker is unreachable; 1 queued mail(s) wait for the sweep" in caplog.text
    assert outbox.sweep() == 1


def test_the_send_outbox_command_sends_what_is_due(mail_outbox_db):
    mail.send_mail("Hello", "Body", None, ["alice@example.org"])

    call_command("send_outbox")

    assert len(mail.outbox) == 1


def test_text_a_person_typed_is_stored_as_it_is_never_run_as_a_template(mail_outbox_db):
    typed = "{% load static %}{{ settings.SECRET_KEY }} {% now 'Y' %}"

    with mail_outbox_db():
        mail.send_mail(typed, typed, None, ["alice@example.org"])

    (sent,) = mail.outbox
    assert (sent.subject, sent.body) == (typed, typed)


def test_many_mails_are_queued_in_one_insert(mail_outbox_db, django_assert_num_queries):
    messages = [mail.EmailMessage("Hello", "Body", None, [f"p{n}@example.org"]) for n in range(20)]

    with django_assert_num_queries(1):  # the INSERT; sending waits for the commit
        mail.get_connection().send_messages(messages)

    assert Email.objects.count() == 20


def test_deleting_an_account_takes_its_mail_out_of_the_outbox(mail_outbox_db, client_as):
    person = UserFactory(email="alice@example.org")
    mail.send_mail("Your next steps", "Body", None, ["alice@example.org"])
    mail.send_mail("Hello", "Body", None, ["bob@example.org"])

    delete_own_account(client_as(person))

    assert list(Email.objects.values_list("to", flat=True)) == [["bob@example.org"]]
    assert outbox.sweep() == 1
    assert [sent.to for sent in mail.outbox] == [["bob@example.org"]]
