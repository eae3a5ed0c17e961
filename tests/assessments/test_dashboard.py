"""The dashboard: drafts with their progress, submissions with their frozen readiness."""

from __future__ import annotations

import datetime
from uuid import UUID

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from assessments import services
from assessments.dashboard import (
    DAY_FORMAT,
    MINUTE_FORMAT,
    assessed_ago,
    build_dashboard,
    format_moment,
)
from assessments.models import Assessment
from tests.factories import AssessmentFactory, RatingFactory, SkillFactory


def _public_ids(*assessments: Assessment) -> list[UUID]:
    return [assessment.public_id for assessment in assessments]


class TestDashboard:
    NOW = datetime.datetime(2026, 6, 1, 23, 30, tzinfo=datetime.UTC)

    def test_it_is_empty_for_a_newcomer(self, user):
        assert build_dashboard(user).is_empty

    def test_drafts_show_their_progress(self, user, make_rung):
        draft = AssessmentFactory(owner=user, rung=make_rung(5))
        first, second = draft.rung.requirements.all()[:2]
        RatingFactory(assessment=draft, skill=first.skill, level=0)
        RatingFactory(assessment=draft, skill=second.skill, level=None, note="later")
        RatingFactory(assessment=draft, skill=SkillFactory(), level=4)  # no longer required

        (row,) = build_dashboard(user).drafts

        assert (row.rated_count, row.required_count) == (1, 5)
        assert row.public_id == draft.public_id

    def test_drafts_come_most_recently_saved_first_among_submissions(
        self, user, make_rung, worked_example, now
    ):
        older, newer = (AssessmentFactory(owner=user, rung=make_rung(2)) for _ in range(2))
        worked_example(user)
        for draft, days in ((older, 5), (newer, 1)):
            saved = now - datetime.timedelta(days=days)
            Assessment.objects.filter(pk=draft.pk).update(updated_at=saved)

        dashboard = build_dashboard(user)

        assert [row.public_id for row in dashboard.drafts] == _public_ids(newer, older)
        assert len(dashboard.submitted) == 1

    def test_submitted_assessments_use_the_frozen_readiness(self, user, worked_example):
        assessment = worked_example(user)
        Assessment.objects.filter(pk=assessment.pk).update(readiness=12.5, ready=False)

        (row,) = build_dashboard(user).submitted

        assert (row.readiness_pct, row.ready, row.verdict) == (13, False, "Not ready yet")

    def test_the_latest_submission_per_role_is_picked(self, user, make_rung, worked_example):
        older = worked_example(user)
        newer = services.retake_assessment(assessment=older)
        services.submit_assessment(assessment=newer)
        other_role = worked_example(user, [("Excel", "Office", 2, 2, 2)], role="Data Issue Manager")

        dashboard = build_dashboard(user)

        assert [row.public_id for row in dashboard.submitted] == _public_ids(
            other_role, newer, older
        )
        assert {row.public_id for row in dashboard.latest_by_role} == set(
            _public_ids(other_role, newer)
        )

    def test_rows_carry_the_links_the_page_shows(self, user, make_rung, worked_example):
        draft = AssessmentFactory(owner=user, rung=make_rung(2))
        submitted = worked_example(user)

        dashboard = build_dashboard(user)

        (draft_row,), (submitted_row,) = dashboard.drafts, dashboard.submitted
        assert draft_row.url == reverse("assessments:rate", args=[draft.public_id])
        assert submitted_row.report_url == reverse("assessments:report", args=[submitted.public_id])
        assert submitted_row.csv_url == reverse(
            "assessments:report_csv", args=[submitted.public_id]
        )

    def test_rows_carry_their_dates_as_the_page_shows_them(self, user, make_rung, worked_example):
        draft = AssessmentFactory(owner=user, rung=make_rung(2))
        submitted = worked_example(user)
        Assessment.objects.filter(pk=draft.pk).update(updated_at=self.NOW)
        Assessment.objects.filter(pk=submitted.pk).update(submitted_at=self.NOW)

        dashboard = build_dashboard(user)

        assert dashboard.drafts[0].saved_on == "1 Jun 2026, 23:30"
        assert dashboard.submitted[0].submitted_on == "1 Jun 2026"

    def test_it_shows_only_the_persons_own_assessments(self, user, other_user, worked_example):
        worked_example(other_user)

        assert build_dashboard(user).is_empty

    @pytest.mark.parametrize("past", [1, 20])
    def test_it_costs_three_queries_however_many_assessments(
        self, user, make_rung, past, django_assert_num_queries
    ):
        for _ in range(past):
            rung = make_rung(3)
            AssessmentFactory(owner=user, rung=rung, status="submitted", readiness=50.0)
            AssessmentFactory(owner=user, rung=rung)

        # Expect 3 queries:
        # * the person's assessments with their rung and role, and drafts' progress counts
        # * reviews the person accepted for others (the reviews_given part)
        # * the person's teams (the teams part; the plan part's link costs none)
        with django_assert_num_queries(3):
            dashboard = build_dashboard(user)
        assert len(dashboard.submitted) == len(dashboard.drafts) == past


class TestFormatMoment:
    MOMENT = datetime.datetime(2026, 6, 1, 23, 30, tzinfo=datetime.UTC)

    @pytest.mark.parametrize("format_string", [DAY_FORMAT, MINUTE_FORMAT])
    @pytest.mark.parametrize("zone", ["UTC", "Pacific/Auckland"])
    def test_it_shows_what_the_date_filter_shows(self, format_string, zone):
        with timezone.override(zone):
            filtered = Template("{{ moment|date:format_string }}").render(
                Context({"moment": self.MOMENT, "format_string": format_string})
            )

            assert format_moment(self.MOMENT, format_string) == filtered

    def test_it_follows_the_current_time_zone(self):
        with timezone.override("Pacific/Auckland"):
            assert format_moment(self.MOMENT, MINUTE_FORMAT) == "2 Jun 2026, 11:30"

    def test_no_moment_shows_nothing(self):
        assert format_moment(None, DAY_FORMAT) == ""


class TestAssessedAgo:
    NOW = datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)

    @pytest.mark.parametrize(
        ("delta", "expected"),
        [
            (datetime.timedelta(hours=5), "today"),
            (datetime.timedelta(days=1), "1 day ago"),
            (datetime.timedelta(days=3, hours=7), "3 days ago"),
            (datetime.timedelta(days=45), "1 month ago"),
            (datetime.timedelta(days=400), "1 year ago"),
        ],
    )
    def test_it_says_the_largest_unit_only(self, delta, expected):
        assert assessed_ago(self.NOW - delta, self.NOW) == expected

    def test_the_dashboard_flags_assessments_over_90_days_old(self, user, worked_example):
        assessment = worked_example(user)
        Assessment.objects.filter(pk=assessment.pk).update(
            submitted_at=self.NOW - datetime.timedelta(days=90, minutes=1)
        )

        (row,) = build_dashboard(user, now=self.NOW).submitted

        assert row.due_for_retake is True
        assert row.assessed_ago == "2 months ago"

    def test_exactly_90_days_is_not_yet_due(self, user, worked_example):
        assessment = worked_example(user)
        Assessment.objects.filter(pk=assessment.pk).update(
            submitted_at=self.NOW - datetime.timedelta(days=90)
        )

        (row,) = build_dashboard(user, now=self.NOW).submitted

        assert row.due_for_retake is False
