"""The history section: the change since the previous submission, and the trend."""

from __future__ import annotations

import datetime

from assessments import services
from assessments.models import Assessment
from assessments.planning import RatingChange
from assessments.report.history import ChangeSinceLast
from tests.assessments.report.conftest import report_of
from tests.conftest import FIXED_NOW


class TestChangeSinceLastTime:
    def test_readiness_delta_against_the_previous_submission(self, career):
        change = report_of(career["current"]).history.change

        # before: 5x0 + 3x2 + 4x2 + 2x1 + 1x0 = 16 of 38 = 42%; now 63%
        assert (change.previous_readiness_pct, change.readiness_pct) == (42, 63)
        assert change.readiness_delta == 21
        assert (change.direction, change.delta_label) == ("up", "up 21 points")

    def test_each_changed_rating_says_up_or_down(self, career):
        change = report_of(career["current"]).history.change

        assert [(c.skill, c.before, c.after, c.direction) for c in change.changes] == [
            ("Python", 0, 1, "up"),
            ("SQL", 2, 3, "up"),
        ]
        assert change.unchanged_count == 3

    def test_the_first_submission_has_no_change(self, career):
        assert report_of(career["previous"]).history.change is None

    def test_an_earlier_report_compares_with_what_came_before_it(self, career, user):
        later = services.retake_assessment(assessment=career["current"])
        services.submit_assessment(assessment=later)

        change = report_of(career["current"]).history.change

        assert change.previous_readiness_pct == 42


class TestTrend:
    def test_it_lists_every_submission_of_the_rung(self, career):
        trend = report_of(career["current"]).history.trend

        assert [(e.readiness_pct, e.is_current) for e in trend.entries] == [(42, False), (63, True)]
        assert [p.readiness_pct for p in trend.chart.points] == [42, 63]

    def test_a_draft_joins_the_trend_as_its_last_point(self, career):
        draft = services.retake_assessment(assessment=career["current"])

        trend = report_of(draft).history.trend

        assert [e.date for e in trend.entries][-1] == "Draft"
        assert [e.is_current for e in trend.entries] == [False, False, True]

    def test_a_single_assessment_draws_no_line(self, career):
        only = Assessment.objects.get(rung__title="Analyst")

        trend = report_of(only).history.trend

        assert len(trend.entries) == 1
        assert not trend.has_line

    def test_submissions_on_different_days_are_labelled_by_date_alone(self, career):
        trend = report_of(career["current"]).history.trend

        assert [e.label for e in trend.entries] == ["16 May 2026", "14 Jun 2026"]
        assert [p.sublabel for p in trend.chart.points] == ["", ""]

    def test_submissions_on_the_same_day_are_told_apart_by_their_time(self, career):
        later = services.retake_assessment(assessment=career["current"])
        services.submit_assessment(assessment=later)
        when = FIXED_NOW - datetime.timedelta(days=1, hours=-3)
        Assessment.objects.filter(pk=later.pk).update(submitted_at=when)

        trend = report_of(later).history.trend

        assert [e.label for e in trend.entries] == [
            "16 May 2026",
            "14 Jun 2026, 12:00",
            "14 Jun 2026, 15:00",
        ]
        assert [p.sublabel for p in trend.narrow_chart.points] == ["", "12:00", "15:00"]

    def test_submissions_in_the_same_minute_are_numbered(self, career):
        later = services.retake_assessment(assessment=career["current"])
        services.submit_assessment(assessment=later)
        same = Assessment.objects.get(pk=career["current"].pk).submitted_at
        Assessment.objects.filter(pk=later.pk).update(submitted_at=same)

        trend = report_of(later).history.trend

        assert [e.label for e in trend.entries][1:] == [
            "14 Jun 2026, 12:00 (1)",
            "14 Jun 2026, 12:00 (2)",
        ]

    def test_it_is_drawn_for_wide_screens_and_for_phones(self, career):
        trend = report_of(career["current"]).history.trend

        assert [chart.name for chart in trend.charts] == ["wide", "narrow"]
        assert trend.chart.points[0].readiness_pct == trend.narrow_chart.points[0].readiness_pct


class TestLongListsFold:
    def test_the_change_since_last_time_folds_small_moves_beyond_twelve(self):
        rows = tuple(RatingChange(f"S{n}", 1, 2, 1, "up") for n in range(15))
        change = ChangeSinceLast("/", "1 Jan", 40, 60, 20, rows, 0)

        assert len(change.changes_shown) == 12
        assert len(change.changes_more) == 3
