"""The owner's report with reviews: what it loads, what it shows, what it exports, and the
cache key that changes whenever a review is submitted or hidden."""

from __future__ import annotations

import csv
import io

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from assessments.models import Assessment
from assessments.report import build_report
from assessments.report import cache as report_cache
from assessments.report.inputs import load_inputs
from reviews import services
from tests.factories import UserFactory
from tests.reviews.conftest import report_url, submit_review


def _key(assessment) -> str:
    return report_cache.report_key(Assessment.objects.with_report_inputs().get(pk=assessment.pk))


@pytest.fixture
def reviewed(accepted, skill_ids, submitted, now):
    """Carol's submitted review: the first skill 5 (self 2: a disagreement), the second 3."""
    review, _ = accepted
    submit_review(review, {skill_ids[0]: 5, skill_ids[1]: 3}, comment="Seen it in production")
    return review


class TestInputs:
    def test_a_submitted_review_is_loaded_by_snapshot_slug(self, reviewed, submitted, skill_ids):
        slug = submitted.snapshot.get(skill_id=skill_ids[0]).skill_slug

        (review,) = load_inputs(submitted).reviews

        assert review.reviewer == "Carol J."
        assert review.ratings[slug] == (5, "Seen it in production")

    def test_an_unsubmitted_review_is_not_loaded(self, accepted, submitted, skill_ids):
        review, _ = accepted
        services.save_review(review=review, ratings={skill_ids[0]: (5, "")})

        assert load_inputs(submitted).reviews == ()

    def test_a_hidden_review_is_not_loaded(self, reviewed, submitted):
        services.hide_review(review=reviewed)

        assert load_inputs(submitted).reviews == ()

    def test_skills_the_reviewer_left_unrated_are_not_loaded(self, reviewed, submitted):
        (review,) = load_inputs(submitted).reviews

        assert len(review.ratings) == 2


class TestSection:
    @pytest.fixture
    def section(self, client_as, user, reviewed, submitted) -> str:
        """The owner's report's second opinions section, as HTML."""
        html = client_as(user).get(report_url(submitted)).content.decode()
        return html.split('id="second-opinions"')[1].split("</section>")[0]

    def test_the_report_shows_self_reviewer_comment_and_median(self, section):
        assert "Carol J." in section
        assert "5 Expert" in section
        assert "2 Foundational" in section
        assert "Seen it in production" in section
        assert "1 disagreement</strong>" in section

    def test_a_reviewers_rating_shows_how_far_it_is_from_the_self_rating(self, section):
        assert '<span class="opinion-delta" aria-hidden="true">+3</span>' in section
        assert "3 levels above the self-rating: a disagreement" in section
        assert "opinion-up opinion-disagrees" in section

    def test_one_reviewer_shows_no_median_column(self, section):
        assert ">Median</th>" not in section
        assert "the median" not in section

    def test_the_section_never_shows_an_email_address(self, section):
        assert "@" not in section

    def test_the_reviewed_readiness_sits_beside_the_self_assessed_one(
        self, client_as, user, reviewed, submitted
    ):
        opinions = build_report(submitted).second_opinions

        html = client_as(user).get(report_url(submitted)).content.decode()

        assert "Self-assessed" in html
        assert "With the reviewers&#x27; ratings" in html
        assert f"{opinions.reviewed.readiness_pct}%" in html
        assert opinions.reviewed.readiness > opinions.self_assessed.readiness

    def test_a_report_without_reviews_has_no_section(self, client_as, user, submitted):
        html = client_as(user).get(report_url(submitted)).content.decode()

        assert 'id="second-opinions"' not in html


class TestCacheKey:
    def test_submitting_a_review_changes_the_key(self, accepted, submitted, skill_ids, now):
        review, _ = accepted
        before = _key(submitted)

        submit_review(review, {skill_ids[0]: 4})

        assert _key(submitted) != before

    def test_saving_a_draft_review_keeps_the_key(self, accepted, submitted, skill_ids):
        review, _ = accepted
        before = _key(submitted)

        services.save_review(review=review, ratings={skill_ids[0]: (4, "")})

        assert _key(submitted) == before

    def test_hiding_a_review_changes_the_key(self, reviewed, submitted, now):
        before = _key(submitted)

        with time_machine.travel(now.replace(hour=13), tick=False):
            services.hide_review(review=reviewed)

        assert _key(submitted) != before

    def test_a_reviewers_deleted_account_changes_the_key(self, reviewed, submitted, reviewer):
        before = _key(submitted)

        reviewer.delete()

        assert _key(submitted) != before

    def test_the_cached_page_shows_a_review_submitted_after_it_was_cached(
        self, client_as, user, accepted, submitted, skill_ids
    ):
        client = client_as(user)
        assert 'id="second-opinions"' not in client.get(report_url(submitted)).content.decode()
        review, _ = accepted

        submit_review(review, {skill_ids[0]: 4})

        assert 'id="second-opinions"' in client.get(report_url(submitted)).content.decode()

    def test_the_cached_page_drops_a_review_hidden_after_it_was_cached(
        self, client_as, user, reviewed, submitted
    ):
        client = client_as(user)
        assert 'id="second-opinions"' in client.get(report_url(submitted)).content.decode()

        services.hide_review(review=reviewed)

        assert 'id="second-opinions"' not in client.get(report_url(submitted)).content.decode()

    @pytest.mark.parametrize("name", ["report_json", "report_csv"])
    def test_the_cached_downloads_follow_a_hidden_review(self, user, reviewed, submitted, name):
        client = Client()
        client.force_login(user)
        url = reverse(f"assessments:{name}", args=[submitted.public_id])
        assert "Carol J." in client.get(url).content.decode()

        services.hide_review(review=reviewed)

        assert "Carol J." not in client.get(url).content.decode()


class TestExports:
    def test_the_json_has_the_design_reviews_shape(self, client_as, user, reviewed, submitted):
        url = reverse("assessments:report_json", args=[submitted.public_id])

        (review,) = client_as(user).get(url).json()["reviews"]

        assert set(review) == {"reviewer", "submitted_at", "readiness", "ready", "items"}
        assert review["reviewer"] == "Carol J."
        assert review["submitted_at"] == reviewed.submitted_at.isoformat()
        assert review["ready"] is True  # both blocking-step skills now meet level 3
        assert {tuple(item) for item in review["items"]} == {("skill", "self", "reviewer", "delta")}
        assert sorted((i["self"], i["reviewer"], i["delta"]) for i in review["items"]) == [
            (2, 3, 1),
            (2, 5, 3),
        ]

    def test_the_json_without_reviews_has_an_empty_list(self, client_as, user, submitted):
        url = reverse("assessments:report_json", args=[submitted.public_id])

        assert client_as(user).get(url).json()["reviews"] == []

    def test_the_csv_gains_reviewer_columns(self, client_as, user, reviewed, submitted):
        url = reverse("assessments:report_csv", args=[submitted.public_id])

        rows = list(csv.reader(io.StringIO(client_as(user).get(url).content.decode())))

        header = rows[0]
        assert header[-3:] == ["reviewer 1: Carol J.", "reviewer 1 comment", "reviewed"]
        by_skill = {row[0]: row for row in rows[1:]}
        reviewed_rows = [row for row in by_skill.values() if row[-3]]
        assert sorted(row[-3] for row in reviewed_rows) == ["3", "5"]
        assert {row[-2] for row in reviewed_rows} == {"Seen it in production"}
        unreviewed = [row for row in by_skill.values() if not row[-3]]
        assert {row[-1] for row in unreviewed} == {"2"}  # the self-rating stands

    def test_the_csv_without_reviews_keeps_its_columns(self, client_as, user, submitted):
        url = reverse("assessments:report_csv", args=[submitted.public_id])

        header = client_as(user).get(url).content.decode().splitlines()[0]

        assert header.endswith("blocking,evidence")

    def test_a_reviewer_name_that_looks_like_a_formula_is_neutralised(
        self, client_as, user, accepted, submitted, skill_ids
    ):
        review, _ = accepted
        type(review).objects.filter(pk=review.pk).update(reviewer_name="=HYPERLINK(1)")
        submit_review(review, {skill_ids[0]: 4})
        url = reverse("assessments:report_csv", args=[submitted.public_id])

        header = client_as(user).get(url).content.decode().splitlines()[0]

        assert "reviewer 1: =HYPERLINK(1)" in header  # not at the start of the cell


@pytest.mark.parametrize("reviews", [1, 4])
def test_the_report_costs_the_same_however_many_reviews(
    client_as, user, submitted, make_request, skill_ids, reviews, django_assert_num_queries
):
    for _ in range(reviews):
        review, _ = make_request()
        services.accept_review(review=review, reviewer=UserFactory(), name="Someone")
        submit_review(review, dict.fromkeys(skill_ids, 4))
    client = client_as(user)

    # Expect 14 queries on a first visit, as without reviews (test_views_report): session,
    # user, the assessment, the snapshot, the reviewers' ratings, learning steps,
    # submissions, ratings elsewhere, the rung index (2, once per framework version), the
    # rungs shown and their requirements, the owner's review requests and share links
    with django_assert_num_queries(14):
        response = client.get(report_url(submitted))
    assert response.content.decode().count("Someone") >= reviews
