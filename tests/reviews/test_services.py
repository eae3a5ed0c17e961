"""The writes of second opinions: asking, revoking, accepting, rating, submitting, hiding."""

from __future__ import annotations

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail

from accounts.adapter import MailNotSent
from accounts.services import save_profile
from accounts.tokens import token_digest
from reviews import services
from reviews.models import ReviewRequest
from tests.factories import AssessmentFactory, ReviewRequestFactory, UserFactory
from tests.reviews.conftest import submit_review


def _ask(assessment, email="sam@example.org", message=""):
    links = []

    def link_for(token):
        links.append(token)
        return f"https://skillgap.example.org/reviews/{token}/"

    review = services.request_review(
        assessment=assessment, email=email, message=message, link_for=link_for
    )
    return review, links[0]


class TestRequestReview:
    def test_it_stores_only_the_tokens_digest(self, submitted):
        review, token = _ask(submitted)

        review.refresh_from_db()
        assert review.token_digest == token_digest(token)
        assert token not in {review.token_digest, review.email, review.message}

    def test_the_token_holds_at_least_128_random_bits(self, submitted):
        _, token = _ask(submitted)

        assert len(token) * 6 >= 128  # url-safe base64: 6 bits a character

    def test_it_mails_the_link_and_the_message(self, submitted):
        _, token = _ask(submitted, message="You led the migration with me.")

        (sent,) = mail.outbox
        assert sent.to == ["sam@example.org"]
        assert f"https://skillgap.example.org/reviews/{token}/" in sent.body
        assert "You led the migration with me." in sent.body
        assert submitted.rung.title in sent.body

    def test_the_mail_names_the_owner_by_display_name_never_by_address(self, submitted):
        save_profile(user=submitted.owner, name="Alice Liddell")

        _ask(submitted)

        (sent,) = mail.outbox
        assert sent.subject == "[SkillGap] Alice Liddell asks for your view of their skills"
        assert sent.body.startswith("Hello,\n\nAlice Liddell assessed their skills")
        assert submitted.owner.email not in sent.subject + sent.body

    def test_an_owner_without_a_name_is_not_named_by_address(self, submitted):
        _ask(submitted)

        (sent,) = mail.outbox
        assert sent.subject == "[SkillGap] A request for your view of someone's skills"
        assert submitted.owner.email not in sent.subject + sent.body

    def test_the_link_is_valid_for_14_days(self, submitted, now):
        review, _ = _ask(submitted)

        assert review.expires_at == now + datetime.timedelta(days=14)
        assert review.state_at(now) == ReviewRequest.State.PENDING

    def test_a_draft_cannot_be_reviewed(self, user):
        draft = AssessmentFactory(owner=user)

        with pytest.raises(services.ReviewError, match="Only a submitted"):
            _ask(draft)
        assert mail.outbox == []

    def test_the_owner_cannot_ask_themselves(self, submitted, user):
        with pytest.raises(services.ReviewError) as refused:
            _ask(submitted, email=user.email)

        assert str(refused.value) == services.OWN_ADDRESS_ERROR
        assert refused.value.field == "email"

    def test_a_sixth_open_request_is_refused_and_nothing_is_sent(self, submitted):
        for n in range(services.MAX_OPEN_REQUESTS):
            _ask(submitted, email=f"person{n}@example.org")
        mail.outbox.clear()

        with pytest.raises(services.ReviewError, match="already has 5 open"):
            _ask(submitted)
        assert mail.outbox == []
        assert ReviewRequest.objects.count() == services.MAX_OPEN_REQUESTS

    def test_revoked_and_submitted_requests_leave_room_for_new_ones(self, submitted, reviewer):
        reviews = [_ask(submitted, email=f"p{n}@example.org")[0] for n in range(5)]
        services.revoke_request(review=reviews[0])
        services.accept_review(review=reviews[1], reviewer=reviewer, name="Carol")
        submit_review(reviews[1], {submitted.snapshot.first().skill_id: 3})

        _ask(submitted, email="a@example.org")
        _ask(submitted, email="b@example.org")

        assert ReviewRequest.objects.open(reviews[0].created_at).count() == 5

    def test_expired_requests_leave_room_for_new_ones(self, submitted, now):
        for n in range(5):
            _ask(submitted, email=f"p{n}@example.org")

        with time_machine.travel(now + datetime.timedelta(days=15), tick=False):
            _ask(submitted)

        assert ReviewRequest.objects.count() == 6

    def test_the_21st_invitation_in_a_day_is_refused_and_nothing_is_sent(self, user, now):
        for n in range(services.DAILY_INVITATIONS):
            ReviewRequestFactory(assessment__owner=user, email=f"p{n}@example.org")
        fresh = AssessmentFactory(owner=user, status="submitted")

        with pytest.raises(services.ReviewError) as refused:
            _ask(fresh)

        assert str(refused.value) == services.DAILY_LIMIT_ERROR
        assert refused.value.field == "email"
        assert mail.outbox == []

    def test_the_daily_limit_frees_up_after_24_hours(self, user, now):
        for n in range(services.DAILY_INVITATIONS):
            ReviewRequestFactory(assessment__owner=user, email=f"p{n}@example.org")
        fresh = AssessmentFactory(owner=user, status="submitted")

        with time_machine.travel(now + datetime.timedelta(hours=24, seconds=1), tick=False):
            _ask(fresh)

        assert len(mail.outbox) == 1

    def test_other_peoples_invitations_do_not_count_against_the_limit(self, submitted, now):
        for n in range(services.DAILY_INVITATIONS):
            ReviewRequestFactory(email=f"p{n}@example.org")

        _ask(submitted)

        assert len(mail.outbox) == 1

    def test_a_mail_server_failure_stores_nothing(self, submitted, settings, monkeypatch):
        def refuse(*args, **kwargs):
            raise smtplib.SMTPException("down")

        monkeypatch.setattr(services, "send_mail", refuse)

        with pytest.raises(MailNotSent):
            _ask(submitted)
        assert ReviewRequest.objects.count() == 0


class TestRevokeRequest:
    def test_a_pending_request_is_revoked(self, pending, now):
        review, _ = pending

        services.revoke_request(review=review)

        review.refresh_from_db()
        assert review.state_at(now) == ReviewRequest.State.REVOKED

    def test_an_accepted_unsubmitted_request_is_revoked_and_frees_its_place(self, accepted, now):
        review, _ = accepted

        services.revoke_request(review=review)

        assert ReviewRequest.objects.open(now).count() == 0

    def test_a_submitted_review_cannot_be_revoked(self, accepted, skill_ids):
        review, _ = accepted
        submit_review(review, {skill_ids[0]: 4})

        with pytest.raises(services.ReviewError, match="Only a request still open"):
            services.revoke_request(review=review)

    def test_a_revoked_review_can_no_longer_be_saved(self, accepted, skill_ids):
        review, _ = accepted
        services.revoke_request(review=review)

        with pytest.raises(services.ReviewError, match="withdrawn"):
            services.save_review(review=review, ratings={skill_ids[0]: (4, "")})

    def test_an_expired_request_cannot_be_revoked(self, pending, now):
        review, _ = pending

        with (
            time_machine.travel(review.expires_at, tick=False),
            pytest.raises(services.ReviewError),
        ):
            services.revoke_request(review=review)


class TestAcceptReview:
    def test_it_makes_the_link_the_reviewers_under_their_chosen_name(self, pending, reviewer):
        review, _ = pending

        services.accept_review(review=review, reviewer=reviewer, name="Carol J.")

        review.refresh_from_db()
        assert review.reviewer == reviewer
        assert review.reviewer_name == "Carol J."
        assert review.state_at(review.accepted_at) == ReviewRequest.State.ACCEPTED

    def test_the_owner_cannot_accept(self, pending, user):
        review, _ = pending

        with pytest.raises(services.ReviewError, match="cannot review yourself"):
            services.accept_review(review=review, reviewer=user, name="Me")
        assert ReviewRequest.objects.get().reviewer is None

    def test_a_link_is_accepted_once(self, accepted):
        review, _ = accepted
        stale = ReviewRequest.objects.get(pk=review.pk)
        stale.accepted_at = None  # as a second browser read it, before the first accepted

        with pytest.raises(services.ReviewError, match="no longer be used"):
            services.accept_review(review=stale, reviewer=UserFactory(), name="Mallory")
        assert ReviewRequest.objects.get().reviewer_name == "Carol J."

    def test_an_expired_link_cannot_be_accepted(self, pending, reviewer):
        review, _ = pending

        with (
            time_machine.travel(review.expires_at, tick=False),
            pytest.raises(services.ReviewError),
        ):
            services.accept_review(review=review, reviewer=reviewer, name="Carol")


class TestSaveAndSubmit:
    def test_saving_keeps_a_draft_of_any_subset_of_skills(self, accepted, skill_ids):
        review, _ = accepted

        services.save_review(review=review, ratings={skill_ids[0]: (4, "Strong")})

        assert list(review.ratings.values_list("level", "comment")) == [(4, "Strong")]

    def test_saving_again_replaces_the_rating(self, accepted, skill_ids):
        review, _ = accepted
        services.save_review(review=review, ratings={skill_ids[0]: (4, "")})

        services.save_review(review=review, ratings={skill_ids[0]: (1, "On reflection")})

        assert list(review.ratings.values_list("level", "comment")) == [(1, "On reflection")]

    def test_a_skill_outside_the_snapshot_is_refused(self, accepted):
        review, _ = accepted

        with pytest.raises(ValueError, match="not in the reviewed snapshot"):
            services.save_review(review=review, ratings={999999: (3, "")})

    def test_submitting_with_nothing_rated_is_refused_and_keeps_the_comments(
        self, accepted, skill_ids
    ):
        review, _ = accepted

        with pytest.raises(services.ReviewError, match="Rate at least one"):
            services.submit_review(review=review, ratings={skill_ids[0]: (None, "Unsure")})

        review.refresh_from_db()
        assert review.submitted_at is None
        assert list(review.ratings.values_list("comment", flat=True)) == ["Unsure"]

    def test_submitting_records_when(self, accepted, skill_ids, now):
        review, _ = accepted

        services.submit_review(review=review, ratings={skill_ids[0]: (4, "")}, now=now)

        review.refresh_from_db()
        assert review.submitted_at == now

    def test_a_submitted_review_can_no_longer_change(self, accepted, skill_ids):
        review, _ = accepted
        submit_review(review, {skill_ids[0]: 4})

        with pytest.raises(services.ReviewError, match="already submitted"):
            services.save_review(review=review, ratings={skill_ids[0]: (0, "")})
        assert review.ratings.get().level == 4


class TestHideReview:
    def test_a_submitted_review_is_hidden(self, accepted, skill_ids):
        review, _ = accepted
        submit_review(review, {skill_ids[0]: 4})

        services.hide_review(review=review)

        assert ReviewRequest.objects.get().is_hidden

    def test_an_unsubmitted_review_cannot_be_hidden(self, accepted):
        review, _ = accepted

        with pytest.raises(services.ReviewError, match="Only a submitted"):
            services.hide_review(review=review)
