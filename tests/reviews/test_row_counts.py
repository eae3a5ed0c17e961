"""The counts an assessment's row keeps for reviews (requests asked, share links made, second
opinions shown) follow every write, so the owner's panels skip their queries when empty and
never hide a row; and each write that changes the report renews its stamp."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from assessments.models import Assessment
from assessments.privacy import delete_account
from reviews import services, sharing
from reviews.models import report_counts
from tests.factories import ReviewRequestFactory, ShareLinkFactory, UserFactory
from tests.reviews.conftest import submit_review

# The data migration that filled the counts of the rows made before them.
fill = importlib.import_module("reviews.migrations.0003_count_reviews_on_assessments")


def _counts(assessment) -> dict[str, int]:
    return dict(
        Assessment.objects.filter(pk=assessment.pk).values(
            "review_request_count", "share_link_count", "second_opinion_count", "report_stamp"
        )[0]
    )


def test_asking_for_a_review_counts_the_request(submitted):
    before = _counts(submitted)

    services.request_review(
        assessment=submitted, email="sam@example.org", message="", link_for=lambda token: token
    )

    after = _counts(submitted)
    assert after["review_request_count"] == before["review_request_count"] + 1
    assert after["second_opinion_count"] == 0


def test_a_submitted_review_counts_as_a_second_opinion(accepted, submitted, skill_ids):
    review, _ = accepted
    before = _counts(submitted)

    submit_review(review, {skill_ids[0]: 4})

    after = _counts(submitted)
    assert after["second_opinion_count"] == 1
    assert after["report_stamp"] > before["report_stamp"]


def test_a_hidden_review_no_longer_counts(accepted, submitted, skill_ids):
    review, _ = accepted
    submit_review(review, {skill_ids[0]: 4})

    services.hide_review(review=review)

    assert _counts(submitted)["second_opinion_count"] == 0
    assert _counts(submitted)["review_request_count"] == 1


def test_a_new_share_link_is_counted(submitted):
    sharing.create_share_link(assessment=submitted, days=7, include_notes=False)

    assert _counts(submitted)["share_link_count"] == 1


@pytest.mark.parametrize("how", ["own page", "admin"])
def test_a_reviewers_deleted_account_is_uncounted_and_renews_the_report(
    accepted, submitted, skill_ids, reviewer, how
):
    review, _ = accepted
    submit_review(review, {skill_ids[0]: 4})
    ReviewRequestFactory(assessment=submitted)  # still pending: it stays
    before = _counts(submitted)

    if how == "own page":
        delete_account(user=reviewer)
    else:
        reviewer.delete()  # as the admin deletes a person, past reviews' services

    after = _counts(submitted)
    assert after["second_opinion_count"] == 0
    assert after["review_request_count"] == 1
    assert after["report_stamp"] > before["report_stamp"]


def test_deleting_someone_who_reviewed_nothing_renews_no_report(submitted):
    before = _counts(submitted)

    UserFactory().delete()

    assert _counts(submitted) == before


def test_the_panels_list_what_the_counts_say(client_as, user, submitted):
    ReviewRequestFactory(assessment=submitted, email="sam@example.org")
    ShareLinkFactory(assessment=submitted)

    html = client_as(user).get(reverse("assessments:report", args=[submitted.public_id]))

    assert "sam@example.org" in html.content.decode()
    assert html.content.decode().count('class="share-row ') == 1


def test_the_counts_are_only_for_the_assessment_they_are_on(submitted, user, rung):
    other = Assessment.objects.create(owner=user, rung=rung, status=Assessment.Status.SUBMITTED)

    ShareLinkFactory(assessment=other)
    ReviewRequestFactory(assessment=other)

    assert _counts(submitted)["share_link_count"] == 0
    assert _counts(submitted)["review_request_count"] == 0


def test_the_data_migration_fills_the_counts_of_earlier_rows(accepted, submitted, skill_ids):
    review, _ = accepted
    submit_review(review, {skill_ids[0]: 4})
    ShareLinkFactory(assessment=submitted)
    expected = _counts(submitted)
    Assessment.objects.update(review_request_count=0, share_link_count=0, second_opinion_count=0)

    fill.count_reviews_on_assessments(apps, schema_editor=None)

    assert _counts(submitted) == expected
    assert expected["review_request_count"] == 1
    assert expected["second_opinion_count"] == 1
    assert expected["share_link_count"] == 1


def test_the_counts_name_only_fields_the_row_keeps():
    assert set(report_counts()) == set(
        ("review_request_count", "share_link_count", "second_opinion_count")
    )
