"""The reviewer's link: who gets what, accepting, rating in steps, submitting."""

from __future__ import annotations

import logging

import pytest
from django.test import Client
from django.urls import reverse

from accounts.services import save_profile
from accounts.tokens import new_token
from assessments import services as assessment_services
from assessments.dashboard import build_dashboard
from reviews import forms, services
from reviews.models import REQUEST_VALID_FOR, ReviewRequest
from skillgap.logmask import MASK
from tests.factories import (
    AssessmentFactory,
    RequirementFactory,
    ReviewRatingFactory,
    RungFactory,
    SkillCategoryFactory,
    SkillFactory,
    UserFactory,
)
from tests.reviews.conftest import OWNER_NOTE, report_url, review_url, submit_review


def _submitted_and_accepted(assessment, reviewer) -> str:
    """Submit `assessment` with every skill rated 2, and have `reviewer` accept a review
    of it; the review link's token."""
    ids = assessment.rung.requirements.values_list("skill_id", flat=True)
    assessment_services.submit_assessment(
        assessment=assessment, ratings=dict.fromkeys(ids, (2, ""))
    )
    token, digest = new_token()
    review = ReviewRequest.objects.create(
        assessment=assessment,
        email="c@example.org",
        token_digest=digest,
        expires_at=assessment.submitted_at + REQUEST_VALID_FOR,
    )
    services.accept_review(review=review, reviewer=reviewer, name="Carol")
    return token


def _step_post(skill_ids, levels, action="save", step=1, **extra):
    data = {"step": str(step), "action": action, **extra}
    for skill_id, level in zip(skill_ids, levels, strict=False):
        data[f"skill-{skill_id}"] = str(level)
    return data


class TestWhoGetsWhat:
    def test_the_url_is_the_design_contract(self, pending):
        _, token = pending

        assert review_url(token) == f"/reviews/{token}/"

    def test_an_unknown_token_is_404(self, client, db):
        assert client.get(review_url("no-such-token")).status_code == 404

    def test_a_signed_out_visitor_is_told_who_asks_and_why(self, client, user, make_request):
        save_profile(user=user, name="Alice Liddell")
        _, token = make_request(message="You led the migration with me.")

        response = client.get(review_url(token))

        html = response.content.decode()
        assert response.status_code == 200
        assert "Alice Liddell asks for your second opinion</h1>" in html
        assert user.email not in html
        assert "You led the migration with me." in html
        assert "rate the same skills" in html
        assert "Welcome back" not in html

    def test_a_signed_out_visitor_is_not_shown_an_unnamed_askers_address(
        self, client, user, make_request
    ):
        _, token = make_request()

        html = client.get(review_url(token)).content.decode()

        assert "You are asked for your second opinion</h1>" in html
        assert user.email not in html

    def test_a_signed_out_visitor_is_offered_sign_up_first_and_both_come_back(
        self, client, pending
    ):
        _, token = pending
        back = f"?next=/reviews/{token}/"

        html = client.get(review_url(token)).content.decode()

        sign_up = html.index(f'href="{reverse("account_signup")}{back}"')
        log_in = html.index(f'href="{reverse("account_login")}{back}"')
        assert sign_up < log_in

    def test_the_invitation_names_the_token_only_in_its_links_back(self, client, pending):
        _, token = pending

        response = client.get(review_url(token))

        assert response.content.decode().count(token) == 2  # sign up, log in
        assert response["X-Robots-Tag"] == "noindex"
        assert "no-store" in response["Cache-Control"]

    def test_opening_the_invitation_logs_nothing_of_the_token(self, client, pending, caplog):
        _, token = pending
        caplog.set_level(logging.DEBUG)

        client.get(review_url(token))

        assert token not in caplog.text

    def test_accepting_signed_out_sends_the_visitor_to_log_in_and_back(self, client, pending):
        _, token = pending

        response = client.post(review_url(token), {"action": "accept", "name": "Me"})

        assert response.status_code == 302
        assert response["Location"] == f"{reverse('account_login')}?next=/reviews/{token}/"
        assert ReviewRequest.objects.get().reviewer is None

    def test_the_owner_is_told_they_cannot_review_themselves(self, client_as, user, pending):
        _, token = pending

        response = client_as(user).get(review_url(token))

        assert response.status_code == 404
        assert "You cannot review your own assessment" in response.content.decode()

    def test_the_owner_cannot_accept_by_posting(self, client_as, user, pending):
        _, token = pending

        response = client_as(user).post(review_url(token), {"action": "accept", "name": "Me"})

        assert response.status_code == 404
        assert ReviewRequest.objects.get().reviewer is None

    def test_an_expired_link_says_so_with_410(self, client_as, reviewer, pending, now):
        _, token = pending
        ReviewRequest.objects.update(expires_at=now)

        response = client_as(reviewer).get(review_url(token))

        assert response.status_code == 410
        assert "This review link has expired" in response.content.decode()

    def test_a_revoked_link_says_so_with_410(self, client, pending):
        review, token = pending
        services.revoke_request(review=review)

        response = client.get(review_url(token))

        assert response.status_code == 410
        assert "This review link was withdrawn" in response.content.decode()

    @pytest.mark.parametrize("who", ["anonymous", "owner", "someone else"])
    def test_once_accepted_the_link_is_404_to_anyone_but_the_reviewer(self, user, accepted, who):
        _, token = accepted
        client = Client()
        if who != "anonymous":
            client.force_login(user if who == "owner" else UserFactory())

        response = client.get(review_url(token))

        assert response.status_code == 404
        assert "already been used" in response.content.decode()

    def test_once_accepted_a_post_from_someone_else_changes_nothing(
        self, client_as, accepted, skill_ids
    ):
        _, token = accepted

        response = client_as(UserFactory()).post(
            review_url(token), _step_post(skill_ids, [5], action="submit")
        )

        assert response.status_code == 404
        assert ReviewRequest.objects.get().submitted_at is None

    def test_every_lookup_spends_a_token_guess_and_over_the_limit_is_404(
        self, client, pending, settings
    ):
        _, token = pending
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "token_guess": "3/m/ip"}
        for _ in range(3):
            client.get(review_url("wrong-guess"))

        response = client.get(review_url(token))

        assert response.status_code == 404

    def test_the_reviewer_rating_their_accepted_review_spends_no_token_guess(
        self, client_as, reviewer, accepted, settings
    ):
        _, token = accepted
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "token_guess": "3/m/ip"}
        client = client_as(reviewer)

        statuses = [client.get(review_url(token)).status_code for _ in range(5)]

        assert statuses == [200] * 5

    def test_an_accepted_link_spends_a_guess_for_anyone_but_its_reviewer(
        self, client_as, accepted, settings
    ):
        _, token = accepted
        settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "token_guess": "3/m/ip"}
        client = client_as(UserFactory())
        for _ in range(3):
            client.get(review_url("wrong-guess"))

        assert client.get(review_url(token)).status_code == 404

    def test_a_revoked_accepted_link_tells_the_reviewer_with_410(
        self, client_as, reviewer, accepted
    ):
        review, token = accepted
        services.revoke_request(review=review)

        response = client_as(reviewer).get(review_url(token))

        assert response.status_code == 410
        assert "This review link was withdrawn" in response.content.decode()

    def test_the_page_is_never_cached(self, client_as, reviewer, accepted):
        _, token = accepted

        response = client_as(reviewer).get(review_url(token))

        assert "no-store" in response["Cache-Control"]


class TestAccepting:
    def test_the_page_names_who_asks_and_their_message(self, client_as, reviewer, make_request):
        _, token = make_request(message="You reviewed my pipelines all year.")

        html = client_as(reviewer).get(review_url(token)).content.decode()

        assert "You are asked for a second opinion" in html
        assert "You reviewed my pipelines all year." in html
        assert "alice@example.org" not in html  # the owner chose no name: never their address

    def test_the_page_names_the_owner_by_display_name(self, client_as, user, reviewer, pending):
        save_profile(user=user, name="Alice Liddell")
        _, token = pending

        html = client_as(reviewer).get(review_url(token)).content.decode()

        assert "Alice Liddell asks for your second opinion" in html
        assert "Your name, as Alice Liddell will see it" in html
        assert "alice@example.org" not in html

    def test_the_name_is_prefilled_from_the_account(self, client_as, reviewer, pending):
        _, token = pending

        html = client_as(reviewer).get(review_url(token)).content.decode()

        assert 'value="Carol Jones"' in html
        assert "Your name, as the person who asked you will see it" in html

    def test_accepting_makes_the_link_the_reviewers(self, client_as, reviewer, pending):
        _, token = pending

        response = client_as(reviewer).post(
            review_url(token), {"action": "accept", "name": "Carol"}
        )

        assert response.status_code == 302
        assert response["Location"] == review_url(token)
        review = ReviewRequest.objects.get()
        assert (review.reviewer, review.reviewer_name) == (reviewer, "Carol")

    def test_a_missing_name_is_refused_beside_the_field(self, client_as, reviewer, pending):
        _, token = pending

        response = client_as(reviewer).post(review_url(token), {"action": "accept", "name": ""})

        assert response.status_code == 422
        assert forms.NAME_REQUIRED_ERROR in response.content.decode()
        assert ReviewRequest.objects.get().reviewer is None


class TestRating:
    def test_the_first_step_holds_the_skills_that_can_block(
        self, client_as, reviewer, accepted, skill_ids, submitted
    ):
        _, token = accepted

        html = client_as(reviewer).get(review_url(token)).content.decode()

        names = dict(submitted.snapshot.values_list("skill_id", "skill_name"))
        assert "Step 1 of 3: Skills that can block" in html
        assert names[skill_ids[0]] in html
        assert names[skill_ids[3]] not in html

    def test_the_step_of_skills_that_can_block_says_what_that_means(
        self, client_as, reviewer, accepted
    ):
        _, token = accepted
        client = client_as(reviewer)

        first, second = (client.get(f"{review_url(token)}?step={n}") for n in (1, 2))

        sentence = "two levels short in any one of them holds a person back"
        assert sentence in first.content.decode()
        assert sentence not in second.content.decode()

    def test_the_reviewer_sees_the_evidence_but_not_the_owners_rating_note_or_target(
        self, client_as, reviewer, accepted, skill_ids
    ):
        _, token = accepted

        html = client_as(reviewer).get(review_url(token)).content.decode()

        assert f"https://example.org/proof-{skill_ids[0]}" in html
        assert OWNER_NOTE not in html
        assert "checked" not in html  # the owner's 2s are not preselected
        assert "Required" not in html
        assert "mportance" not in html

    def test_the_skills_own_level_descriptions_are_shown(
        self, client_as, reviewer, accepted, described
    ):
        _, token = accepted

        html = client_as(reviewer).get(review_url(token)).content.decode()

        assert "Designs whole systems" in html

    def test_saving_keeps_a_draft_and_stays_on_the_step(
        self, client_as, reviewer, accepted, skill_ids
    ):
        review, token = accepted

        response = client_as(reviewer).post(
            review_url(token), _step_post(skill_ids, [4], **{f"comment-{skill_ids[0]}": "Led it"})
        )

        assert response.status_code == 302
        assert response["Location"] == f"{review_url(token)}?step=1"
        rated = review.ratings.filter(requirement__skill_id=skill_ids[0])
        assert list(rated.values_list("level", "comment")) == [(4, "Led it")]

    def test_next_saves_and_opens_the_next_step(self, client_as, reviewer, accepted, skill_ids):
        review, token = accepted

        response = client_as(reviewer).post(
            review_url(token), _step_post(skill_ids, [4, 3], action="next")
        )

        assert response["Location"] == f"{review_url(token)}?step=2"
        assert review.ratings.filter(level__isnull=False).count() == 2

    def test_a_post_may_carry_every_skill_at_once(self, client_as, reviewer, accepted, skill_ids):
        review, token = accepted

        client_as(reviewer).post(review_url(token), _step_post(skill_ids, [1, 2, 3, 4]))

        assert sorted(review.ratings.values_list("level", flat=True)) == [1, 2, 3, 4]

    def test_a_level_out_of_range_is_refused_beside_the_skill_keeping_the_rest(
        self, client_as, reviewer, accepted, skill_ids
    ):
        review, token = accepted
        data = _step_post(skill_ids, [4, 9], **{f"comment-{skill_ids[0]}": "Kept"})

        response = client_as(reviewer).post(review_url(token), data)

        html = response.content.decode()
        assert response.status_code == 422
        assert f'id="skill-{skill_ids[1]}-error"' in html
        assert "Kept" in html
        assert review.ratings.count() == 0

    def test_a_comment_over_500_characters_is_refused(
        self, client_as, reviewer, accepted, skill_ids
    ):
        review, token = accepted
        data = _step_post(skill_ids, [4], **{f"comment-{skill_ids[0]}": "x" * 501})

        response = client_as(reviewer).post(review_url(token), data)

        assert response.status_code == 422
        assert "at most 500 characters (this one has 501)" in response.content.decode()
        assert review.ratings.count() == 0

    def test_a_skill_outside_the_snapshot_is_refused(self, client_as, reviewer, accepted):
        review, token = accepted

        response = client_as(reviewer).post(review_url(token), _step_post([999999], [3]))

        assert response.status_code == 422
        assert "skill-999999" in response.content.decode()
        assert review.ratings.count() == 0

    def test_a_missing_action_is_refused(self, client_as, reviewer, accepted, skill_ids):
        _, token = accepted

        response = client_as(reviewer).post(review_url(token), {"step": "1"})

        assert response.status_code == 422

    def test_the_last_step_lists_every_rating_to_check(
        self, client_as, reviewer, accepted, skill_ids
    ):
        review, token = accepted
        ReviewRatingFactory(
            review=review, requirement=review.assessment.snapshot.get(skill_id=skill_ids[0])
        )

        html = client_as(reviewer).get(f"{review_url(token)}?step=3").content.decode()

        assert "Step 3 of 3: Review and submit" in html
        assert "1 of 4 skills rated" in html
        assert "3 Proficient" in html


class TestBackToTheSummary:
    def test_not_rated_yet_on_the_summary_opens_its_step_on_the_way_back(
        self, client_as, reviewer, accepted
    ):
        _, token = accepted

        html = client_as(reviewer).get(f"{review_url(token)}?step=3").content.decode()

        assert f'<a href="{review_url(token)}?step=2&amp;return=review">Not rated yet</a>' in html

    def test_save_and_continue_from_it_returns_to_the_summary(
        self, client_as, reviewer, accepted, skill_ids
    ):
        _, token = accepted
        data = _step_post(skill_ids[:2], [3, 3], action="next", step=1, **{"return": "review"})

        response = client_as(reviewer).post(review_url(token), data)

        assert response["Location"] == f"{review_url(token)}?step=3"


class TestSameStepsAsTheOwner:
    def test_the_reviewer_rates_in_the_owners_steps_and_order(self, client_as, user, reviewer):
        # Categories in the framework's order, which is not alphabetical, some small.
        rung = RungFactory()
        categories = {
            name: SkillCategoryFactory(name=name, order=n) for n, name in enumerate("ZMAB")
        }
        sizes = [("Z", 1, 5), ("Z", 4, 2), ("M", 2, 2), ("A", 3, 2), ("B", 5, 1)]
        for name, count, importance in sizes:
            for _ in range(count):
                skill = SkillFactory(category=categories[name])
                RequirementFactory(rung=rung, skill=skill, importance=importance)
        draft = AssessmentFactory(owner=user, rung=rung)
        rate_url = reverse("assessments:rate", args=[draft.public_id])
        owner_page = client_as(user).get(rate_url).context["page"]
        owner_steps = [
            (link.name, [i.skill_id for i in client_as(user).get(link.url).context["page"].items])
            for link in owner_page.steps[:-1]
        ]
        token = _submitted_and_accepted(draft, reviewer)

        client = client_as(reviewer)
        review_page = client.get(review_url(token)).context["page"]
        review_steps = [
            (link.name, [i.skill_id for i in client.get(link.url).context["page"].items])
            for link in review_page.steps[:-1]
        ]

        assert [name for name, _ in owner_steps] == ["Skills that can block", "Z", "M and A", "B"]
        assert review_steps == owner_steps


class TestSubmitting:
    def test_submitting_sends_the_review_to_the_owners_report(
        self, client_as, reviewer, user, accepted, skill_ids, submitted
    ):
        _, token = accepted

        response = client_as(reviewer).post(
            review_url(token), _step_post(skill_ids, [5, 4, 3, 2], action="submit", step=3)
        )

        assert response.status_code == 302
        assert ReviewRequest.objects.get().submitted_at is not None
        html = client_as(user).get(report_url(submitted)).content.decode()
        assert 'id="second-opinions"' in html
        assert "Carol J." in html

    def test_submitting_with_nothing_rated_is_refused_and_saves_the_comments(
        self, client_as, reviewer, accepted, skill_ids
    ):
        review, token = accepted
        data = {"step": "3", "action": "submit", f"comment-{skill_ids[0]}": "Not sure"}

        response = client_as(reviewer).post(review_url(token), data)

        assert response.status_code == 422
        assert services.NOTHING_RATED_ERROR in response.content.decode()
        assert list(review.ratings.values_list("comment", flat=True)) == ["Not sure"]

    def test_a_submitted_review_is_shown_read_only(self, client_as, reviewer, accepted, skill_ids):
        review, token = accepted
        submit_review(review, {skill_ids[0]: 5}, comment="Outstanding")

        html = client_as(reviewer).get(review_url(token)).content.decode()

        assert "Your review:" in html
        assert "Outstanding" in html
        assert 'name="action"' not in html

    def test_posting_to_a_submitted_review_changes_nothing(
        self, client_as, reviewer, accepted, skill_ids
    ):
        review, token = accepted
        submit_review(review, {skill_ids[0]: 5})

        client_as(reviewer).post(review_url(token), _step_post(skill_ids, [0], action="save"))

        assert review.ratings.get().level == 5


class TestGiven:
    def test_the_reviewer_reaches_their_review_by_id(self, client_as, reviewer, accepted):
        review, _ = accepted

        response = client_as(reviewer).get(reverse("reviews:given", args=[review.pk]))

        assert response.status_code == 200
        assert "Step 1 of 3" in response.content.decode()

    @pytest.mark.parametrize("who", ["owner", "someone else"])
    def test_anyone_else_gets_404(self, client_as, user, accepted, who):
        review, _ = accepted
        visitor = user if who == "owner" else UserFactory()

        response = client_as(visitor).get(reverse("reviews:given", args=[review.pk]))

        assert response.status_code == 404


class TestDashboard:
    def test_it_lists_open_and_finished_reviews(
        self, client_as, reviewer, accepted, make_request, skill_ids
    ):
        open_review, _ = accepted
        done, _ = make_request()
        services.accept_review(review=done, reviewer=reviewer, name="Carol")
        submit_review(done, {skill_ids[0]: 3})

        html = client_as(reviewer).get(reverse("assessments:dashboard")).content.decode()

        assert "Reviews you were asked for" in html
        assert "To finish" in html
        assert reverse("reviews:given", args=[open_review.pk]) in html
        assert "Submitted" in html
        assert reverse("reviews:given", args=[done.pk]) in html

    def test_someone_who_was_never_asked_sees_no_reviews_section(self, client_as, other_user):
        html = client_as(other_user).get(reverse("assessments:dashboard")).content.decode()

        assert "Reviews you were asked for" not in html


class TestQueryBudget:
    @pytest.mark.parametrize("skills", [4, 40])
    def test_a_step_costs_the_same_however_many_skills(
        self, client_as, reviewer, user, skills, django_assert_num_queries
    ):
        rung = RungFactory()
        for n in range(skills):
            RequirementFactory(rung=rung, importance=4 if n % 3 == 0 else 2)
        token = _submitted_and_accepted(AssessmentFactory(owner=user, rung=rung), reviewer)
        client = client_as(reviewer)

        # Expect 6 queries whatever the number of skills or steps:
        # * session, user
        # * the request by its token's digest, with its assessment, owner, rung and role
        # * the snapshot's skills
        # * the reviewer's stored ratings
        # * the level descriptions of the step's skills
        with django_assert_num_queries(6):
            client.get(f"{review_url(token)}?step=2")


@pytest.mark.parametrize("reviews", [1, 10])
def test_the_dashboard_costs_the_same_however_many_reviews_given(
    reviewer, submitted, make_request, reviews, django_assert_num_queries
):
    for _ in range(reviews):
        review, _ = make_request()
        services.accept_review(review=review, reviewer=reviewer, name="Carol")

    # Expect 3 queries: the person's assessments, the reviews accepted for others, and the
    # person's teams
    with django_assert_num_queries(3):
        dashboard = build_dashboard(reviewer)
    assert len(dashboard.part("reviews_given").open) == reviews


def test_a_link_answered_404_or_410_is_logged_without_its_token(client, pending, console_log):
    review, token = pending
    ReviewRequest.objects.filter(pk=review.pk).update(expires_at=review.created_at)

    gone = client.get(review_url(token))
    missing = client.get(review_url(token[::-1]))

    logged = console_log.getvalue()
    assert (gone.status_code, missing.status_code) == (410, 404)
    assert f"Gone: /reviews/{MASK}/" in logged
    assert token not in logged
    assert token[::-1] not in logged


def test_the_reviewers_dashboard_names_the_owner_by_display_name(
    client_as, user, reviewer, accepted
):
    save_profile(user=user, name="Alice Liddell")

    html = client_as(reviewer).get(reverse("assessments:dashboard")).content.decode()

    assert "for Alice Liddell" in html
    assert "alice@example.org" not in html


def test_the_reviewers_dashboard_never_shows_an_unnamed_owners_address(
    client_as, reviewer, accepted
):
    html = client_as(reviewer).get(reverse("assessments:dashboard")).content.decode()

    assert "for the person who asked you" in html
    assert "alice@example.org" not in html


def test_a_reviewers_step_renders_its_body_in_jinja2_and_its_frame_in_django(
    client_as, reviewer, accepted, templates_rendered
):
    _, token = accepted

    client_as(reviewer).get(review_url(token))

    assert templates_rendered["jinja2"] == ["reviews/review_step.html"]
    frame = {"reviews/review.html", "base.html", "includes/nav.html", "includes/messages.html"}
    assert set(templates_rendered["django"]) == frame
