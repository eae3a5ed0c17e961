"""The owner's side: asking for a review from the report, the list of requests, revoking
and hiding."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import save_profile
from reviews import forms, services
from reviews.models import ReviewRequest
from tests.factories import AssessmentFactory, ReviewRequestFactory
from tests.reviews.conftest import report_url, submit_review


def _ask_url(assessment):
    return reverse("reviews:ask", args=[assessment.public_id])


def _revoke_url(review):
    return reverse("reviews:revoke", args=[review.assessment.public_id, review.pk])


def _hide_url(review):
    return reverse("reviews:hide", args=[review.assessment.public_id, review.pk])


class TestAsk:
    def test_the_url_is_the_design_contract(self, submitted):
        assert _ask_url(submitted) == f"/assessments/{submitted.public_id}/reviews/"

    def test_asking_mails_an_absolute_link_and_returns_to_the_report(
        self, client_as, user, submitted, settings
    ):
        settings.SITE_URL = "https://skillgap.example.org"

        response = client_as(user).post(
            _ask_url(submitted), {"email": "Sam@Example.ORG", "message": "Thanks!"}
        )

        assert response.status_code == 302
        assert response["Location"].startswith(report_url(submitted))
        (sent,) = mail.outbox
        assert sent.to == ["Sam@example.org"]
        assert "https://skillgap.example.org/reviews/" in sent.body

    def test_the_mailed_link_ignores_a_forged_host_header(
        self, client_as, user, submitted, settings
    ):
        settings.SITE_URL = "https://skillgap.example.org"
        settings.ALLOWED_HOSTS = ["testserver", "evil.example"]

        client_as(user).post(
            _ask_url(submitted), {"email": "sam@example.org"}, headers={"Host": "evil.example"}
        )

        (sent,) = mail.outbox
        assert "https://skillgap.example.org/reviews/" in sent.body
        assert "evil.example" not in sent.body

    def test_the_report_says_the_request_was_sent(self, client_as, user, submitted):
        client = client_as(user)

        response = client.post(_ask_url(submitted), {"email": "sam@example.org"}, follow=True)

        assert "We e-mailed sam@example.org" in response.content.decode()

    def test_a_bad_address_is_refused_beside_the_field_keeping_the_message(
        self, client_as, user, submitted
    ):
        response = client_as(user).post(
            _ask_url(submitted), {"email": "not an address", "message": "Kept as typed"}
        )

        html = response.content.decode()
        assert response.status_code == 422
        assert 'id="id_email-error"' in html
        assert "Kept as typed" in html
        assert 'value="not an address"' in html
        assert mail.outbox == []

    def test_a_missing_address_is_refused(self, client_as, user, submitted):
        response = client_as(user).post(_ask_url(submitted), {"email": ""})

        assert response.status_code == 422
        assert forms.EMAIL_REQUIRED_ERROR in response.content.decode()

    def test_a_message_over_500_characters_is_refused(self, client_as, user, submitted):
        response = client_as(user).post(
            _ask_url(submitted), {"email": "sam@example.org", "message": "x" * 501}
        )

        assert response.status_code == 422
        assert "at most 500 characters (this one has 501)" in response.content.decode()
        assert mail.outbox == []

    def test_over_the_daily_limit_says_so_beside_the_field_and_sends_nothing(
        self, client_as, user, submitted
    ):
        for n in range(services.DAILY_INVITATIONS):
            ReviewRequestFactory(assessment__owner=user, email=f"p{n}@example.org")

        response = client_as(user).post(_ask_url(submitted), {"email": "sam@example.org"})

        html = response.content.decode()
        assert response.status_code == 422
        assert 'id="id_email-error"' in html
        assert "the most allowed in a day" in html
        assert mail.outbox == []

    def test_a_draft_is_not_sent_for_review(self, client_as, user):
        draft = AssessmentFactory(owner=user)

        response = client_as(user).post(_ask_url(draft), {"email": "sam@example.org"})

        assert response.status_code == 302
        assert mail.outbox == []

    def test_get_is_not_allowed(self, client_as, user, submitted):
        assert client_as(user).get(_ask_url(submitted)).status_code == 405

    def test_someone_elses_assessment_is_404(self, client_as, other_user, submitted):
        response = client_as(other_user).post(_ask_url(submitted), {"email": "x@example.org"})

        assert response.status_code == 404
        assert mail.outbox == []


class TestRequestList:
    def test_a_submitted_report_shows_the_ask_form(self, client_as, user, submitted):
        html = client_as(user).get(report_url(submitted)).content.decode()

        assert "Ask for a second opinion" in html
        assert f'action="{_ask_url(submitted)}#review-requests"' in html

    def test_a_draft_report_has_no_ask_form(self, client_as, user):
        draft = AssessmentFactory(owner=user)

        html = client_as(user).get(report_url(draft)).content.decode()

        assert "Ask for a second opinion" not in html

    @pytest.mark.parametrize(
        ("state", "label"),
        [
            ("pending", "Waiting for them to accept"),
            ("accepted", "Accepted: they are rating"),
            ("submitted", "Submitted"),
            ("expired", "Expired"),
            ("revoked", "Revoked"),
        ],
    )
    def test_each_request_shows_its_state(
        self, client_as, user, submitted, make_request, reviewer, now, state, label
    ):
        review, _ = make_request(email="sam@example.org")
        if state in ("accepted", "submitted"):
            services.accept_review(review=review, reviewer=reviewer, name="Sam")
        if state == "submitted":
            submit_review(review, {submitted.snapshot.first().skill_id: 3})
        if state == "expired":
            ReviewRequest.objects.update(expires_at=now)
        if state == "revoked":
            services.revoke_request(review=review)

        html = client_as(user).get(report_url(submitted)).content.decode()

        assert f'review-state-{state}">{label}' in html

    def test_a_submitted_review_offers_hide_not_revoke(self, client_as, user, accepted, skill_ids):
        review, _ = accepted
        submit_review(review, {skill_ids[0]: 4})

        html = client_as(user).get(report_url(review.assessment)).content.decode()

        assert _revoke_url(review) not in html
        assert f'action="{_hide_url(review)}"' in html

    def test_a_pending_request_offers_revoke(self, client_as, user, pending):
        review, _ = pending

        html = client_as(user).get(report_url(review.assessment)).content.decode()

        assert f'action="{_revoke_url(review)}"' in html


class TestRevoke:
    def test_the_url_is_the_design_contract(self, pending):
        review, _ = pending

        assert _revoke_url(review) == (
            f"/assessments/{review.assessment.public_id}/reviews/{review.pk}/revoke/"
        )

    def test_revoking_ends_the_link_at_once(self, client_as, user, pending, now):
        review, _ = pending

        response = client_as(user).post(_revoke_url(review))

        assert response.status_code == 302
        review.refresh_from_db()
        assert review.state_at(now) == ReviewRequest.State.REVOKED

    def test_revoking_a_submitted_review_changes_nothing(
        self, client_as, user, accepted, skill_ids
    ):
        review, _ = accepted
        submit_review(review, {skill_ids[0]: 4})

        response = client_as(user).post(_revoke_url(review), follow=True)

        assert services.NOT_OPEN_REQUEST_ERROR in response.content.decode()
        assert ReviewRequest.objects.get().revoked_at is None

    def test_someone_elses_request_is_404(self, client_as, other_user, pending):
        review, _ = pending

        assert client_as(other_user).post(_revoke_url(review)).status_code == 404
        assert ReviewRequest.objects.get().revoked_at is None

    def test_a_request_of_another_assessment_is_404(self, client_as, user, pending):
        review, _ = pending
        mine = AssessmentFactory(owner=user, status="submitted")
        url = reverse("reviews:revoke", args=[mine.public_id, review.pk])

        assert client_as(user).post(url).status_code == 404


class TestHide:
    def test_hiding_drops_the_review_from_the_report(
        self, client_as, user, accepted, skill_ids, submitted
    ):
        review, _ = accepted
        submit_review(review, {skill_ids[0]: 5})
        client = client_as(user)
        assert "Second opinions" in client.get(report_url(submitted)).content.decode()

        response = client.post(_hide_url(review), follow=True)

        html = response.content.decode()
        assert 'id="second-opinions"' not in html
        assert "(hidden from your report)" in html

    def test_an_unsubmitted_review_is_not_hidden(self, client_as, user, accepted):
        review, _ = accepted

        response = client_as(user).post(_hide_url(review), follow=True)

        assert services.NOT_SUBMITTED_REVIEW_ERROR in response.content.decode()
        assert ReviewRequest.objects.get().hidden_at is None

    def test_someone_elses_review_is_404(self, client_as, other_user, accepted, skill_ids):
        review, _ = accepted
        submit_review(review, {skill_ids[0]: 5})

        assert client_as(other_user).post(_hide_url(review)).status_code == 404
        assert ReviewRequest.objects.get().hidden_at is None


def test_an_owner_without_a_name_is_told_how_reviewers_will_see_them(client_as, user, submitted):
    html = client_as(user).get(report_url(submitted)).content.decode()

    assert "they will see you as \u201cthe person who asked you\u201d" in html
    assert f'href="{reverse("account_profile")}">Add your name</a>' in html


def test_an_owner_with_a_name_is_not_asked_for_one(client_as, user, submitted):
    save_profile(user=user, name="Alice")

    html = client_as(user).get(report_url(submitted)).content.decode()

    assert "Add your name" not in html
