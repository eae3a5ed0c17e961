"""The owner is told by e-mail when a second opinion arrives (DESIGN §17), after the
submission is stored, unless they turned it off; a mail failure never undoes it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from accounts.services import save_profile
from reviews.models import ReviewRequest
from reviews.services import ReviewError, tell_owner_of_review
from tests.reviews.conftest import review_url, submit_review

SITE = "https://skillgap.example.org"


@pytest.fixture(autouse=True)
def configured_site(settings):
    settings.SITE_URL = SITE


def _submit_through_the_page(reviewer, token, skill_ids) -> object:
    client = Client()
    client.force_login(reviewer)
    data = {"step": "3", "action": "submit", f"skill-{skill_ids[0]}": "4"}
    return client.post(review_url(token), data)


def test_submitting_mails_the_owner_after_the_commit(
    accepted, reviewer, user, skill_ids, django_capture_on_commit_callbacks
):
    _, token = accepted

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        _submit_through_the_page(reviewer, token, skill_ids)
        assert mail.outbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()

    (sent,) = mail.outbox
    assert sent.to == [user.email]
    assert len(callbacks) == 1


def test_the_mail_names_the_reviewer_and_links_the_report_on_the_site(
    accepted, reviewer, submitted, skill_ids, django_capture_on_commit_callbacks
):
    _, token = accepted

    with django_capture_on_commit_callbacks(execute=True):
        _submit_through_the_page(reviewer, token, skill_ids)

    (sent,) = mail.outbox
    rung = submitted.rung.title
    assert sent.subject == f"[SkillGap] Carol J. sent a second opinion on your {rung} assessment"
    assert f"{SITE}{submitted.get_report_url()}#second-opinions" in sent.body
    assert f"{SITE}/accounts/profile/" in sent.body
    assert "carol@example.org" not in sent.subject + sent.body


def test_an_owner_who_turned_it_off_gets_no_mail(
    accepted, reviewer, user, skill_ids, django_capture_on_commit_callbacks
):
    save_profile(user=user, name="", notify_review_submitted=False)
    _, token = accepted

    with django_capture_on_commit_callbacks(execute=True):
        _submit_through_the_page(reviewer, token, skill_ids)

    assert ReviewRequest.objects.get().submitted_at is not None
    assert mail.outbox == []


def test_a_refusing_mail_server_keeps_the_submission(
    accepted, reviewer, skill_ids, settings, django_capture_on_commit_callbacks, console_log
):
    settings.EMAIL_BACKEND = "tests.reviews.failing_mail.RefusingBackend"
    _, token = accepted

    with django_capture_on_commit_callbacks(execute=True):
        response = _submit_through_the_page(reviewer, token, skill_ids)

    assert response.status_code == 302
    assert response["Location"] == review_url(token)
    assert ReviewRequest.objects.get().submitted_at is not None
    assert "Could not send the review submitted e-mail" in console_log.getvalue()


def test_saving_a_draft_mails_nothing(
    accepted, reviewer, skill_ids, django_capture_on_commit_callbacks
):
    _, token = accepted
    client = Client()
    client.force_login(reviewer)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(review_url(token), {"step": "1", "action": "save"})

    assert mail.outbox == []


def test_a_second_submit_mails_nothing_more(
    accepted, skill_ids, django_capture_on_commit_callbacks
):
    review, _ = accepted
    with django_capture_on_commit_callbacks(execute=True):
        submit_review(review, {skill_ids[0]: 4})
    mail.outbox.clear()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ReviewError),
    ):
        submit_review(ReviewRequest.objects.get(pk=review.pk), {skill_ids[0]: 5})

    assert callbacks == []
    assert mail.outbox == []


def test_no_mail_goes_to_an_unverified_address(accepted, user):
    review, _ = accepted
    user.emailaddress_set.update(verified=False)

    assert tell_owner_of_review(review_id=review.pk) is False
    assert mail.outbox == []
